"""Chart downloads (dashboard/downloads.py, dashboard/export/chart_files.py) and the "Skapa
presentation" page (dashboard/views/7_Presentation.py).

Hand-checked numbers: Örebro 1880 N15419 2019 T = 69,6 and Riket 2019 T = 73,4 (helper facts;
SELECT value FROM observation WHERE kpi_id='N15419' AND year=2019 AND gender='T' AND
municipality_id IN ('1880','0000')). N15419's load date in the snapshot is 2024-08-31 (store.queries.
data_date, the snapshot's date), so its caption reads "Källa: Kolada (hämtad 2024-08-31), bearbetning:
Trappan". Grundskola's headline set has 18 KPIs (SELECT count(*) FROM area_headline WHERE
area_id='grundskola' → 18). A one-KPI deck has 3 slides: title, the KPI, sources and method.
"""

from __future__ import annotations

import io
import struct

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard.charts import ChartText, matrix_chart
from dashboard.downloads import render_image
from dashboard.export.build import chart_figure
from dashboard.export.chart_files import chart_table, chart_workbook
from dashboard.export.content import DeckRequest
from dashboard.export.workbook import HEADER_ROW
from dashboard.ui import plain
from store.db import Store
from store.write import Assessment, save_assessment
from tests.dashboard_support import APP, ROOT

CAPTION = "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"
PAGE = ROOT / "dashboard" / "views" / "7_Presentation.py"
OREBRO_2019 = {"kommun": "1880", "ar": "2019", "kpi": "N15419", "omrade": "grundskola"}

# What app.py does before it runs a page: open the store, draw the sidebar, publish the view. Used
# while the page is not yet in app.py's PAGES; once it is, the tests go through app.py itself.
HARNESS = f"""
import runpy
import streamlit as st
from dashboard import state
from dashboard.connection import connection
connection()
st.session_state["view"] = state.sidebar()
runpy.run_path({str(PAGE)!r})
"""


@pytest.fixture(scope="module")
def trend(full_store) -> go.Figure:
    """Örebro's N15419 trend chart 2010–2019 as the app and the deck draw it, with its texts."""
    return chart_figure(full_store, DeckRequest("1880", 2019, kpi_ids=("N15419",)))


def data_rows(xlsx: bytes, sheet: str, header_row: int = HEADER_ROW) -> list[dict]:
    """The table of a sheet as dicts keyed by its header row (workbook_bytes puts the chart's
    table under row HEADER_ROW, the sources under row 4)."""
    ws = load_workbook(io.BytesIO(xlsx))[sheet]
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[0] is not None]


def test_png_is_rendered_at_twice_the_chart_size(trend):
    png = render_image(trend, "png")
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (2 * 1000, 2 * trend.layout.height)


