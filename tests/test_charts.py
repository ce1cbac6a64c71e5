"""dashboard/charts.py: pure figure builders carry the house style (decimal comma, whole-number
years, the source caption, quartile colours named in words). Small hand-made frames, no store."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard import charts
from dashboard.charts import ChartText

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
    assert [tr.name for tr in fig.data[1:]] == ["Bästa 25 %", "Mellersta 50 %", "Sämsta 25 %", "Ingen riktning"]
    assert fig.layout.legend.yref == "paper"
