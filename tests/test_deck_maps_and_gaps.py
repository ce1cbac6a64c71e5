"""The council deck without empty slides and with maps when asked.

No empty slides: a KPI of the selection without a value for the year (municipality, gender) gets
no slide of "–"; the title slide and the closing slide name it with its latest year. Hand-checked
(SELECT max(year) FROM observation WHERE municipality_id='2403' AND gender='T' AND kpi_id=…):
Bjurholm (2403) 2022 has values for 15 of grundskola's 18 headline KPIs; none for N15436 (latest
2021), N15485 (latest 2017) and N15573 (latest 2019). Örebro 2019 has values for all 18.

Maps: `--map` (the page's checkbox) puts each KPI's quartile map of Sweden after its slide, with
the same caption, and the map's table in the workbook. Örebro N15419 2019: rank 1 is Älvsbyn (96,3 %).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.export.build import build_files
from dashboard.export.content import DeckRequest, deck_content
from dashboard.export.deck import overflowing_boxes
from dashboard.export.errors import ExportError
from tests.export_samples import has_chromium

ROOT = Path(__file__).resolve().parents[1]
CAPTION = "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"
BJURHOLM_2022 = DeckRequest("2403", 2022, area_id="grundskola")
LEFT_OUT_SV = (
    "Utan värde 2022: Elever i åk 9 som är behöriga till yrkesprogram, kommunala skolor, andel (%) (N15436, "
    "senaste värde 2021); Elever i åk 6 med lägst betyget E i matematik, kommunala skolor, andel (%) (N15485, "
    "senaste värde 2017); Elever i åk 9 som fått ett lägre betyg än provbetyg för ämnesprov i engelska, "
    "kommunala skolor, andel (%) (N15573, senaste värde 2019)."
)

needs_chromium = pytest.mark.skipif(not has_chromium(), reason="ingen Chromium på den här maskinen")


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


@pytest.fixture(scope="module")
def bjurholm(full_store):
    return deck_content(full_store, BJURHOLM_2022)


def test_kpis_without_a_value_for_the_year_get_no_slide(bjurholm):
    assert len(bjurholm.slides) == 15
    assert [(k.kpi_id, k.latest_year) for k in bjurholm.left_out] == [
        ("N15436", 2021),
        ("N15485", 2017),
        ("N15573", 2019),
    ]
    assert not {"N15436", "N15485", "N15573"} & {s.kpi_id for s in bjurholm.slides}


def test_every_slide_left_has_the_years_value(bjurholm):
    values = [s.key_figures[0] for s in bjurholm.slides]
    assert {f.label for f in values} == {"Värde 2022"}
    assert [f.value for f in values if f.value in ("–", "") or "(" in f.value] == []  # no "–", no older year


def test_title_and_method_name_what_was_left_out(bjurholm):
    assert bjurholm.note == LEFT_OUT_SV
    assert bjurholm.method[0] == LEFT_OUT_SV.replace(
        "Utan värde 2022:", "Utan värde 2022 för Bjurholm (totalt) och därför utan egen bild:"
    )


def test_left_out_in_english(full_store):
    deck = deck_content(full_store, replace(BJURHOLM_2022, lang="en"))
    assert deck.note.startswith(
        "No value in 2022: Elever i åk 9 som är behöriga till yrkesprogram, kommunala skolor, andel (%) "
        "(N15436, latest value 2021); "
    )
    assert deck.method[0].startswith("Without a value in 2022 for Bjurholm (total), so without a slide of their own:")


def test_nothing_left_out_when_every_kpi_has_a_value(full_store):
    deck = deck_content(full_store, DeckRequest("1880", 2019, area_id="grundskola"))
    assert (len(deck.slides), deck.left_out, deck.note) == (18, (), "")
    assert deck.method[0].startswith("Källa: Kolada")


def test_a_kpi_without_an_earlier_value_is_named_as_such(full_store):
    # Örebro's U15461 begins in 2015: a 2014 deck of it and N15419 keeps N15419 only
    deck = deck_content(full_store, DeckRequest("1880", 2014, kpi_ids=("N15419", "U15461")))
    assert [s.kpi_id for s in deck.slides] == ["N15419"]
    assert deck.note.endswith("(U15461, inget tidigare värde).")


@needs_chromium
def test_bjurholm_deck_names_the_left_out_on_its_first_and_last_slide(full_store):
    prs = Presentation(io.BytesIO(build_files(full_store, BJURHOLM_2022, workbook=False).pptx))
    slides = list(prs.slides)
    assert len(slides) == 17  # title, 15 KPIs, sources and method
    assert LEFT_OUT_SV in texts(slides[0])
    assert any(t.startswith("Utan värde 2022 för Bjurholm (totalt)") for t in texts(slides[-1]))


# --- maps ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orebro_maps(full_store):
    if not has_chromium():
        pytest.skip("ingen Chromium på den här maskinen")
    return build_files(full_store, DeckRequest("1880", 2019, kpi_ids=("N15419", "N15505"), maps=True))


def test_each_kpi_slide_is_followed_by_its_map(orebro_maps):
    slides = orebro_maps.deck.slides
    assert [(s.kpi_id, s.is_map) for s in slides] == [
        ("N15419", False),
        ("N15419", True),
        ("N15505", False),
        ("N15505", True),
    ]
    assert slides[1].subtitle.endswith("· karta över alla kommuner")
    assert [tr.type for tr in slides[1].figure.data].count("choropleth") == 1
    assert slides[1].key_figures == slides[0].key_figures  # the same figures and status beside the map


@needs_chromium
def test_map_slide_has_its_picture_and_the_caption(orebro_maps):
    prs = Presentation(io.BytesIO(orebro_maps.pptx))
    slides = list(prs.slides)
    assert len(slides) == 6  # title, N15419, its map, N15505, its map, sources and method
    pictures = [s for s in slides[2].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert pictures[0].image.size == (1800, 1120)  # the chart box at 2×
    assert pictures[0].image.blob != [s for s in slides[1].shapes if s.shape_type == 13][0].image.blob
    assert CAPTION in texts(slides[2])
    assert overflowing_boxes(orebro_maps.pptx) == []


def test_workbook_gets_the_maps_table(orebro_maps):
    wb = load_workbook(io.BytesIO(orebro_maps.xlsx))
    assert wb.sheetnames == ["1 N15419", "2 N15419 karta", "3 N15505", "4 N15505 karta", "Källor"]
    ws = wb["2 N15419 karta"]
    assert [c.value for c in ws[5]] == ["Kommunkod", "Kommun", "Värde", "Placering", "Antal med värde", "Färg i kartan"]
    assert [c.value for c in ws[6]] == ["2560", "Älvsbyn", 96.3, 1, 290, "Bästa 25 %"]
    assert (ws["C6"].number_format, ws["D6"].number_format) == ("#,##0.0", "#,##0")
    assert ws.max_row == 5 + 290
    sources = [ws_row[0] for ws_row in wb["Källor"].iter_rows(min_row=5, max_row=7, values_only=True)]
    assert sources == ["N15419", "N15505", None]  # each KPI once, though it has two slides


def test_maps_for_chosen_kpis_only(full_store):
    req = DeckRequest("1880", 2019, kpi_ids=("N15419", "N15505"), maps=True, map_kpis=("N15505",))
    assert [(s.kpi_id, s.is_map) for s in deck_content(full_store, req).slides] == [
        ("N15419", False),
        ("N15505", False),
        ("N15505", True),
    ]


def test_map_for_a_kpi_outside_the_deck_is_refused(full_store):
    req = DeckRequest("1880", 2019, kpi_ids=("N15419",), maps=True, map_kpis=("N15505",))
    with pytest.raises(ExportError, match="Karta önskad för nyckeltal som inte är med i presentationen: N15505."):
        deck_content(full_store, req)


def test_no_map_for_a_kpi_left_out(full_store):
    req = replace(BJURHOLM_2022, maps=True)
    slides = deck_content(full_store, req).slides
    assert len(slides) == 30 and "N15485" not in {s.kpi_id for s in slides}


@needs_chromium
def test_cli_deck_with_map_option(full_store_path, tmp_path):
    out = tmp_path / "deck.pptx"
    env = {**os.environ, "TRAPPAN_DB": str(full_store_path)}
    args = ["deck", "--municipality", "2403", "--year", "2022", "--kpi", "N15419,N15485", "--map", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(Presentation(str(out)).slides) == 4  # title, N15419, its map, sources and method
    assert (
        "Utan värde 2022: Elever i åk 6 med lägst betyget E i matematik, kommunala skolor, andel (%) "
        "(N15485, senaste värde 2017)." in done.stdout
    )


# --- the "Skapa presentation" page ------------------------------------------------------------


@needs_chromium
def test_page_checkbox_adds_each_kpis_map(small_store_path, monkeypatch):
    from tests.test_dashboard_exports import presentation

    at = presentation(small_store_path, monkeypatch)
    assert (
        at.checkbox(key="pres_maps").label == "Karta efter varje nyckeltal" and not at.checkbox(key="pres_maps").value
    )
    at.radio(key="pres_mode").set_value("kpis").run()
    at.checkbox(key="pres_maps").check().run()
    at.button(key="pres_build").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Klar: 4 bilder (1 nyckeltal) på ")
    table = at.dataframe[0].value
    assert [label[-20:] for label in table["Nyckeltal"]] == [", andel (%) (N15419)", "(%) (N15419) – karta"]


@needs_chromium
def test_page_names_the_kpis_left_out(small_store_path, monkeypatch):
    from tests.test_dashboard_exports import presentation

    at = presentation(small_store_path, monkeypatch, kommun="2403", ar="2022")
    at.radio(key="pres_mode").set_value("kpis").run()
    at.multiselect[0].set_value(["N15419", "N15485"]).run()
    at.button(key="pres_build").click().run()
    assert at.success[0].value.startswith("Klar: 3 bilder (1 nyckeltal) på ")
    assert at.info[0].value == (
        "Utan värde 2022 och därför inte med (de nämns på första och sista bilden): Elever i åk 6 med lägst "
        "betyget E i matematik, kommunala skolor, andel (%) (N15485, senaste värde 2017)."
    )
