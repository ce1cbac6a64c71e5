"""The Excel workbook: one sheet per chart with the chart's numbers as numbers, plus sources."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from analysis.format import spreadsheet_text
from dashboard import charts
from dashboard.export.build import build_workbook
from dashboard.export.chart_files import chart_workbook
from dashboard.export.content import DeckRequest
from dashboard.export.workbook import HEADER_ROW, deck_workbook, figure_table
from tests.export_samples import sample_deck, sample_slide


@pytest.fixture(scope="module")
def workbook(full_store):
    deck = sample_deck(full_store, (sample_slide(full_store, "N15419"), sample_slide(full_store, "N15505")))
    return load_workbook(io.BytesIO(deck_workbook(deck)))


def test_one_sheet_per_chart_then_sources(workbook):
    assert workbook.sheetnames == ["1 N15419", "2 N15505", "Källor"]


def _cell(ws, year: int, column: str):
    headers = [c.value for c in ws[HEADER_ROW]]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value == year:
            return row[headers.index(column)]
    raise AssertionError(f"no row for {year}")


@pytest.mark.parametrize(
    ("sheet", "year", "column", "expected"),
    [
        # snapshot: Örebro 1880 N15419 T 2019 = 69,6; Riket 0000 2019 T = 73,4 (helper-context facts)
        ("1 N15419", 2019, "Örebro", 69.6),
        ("1 N15419", 2016, "Örebro", 74.8),
        ("1 N15419", 2019, "Riket", 73.4),
    ],
)
def test_chart_numbers_are_numbers_with_one_decimal(workbook, sheet, year, column, expected):
    cell = _cell(workbook[sheet], year, column)
    assert (cell.value, cell.number_format) == (pytest.approx(expected), "#,##0.0")


def test_years_are_whole_numbers(workbook):
    years = [r[0].value for r in workbook["1 N15419"].iter_rows(min_row=HEADER_ROW + 1)]
    assert all(isinstance(y, int) for y in years) and 2019 in years


def test_headers_and_caption_are_swedish(workbook):
    ws = workbook["1 N15419"]
    assert ws["A3"].value == "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"
    assert [c.value for c in ws[HEADER_ROW]][0] == "År"


def test_sources_sheet_lists_definition_and_load_date(workbook):
    ws = workbook["Källor"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["N15419"][4] == "2024-08-31"
    assert rows["N15419"][5].startswith("Andel elever med godkänt betyg i alla ämnen")


def test_figure_table_puts_each_trace_in_a_column():
    fig = go.Figure(
        [go.Scatter(x=[2018, 2019], y=[65.6, 69.6], name="Örebro"), go.Bar(x=[2019], y=[73.4], name="Riket")]
    )
    table = figure_table(fig)
    assert table.to_dict("list") == {
        "År": [2018, 2019],
        "Örebro": [65.6, 69.6],
        "Riket": [pytest.approx(float("nan"), nan_ok=True), 73.4],
    }


# --- numbers from the data, with the unit's decimals, in both languages -----------------------------


@pytest.fixture(scope="module", params=["sv", "en"])
def orebro_book(request, full_store):
    """The deck workbook of Örebro 2019, N15419 and N15008, built from the store (no Chromium)."""
    req = DeckRequest("1880", 2019, area_id="grundskola", kpi_ids=("N15419", "N15008"), lang=request.param)
    return request.param, load_workbook(io.BytesIO(build_workbook(full_store, req)))


def test_a_peer_mean_is_the_number_not_its_float_noise(orebro_book):
    lang, wb = orebro_book
    ws = wb["1 N15419"]
    mean = next(
        h
        for h in (c.value for c in ws[HEADER_ROW])
        if str(h).startswith(("Medel Liknande", "Mean Similar municipalities"))
    )
    cell = _cell(ws, 2010, mean)
    # Liknande kommuner grundskola 2010: (76,0 + 72,6 + 78,1 + 73,5 + 79,2 + 75,5 + 83,4) / 7 = 76,9;
    # summed in floats that is 76.89999999999999, which Excel would show when the cell is edited
    assert (repr(cell.value), cell.number_format) == ("76.9", "#,##0.0")


@pytest.mark.parametrize(
    ("year", "column", "expected"), [(2019, "Örebro", 111601.558281), (2018, "Örebro", 111877.956556)]
)
def test_kronor_are_the_stored_number_shown_whole(orebro_book, year, column, expected):
    # Örebro N15008 (kr/elev) T, as stored: 2019 111 601,558281, 2018 111 877,956556
    cell = _cell(orebro_book[1]["2 N15008"], year, column)
    assert (cell.value, cell.data_type, cell.number_format) == (expected, "n", "#,##0")


def test_years_are_whole_in_both_languages(orebro_book):
    lang, wb = orebro_book
    ws = wb["2 N15008"]
    assert ws.cell(HEADER_ROW, 1).value == ("Year" if lang == "en" else "År")
    years = [r[0] for r in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert {(type(c.value), c.number_format) for c in years} == {(int, "0")}


# --- text from data, files or people is text, never a formula ---------------------------------------

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tTAB=1+1",
)


def _hostile_deck(full_store):
    """A deck whose every text — KPI title, unit, definition, subtitle, caption, peer mean column,
    a text cell, the method paragraphs — is one of the hostile strings."""
    slides = []
    for i, bad in enumerate(HOSTILE):
        slide = sample_slide(full_store, "N15419", title=bad)
        data = slide.chart_data.rename(columns={"Riket": bad}).assign(Anteckning=bad)
        slides.append(
            dataclasses.replace(
                slide, kpi_id=f"N1541{i}", unit=bad, definition=bad, subtitle=bad, caption=bad, chart_data=data
            )
        )
    deck = sample_deck(full_store, tuple(slides))
    return dataclasses.replace(deck, title=HOSTILE[0], method=HOSTILE)


def _formula_elements(xlsx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return sum(len(re.findall(rb"<f[ >]", z.read(n))) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_hostile_texts_in_a_deck_workbook_are_text_cells(full_store):
    xlsx = deck_workbook(_hostile_deck(full_store))
    assert _formula_elements(xlsx) == 0
    cells = [c for ws in load_workbook(io.BytesIO(xlsx)) for row in ws.iter_rows() for c in row if c.value in HOSTILE]
    assert {c.value for c in cells} == set(HOSTILE)  # each written exactly as it was
    assert {(c.data_type, c.quotePrefix) for c in cells} == {("s", True)}  # text, and Excel keeps it text on edit


def test_hostile_names_in_a_chart_workbook_are_text_cells():
    # a municipality, a peer mean and a chart title named hostilely, through Plotly's escaping and back
    values = pd.DataFrame({"municipality_id": ["1880", "x"], "title": ["Örebro", HOSTILE[1]], "value": [69.6, 66.6]})
    text = charts.ChartText(HOSTILE[0], HOSTILE[2], "Källa: Kolada", x_title="%")
    fig = charts.peer_bars(values, "1880", text, references=[(HOSTILE[3], 73.4)])
    xlsx = chart_workbook(fig, link=HOSTILE[4])
    assert _formula_elements(xlsx) == 0
    cells = [c for ws in load_workbook(io.BytesIO(xlsx)) for row in ws.iter_rows() for c in row if c.value in HOSTILE]
    assert {c.value for c in cells} == {HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[4]}
    assert {(c.data_type, c.quotePrefix) for c in cells} == {("s", True)}


@pytest.mark.parametrize(
    ("value", "written"),
    [*((bad, "'" + bad) for bad in HOSTILE), ("Örebro", "Örebro"), (-2.0, -2.0), (69.6, 69.6)],
)
def test_csv_text_cannot_start_a_formula(value, written):
    # `python -m analysis rank --format csv`: texts that a spreadsheet could run get an apostrophe
    assert spreadsheet_text(value) == written
