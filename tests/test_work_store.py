"""People's work in a transactional database: the same tests against SQLite (the default, a file
beside the statistics) and PostgreSQL (TRAPPAN_WORK_DB=postgresql://…).

PostgreSQL: scripts/test.sh starts a throwaway cluster and exports TRAPPAN_TEST_POSTGRES (an admin
URL); every test gets a database of its own. Without it the PostgreSQL cases are skipped with that
reason (CI always sets it).
"""

from __future__ import annotations

import os
import threading
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from loaders import cli
from store import goals as store_goals
from store import queries, work, write
from store.db import Store, StoreError, connect
from tests.test_legacy import make_one_file_store

PG_ADMIN = os.environ.get("TRAPPAN_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgresql"])
def work_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'work.sqlite'}"
        yield url
        work.forget_open(url)
        return
    if not PG_ADMIN:
        pytest.skip("TRAPPAN_TEST_POSTGRES is not set (scripts/test.sh starts a throwaway PostgreSQL)")
    name = f"trappan_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(work._engine_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    yield url
    work.forget_open(url)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def store(work_url, small_store_path):
    """The small store's statistics with people's work in the database under test."""
    s = Store(small_store_path, work_url=work_url)
    yield s
    s.close()


def test_a_new_database_gets_the_latest_schema_once(work_url):
    first = work.open_work(work_url)
    assert first.schema_version() == work.LATEST and first.revision() == 0
    work.forget_open(work_url)
    again = work.open_work(work_url)  # a second start creates nothing twice
    assert again.schema_version() == work.LATEST
    with again.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(work.schema_version)).scalar_one() == 1
    names = set(sa.inspect(again.engine).get_table_names())
    assert {t.name for t in work.metadata.sorted_tables} <= names


def test_forward_migration_adds_a_column_and_a_table_in_one_step(work_url, monkeypatch):
    work.open_work(work_url)
    work.forget_open(work_url)
    extra = sa.MetaData()
    mood = sa.Table("assessment", extra, sa.Column("mood", sa.Text, server_default="lugn"))
    note = sa.Table("meeting_note", extra, sa.Column("note_id", sa.Integer, sa.Identity(), primary_key=True))
    monkeypatch.setattr(work, "LATEST", work.LATEST + 1)
    monkeypatch.setitem(
        work.MIGRATIONS, work.LATEST, lambda conn: (work.add_column(conn, mood, "mood"), work.create_table(conn, note))
    )
    upgraded = work.open_work(work_url)
    assert upgraded.schema_version() == work.LATEST
    inspector = sa.inspect(upgraded.engine)
    assert "mood" in {c["name"] for c in inspector.get_columns("assessment")}
    assert "meeting_note" in inspector.get_table_names()


def test_a_database_newer_than_this_trappan_is_refused(work_url, monkeypatch):
    work.open_work(work_url)
    work.forget_open(work_url)
    monkeypatch.setattr(work, "LATEST", work.LATEST - 1)
    with pytest.raises(StoreError, match="Uppdatera Trappan"):
        work.open_work(work_url)


def test_two_sessions_saving_at_once_get_distinct_ids_and_lose_nothing(store):
    ids: list[int] = []
    errors: list[BaseException] = []

    def session(who: str) -> None:
        try:
            for i in range(25):
                a = write.Assessment("1880", "N15419", 2019, "T", "yellow", who, conclusion=f"{who} {i}")
                ids.append(write.save_assessment(store, a))
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(who,)) for who in ("Anna", "Bo")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(ids) == len(set(ids)) == 50
    saved = queries.assessments(store, "1880", latest_only=False)
    assert sorted(saved["conclusion"]) == sorted([f"{w} {i}" for w in ("Anna", "Bo") for i in range(25)])


def test_every_write_bumps_the_revision_of_what_it_wrote(store):
    before = store.work.revisions()
    write.save_own_group(store, "Grannar", ["1881", "1882"], "Anna", "1880")
    after = store.work.revisions()
    assert after[work.ALL] == before.get(work.ALL, 0) + 1
    assert after["own_group"] == before.get("own_group", 0) + 1
    assert after.get("assessment", 0) == before.get("assessment", 0)


