"""The goal-tree sheet: read like import-targets, checked as a whole (every bad row by its spreadsheet
row number, nothing imported), versions on import, the same sheet twice changes nothing, and the
exported sheet reads back to the same tree."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import cli, goals
from loaders.files import FileRejected, RowError, read_table
from store import goals as store_goals
from tests.goals_support import (  # noqa: F401 - fixtures
    HALMSTAD,
    LEKSAND,
    goals_snapshot,
    goals_store,
    goals_store_path,
)

HEADER = "id;parent_id;kind;title;owner;municipality_id;kpi_id;gender;target_type;target_value;target_high;from_year;to_year;note\n"
BASE = (
    "V1;;vision;Visionen;Kommunfullmäktige;2029;;;;;;2020;2030;\n"  # row 2
    "M1;V1;goal;Nöjda brukare;Sektor omsorg;2029;;;;;;2020;2023;\n"  # row 3
    "I1;M1;indicator;Maten;Sektor omsorg;2029;U23467;T;min;75;;2020;2025;\n"  # row 4
)
KPIS = {"U23467", "N01951", "EGEN-LEK-INTRANAT"}
MUNIS = {"2029", "1380", "0180"}


def sheet(tmp_path: Path, text: str, name: str = "mal.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def said(errors: list[RowError], lang: str = "sv") -> list[tuple[int, str]]:
    """(row, reason in `lang`) of each error; Swedish is the wording the sheet has always had."""
    return [(e.row, e.reason_in(lang)) for e in errors]


def check(tmp_path: Path, text: str):
    return goals.validate_goals(read_table(sheet(tmp_path, text)), KPIS, MUNIS)


def test_good_sheet_gives_the_nodes_in_sheet_order(tmp_path):
    got, errors = check(tmp_path, HEADER + BASE)
    assert errors == []
    assert got.municipality_id == "2029"
    assert got.nodes[["node_id", "parent_id", "kind"]].values.tolist() == [
        ["V1", None, "vision"],
        ["M1", "V1", "goal"],
        ["I1", "M1", "indicator"],
    ]
    i1 = got.nodes.iloc[2]
    assert (i1.kpi_id, i1.gender, i1.target_type, i1.target_value, i1.from_year, i1.to_year) == (
        "U23467",
        "T",
        "min",
        75.0,
        2020,
        2025,
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("I2;M9;indicator;;;2029;U23467;T;min;75;;;;", "okänd parent_id 'M9'"),
        ("I1;M1;indicator;;;2029;U23467;T;min;70;;;;", "id 'I1' finns redan på rad 4 – dubblett"),
        ("I2;M1;indicator;;;2029;;T;min;75;;;;", "indikatorn saknar kpi_id"),
        ("I2;M1;indicator;;;2029;U23467;T;;;;;;", "indikatorn saknar mål (target_type)"),
        ("I2;M1;indicator;;;2029;N99999;T;min;75;;;;", "okänt nyckeltal 'N99999'"),
        (
            "I2;M1;indicator;;;2029;EGEN-X;T;min;75;;;;",
            "okänt eget nyckeltal 'EGEN-X' – importera det först med import-values",
        ),
        ("I2;M1;indicator;;;9999;U23467;T;min;75;;;;", "okänd kommun '9999'"),
        ("M2;V1;strategi;X;;2029;;;;;;;;", "okänd typ 'strategi' (vision, goal/mål eller indicator/indikator)"),
        (
            "I2;M1;indicator;;;2029;U23467;T;minst;75;;;;",
            "okänd måltyp 'minst' (min, max, interval, rank_top, quartile_top, at_least_riket, at_least_peers, "
            "trajectory)",
        ),
        ("I2;M1;indicator;;;2029;U23467;T;min;75;;20x5;;", "ogiltigt år i from_year: '20x5'"),
        ("I2;M1;indicator;;;2029;U23467;T;min;75;;2025;2020;", "from_year 2025 ligger efter to_year 2020"),
        ("I2;M1;indicator;;;2029;U23467;T;min;sjuttio;;;;", "target_value 'sjuttio' är inget tal"),
        ("I2;M1;indicator;;;2029;U23467;X;min;75;;;;", "ogiltigt kön 'X' (T, K eller M)"),
        ("I2;M1;indicator;;;2029;U23467;T;min;;;;;", "målvärde saknas (target_value) för måltypen min"),
        ("I2;M1;indicator;;;2029;U23467;T;interval;5;-0,5;;;", "övre gränsen -0.5 är lägre än den undre 5.0"),
        ("I2;M1;indicator;;;2029;U23467;T;interval;-0,5;;;;", "övre gräns saknas (target_high) för ett intervall"),
        (
            "I2;M1;indicator;;;2029;U23467;T;rank_top;2,5;;;;",
            "rank_top behöver ett helt tal ≥ 1 (bland de N bästa), inte 2.5",
        ),
        (
            "I2;M1;indicator;;;2029;U23467;T;quartile_top;75;;;;",
            "måltypen quartile_top använder inte target_value (lämna tom)",
        ),
        (
            "I2;M1;indicator;;;2029;N01951;T;trajectory;18000;;;2025;",
            "en bana behöver to_year efter from_year (start –, mål 2025)",
        ),
        (
            "M2;V1;goal;X;;2029;;;min;75;;;;",
            "bara indikatorer har nyckeltal och mål (target_type, target_value ska vara tomma)",
        ),
        ("M2;V1;goal;;;2029;;;;;;;;", "title saknas"),
        ("V2;V1;vision;X;;2029;;;;;;;;", "en vision står överst och har ingen parent_id (här 'V1')"),
        ("M2;;goal;X;;2029;;;;;;;;", "parent_id saknas (bara en vision står utan överordnad)"),
        (
            "I2;I1;indicator;;;2029;U23467;T;min;75;;;;",
            "parent_id 'I1' är en indikator (indikatorer har inga underordnade)",
        ),
        (
            "M2;V1;goal;X;;1380;;;;;;;;",
            "kommun 1380, men filen gäller 2029 (en fil är en kommuns målkedja)",
        ),
    ],
)
def test_bad_row_is_named_by_its_spreadsheet_row(tmp_path, line, reason):
    # Rows 2-4 are good, the bad row is row 5, a good row 6 follows.
    text = HEADER + BASE + line + "\n" + "I9;M1;indicator;;;2029;U23467;T;max;99;;;;\n"
    got, errors = check(tmp_path, text)
    assert got is None
    assert said(errors) == [(5, reason)]


def test_a_cycle_names_every_row_in_it(tmp_path):
    # A and B point at each other: neither reaches a vision. C hangs under the cycle and is only
    # reported through it, not on its own.
    text = HEADER + BASE + "A;B;goal;A;;2029;;;;;;;;\nB;A;goal;B;;2029;;;;;;;;\nC;A;goal;C;;2029;;;;;;;;\n"
    got, errors = check(tmp_path, text)
    assert got is None
    assert said(errors) == [(5, "ingår i en cykel: A → B → A"), (6, "ingår i en cykel: A → B → A")]


def test_a_goal_that_is_its_own_parent_is_a_cycle(tmp_path):
    got, errors = check(tmp_path, HEADER + BASE + "M2;M2;goal;X;;2029;;;;;;;;\n")
    assert said(errors) == [(5, "ingår i en cykel: M2 → M2")]


def test_every_bad_row_is_listed_and_missing_columns_first(tmp_path):
    got, errors = check(tmp_path, "id;kind;title\nV1;vision;X\n")
    assert got is None
    assert said(errors) == [
        (1, "kolumnen 'parent_id' saknas"),
        (1, "kolumnen 'municipality_id' saknas"),
    ]


def test_errors_are_codes_with_values_worded_in_english_for_the_english_page(tmp_path):
    df = read_table(sheet(tmp_path, HEADER + BASE + "I2;M9;indicator;;;2029;U23467;T;min;75;;;;\n"))
    _got, errors = goals.validate_goals(df, KPIS, MUNIS)
    assert [(e.row, e.code, e.values) for e in errors] == [(5, "goals_err_unknown_parent", {"parent": "M9"})]
    assert said(errors, "en") == [(5, "unknown parent_id 'M9'")]
    assert [e.text("en") for e in errors] == ["row 5: unknown parent_id 'M9'"]


def test_a_cycle_in_english_names_its_rows_in_english(tmp_path):
    text = HEADER + BASE + "A;B;goal;A;;2029;;;;;;;;\nB;A;goal;B;;2029;;;;;;;;\n"
    _got, errors = check(tmp_path, text)
    assert [e.text("en") for e in errors] == [
        "row 5: is part of a cycle: A → B → A",
        "row 6: is part of a cycle: A → B → A",
    ]
    assert [str(e) for e in errors] == ["rad 5: ingår i en cykel: A → B → A", "rad 6: ingår i en cykel: A → B → A"]


def test_windows_1252_comma_file_with_swedish_words_and_empty_lines(tmp_path):
    text = (
        HEADER.replace(";", ",")
        + BASE.replace(";", ",")
        + ",,,,,,,,,,,,,\n"
        + 'I2,M1,indikator,Väntetid,Sektor omsorg,2029,N01951,,max,"60,5",,,,\n'  # one target per KPI and year
    )
    got, errors = goals.validate_goals(read_table(sheet(tmp_path, text, "w.csv", "cp1252")), KPIS, MUNIS)
    assert errors == []
    last = got.nodes.iloc[-1]
    assert (last.node_id, last.kind, last.title, last.gender, last.target_value) == (
        "I2",
        "indicator",
        "Väntetid",
        "T",
        60.5,
    )


def test_xlsx_with_kommunkod_as_a_number(tmp_path):
    path = tmp_path / "mal.xlsx"
    pd.DataFrame(
        {
            "ID": ["V1", "I1"],
            "parent_id": [None, "V1"],
            "kind": ["vision", "indicator"],
            "title": ["Stockholm växer", None],
            "municipality_id": [180, 180],
            "kpi_id": [None, "N01951"],
            "target_type": [None, "min"],
            "target_value": [None, 1000000],
            "from_year": [2020, 2020],
        }
    ).to_excel(path, index=False)
    got, errors = goals.validate_goals(read_table(path), KPIS, MUNIS)
    assert errors == []
    assert got.municipality_id == "0180"
    assert got.nodes["from_year"].tolist() == [2020, 2020]


# ---- with a store ----------------------------------------------------------------------------------
def test_leksand_example_imports_and_the_same_file_twice_changes_nothing(goals_store):  # noqa: F811
    first = goals.import_goals(goals_store, LEKSAND, imported_by="Anna")
    again = goals.import_goals(goals_store, LEKSAND)
    tree = store_goals.goal_tree(goals_store, "2029")
    # data/examples/goals/leksand_sektorsplan.csv: 1 vision, 9 goals, 14 indicators.
    assert (first.municipality_id, first.nodes, first.changed, first.version_id) == ("2029", 24, True, 1)
    assert (again.changed, again.version_id) == (False, 1)
    assert len(store_goals.goal_versions(goals_store, "2029")) == 1
    assert tree["kind"].value_counts().to_dict() == {"indicator": 14, "goal": 9, "vision": 1}
    i2 = tree.set_index("node_id").loc["I2"]
    assert (i2.kpi_id, i2.target_type, i2.target_value) == ("U23467", "min", 75.0)


def test_halmstad_example_has_its_three_visions(goals_store):  # noqa: F811
    goals.import_goals(goals_store, HALMSTAD)
    tree = store_goals.goal_tree(goals_store, "1380")
    visions = tree[tree["kind"] == "vision"]["title"].tolist()
    assert visions == ["Hemstaden", "Kunskapsstaden", "Upplevelsestaden"]


def test_every_example_indicator_has_a_2022_value(goals_store):  # noqa: F811
    for path, municipality in ((LEKSAND, "2029"), (HALMSTAD, "1380")):
        goals.import_goals(goals_store, path)
        tree = store_goals.goal_tree(goals_store, municipality)
        kpis = tree.loc[tree["kind"] == "indicator", "kpi_id"].tolist()
        got = goals_store.execute(
            "SELECT DISTINCT kpi_id FROM observation WHERE municipality_id = ? AND year = 2022 AND gender = 'T' "
            "AND value IS NOT NULL AND list_contains(?, kpi_id)",
            [municipality, kpis],
        ).fetchall()
        assert sorted(k for (k,) in got) == sorted(set(kpis)), path.name


def test_a_new_sheet_replaces_the_tree_and_keeps_the_former_version(goals_store, tmp_path):  # noqa: F811
    goals.import_goals(goals_store, LEKSAND)
    changed = LEKSAND.read_text(encoding="utf-8").replace(";min;75;", ";min;80;")
    result = goals.import_goals(goals_store, sheet(tmp_path, changed, "ny.csv"))
    versions = store_goals.goal_versions(goals_store, "2029")
    assert (result.version_id, result.replaced_version_id) == (2, 1)
    assert versions[["version_id", "source"]].values.tolist() == [[2, "ny.csv"], [1, "leksand_sektorsplan.csv"]]
    assert versions["replaced_at"].isna().tolist() == [True, False]
    current = store_goals.goal_tree(goals_store, "2029").set_index("node_id")
    former = store_goals.goal_tree(goals_store, "2029", version_id=1).set_index("node_id")
    assert (current.loc["I2", "target_value"], former.loc["I2", "target_value"]) == (80.0, 75.0)


@pytest.mark.parametrize(
    ("extra", "rows"),
    [
        ("A;B;goal;A;;2029;;;;;;;;\nB;A;goal;B;;2029;;;;;;;;\n", [26, 27]),
        ("X1;NOPE;indicator;;;2029;U23467;T;min;75;;;;\n", [26]),
    ],
)
def test_a_bad_sheet_leaves_the_old_tree_intact(goals_store, tmp_path, extra, rows):  # noqa: F811
    goals.import_goals(goals_store, LEKSAND)
    before = store_goals.goal_tree(goals_store, "2029")
    bad = sheet(tmp_path, LEKSAND.read_text(encoding="utf-8") + extra, "bad.csv")
    with pytest.raises(FileRejected) as caught:
        goals.import_goals(goals_store, bad)
    assert [e.row for e in caught.value.errors] == rows
    pd.testing.assert_frame_equal(store_goals.goal_tree(goals_store, "2029"), before)
    assert len(store_goals.goal_versions(goals_store, "2029")) == 1


def test_cli_rejects_a_cycle_with_exit_2_and_the_rows_named(goals_store_path, monkeypatch, tmp_path, capsys):  # noqa: F811
    monkeypatch.setenv("TRAPPAN_DB", str(goals_store_path))
    bad = sheet(tmp_path, HEADER + BASE + "A;B;goal;A;;2029;;;;;;;;\nB;A;goal;B;;2029;;;;;;;;\n")
    assert cli.main(["import-goals", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "rad 5: ingår i en cykel: A → B → A" in err
    assert "rad 6: ingår i en cykel: A → B → A" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_sheet_reads_back_to_the_same_tree(goals_store, tmp_path, fmt):  # noqa: F811
    goals.import_goals(goals_store, LEKSAND)
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(goals.export_sheet(goals_store, "2029", fmt))
    again = goals.import_goals(goals_store, path)
    assert (again.changed, again.version_id) == (False, 1)


HOSTILE = "=cmd|' /C calc'!A0"


def test_formula_like_titles_stay_text_in_both_formats(goals_store, tmp_path):  # noqa: F811
    text = HEADER + BASE.replace("Nöjda brukare", HOSTILE) + "M2;V1;goal;@SUM(A1);-Ägare;2029;;;;;;;;+1\n"
    goals.import_goals(goals_store, sheet(tmp_path, text))
    xlsx = openpyxl.load_workbook(io.BytesIO(goals.export_sheet(goals_store, "2029", "xlsx"))).active
    cells = {xlsx.cell(row=r, column=4).value: xlsx.cell(row=r, column=4).data_type for r in (3, 5)}
    assert cells == {HOSTILE: "s", "@SUM(A1)": "s"}
    csv_text = goals.export_sheet(goals_store, "2029", "csv").decode("utf-8-sig")
    assert f";'{HOSTILE};" in csv_text and ";'-Ägare;" in csv_text and ";'+1\r\n" in csv_text
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"back.{fmt}"
        path.write_bytes(goals.export_sheet(goals_store, "2029", fmt))
        assert goals.import_goals(goals_store, path).changed is False
    titles = store_goals.goal_tree(goals_store, "2029").set_index("node_id")
    assert (titles.loc["M1", "title"], titles.loc["M2", "owner"], titles.loc["M2", "note"]) == (HOSTILE, "-Ägare", "+1")
