"""Chart titles wrap to the chart's width (the house style, dashboard/charts.py): a long KPI title
in Översikt's ranking column no longer runs out of the chart; the subtitle and legend move down
by the extra lines and the figure grows by them, so the plot keeps its height.

The two titles: N15419 "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala
skolor, andel (%)" (85 characters) and U15461 "Elever i åk 9 som är behöriga till yrkesprogram
avvikelse från modellberäknat värde kommunala skolor, procentenheter (-2024)" (124 characters).
Översikt's ranking chart is 616 CSS px wide at a 1 500 px window, the map beside it 408 px.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts
from dashboard.export import textfit
from dashboard.export.build import chart_figure
from dashboard.export.content import DeckRequest

N15419 = "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor, andel (%)"
U15461 = (
    "Elever i åk 9 som är behöriga till yrkesprogram avvikelse från modellberäknat värde kommunala skolor, "
    "procentenheter (-2024)"
)
RANKED = pd.DataFrame(
    {
        "municipality_id": ["1880", "0180", "2029"],
        "title": ["Örebro", "Stockholm", "Leksand"],
        "value": [69.6, 80.5, 74.7],
        "rank": [3, 1, 2],
        "n": [3, 3, 3],
        "quartile": ["red", "green", "yellow"],
    }
)


def lines(fig) -> list[str]:
    return fig.layout.title.text.split("<br>")


@pytest.mark.parametrize(
    ("title", "width", "n_lines"),
    [
        (N15419, 616, 2),  # Översikt's ranking column
        (N15419, None, 1),  # across the page (and a download, 1 000 px)
        (U15461, 616, 2),
        (U15461, 408, 4),  # the map's column
        (U15461, None, 2),
        ("Utveckling över tid", 512, 1),
    ],
)
def test_title_wraps_to_the_charts_width(title, width, n_lines):
    fig = charts.ranking_chart(RANKED, "1880", charts.ChartText(title, "Örebro, 2019", width=width))
    room = ((width or charts.FULL_WIDTH) - charts.TEXT_INSET) / charts.FONT_WIDTH_FACTOR
    assert len(lines(fig)) == n_lines
    assert all(textfit.text_width(line, charts.TITLE_SIZE) <= room for line in lines(fig))
    assert " ".join(lines(fig)) == title.replace("&", "&amp;")  # every word kept, in order


def test_extra_title_line_moves_legend_and_plot_down_and_grows_the_figure():
    short = charts.ranking_chart(RANKED, "1880", charts.ChartText("Kort", "Örebro, 2019", width=616))
    long = charts.ranking_chart(RANKED, "1880", charts.ChartText(N15419, "Örebro, 2019", width=616))
    # one more line (22 px) and the first line's drop Plotly.js needs for a title of several lines (12 px)
    assert (short.layout.height, long.layout.height) == (440, 474)
    assert long.layout.margin.t - short.layout.margin.t == 34
    assert (short.layout.title.pad.t, long.layout.title.pad.t) == (12, 24)
    # the legend's top stays just under the subtitle: 64 + 34 px from the top of a 474 px figure
    assert (round(short.layout.legend.y, 4), round(long.layout.legend.y, 4)) == (
        round(1 - 64 / 440, 4),
        round(1 - 98 / 474, 4),
    )


def test_long_subtitle_wraps_too():
    subtitle = (
        "Örebro, 2019, Totalt, Liknande kommuner grundskola, Örebro (2024), egen jämförelsegrupp med ett långt namn"
    )
    fig = charts.ranking_chart(RANKED, "1880", charts.ChartText("Kort", subtitle, width=408))
    assert fig.layout.title.subtitle.text.count("<br>") == 2
    assert fig.layout.height == 440 + 2 * charts.SUBTITLE_LINE_PX


def test_title_from_data_stays_text_when_wrapped():
    fig = charts.ranking_chart(RANKED, "1880", charts.ChartText("<b>fet</b> " + N15419, width=408))
    assert "&lt;b&gt;fet&lt;/b&gt;" in fig.layout.title.text and "<b>" not in fig.layout.title.text


def test_scatter_title_keeps_its_own_line_break():
    text = charts.ChartText("Y-nyckeltal (N1)\nmot X-nyckeltal (N2)", "Örebro, 2019")
    assert charts.header_lines(text) == ("Y-nyckeltal (N1)\nmot X-nyckeltal (N2)", "Örebro, 2019", 22 + 12)


def test_standalone_chart_image_wraps_a_long_title(full_store):
    fig = chart_figure(full_store, DeckRequest("1880", 2019, kpi_ids=("U15461",)))
    assert lines(fig) == [
        "Elever i åk 9 som är behöriga till yrkesprogram avvikelse från modellberäknat värde kommunala skolor,",
        "procentenheter (-2024)",
    ]


@pytest.mark.browser
def test_overview_titles_stay_inside_their_charts_in_chromium(full_store_path, tmp_path):
    """At 1 500 px, Översikt's ranking chart (616 px) and map (408 px) draw their titles inside
    their own width (before: the ranking title was 948 px wide in a 616 px chart)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.dashboard_support import CHROMIUM, CHROMIUM_ARGS, copy_store, streamlit_server, wait_until_idle

    db = copy_store(full_store_path, tmp_path)
    with streamlit_server(db, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(f"{url}/?kommun=1880&ar=2019&kpi=U15461&lang=en")
            wait_until_idle(page)
            page.wait_for_selector(".st-key-overview_map .choroplethlocation", timeout=60_000)
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('.js-plotly-plot')].map(e => {
                    const r = e.getBoundingClientRect(), t = e.querySelector('.gtitle').getBoundingClientRect();
                    return {left: r.left, right: r.right, tleft: t.left, tright: t.right, width: r.width};
                })"""
            )
        finally:
            browser.close()
    assert [round(b["width"]) for b in boxes] == [616, 408]
    assert all(b["left"] <= b["tleft"] and b["tright"] <= b["right"] for b in boxes), boxes
