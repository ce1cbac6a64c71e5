"""Units in English: an English page, chart, deck or report words Kolada's units in English
("−3.5 percentage points", "111,602 SEK/pupil"); Swedish keeps Kolada's own; KPI titles stay
Kolada's everywhere.

Hand-checked (SELECT value FROM observation WHERE municipality_id='1880' AND year=2019 AND gender='T'):
U15461 (unit 'procentenheter') Örebro 2019 = −3,51473327; N15008 (Kostnad för kommunal grundskola
åk 1-9, 'kr/elev') = 111 601,6; N15034 (Elever/lärare, 'antal') = 13,0.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from analysis.format import fmt_value, unit_text
from analysis.scorecard import ranking
from dashboard import charts
from dashboard.export.build import build_workbook
from dashboard.export.content import DeckRequest, deck_content
from i18n import STRINGS
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture


@pytest.mark.parametrize(
    ("unit", "english"),
    [
        ("procentenheter", "percentage points"),
        ("kr/elev", "SEK/pupil"),
        ("kr/inv", "SEK/inhabitant"),
        ("antal", "count"),
        ("%", "%"),
        ("antal/100 000 inv", "per 100,000 inhabitants"),
        ("miljoner kronor", "SEK million"),
    ],
)
def test_common_units_in_english(unit, english):
    assert unit_text(unit, "en") == english


@pytest.mark.parametrize(
    ("unit", "english"),
    [
        ("kr/inv 1-12 år", "SEK/inhabitant aged 1-12"),  # not in the table: put together from its words
        ("antal/1000 vuxna invånare", "per 1,000 adult inhabitants"),
        ("antal vårddygn/1000 inv", "care days/1,000 inhabitants"),
        ("kr/inv 1 nov fg år.", "SEK/inhabitant 1 Nov of the year before"),
        ("1000 kr/sysselsatt", "SEK thousand/employed person"),
    ],
)
def test_unlisted_unit_is_put_together_from_its_words(unit, english):
    assert unit_text(unit, "en") == english


@pytest.mark.parametrize("unit", ["4=borgerlig/SD styre)", "kr/inv (publiceras när K03138 har värde)"])
def test_unit_with_an_unknown_word_stays_kolada_s_whole(unit):
    assert unit_text(unit, "en") == unit


@pytest.mark.parametrize("unit", ["procentenheter", "kr/elev", "antal", "kr/inv 1-12 år"])
def test_swedish_keeps_kolada_s_unit(unit):
    assert unit_text(unit, "sv") == unit


def test_every_unit_of_a_kpi_with_values_is_in_the_table(full_store):
    units = full_store.execute(
        "SELECT DISTINCT trim(unit) FROM kpi WHERE unit <> '' AND kpi_id IN (SELECT DISTINCT kpi_id FROM observation)"
    ).fetchall()
    missing = [u for (u,) in units if f"unit:{u}" not in STRINGS]
    assert len(units) == 97 and missing == []


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (-3.51473327, "procentenheter", "en", "-3.5 percentage points"),
        (-3.51473327, "procentenheter", "sv", "−3,5 procentenheter"),
        (111601.558281, "kr/elev", "en", "111,602 SEK/pupil"),
        (111601.558281, "kr/elev", "sv", "111 602 kr/elev"),
    ],
)
def test_value_with_its_unit(value, unit, lang, text):
    assert fmt_value(value, unit, lang=lang) == text


def test_english_overview_words_the_units(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", lang="en", kpi="U15461")
    table = at.table[0].value
    value = dict(zip(table["Indicator"].str.extract(r"\((\w+)\)$")[0], table["Value"]))
    assert (value["U15461"], value["N15008"]) == ("-3.5 percentage points", "111,602 SEK/pupil")
    assert [m.value for m in at.metric if m.label.startswith("Value")] == ["-3.5"]
    assert [m.label for m in at.metric if m.label.startswith("Value")] == ["Value (percentage points)"]
    assert "procentenheter (-2024) (U15461)" in " ".join(table["Indicator"])  # the title stays Kolada's


def test_english_chart_axis_and_hover_carry_the_english_unit(full_store):
    ranked = ranking(full_store, "N15008", 2019, "T")
    text = charts.ChartText("Kostnad", lang="en", y_title="kr/elev")
    fig = charts.ranking_chart(ranked, "1880", text, "none")
    assert fig.layout.yaxis.title.text == "SEK/pupil"
    trend = charts.trend_chart(ranked.assign(year=2019), "1880", text, unit="kr/elev")
    assert trend.data[-1].hovertemplate.endswith("%{y:,.0f} SEK/pupil<extra></extra>")


def test_english_deck_key_figures_and_workbook_unit(full_store):
    req = DeckRequest("1880", 2019, kpi_ids=("N15008", "U15461"), lang="en")
    deck = deck_content(full_store, req)
    values = {s.kpi_id: s.key_figures[0].value.replace("\u00a0", " ") for s in deck.slides}
    assert values == {"N15008": "111,602 SEK/pupil", "U15461": "-3.5 percentage points"}
    ws = load_workbook(io.BytesIO(build_workbook(full_store, req)))["Sources"]
    units = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(5, 7)}
    assert units == {"N15008": "SEK/pupil", "U15461": "percentage points"}


def test_swedish_deck_keeps_kolada_s_units(full_store):
    deck = deck_content(full_store, DeckRequest("1880", 2019, kpi_ids=("N15008",)))
    assert deck.slides[0].key_figures[0].value.replace("\u00a0", " ") == "111 602 kr/elev"


def test_nyckeltal_metric_keeps_a_long_unit_in_its_label(app_store_path, monkeypatch):  # noqa: F811
    # Leksand N15008 2022: 128 610,2 kr/elev; Riket 126 720,9 → +1 889 (whole kronor)
    at = app_test(app_store_path, monkeypatch, kommun="2029", ar="2022", lang="en", kpi="N15008")
    at.switch_page("views/2_Nyckeltal.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Latest value 2022 (SEK/pupil)"] == "128,610"
    assert metrics["Difference to Sweden"] == "+1,889"
