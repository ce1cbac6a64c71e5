"""dashboard/charts.py: pure figure builders carry the house style (decimal comma, whole-number
years, the source caption, quartile colours named in words). Small hand-made frames, no store."""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard import charts
from dashboard.charts import ChartText
from dashboard.export.images import figure_image
from tests.export_samples import has_chromium

CAPTION = charts.caption_for(dt.date(2024, 8, 31))
TEXT = ChartText("Titel", "Örebro, 2019, Totalt", CAPTION)
# Örebro N15419 2016-2020 T (helper facts): 74,8 72,8 65,6 69,6 68,2; Riket 2019 = 73,4.
SERIES = pd.DataFrame(
    {
        "municipality_id": ["1880"] * 5 + ["0000"],
        "title": ["Örebro"] * 5 + ["Riket"],
        "year": [2016, 2017, 2018, 2019, 2020, 2019],
        "gender": ["T"] * 6,
        "value": [74.8, 72.8, 65.6, 69.6, 68.2, 73.4],
    }
)
RANKING = pd.DataFrame(
    {
        "municipality_id": ["a", "b", "1880", "d"],
        "title": ["A", "B", "Örebro", "D"],
        "value": [90.0, 80.0, 69.6, 50.0],
        "rank": [1, 2, 3, 4],
        "n": [4, 4, 4, 4],
        "quartile": ["green", "yellow", "yellow", "red"],
    }
)


def test_caption_names_kolada_date_and_processing():
    assert CAPTION == "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"


def figures():
    scatter = SimpleNamespace(
        points=RANKING.assign(x=[1.0, 2.0, 3.0, 4.0], y=RANKING["value"], role=["other", "peer", "self", "other"],
                              outlier=[False, False, False, True]),
        pearson=-0.95, spearman=-1.0, n=4, slope=-12.9, intercept=103.5,
    )  # fmt: skip
    matrix = RANKING.rename(columns={"title": "municipality_title"}).assign(kpi_title="N15419")
    return {
        "trend": charts.trend_chart(SERIES, "1880", TEXT),
        "gender": charts.gender_chart(SERIES, TEXT),
        "distribution": charts.distribution_chart(RANKING, "1880", TEXT, riket_value=73.4),
        "peer_bars": charts.peer_bars(RANKING, "1880", TEXT, references=[("Riket", 73.4)]),
        "ranking": charts.ranking_chart(RANKING, "1880", TEXT),
        "scatter": charts.scatter_chart(scatter, TEXT),
        "matrix": charts.matrix_chart(matrix, TEXT),
    }


@pytest.mark.parametrize("name", ["trend", "gender", "distribution", "peer_bars", "ranking", "scatter", "matrix"])
def test_every_chart_has_decimal_comma_and_the_caption(name):
    fig = figures()[name]
    assert fig.layout.separators == ", "
    assert CAPTION in [a.text for a in fig.layout.annotations]
    assert fig.layout.title.text == "Titel" and fig.layout.title.subtitle.text == "Örebro, 2019, Totalt"


@pytest.mark.parametrize("name", ["trend", "gender"])
def test_year_axes_are_whole_numbers(name):
    axis = figures()[name].layout.xaxis
    assert (axis.tickformat, axis.dtick) == ("d", 1)  # 2016–2020: one tick per year, no decimals


def test_ranking_names_quartiles_in_words_and_points_out_the_municipality():
    fig = charts.ranking_chart(RANKING, "1880", TEXT)
    legend = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert legend == ["Bästa 25 %", "Mellersta 50 %", "Sämsta 25 %"]
    assert "Örebro 69,6: 3 av 4" in [a.text for a in fig.layout.annotations]


def test_quartile_colours_are_colour_blind_safe_and_red_is_red():
    # Okabe-Ito bluish green and yellow; Paul Tol's vibrant red, not Okabe-Ito's orange vermillion #D55E00.
    assert [charts.QUARTILE_COLOURS[q] for q in ("green", "yellow", "red")] == ["#009E73", "#F0E442", "#CC3311"]


