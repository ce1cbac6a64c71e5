"""A store of the earlier one-file layout is carried over on first start: every saved item, every
fetched and imported value; and a foreign or damaged file at TRAPPAN_DB is named as such."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest

from loaders import cli
from loaders.build import build, read_catalogue
from store import queries, statistics, versions
from store.db import Store, StoreError, connect
from tests.conftest import FIXTURES

OLD_SCHEMA = (FIXTURES / "one_file_schema.sql").read_text(encoding="utf-8")
T0 = dt.datetime(2025, 3, 1, 9, 0)


def make_one_file_store(path: Path, snapshot: Path) -> dict[str, int]:
    """What the one-file code left after a build, a fetch, a local-values import, a target import,
    two Spara, a direction edit, an own peer set and a killed fetch. Returns the old row counts."""
    con = duckdb.connect(str(path))
    con.execute(OLD_SCHEMA)
    cat = read_catalogue(snapshot)
    statistics.write_catalogue(con, cat)  # by column name, as the one-file code wrote it
    runs = [
        (1, "Kolada via open-numbers dump, 2024-08", "build from snapshot/", "ok"),
        (2, "Kolada API v3", "kpi=N15419 years=2019", "ok"),
        (3, "Egen fil", "import-values egna.csv", "ok"),
        (4, "Egen fil", "import-targets mal.csv", "ok"),
        (5, "Kolada API v3", "kpi=N15505 years=2020", "running"),  # killed: never finished
    ]
    for rid, source, request, outcome in runs:
        con.execute(
            "INSERT INTO load_run VALUES (?, ?, ?, ?, ?, 1, ?, NULL)",
            [rid, source, request, T0, None if outcome == "running" else T0, outcome],
        )
    con.execute(
        "INSERT INTO observation SELECT kpi_id, municipality_id, year, gender, value, NULL, NULL, 1 "
        "FROM read_parquet(?) ORDER BY ALL",
        [str(snapshot / "observation.parquet")],
    )
    con.execute(
        "UPDATE observation SET value = 70.1, load_run_id = 2 "
        "WHERE kpi_id = 'N15419' AND municipality_id = '1880' AND year = 2019 AND gender = 'T'"
    )
    con.execute(
        "INSERT INTO kpi (kpi_id, title, unit, direction, operating_area, source) "
        "VALUES ('EGEN-NKI1', 'Nöjd kund-index bygglov', 'index', 'higher', 'Egna nyckeltal', 'local')"
    )
    con.execute("INSERT INTO observation VALUES ('EGEN-NKI1', '1880', 2023, 'T', 71.0, NULL, NULL, 3)")
    con.execute(
        "INSERT INTO target (target_id, kpi_id, municipality_id, gender, target_type, target_value, from_year, "
        "to_year, note, source, load_run_id, created_by, created_at, ended_by, ended_at) VALUES "
        "(1, 'N15419', '1880', 'T', 'min', 70, 2025, 2025, 'Först', 'mal.csv', 4, 'Anna', ?, 'Bo', ?), "
        "(2, 'N15419', '1880', 'T', 'min', 76.5, 2025, 2025, 'Mål i budget', 'app', NULL, 'Bo', ?, NULL, NULL)",
        [T0, T0, T0],
    )
    con.execute("UPDATE target SET replaces = 1 WHERE target_id = 2")
    con.execute(
        "INSERT INTO area_target_rule (rule_id, municipality_id, area_id, target_type, peer_key, created_by, "
        "created_at) VALUES (1, '1880', 'grundskola', 'at_least_peers', 'liknande', 'Anna', ?)",
        [T0],
    )
    for aid, status, text in ((1, "yellow", "Första"), (2, "red", "Andra, <b>fet</b> =cmd|' /C calc'!A0")):
        con.execute(
            "INSERT INTO assessment (assessment_id, municipality_id, kpi_id, year, gender, conclusion, status, "
            "author, saved_at) VALUES (?, '1880', 'N15419', 2019, 'T', ?, ?, 'Anna', ?)",
            [aid, text, status, T0 + dt.timedelta(minutes=aid)],
        )
    con.execute("INSERT INTO kpi_direction_change VALUES ('N15820', 'lower', 'higher', 'prövar', 'Bo', ?)", [T0])
    con.execute("UPDATE kpi SET direction = 'higher', direction_reason = 'prövar' WHERE kpi_id = 'N15820'")
    con.execute(
        "INSERT INTO municipality_group (group_id, title, kind, owner_municipality_id, created_by, created_at) "
        "VALUES ('OWN1', 'Mälardalen', 'own', '1880', 'Anna', ?)",
        [T0],
    )
    con.execute("INSERT INTO municipality_group_member VALUES ('OWN1', '1980'), ('OWN1', '0380'), ('OWN1', '0484')")
    counts = {"observation": con.execute("SELECT count(*) FROM observation").fetchone()[0]}
    con.close()
    return counts


@pytest.fixture
def one_file(tmp_path, small_snapshot) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "trappan.duckdb"
    return path, make_one_file_store(path, small_snapshot)


def test_first_open_carries_over_every_saved_item(one_file):
    path, old = one_file
    store = Store(path)
    assert queries.status_totals(store).iloc[0].n_values == old["observation"]
    got = queries.assessments(store, "1880", latest_only=False)
    assert got["conclusion"].tolist() == ["Andra, <b>fet</b> =cmd|' /C calc'!A0", "Första"]
    assert got["author"].tolist() == ["Anna", "Anna"]
    targets = queries.targets(store, "1880")
    assert list(zip(targets.kpi_id, targets.from_year, targets.target_value, targets.note)) == [
        ("N15419", 2025, 76.5, "Mål i budget")
    ]
    history = queries.targets(store, "1880", history=True)
    assert history["note"].tolist() == ["Mål i budget", "Först"]  # the changed target kept as history
    assert history["replaces"].tolist()[0] == history["target_id"].tolist()[1]
    assert queries.area_rules(store, "1880")[["area_id", "peer_key"]].values.tolist() == [["grundskola", "liknande"]]
    assert queries.kpi_info(store, ["N15820"])[["direction", "direction_reason"]].values.tolist() == [
        ["higher", "prövar"]
    ]
    own = queries.municipality_groups(store, "1880", kinds=["own"])
    assert own["title"].tolist() == ["Mälardalen"] and own["n_members"].tolist() == [3]
    assert sorted(queries.group_members(store, own["group_id"].item())["municipality_id"]) == ["0380", "0484", "1980"]
    # the fetched value (70,1, not the snapshot's 69,6) and the local KPI's value came along
    assert queries.observations(store, ["N15419"], ["1880"], [2019])["value"].tolist() == [70.1]
    assert queries.observations(store, ["EGEN-NKI1"], ["1880"], [2023])["value"].tolist() == [71.0]
    assert queries.kpi_info(store, ["EGEN-NKI1"]).iloc[0]["source"] == "local"


def test_carry_over_keeps_the_old_file_and_the_history(one_file):
    path, _ = one_file
    Store(path).reader()
    layout = versions.Layout(path)
    assert path.is_symlink() and versions.current(layout) == layout.version_file(1)
    backups = list(path.parent.glob("trappan.duckdb.one-file-*"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
    runs = queries.load_runs(Store(path)).set_index("load_run_id")
    # the killed fetch (#5) is marked failed; the carry-over is a run of its own (#6)
    assert runs.loc[5, "outcome"] == "failed" and runs.loc[2, "outcome"] == "ok"
    assert runs.loc[6, "source"].startswith("Trappan: överföring")


def test_rebuild_after_carry_over_keeps_fetched_and_local_values(one_file, small_snapshot):
    path, old = one_file
    build(path, snapshot=small_snapshot)
    store = Store(path)
    assert queries.observations(store, ["N15419"], ["1880"], [2019])["value"].tolist() == [70.1]
    assert queries.observations(store, ["EGEN-NKI1"], ["1880"], [2023])["value"].tolist() == [71.0]
    assert queries.status_totals(store).iloc[0].n_values == old["observation"]
    # new ids continue after the carried ones: build = 7
    assert queries.load_runs(store, limit=1).iloc[0].load_run_id == 7


def test_interrupted_carry_over_is_finished_by_the_next_start_without_doubles(one_file, monkeypatch):
    path, _ = one_file
    from store import legacy

    def killed(*_a, **_k):
        raise KeyboardInterrupt  # stands for a kill right after people's work was moved

    monkeypatch.setattr(legacy, "_carry_statistics", killed)
    with pytest.raises(KeyboardInterrupt):
        Store(path).reader()
    assert not path.is_symlink()  # nothing published: the old file is still the store
    monkeypatch.undo()
    store = Store(path)
    assert len(queries.assessments(store, "1880", latest_only=False)) == 2
    assert len(queries.municipality_groups(store, "1880", kinds=["own"])) == 1


def _make_pre_issue_10_targets(path) -> None:
    """Give a one-file store the target table it had before issue #10 (one value per year)."""
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE target")
    con.execute(
        "CREATE TABLE target (kpi_id VARCHAR NOT NULL, municipality_id VARCHAR NOT NULL, year SMALLINT NOT NULL, "
        "gender VARCHAR NOT NULL, target_value DOUBLE NOT NULL, note VARCHAR, source VARCHAR, load_run_id INTEGER "
        "NOT NULL, PRIMARY KEY (kpi_id, municipality_id, year, gender))"
    )
    # N15419: higher is better → min; N15820 in this store: lower is better → max
    con.execute("INSERT INTO target VALUES ('N15419', '1880', 2024, 'T', 75, 'budget', 'mal.csv', 4)")
    con.execute("INSERT INTO target VALUES ('N15820', '1880', 2024, 'T', 2.5, NULL, 'mal.csv', 4)")
    con.execute("UPDATE kpi SET direction = 'lower' WHERE kpi_id = 'N15820'")
    con.execute("DELETE FROM kpi_direction_change")
    con.close()