def test_a_reader_re_reads_only_the_tables_whose_revision_moved_on(store):
    reader = store.reader()
    write.save_assessment(store, write.Assessment("1880", "N15419", 2019, "T", "green", "Anna"))
    revisions, frames = store.work.frames(reader.revisions)
    assert set(frames) == {"assessment"} and revisions[work.ALL] == reader.revision + 1


def test_a_partial_re_read_keeps_the_tables_that_did_not_change(store):
    gid = write.save_own_group(store, "Grannar", ["1881", "1882"], "Anna", "1880")
    write.save_assessment(store, write.Assessment("1880", "N15419", 2019, "T", "green", "Anna", conclusion="A"))
    assert sorted(queries.group_members(store, gid)["municipality_id"]) == ["1881", "1882"]
    write.set_direction(store, "N15419", "lower", "test", "Bo")  # only kpi_direction_change moves on
    assert queries.kpi_info(store, ["N15419"])["direction"].item() == "lower"
    assert sorted(queries.group_members(store, gid)["municipality_id"]) == ["1881", "1882"]
    assert queries.assessments(store, "1880")["conclusion"].tolist() == ["A"]


def test_a_failed_write_changes_nothing(store, monkeypatch):
    before = (store.work.revision(), len(queries.targets(store, "1880", history=True)))
    good = write.TargetRow("N15419", "1880", "T", "min", 75.0, None, 2020, 2024)
    calls = {"n": 0}
    real_insert = write.insert_target

    def fail_on_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real_insert(*args, **kwargs)

    monkeypatch.setattr(write, "insert_target", fail_on_second)
    run = write.start_load_run(store, "test", "targets")
    rows = pd.DataFrame([vars(good), {**vars(good), "from_year": 2025, "to_year": 2025}])
    with pytest.raises(RuntimeError, match="disk full"):
        write.replace_targets(store, rows, run, source="mal.csv")
    assert len(queries.targets(store, "1880", history=True)) == before[1]
    assert store.work.revision() == before[0] + 1  # only the load run's own start


def test_a_save_on_one_server_shows_on_the_other_at_its_next_read(work_url, small_store_path):
    server_a, server_b = Store(small_store_path, work_url=work_url), Store(small_store_path, work_url=work_url)
    assert queries.assessments(server_b, "1880").empty  # b has read once: its reader is open
    write.save_assessment(server_a, write.Assessment("1880", "N15419", 2019, "T", "green", "Anna", conclusion="A"))
    assert queries.assessments(server_b, "1880")["conclusion"].tolist() == ["A"]
    stamp_b = server_b.stamp()
    write.set_direction(server_b, "N15419", "lower", "test", "Bo")
    assert server_a.stamp() != stamp_b
    assert queries.kpi_info(server_a, ["N15419"])["direction"].item() == "lower"


def test_targets_history_and_area_rules(store):
    first = write.add_target(store, write.TargetRow("N15419", "1880", "T", "min", 75.0, None, 2020, 2024), "Anna")
    second = write.change_target(
        store, first, write.TargetRow("N15419", "1880", "T", "min", 77.5, None, 2020, 2024), "Bo"
    )
    write.set_area_rule(store, "1880", "grundskola", "rank_top", "Anna", target_value=50)
    write.set_area_rule(store, "1880", "grundskola", "at_least_riket", "Bo")
    in_force = queries.targets(store, "1880")
    assert in_force[["target_id", "target_value", "created_by"]].values.tolist() == [[second, 77.5, "Bo"]]
    history = queries.targets(store, "1880", history=True)
    assert history["replaces"].tolist()[0] == first and history["ended_by"].tolist()[1] == "Bo"
    assert queries.area_rules(store, "1880")["target_type"].tolist() == ["at_least_riket"]
    with pytest.raises(ValueError, match="redan avslutat"):
        write.end_target(store, first, "Anna")