def test_peer_bars_put_the_best_on_top_for_lower_is_better():
    fig = charts.peer_bars(RANKING, "1880", TEXT, direction="lower")
    # Plotly draws the first category at the bottom: the highest (worst) value comes first.
    assert list(fig.layout.yaxis.categoryarray) == ["A", "B", "Örebro", "D"]


def test_english_labels():
    fig = charts.ranking_chart(RANKING, "1880", ChartText("T", lang="en"))
    assert [tr.name for tr in fig.data][:3] == ["Best 25 %", "Middle 50 %", "Worst 25 %"]
    assert fig.layout.xaxis.title.text == "Rank (1 = best)"


def test_matrix_keeps_rows_apart_when_long_titles_start_alike():
    # Three KPIs whose titles differ only after 60 characters must stay three rows with their own values.
    stem = "Elever i åk 9 som fått ett högre betyg än provbetyg för ämnesprov i "
    matrix = pd.DataFrame(
        {
            "kpi_title": [f"{stem}svenska (N15570)", f"{stem}matematik (N15572)", f"{stem}engelska (N15574)"],
            "municipality_title": ["Örebro"] * 3,
            "value": [27.4, 33.1, 9.0],
            "quartile": ["none"] * 3,
        }
    )
    heat = charts.matrix_chart(matrix, TEXT).data[0]
    assert len(set(heat.y)) == 3
    assert [row[0] for row in heat.text] == ["27,4", "33,1", "9,0"]
    assert heat.y[1].endswith("(N15572)")


def test_matrix_legend_names_every_colour_shown():
    matrix = RANKING.rename(columns={"title": "municipality_title"}).assign(kpi_title="N15419")
    matrix.loc[0, "quartile"] = "none"
    fig = charts.matrix_chart(matrix, TEXT)
    legend = [tr.name for tr in fig.data if tr.type == "scatter" and tr.showlegend is not False]
    assert legend == ["Bästa 25 %", "Mellersta 50 %", "Sämsta 25 %", "Ingen riktning"]
    assert fig.layout.legend.yref == "paper"


# --- numbers as the language writes them, kronor whole, red that reads red ---------------------------

# Örebro 1880 N15008 (kostnad grundskola, kr/elev) T: 2018 111 877,956556; 2019 111 601,558281;
# Riket 2018 113 680,56759; 2019 116 553,291673 (SELECT … FROM observation WHERE kpi_id='N15008').
COSTS = pd.DataFrame(
    {
        "municipality_id": ["1880", "1880", "0000", "0000"],
        "title": ["Örebro", "Örebro", "Riket", "Riket"],
        "year": [2018, 2019, 2018, 2019],
        "gender": ["T"] * 4,
        "value": [111877.956556, 111601.558281, 113680.56759, 116553.291673],
    }
)


@pytest.mark.parametrize(("lang", "separators"), [("sv", ", "), ("en", ".,")])
def test_decimal_mark_and_thousands_follow_the_language(lang, separators):
    fig = charts.trend_chart(COSTS, "1880", ChartText("Kostnad", lang=lang), unit="kr/elev")
    assert fig.layout.separators == separators


def test_value_axes_write_thousands_in_full():
    axis = charts.trend_chart(COSTS, "1880", TEXT, unit="kr/elev").layout.yaxis
    assert (axis.exponentformat, axis.separatethousands) == ("none", True)  # '115 000', never '115k'


@pytest.mark.parametrize(("unit", "decimals"), [("kr/elev", 0), ("kr/inv", 0), ("antal", 0), ("%", 1), ("", 1)])
def test_hover_values_have_the_units_decimals(unit, decimals):
    fig = charts.trend_chart(COSTS, "1880", TEXT, unit=unit)
    assert all(f":,.{decimals}f}}" in tr.hovertemplate for tr in fig.data)
    assert fig.layout.meta == {"decimals": decimals}  # what the Excel number format is made from