def test_targets_from_before_issue_10_become_one_year_min_max_targets(one_file):
    path, _ = one_file
    _make_pre_issue_10_targets(path)
    got = queries.targets(Store(path), "1880")
    assert list(
        zip(got.kpi_id, got.target_type, got.target_value, got.from_year, got.to_year, got.note.fillna(""))
    ) == [
        ("N15419", "min", 75.0, 2024, 2024, "budget"),
        ("N15820", "max", 2.5, 2024, 2024, ""),
    ]


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"hello, I am a spreadsheet", "not duckdb"), (b"x" * 8 + b"DUCK" + b"\0" * 4000, "damaged duckdb")],
)
def test_foreign_file_is_named_and_build_sets_it_aside(tmp_path, small_snapshot, content, why):
    path = tmp_path / "trappan.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="ingen Trappan-databas"):
        connect(path)
    assert path.read_bytes() == content  # untouched
    build(path, snapshot=small_snapshot)
    aside = list(tmp_path.glob("trappan.duckdb.replaced-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert queries.status_totals(connect(path)).iloc[0].n_values > 0


def test_status_on_a_foreign_file_says_so_without_traceback(tmp_path, monkeypatch, capsys):
    path = tmp_path / "trappan.duckdb"
    path.write_text("not a database")
    monkeypatch.setenv("TRAPPAN_DB", str(path))
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert "ingen Trappan-databas" in err and "python -m loaders build" in err and "Traceback" not in err


def test_dangling_symlink_says_what_is_missing(small_store_path):
    target = versions.current(versions.Layout(small_store_path))
    os.unlink(target)
    with pytest.raises(StoreError, match="som saknas"):
        connect(small_store_path)