def test_goal_tree_versions_and_assessments(store):
    nodes = pd.DataFrame(
        [
            {"node_id": "V", "parent_id": None, "kind": "vision", "title": "Vision"},
            {"node_id": "M1", "parent_id": "V", "kind": "goal", "title": "<b>Mål</b>", "from_year": 2020, "to_year": 2023},
            {"node_id": "I1", "parent_id": "M1", "kind": "indicator", "kpi_id": "N15419", "gender": "T",
             "target_type": "min", "target_value": 75, "from_year": 2020, "to_year": 2023},
        ]
    )  # fmt: skip
    first = store_goals.replace_goal_tree(store, "1880", nodes, source="mal.csv")
    assert store_goals.replace_goal_tree(store, "1880", nodes).changed is False
    changed = nodes.assign(title=nodes["title"] + " (rev)")
    second = store_goals.replace_goal_tree(store, "1880", changed)
    assert second.replaced_version_id == first.version_id
    saved = store_goals.save_goal_assessment(
        store, store_goals.GoalAssessment("1880", "M1", second.version_id, 2022, "helar", "yellow", "Anna")
    )
    tree = store_goals.goal_tree(store, "1880")
    assert tree["node_id"].tolist() == ["V", "M1", "I1"]
    assert tree["title"].tolist()[:2] == ["Vision (rev)", "<b>Mål</b> (rev)"]  # text stays text
    assert store_goals.goal_assessments(store, "1880")["goal_assessment_id"].tolist() == [saved]
    assert store_goals.goal_versions(store, "1880")["version_id"].tolist() == [second.version_id, first.version_id]


def test_one_file_store_carried_over_into_this_database_and_ids_continue(work_url, tmp_path, small_snapshot):
    path = tmp_path / "trappan.duckdb"
    make_one_file_store(path, small_snapshot)
    store = Store(path, work_url=work_url)
    assert len(queries.assessments(store, "1880", latest_only=False)) == 2
    assert queries.targets(store, "1880", ["N15419"])["target_value"].tolist() == [76.5]
    # identity columns continue above the carried ids (PostgreSQL needs its sequence moved on)
    new_target = write.add_target(store, write.TargetRow("N15505", "1880", "T", "max", 10.0, None, 2024, 2024), "Bo")
    assert new_target == 4  # 1-3 carried
    assert write.save_own_group(store, "Nya grannar", ["1881"], "Bo") == "OWN11"  # OWN1 and OWN10 carried
    run = write.start_load_run(store, "test", "after the carry-over")
    assert run == 7  # 1-5 carried, 6 the carry-over itself


def test_unreachable_postgresql_is_a_plain_message(small_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_WORK_DB", "postgresql://nobody:secret@127.0.0.1:9/nowhere")  # port 9: nobody
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    with pytest.raises(StoreError, match="Databasen för sparat arbete .* kan inte användas"):
        connect(small_store_path)
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert "kan inte användas" in err and "secret" not in err and "Traceback" not in err


def test_copy_work_moves_everything_to_an_empty_database_and_refuses_a_full_one(
    work_url, small_store_path, monkeypatch, capsys
):
    """The move from the SQLite file beside the statistics to PostgreSQL (or any empty work database)."""
    here = Store(small_store_path)  # the default: the SQLite file
    write.save_assessment(here, write.Assessment("1880", "N15419", 2019, "T", "red", "Anna", conclusion="flyttas"))
    gid = write.save_own_group(here, "Grannar", ["1881", "1882"], "Anna", "1880")
    write.add_target(here, write.TargetRow("N15419", "1880", "T", "min", 75.0, None, 2020, 2024), "Anna")
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["copy-work", "--to", work_url]) == 0
    out = capsys.readouterr().out
    assert all(f"{name} {n}" in out for name, n in [("assessment", 1), ("own_group", 1), ("own_group_member", 2),
                                                    ("target", 1), ("load_run", 1)])  # fmt: skip
    there = Store(small_store_path, work_url=work_url)
    assert queries.assessments(there, "1880")["conclusion"].tolist() == ["flyttas"]
    assert sorted(queries.group_members(there, gid)["municipality_id"]) == ["1881", "1882"]
    assert queries.targets(there, "1880")["target_value"].tolist() == [75.0]
    assert write.save_own_group(there, "Fler", ["1883"], "Bo") == "OWN2"  # ids continue above the copied ones
    assert cli.main(["copy-work", "--to", work_url]) == 1  # not empty any more: nothing copied
    assert "har redan sparat arbete" in capsys.readouterr().err
