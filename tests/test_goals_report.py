"""The follow-up report: `python -m dashboard.export followup` writes a title slide, an overview, a
slide per top goal (continued when long) and a method slide, every text inside its box; its Excel
file holds numbers as numbers."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pptx import Presentation

from analysis.followup import follow_up
from dashboard.export import cli
from dashboard.export.deck import overflowing_boxes
from dashboard.export.followup import FollowupRequest, build_followup
from loaders import goals
from store import goals as store_goals
from store.db import Store
from tests.goals_support import (  # noqa: F401 - fixtures
    LEKSAND,
    goals_snapshot,
    goals_store,
    goals_store_path,
)


@pytest.fixture
def leksand(goals_store):  # noqa: F811
    goals.import_goals(goals_store, LEKSAND)
    return goals_store


def slide_texts(pptx: bytes) -> list[list[str]]:
    """Every slide's texts: text boxes, then table cells row by row."""
    out = []
    for slide in Presentation(io.BytesIO(pptx)).slides:
        texts = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
        out.append(texts)
    return out


def test_cli_writes_the_report_and_its_workbook(goals_store_path, monkeypatch, tmp_path, capsys):  # noqa: F811
    con = Store(goals_store_path)
    goals.import_goals(con, LEKSAND)
    con.close()
    monkeypatch.setenv("TRAPPAN_DB", str(goals_store_path))
    out, xlsx = tmp_path / "uppfoljning.pptx", tmp_path / "uppfoljning.xlsx"
    code = cli.main(["followup", "--municipality", "2029", "--year", "2022", "--period", "helar",
                     "--out", str(out), "--xlsx", str(xlsx)])  # fmt: skip
    texts = slide_texts(out.read_bytes())
    assert code == 0
    assert capsys.readouterr().out.startswith(f"Skrev {out}\nSkrev {xlsx}\n")
    # title, overview, the vision's 7 goals, method
    assert len(texts) == 10
    assert texts[0][0] == "Uppföljning helår 2022 – Leksand"
    assert [s[0] for s in texts[2:9]] == [
        "Fler invånare – 18 000 år 2025",
        "En trygg och god äldreomsorg",
        "Alla elever ska lyckas i skolan",
        "Ett rikt fritidsliv för barn och unga",
        "Ekonomi i balans",
        "God service och gott bemötande",
        "En hållbar kommun",
    ]
    assert texts[9][0] == "Så räknas färgen"
    assert xlsx.stat().st_size > 0


def test_a_goal_slide_shows_its_indicators_with_value_target_and_status(leksand):
    texts = slide_texts(build_followup(leksand, FollowupRequest("2029", 2022), workbook=False).pptx)
    care = next(s for s in texts if s[0] == "En trygg och god äldreomsorg")
    i = care.index("Nöjda med maten i särskilt boende (U23467)".join(["\u2003", ""]))
    assert care[i : i + 5] == ["\u2003Nöjda med maten i särskilt boende (U23467)", "77,0 %", "minst 75,0 % (2020–2025)",
                               "Grön", "oförändrad"]  # fmt: skip
    assert "Mål: Nöjda brukare i särskilt boende" in care
    assert "Status: Gul" in care[2]
    assert "Grön 0 · Gul 1 · Röd 1 · Vit 0" in care


def test_saved_assessment_and_actions_are_on_the_goal_slide(leksand):
    f = follow_up(leksand, "2029", 2022, "helar")
    store_goals.save_goal_assessment(
        leksand,
        store_goals.GoalAssessment("2029", "M5", f.version_id, 2022, "helar", "yellow", "Anna Andersson", "green",
                                   "Prognosen för 2023 visar underskott", "Besparingsplan i alla sektorer"),
    )  # fmt: skip
    pptx = build_followup(leksand, FollowupRequest("2029", 2022), workbook=False).pptx
    economy = next(s for s in slide_texts(pptx) if s[0] == "Ekonomi i balans")
    status = next(x for x in economy if x.startswith("Status: Gul"))
    assert status.startswith("Status: Gul\nBedömd av Anna Andersson ") and status.endswith("(förslag: Grön)")
    assert "Skäl: Prognosen för 2023 visar underskott\nÅtgärder: Besparingsplan i alla sektorer" in economy


def test_every_text_fits_its_box(leksand):
    assert overflowing_boxes(build_followup(leksand, FollowupRequest("2029", 2022), workbook=False).pptx) == []


