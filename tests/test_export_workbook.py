"""The Excel workbook: one sheet per chart with the chart's numbers as numbers, plus sources."""

from __future__ import annotations

import io

import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

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
    assert (cell.value, cell.number_format) == (pytest.approx(expected), "0.0")


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