@pytest.mark.parametrize(("fmt", "start"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")])
def test_each_format_is_that_format(trend, fmt, start):
    assert render_image(trend, fmt).lstrip()[: len(start)] == start


def test_svg_carries_the_source_caption(trend):
    assert CAPTION in render_image(trend, "svg").decode("utf-8")


@pytest.mark.parametrize(("column", "value"), [("Örebro", 69.6), ("Riket", 73.4)])
def test_workbook_holds_the_charts_2019_values(trend, column, value):
    row = next(r for r in data_rows(chart_workbook(trend), "Data") if r["År"] == 2019)
    assert row[column] == pytest.approx(value)


def test_workbook_sources_sheet_names_source_and_link(trend):
    xlsx = chart_workbook(trend, link="?kommun=1880&ar=2019")
    facts = {r["Uppgift"]: r["Värde"] for r in data_rows(xlsx, "Källor", header_row=4)}
    assert (facts["Källa"], facts["Vy i Trappan"]) == (CAPTION, "?kommun=1880&ar=2019")


def test_peer_lines_sharing_a_legend_entry_get_their_municipalitys_column():
    fig = go.Figure(
        [
            go.Scatter(x=[2018, 2019], y=[70.0, 70.9], name="Jämförelsekommuner", text=["Linköping"] * 2),
            go.Scatter(x=[2018, 2019], y=[68.0, 69.3], name="Jämförelsekommuner", text=["Norrköping"] * 2),
            go.Scatter(x=[2018, 2019], y=[65.6, 69.6], name="Örebro"),
        ]
    )
    assert list(chart_table(fig).columns) == ["År", "Linköping", "Norrköping", "Örebro"]


def test_horizontal_bars_become_name_and_value_rows():
    fig = go.Figure(go.Bar(x=[66.6, 69.6], y=["Västerås", "Örebro"], orientation="h"))
    fig.update_xaxes(title_text="%")
    assert chart_table(fig).to_dict("list") == {"Namn": ["Västerås", "Örebro"], "Värde (%)": [66.6, 69.6]}


def jamfor_heatmap(lang: str) -> go.Figure:
    """Jämför's heatmap of Örebro and Umeå 2019: N15008 (kr/elev) and N15419 (%), Umeå without N15419."""
    matrix = pd.DataFrame(
        {
            "kpi_title": ["Kostnad för kommunal grundskola åk 1-9, kr/elev (N15008)"] * 2 + ["N15419 (N15419)"] * 2,
            "municipality_title": ["Örebro", "Umeå"] * 2,
            "value": [111601.558281, 107812.0, 69.6, None],
            "quartile": ["none", "none", "yellow", "grey"],
            "unit": ["kr/elev", "kr/elev", "%", "%"],
        }
    )
    return matrix_chart(matrix, ChartText("Jämför", lang=lang))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_heatmap_numbers_come_from_the_data_not_the_cell_text(lang):
    # the cells read '111,6 tkr' / '111.6k SEK'; the table holds Örebro's N15008 2019 as stored
    fig = jamfor_heatmap(lang)
    assert fig.data[0].text[0][0] == ("111.6k SEK" if lang == "en" else "111,6 tkr")
    name = "Name" if lang == "en" else "Namn"
    table = chart_table(fig, lang)
    assert table.astype(object).where(table.notna(), None).to_dict("records") == [
        {name: "Kostnad för kommunal grundskola åk 1-9, kr/elev (N15008)", "Örebro": 111601.558281, "Umeå": 107812.0},
        {name: "N15419 (N15419)", "Örebro": 69.6, "Umeå": None},
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_heatmap_workbook_formats_each_row_by_its_unit(lang):
    ws = load_workbook(io.BytesIO(chart_workbook(jamfor_heatmap(lang), lang))).worksheets[0]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1))
    assert [(c.value, c.number_format) for c in rows[0][1:]] == [(111601.558281, "#,##0"), (107812, "#,##0")]
    assert (rows[1][1].value, rows[1][1].number_format, rows[1][2].value) == (69.6, "#,##0.0", None)


# --- the buttons under a chart ----------------------------------------------------------------


def buttons_app(monkeypatch, browser: str | None = None) -> AppTest:
    """A page with one chart and its download buttons, for the view Örebro 2019."""
    if browser is not None:
        monkeypatch.setenv("BROWSER_PATH", browser)

    def script() -> None:
        from types import SimpleNamespace

        import plotly.graph_objects as go
        import streamlit as st

        from dashboard.downloads import chart_downloads, file_name

        st.session_state["view"] = SimpleNamespace(municipality_title="Örebro", year=2019)
        fig = go.Figure(go.Scatter(x=[2018, 2019], y=[65.6, 69.6], name="Örebro"))
        chart_downloads(fig, "kpi_trend", "nyckeltal_trend")
        st.text(file_name("nyckeltal_trend", "png"))

    return AppTest.from_function(script, default_timeout=60).run()


def test_chart_gets_png_svg_pdf_and_excel_buttons(monkeypatch):
    at = buttons_app(monkeypatch)
    buttons = at.get("download_button")
    assert [(b.label, b.proto.disabled) for b in buttons] == [
        ("PNG", False),
        ("SVG", False),
        ("PDF", False),
        ("Excel", False),
    ]


def test_file_name_names_chart_municipality_and_year(monkeypatch):
    assert buttons_app(monkeypatch).text[0].value == "trappan_nyckeltal-trend_orebro_2019.png"


def test_missing_chromium_disables_images_with_a_plain_message(monkeypatch, tmp_path):
    at = buttons_app(monkeypatch, browser=str(tmp_path / "no-chromium"))
    assert not at.exception
    assert [b.proto.disabled for b in at.get("download_button")] == [True, True, True, False]
    assert "Diagrambilder (PNG, SVG, PDF) och presentationer kräver webbläsaren Chromium" in at.caption[0].value


# --- Skapa presentation -----------------------------------------------------------------------


def presentation(db, monkeypatch, **params: str) -> AppTest:
    """The page after one run, from app.py when its navigation has the page, else from HARNESS."""
    monkeypatch.setenv("TRAPPAN_DB", str(db))
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params.update({**OREBRO_2019, **params})
    at.run()
    try:
        return at.switch_page(str(PAGE.relative_to(APP.parent))).run()
    except ValueError:  # not (yet) in app.py's PAGES
        at = AppTest.from_string(HARNESS, default_timeout=180)
        at.query_params.update({**OREBRO_2019, **params})
        return at.run()


def test_page_offers_the_areas_headline_set_by_default(small_store_path, monkeypatch):
    at = presentation(small_store_path, monkeypatch)
    assert not at.exception and not at.error
    assert at.title[0].value == "Skapa presentation"
    assert at.radio(key="pres_mode").value == "area"
    assert "18 nyckeltal i områdets urval." in [c.value for c in at.caption]


def test_building_a_one_kpi_deck_offers_pptx_and_xlsx(small_store_path, monkeypatch):
    at = presentation(small_store_path, monkeypatch)
    at.radio(key="pres_mode").set_value("kpis").run()
    assert at.multiselect[0].value == ["N15419"]  # the view's KPI is preselected
    at.button(key="pres_build").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Klar: 3 bilder (1 nyckeltal) på ")
    assert [b.proto.label for b in at.get("download_button")] == [
        "Ladda ner presentationen (.pptx)",
        "Ladda ner siffrorna (.xlsx)",
    ]
    _, files, _ = at.session_state["presentation_result"]
    assert len(Presentation(io.BytesIO(files.pptx)).slides) == 3


def test_saved_assessments_without_any_say_so_and_offer_no_button(small_store_path, monkeypatch):
    at = presentation(small_store_path, monkeypatch)
    at.radio(key="pres_mode").set_value("assessments").run()
    assert at.info[0].value.startswith("Det finns inga sparade självvärderingar för Örebro 2019 (totalt).")
    assert not [b for b in at.button if b.key == "pres_build"]


def test_saved_assessments_are_counted(small_store_path, monkeypatch):
    save_assessment(
        Store(small_store_path), Assessment("1880", "N15419", 2019, "T", status="red", author="Anna Analytiker")
    )
    at = presentation(small_store_path, monkeypatch)
    at.radio(key="pres_mode").set_value("assessments").run()
    assert "1 sparade självvärderingar för Örebro 2019 (totalt)." in [c.value for c in at.caption]


def test_missing_chromium_is_a_plain_message_not_a_traceback(small_store_path, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = presentation(small_store_path, monkeypatch)
    at.radio(key="pres_mode").set_value("kpis").run()
    at.button(key="pres_build").click().run()
    assert not at.exception
    # shown as text: Markdown's '_' in the path is escaped (dashboard.ui.plain)
    assert at.error[0].value.startswith(plain(f"BROWSER_PATH pekar på {tmp_path / 'no-chromium'}"))
    assert "presentation_result" not in at.session_state


def test_missing_chromium_is_said_in_the_sessions_language(small_store_path, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = presentation(small_store_path, monkeypatch, lang="en")
    at.radio(key="pres_mode").set_value("kpis").run()
    at.button(key="pres_build").click().run()
    assert not at.exception
    assert at.error[0].value.startswith(plain(f"BROWSER_PATH points to {tmp_path / 'no-chromium'}, but there is no"))
    assert at.error[0].value.endswith(plain("or give its path in the environment variable BROWSER_PATH."))