def test_a_long_goal_continues_on_the_next_slide(goals_store, tmp_path):  # noqa: F811
    head = "id;parent_id;kind;title;owner;municipality_id;kpi_id;gender;target_type;target_value;target_high;from_year;to_year;note\n"
    rows = ["V;;vision;Vision;KF;2029;;;;;;;;", "M;V;goal;Många indikatorer;KS;2029;;;;;;;;"]
    # one KPI, one target per year: the 30 indicators share it (a tree may not give a KPI two targets)
    rows += [f"I{i};M;indicator;Maten, mätning {i};KS;2029;U23467;T;min;75;;;;" for i in range(30)]
    path = tmp_path / "lang.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    goals.import_goals(goals_store, path)
    pptx = build_followup(goals_store, FollowupRequest("2029", 2022), workbook=False).pptx
    titles = [s[0] for s in slide_texts(pptx)]
    table_rows = [len(shape.table.rows) - 1 for slide in Presentation(io.BytesIO(pptx)).slides
                  for shape in slide.shapes if shape.has_table and slide.shapes[0].text_frame.text.startswith("Många")]  # fmt: skip
    assert titles[2:4] == ["Många indikatorer", "Många indikatorer (forts.)"]
    assert sum(table_rows) == 30 and len(table_rows) >= 2
    assert overflowing_boxes(pptx) == []


def test_workbook_holds_numbers_as_numbers(leksand):
    xlsx = build_followup(leksand, FollowupRequest("2029", 2022)).xlsx
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Mål", "Indikatorer", "Källor"]
    ws = wb["Indikatorer"]
    header = [c.value for c in ws[5]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=6)]
    food = next(r for r in rows if r["Nyckeltals-id"] == "U23467")
    assert (food["Värde"], food["Målvärde"], food["År"], food["Status"], food["Målet"]) == (
        77.0,
        75.0,
        2022,
        "Grön",
        "nås",
    )
    trajectory = next(r for r in rows if r["Nyckeltals-id"] == "N01951")
    assert trajectory["Bedömt mot"] == pytest.approx(17341.3846, abs=1e-3)
    goal_rows = list(wb["Mål"].iter_rows(min_row=6, values_only=True))
    goal_header = [c.value for c in wb["Mål"][5]]
    m21 = dict(zip(goal_header, next(r for r in goal_rows if r[0] == "M21")))
    assert (m21["Grön"], m21["Gul"], m21["Röd"], m21["Vit"], m21["Status"]) == (2, 0, 1, 0, "Gul")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "1880", "--year", "2022"], "Fel: Örebro (1880) har ingen målkedja."),
        (["--municipality", "9999", "--year", "2022"], "Fel: Kommunkoden 9999 finns inte."),
    ],
)
def test_bad_request_is_a_plain_message_and_writes_nothing(leksand_path_env, tmp_path, capsys, args, message):
    out = tmp_path / "r.pptx"
    assert cli.main(["followup", *args, "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert not out.exists()


@pytest.fixture
def leksand_path_env(goals_store_path, monkeypatch):  # noqa: F811
    con = Store(goals_store_path)
    goals.import_goals(con, LEKSAND)
    con.close()
    monkeypatch.setenv("TRAPPAN_DB", str(goals_store_path))
    return goals_store_path


def test_workbook_keeps_formula_like_text_as_text_and_numbers_in_the_units_format(goals_store, tmp_path):  # noqa: F811
    hostile = "=cmd|' /C calc'!A0"
    path = tmp_path / "fientlig.csv"
    path.write_text(LEKSAND.read_text(encoding="utf-8").replace("Ekonomi i balans", hostile), encoding="utf-8")
    goals.import_goals(goals_store, path)
    wb = openpyxl.load_workbook(io.BytesIO(build_followup(goals_store, FollowupRequest("2029", 2022)).xlsx))
    cell = next(c for row in wb["Mål"].iter_rows(min_row=6) for c in row if c.value == hostile)
    assert cell.data_type == "s"
    population = next(r for r in wb["Indikatorer"].iter_rows(min_row=6) if r[2].value == "N01951")
    food = next(r for r in wb["Indikatorer"].iter_rows(min_row=6) if r[2].value == "U23467")
    # Invånare totalt is 'antal': whole numbers; U23467 is a share (%): one decimal
    assert (population[6].value, population[6].number_format) == (16113, "#,##0")
    assert (food[6].value, food[6].number_format) == (77, "#,##0.0")


def test_a_value_says_what_it_was_judged_against(leksand):
    texts = slide_texts(build_followup(leksand, FollowupRequest("2029", 2022), workbook=False).pptx)
    people = next(s for s in texts if s[0] == "Fler invånare – 18 000 år 2025")
    care = next(s for s in texts if s[0] == "En trygg och god äldreomsorg")
    # the line's point for 2022 (17 341) and U23471's place among 286 municipalities (rank 33)
    assert "16 113 mot 17 341" in people
    assert "86,0 % plats 33 av 286" in care
