"""Own files: target values and local KPIs — every bad row reported by number, nothing imported then."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from i18n import Message
from loaders import cli, files
from loaders.files import FileRejected, RowError
from store import queries
from store.db import DATA_DIR

EXAMPLES = DATA_DIR / "examples"
HEADER = "kpi_id,municipality_id,year,gender,target_value,note\n"
GOOD = "N15419,1880,2025,T,75,\n"
VALUES_HEADER = "kpi_id,kpi_title,unit,direction,year,municipality_id,gender,value\n"


def said(errors: list[RowError]) -> list[tuple[int, str]]:
    """(row, the Swedish reason) of each error: the wording the loaders have always had."""
    return [(e.row, e.reason) for e in errors]


def write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def n_targets(con) -> int:
    return con.execute("SELECT count(*) FROM target").fetchone()[0]


def test_example_targets_import_with_types_and_periods(small_store):
    result = files.import_targets(small_store, EXAMPLES / "targets.csv")
    got = queries.targets(small_store, "1880", ["N15419"])
    # data/examples/targets.csv: N15419 Örebro 2024 T "75,0", 2025 T "76,5", K 78, M 75, all `min`.
    assert result.rows == 7
    assert list(zip(got.gender, got.target_type, got.from_year, got.to_year, got.target_value)) == [
        ("K", "min", 2025, 2025, 78.0),
        ("M", "min", 2025, 2025, 75.0),
        ("T", "min", 2024, 2024, 75.0),
        ("T", "min", 2025, 2025, 76.5),
    ]
    leksand = queries.targets(small_store, "2029").set_index("kpi_id")
    assert leksand.loc["U23467", ["target_type", "target_value", "from_year", "to_year"]].tolist() == [
        "min",
        75.0,
        2022,
        2026,
    ]
    assert leksand.loc["N01951", ["target_type", "target_value", "from_year", "to_year"]].tolist() == [
        "trajectory",
        18000.0,
        2019,
        2025,
    ]
    assert set(got.source) == {"targets.csv"}


@pytest.mark.parametrize(
    ("kpi", "expected_type"),
    [("N15419", "min"), ("N03926", "max")],  # N15419: higher is better; N03926 (unemployment): lower
)
def test_old_file_without_type_is_min_or_max_by_direction_for_one_year(small_store, tmp_path, kpi, expected_type):
    files.import_targets(small_store, write(tmp_path, HEADER + f"{kpi},1880,2025,T,75,\n"))
    got = queries.targets(small_store, "1880").iloc[0]
    assert (got.target_type, got.from_year, got.to_year, got.target_value) == (expected_type, 2025, 2025, 75.0)


def test_undirected_kpi_without_type_is_a_row_error_that_asks_for_a_type(small_store, tmp_path):
    # U23467 (Leksand's food satisfaction) has no direction: is 75 a floor or a ceiling?
    with pytest.raises(FileRejected) as caught:
        files.import_targets(small_store, write(tmp_path, HEADER + "U23467,2029,2022,T,75,\n"))
    assert said(caught.value.errors) == [
        (2, "nyckeltalet har ingen riktning: ange target_type (t.ex. min för ”minst”, max för ”högst”)")
    ]


def test_reimport_replaces_the_target_and_keeps_the_old_one_as_history(small_store, tmp_path):
    files.import_targets(small_store, write(tmp_path, HEADER + GOOD))
    files.import_targets(small_store, write(tmp_path, HEADER + "N15419,1880,2025,T,80,\n", "g.csv"))
    now = queries.targets(small_store, "1880")
    old = queries.targets(small_store, "1880", history=True)
    assert now["target_value"].tolist() == [80.0]
    assert sorted(zip(old.target_value, old.ended_by.fillna(""))) == [(75.0, "g.csv"), (80.0, "")]


NEW_HEADER = "kpi_id,municipality_id,gender,target_type,target_value,target_high,from_year,to_year,note\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("N15419,1880,T,interval,5,,2020,2022,\n", "övre gräns saknas (target_high) för ett intervall"),
        ("N15419,1880,T,interval,5,1,2020,2022,\n", "övre gränsen 1.0 är lägre än den undre 5.0"),
        ("N15419,1880,T,rank_top,2.5,,2020,2022,\n", "rank_top behöver ett helt tal ≥ 1 (bland de N bästa), inte 2.5"),
        ("N15419,1880,T,min,,,2020,2022,\n", "målvärde saknas (target_value) för måltypen min"),
        ("N15419,1880,T,best,1,,2020,2022,\n", "okänd måltyp 'best' (min, max, interval, rank_top, quartile_top, "
         "at_least_riket, at_least_peers, trajectory)"),
        ("N15419,1880,T,min,1,,2024,2020,\n", "from_year 2024 ligger efter to_year 2020"),
        ("N15419,1880,T,trajectory,90,,2024,2024,\n", "en bana behöver to_year efter from_year (start 2024, mål 2024)"),
    ],
)  # fmt: skip
def test_bad_typed_target_row(small_store, tmp_path, line, reason):
    with pytest.raises(FileRejected) as caught:
        files.import_targets(small_store, write(tmp_path, NEW_HEADER + line))
    assert said(caught.value.errors) == [(2, reason)]
    assert n_targets(small_store) == 0


def test_comparison_targets_need_no_value(small_store, tmp_path):
    text = NEW_HEADER + "N15419,1880,T,quartile_top,,,2019,2022,KKiK: övre kvartilen\n"
    files.import_targets(small_store, write(tmp_path, text))
    got = queries.targets(small_store, "1880").iloc[0]
    assert (got.target_type, pd.isna(got.target_value), got.note) == ("quartile_top", True, "KKiK: övre kvartilen")


def test_xlsx_targets_with_numeric_kommunkod(small_store, tmp_path):
    path = tmp_path / "mal.xlsx"
    pd.DataFrame(
        {"KPI_ID": ["N15419"], "municipality_id": [180], "year": [2025], "target_value": [80.5], "note": ["Sthlm"]}
    ).to_excel(path, index=False)
    files.import_targets(small_store, path)
    got = queries.targets(small_store, "0180")
    # Excel turned 0180 (Stockholm) into 180; the gender column is absent, so T.
    assert list(zip(got.kpi_id, got.from_year, got.gender, got.target_value)) == [("N15419", 2025, "T", 80.5)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("N99999,1880,2025,T,75,\n", "okänt nyckeltal 'N99999'"),
        ("N15419,9999,2025,T,75,\n", "okänd kommun/region '9999'"),
        ("N15419,1880,20x5,T,75,\n", "ogiltigt år '20x5' (year)"),
        ("N15419,1880,2025,X,75,\n", "ogiltigt kön 'X' (T, K eller M)"),
        ("N15419,1880,2025,T,sjuttio,\n", "målvärdet 'sjuttio' är inget tal"),
        ("N15419,1880,2025,T,74,\n", "samma nyckel som rad 2 (N15419, 1880, T, 2025, 2025) – dubblett"),
    ],
)
def test_bad_target_row_reported_by_its_number(small_store, tmp_path, line, reason):
    # Row 1 is the header, row 2 a good row, row 3 the bad one, row 4 good again.
    path = write(tmp_path, HEADER + GOOD + line + "N15419,1880,2024,T,70,\n")
    with pytest.raises(FileRejected) as caught:
        files.import_targets(small_store, path)
    assert said(caught.value.errors) == [(3, reason)]
    assert n_targets(small_store) == 0


def test_every_bad_row_is_reported(small_store, tmp_path):
    text = HEADER + GOOD + "N1,99,1,T,x,\n" + GOOD + "N15419;1880\n"
    with pytest.raises(FileRejected) as caught:
        files.import_targets(small_store, write(tmp_path, text))
    # Row 3: four problems; row 4 repeats row 2; row 5 uses ";" in a "," file: unknown KPI, no kommun,
    # no year.
    assert [e.row for e in caught.value.errors] == [3, 3, 3, 3, 4, 5, 5, 5]


def test_missing_column_is_reported_on_the_header_row():
    df = pd.DataFrame({"kpi_id": ["N15419"], "municipality_id": ["1880"], "year": ["2025"]})
    clean, errors = files.validate_targets(df, {"N15419": "higher"}, {"1880"})
    assert clean.empty and errors == [RowError(1, Message("row_missing_column", column="target_value"))]
    assert said(errors) == [(1, "kolumnen 'target_value' saknas")]


@pytest.mark.parametrize(
    ("text", "number"),
    [("69,5", 69.5), ("69.5", 69.5), ("1 234,5", 1234.5), ("-3", -3.0), ("abc", None), ("", None), ("nan", None)],
)
def test_parse_number(text, number):
    assert files.parse_number(text) == number


def test_example_local_values_import_as_local_kpis(small_store):
    result = files.import_values(small_store, EXAMPLES / "local_values.csv")
    assert (result.kpis, result.rows) == (2, 4)
    info = queries.kpi_info(small_store, ["EGEN-KOMPASS", "EGEN-NKI-BYGG"])
    assert list(zip(info.kpi_id, info.source, info.direction, info.unit)) == [
        ("EGEN-KOMPASS", "local", "higher", "poäng"),
        ("EGEN-NKI-BYGG", "local", "higher", "index"),
    ]
    got = queries.observations(small_store, ["EGEN-NKI-BYGG"])
    assert list(zip(got.municipality_id, got.year, got.value)) == [
        ("1861", 2023, 68.0),
        ("1880", 2022, 71.0),
        ("1880", 2023, 73.5),
    ]
    run = queries.load_runs(small_store, limit=1).iloc[0]
    assert (run.source, run.outcome, run.rows_written) == ("Egen fil", "ok", 4)


def test_local_values_twice_change_nothing(small_store):
    files.import_values(small_store, EXAMPLES / "local_values.csv")
    assert files.import_values(small_store, EXAMPLES / "local_values.csv").rows == 0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "N15419,Kolada-id,%,higher,2023,1880,T,1\n",
            "'N15419' är ett Kolada-nyckeltal; egna nyckeltal behöver ett eget id",
        ),
        ("NKI,Utan prefix,index,higher,2023,1880,T,1\n", "eget nyckeltal 'NKI' måste börja med EGEN- eller L"),
        ("EGEN-A,Titel A,index,bättre,2023,1880,T,1\n", "okänd riktning 'bättre' (higher, lower eller none)"),
        (
            "EGEN-A,Annan titel,index,higher,2022,1880,T,1\n",
            "titel, enhet, riktning eller område skiljer sig från rad 2",
        ),
        ("EGEN-A,Titel A,index,higher,2023,1880,T,2\n", "samma nyckel som rad 2"),
    ],
)
def test_bad_local_value_row_reported(small_store, tmp_path, line, reason):
    text = VALUES_HEADER + "EGEN-A,Titel A,index,higher,2023,1880,T,1\n" + line
    with pytest.raises(FileRejected) as caught:
        files.import_values(small_store, write(tmp_path, text))
    assert [e.row for e in caught.value.errors] == [3]
    assert caught.value.errors[0].reason.startswith(reason)
    assert queries.kpi_info(small_store, ["EGEN-A"]).empty


def test_semicolon_csv_in_windows_1252(small_store, tmp_path):
    path = tmp_path / "egna.csv"
    text = "kpi_id;kpi_title;year;municipality_id;value\nL1;Nöjdhet äldreomsorg;2023;1880;81,5\n"
    path.write_bytes(text.encode("cp1252"))
    files.import_values(small_store, path)
    assert queries.kpi_info(small_store, ["L1"]).iloc[0]["title"] == "Nöjdhet äldreomsorg"


def test_cli_import_targets_bad_file_exit_2_lists_rows(small_store_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    path = write(tmp_path, HEADER + GOOD + "N99999,1880,2025,T,75,\n")
    assert cli.main(["import-targets", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rad 3: okänt nyckeltal 'N99999'" in err and "inget importerades" in err and "Traceback" not in err


def test_cli_import_values_ok(small_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["import-values", str(EXAMPLES / "local_values.csv")]) == 0
    assert "Importerade 2 egna nyckeltal, 4 nya eller ändrade värden" in capsys.readouterr().out
