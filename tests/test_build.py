"""The snapshot build: a new version published atomically, keeps people's work and fetched values
across rebuilds, records failures, never waits for readers."""

from __future__ import annotations

import gc
import shutil

import pytest

from loaders.build import build
from loaders.transform import classify_group, county_id, unit_from_title
from store import queries, versions, write
from store.db import Store, StoreError, connect


def test_small_build_reads_back_hand_checked_values(small_store):
    df = queries.observations(small_store, ["N15419"], ["1880", "0000"], [2019], ["T", "K", "M"])
    got = {(r.municipality_id, r.gender): r.value for r in df.itertuples()}
    assert got == {
        ("0000", "K"): 76.6,
        ("0000", "M"): 70.4,
        ("0000", "T"): 73.4,
        ("1880", "K"): 72.0,
        ("1880", "M"): 67.3,
        ("1880", "T"): 69.6,
    }


def test_every_observation_traces_to_a_load_run(small_store):
    orphans = small_store.execute(
        "SELECT count(*) FROM observation o LEFT JOIN load_run r USING (load_run_id) WHERE r.load_run_id IS NULL"
    ).fetchone()[0]
    runs = queries.load_runs(small_store)
    assert orphans == 0
    assert runs[["source", "outcome"]].values.tolist() == [[write.SNAPSHOT_SOURCE, "ok"]]


def test_rebuild_keeps_assessments_targets_own_groups_and_direction_edits(small_store_path, small_snapshot):
    con = Store(small_store_path)
    write.save_assessment(
        con,
        write.Assessment(
            "1880", "N15419", 2019, "T", "yellow", "Anna Analytiker", conclusion="Bättre än 2018 men under Riket."
        ),
    )
    write.add_target(con, write.TargetRow("N15419", "1880", "T", "min", 75.0, None, 2019, 2022, note="mål"), "Anna")
    write.set_area_rule(con, "1880", "grundskola", "at_least_peers", "Anna", peer_key="liknande")
    gid = write.save_own_group(con, "Mina grannar", ["1881", "1882", "1884"], "Anna")
    write.set_direction(con, "N15820", "higher", "prövar", "Anna")
    con.close()

    build(small_store_path, snapshot=small_snapshot)

    con = connect(small_store_path)
    assert queries.assessments(con, "1880")["conclusion"].tolist() == ["Bättre än 2018 men under Riket."]
    kept = queries.targets(con, "1880").iloc[0]
    assert (kept.target_type, kept.target_value, kept.from_year, kept.to_year, kept.created_by) == (
        "min",
        75.0,
        2019,
        2022,
        "Anna",
    )
    assert queries.area_rules(con, "1880")[["area_id", "peer_key"]].values.tolist() == [["grundskola", "liknande"]]
    assert sorted(queries.group_members(con, gid)["municipality_id"]) == ["1881", "1882", "1884"]
    assert queries.kpi_info(con, ["N15820"])["direction"].item() == "higher"
    con.close()


def test_failed_build_leaves_previous_store_intact_and_says_so(small_store_path, small_snapshot, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(small_snapshot, broken)
    (broken / "observation.parquet").write_bytes(b"not parquet")
    before = connect(small_store_path)
    n_before = before.execute("SELECT count(*) FROM observation").fetchone()[0]
    version_before = versions.current(versions.Layout(small_store_path))
    before.close()

    with pytest.raises(StoreError, match="tidigare databasen är orörd"):
        build(small_store_path, snapshot=broken)

    con = connect(small_store_path)
    assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == n_before
    last = queries.load_runs(con).iloc[0]
    assert last.outcome == "failed" and "parquet" in last.message.lower()
    con.close()
    layout = versions.Layout(small_store_path)
    assert versions.current(layout) == version_before
    # nothing but the published version is left in the versions folder
    assert [p.name for p in layout.versions_dir.iterdir()] == [version_before.name]


def test_build_while_a_reader_reads_publishes_a_new_version_the_reader_keeps_its_own(small_store_path, small_snapshot):
    reader = connect(small_store_path)  # a running dashboard or CLI command
    old_version = versions.current(versions.Layout(small_store_path))
    n = reader.execute("SELECT count(*) FROM observation").fetchone()[0]

    result = build(small_store_path, snapshot=small_snapshot)

    assert result.version != old_version and versions.current(versions.Layout(small_store_path)) == result.version
    # the old reader still reads its version (leased, so not collected), a new one reads the new
    assert reader.execute("SELECT count(*) FROM observation").fetchone()[0] == n
    assert old_version.exists()
    fresh = connect(small_store_path)
    assert fresh.execute("SELECT max(load_run_id) FROM observation").fetchone()[0] == 2
    reader.close()
    del reader
    gc.collect()  # the reader's lease ends with its connection
    assert versions.collect_garbage(versions.Layout(small_store_path)) == [old_version]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Liknande kommuner grundskola, Örebro, 2024", ("liknande", "grundskola", 2024, "Örebro")),
        ("Liknande kommuner, övergripande, Tyresö, 2025", ("liknande", "övergripande", 2025, "Tyresö")),
        ("Örebro läns kommuner (ovägt medel)", ("county", None, None, "Örebro")),
        ("Pendlingskommun nära storstad (ovägt medel)", ("skr_kommungrupp", None, None, None)),
        ("Kommuner med 0 - 4 999 invånare (ovägt medel)", ("size", None, None, None)),
        ("Familjen Helsingborg (ovägt medel)", ("network", None, None, None)),
    ],
)
def test_classify_group(title, expected):
    assert classify_group(title) == expected


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor,  andel (%)", "%"),
        ("Kostnad grundskola F-9, hemkommun, kr/elev", "kr/elev"),
        ("Elever i åk 9 ... modellberäknat värde kommunala skolor, procentenheter (-2024)", "procentenheter"),
        ("Effektivitetsindex kommunal grundskola F-9", ""),
    ],
)
def test_unit_from_title(title, unit):
    assert unit_from_title(title) == unit


@pytest.mark.parametrize(
    ("mid", "type_", "county"),
    [("1880", "K", "0018"), ("0980", "K", "0009"), ("0018", "L", "0018"), ("0000", "L", None)],
)
def test_county_id(mid, type_, county):
    assert county_id(mid, type_) == county