@pytest.mark.skipif(not has_chromium(), reason="ingen Chromium på den här maskinen")
@pytest.mark.parametrize(("lang", "tick", "abbreviated"), [("sv", "115 000", "115k"), ("en", "115,000", "115k")])
def test_rendered_kronor_axis_reads_115_000(lang, tick, abbreviated):
    fig = charts.trend_chart(COSTS, "1880", ChartText("Kostnad", lang=lang), unit="kr/elev")
    svg = figure_image(fig, "svg").decode("utf-8")
    ticks = re.findall(r'class="ytick"[^>]*>.*?<text[^>]*>([^<]*)</text>', svg)
    assert tick in ticks and abbreviated not in svg


def test_red_reads_red_and_text_on_it_is_legible():
    # hue of #CC3311 is red (R ≫ G), not orange like the vermillion it replaced (#D55E00: G = 0x5E)
    assert charts.STATUS_COLOURS["red"] == charts.QUARTILE_COLOURS["red"] == "#CC3311"
    assert (charts.TEXT_ON["red"], charts.TEXT_ON["green"]) == ("#FFFFFF", "#000000")


# --- text from data or people is shown, never rendered by Plotly --------------------------------------

HOSTILE = '<a href="http://127.0.0.1:9/a">länk</a> <b>fet</b> <img src="http://127.0.0.1:9/i.png"> & co'


def hostile_figures():
    ranking = RANKING.assign(title=[HOSTILE, "B", "Örebro", "D"])
    text = ChartText(HOSTILE, HOSTILE, CAPTION, x_title=HOSTILE, y_title=HOSTILE)
    series = pd.concat([SERIES, SERIES.assign(municipality_id="x", title=HOSTILE)])
    scatter = SimpleNamespace(
        points=ranking.assign(x=[1.0, 2.0, 3.0, 4.0], y=ranking["value"], role=["peer", "other", "self", "other"],
                              outlier=[True, False, False, False]),
        pearson=-0.95, spearman=-1.0, n=4, slope=-12.9, intercept=103.5,
    )  # fmt: skip
    matrix = ranking.rename(columns={"title": "municipality_title"}).assign(kpi_title=HOSTILE)
    return {
        "trend": charts.trend_chart(series, "1880", text, peer_label=HOSTILE),
        "gender": charts.gender_chart(SERIES, text),
        "distribution": charts.distribution_chart(
            ranking.assign(municipality_id=["1880", "b", "c", "d"]), "1880", text
        ),
        "peer_bars": charts.peer_bars(ranking, "1880", text, references=[(HOSTILE, 73.4)]),
        "ranking": charts.ranking_chart(ranking.assign(municipality_id=["1880", "b", "c", "d"]), "1880", text),
        "scatter": charts.scatter_chart(scatter, text),
        "matrix": charts.matrix_chart(matrix, text),
    }


def _strings(value) -> list[str]:
    """Every string Plotly may draw; `meta` is never drawn (no template names it): the heatmap keeps
    its rows' titles there as written, for the export."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "meta" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("name", ["trend", "gender", "distribution", "peer_bars", "ranking", "scatter", "matrix"])
def test_names_from_data_are_plotly_text_not_markup(name):
    strings = _strings(json.loads(hostile_figures()[name].to_json()))
    assert [s for s in strings if any(tag in s for tag in ("<a href", "<b>fet", "<img"))] == []
    escaped = '&lt;a href="http://127.0.0.1:9/a"&gt;länk&lt;/a&gt; &lt;b&gt;fet&lt;/b&gt;'
    assert any(escaped in s for s in strings)  # shown, as the characters it is


# --- the Jämför heatmap ---------------------------------------------------------------------------------


def cost_matrix(values: list[float], unit: str = "kr/elev") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_title": "Kostnad för kommunal grundskola åk 1-9, kr/elev (N15008)",
            "municipality_title": [f"M{i}" for i in range(len(values))],
            "value": values,
            "quartile": "none",
            "unit": unit,
        }
    )


@pytest.mark.parametrize(
    ("values", "lang", "cells"),
    [
        # Örebro 2019 N15008 111 601,558281 kr/elev; a row with one value ≥ 10 000 is all in thousands
        ([111601.558281, 9800.0], "sv", ["111,6 tkr", "9,8 tkr"]),
        ([111601.558281, 9800.0], "en", ["111.6k SEK", "9.8k SEK"]),
        ([6383.2, 882.4], "sv", ["6 383", "882"]),  # kronor below 10 000: whole kronor
    ],
)
def test_heatmap_kronor_fit_their_cells(values, lang, cells):
    heat = charts.matrix_chart(cost_matrix(values), ChartText("T", lang=lang)).data[0]
    assert list(heat.text[0]) == cells
    assert list(heat.customdata[0]) == values  # the numbers themselves, for the export


def test_heatmap_hover_has_the_full_title_and_value():
    heat = charts.matrix_chart(cost_matrix([111601.558281]), TEXT).data[0]
    assert heat.hovertext[0][0] == (
        "M0<br>Kostnad för kommunal grundskola åk 1-9, kr/elev (N15008)<br>111 602 kr/elev (Ingen riktning)"
    )


def test_heatmap_rows_wrap_and_stay_unique_with_long_similar_titles():
    # N15570/N15569 and the other provbetyg KPIs differ only in "högre/lägre" and the subject, after 30 characters
    stem = "Elever i åk 9 som fått ett {} betyg än provbetyg för ämnesprov i {}, kommunala skolor, andel (%) ({})"
    titles = [
        stem.format(w, s, k)
        for w, s, k in [
            ("högre", "svenska", "N15570"),
            ("lägre", "svenska", "N15569"),
            ("högre", "matematik", "N15572"),
        ]
    ]
    matrix = pd.DataFrame(
        {"kpi_title": titles, "municipality_title": "Örebro", "value": [27.4, 9.1, 33.1], "quartile": "none"}
    )
    labels = list(charts.matrix_chart(matrix, TEXT).data[0].y)
    assert len(set(labels)) == 3 and all(label.count("<br>") == 1 for label in labels)
    assert [label.split("<br>")[0] for label in labels] == [
        "Elever i åk 9 som fått ett högre betyg än provbetyg",
        "Elever i åk 9 som fått ett lägre betyg än provbetyg",
        "Elever i åk 9 som fått ett högre betyg än provbetyg",
    ]
    assert [label.split("<br>")[1] for label in labels] == [
        "för ämnesprov i svenska, kommunala… (N15570)",
        "för ämnesprov i svenska, kommunala… (N15569)",
        "för ämnesprov i matematik, kommunala… (N15572)",
    ]


def test_heatmap_values_are_drawn_in_a_colour_that_reads_on_their_cell():
    matrix = RANKING.rename(columns={"title": "municipality_title"}).assign(kpi_title="N15419")
    layer = charts.matrix_chart(matrix, TEXT).data[1]
    assert (layer.mode, list(layer.text)) == ("text", ["90,0", "80,0", "69,6", "50,0"])
    assert list(layer.textfont.color) == ["#000000", "#000000", "#000000", "#FFFFFF"]  # green, yellow, yellow, red


def test_map_title_wraps_with_a_line_break_and_names_stay_text():
    # Upplands Väsby (0114), Vallentuna (0115), Österåker (0117): three municipalities of the map
    from dashboard import maps

    ranked = pd.DataFrame(
        {
            "municipality_id": ["0114", "0115", "0117"],
            "title": [HOSTILE, "Vallentuna", "Österåker"],
            "value": [1.0, 2.0, None],
            "rank": [1, 2, None],
            "n": [2, 2, None],
            "quartile": ["green", "red", "grey"],
        }
    )
    title = "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, <b>kommunala</b> skolor"
    fig = maps.municipality_map(ranked, "0114", ChartText(title))
    assert fig.layout.title.text.count("<br>") == 1 and "&lt;b&gt;kommunala&lt;/b&gt;" in fig.layout.title.text
    strings = _strings(json.loads(fig.to_json()))
    assert [s for s in strings if any(tag in s for tag in ("<a href", "<b>fet", "<img"))] == []
