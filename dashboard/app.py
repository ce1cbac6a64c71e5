"""Trappan – Streamlit entry point: `streamlit run dashboard/app.py`, or `streamlit run
dashboard/serve.py`, which runs this script and prepares its imports at the server's start.

Opens (and on first start builds) the store, draws the global choices in the sidebar, and runs the
chosen page. Pages read the choices from `state.current_view()`; the URL mirrors them, so
`/?kommun=1880&ar=2019` opens Örebro 2019.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from dashboard import startup  # noqa: E402
from i18n import t  # noqa: E402

# Not "pages/": Streamlit treats a folder of that name beside the main script as an old-style
# (v1) multipage app and, on a fresh server's first run, resolves the URL against its file names
# before this script runs — a deep link such as /nyckeltal then flashed "Page not found", and
# /Oversikt ran the page file without this script. tests/test_page_paths.py keeps it so.
PAGES_DIR = Path(__file__).with_name("views")
PAGES = (
    ("1_Oversikt.py", "page_overview", ":material/dashboard:", "oversikt"),
    ("2_Nyckeltal.py", "page_kpi", ":material/show_chart:", "nyckeltal"),
    ("3_Jamfor.py", "page_compare", ":material/compare_arrows:", "jamfor"),
    ("4_Monster.py", "page_patterns", ":material/scatter_plot:", "monster"),
    ("5_Analystrappan.py", "page_staircase", ":material/stairs:", "analystrappan"),
    ("8_Mal.py", "page_goals", ":material/flag:", "mal"),
    ("6_Data.py", "page_data", ":material/database:", "data"),
    ("7_Presentation.py", "page_presentation", ":material/slideshow:", "presentation"),
)

WARM_UP_FIGURE = {  # one empty trace (Plotly refuses a figure without any), no axes, 10 px high
    "data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}],
    "layout": {
        "height": 10,
        "margin": {"t": 0, "b": 0, "l": 0, "r": 0},
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "showlegend": False,
    },
}

startup.configure_logging()
log = logging.getLogger("trappan.dashboard")

# A local file, not ":material/stairs:": a Material favicon is fetched from fonts.gstatic.com, and the
# app sends nothing off this machine.
st.set_page_config(page_title="Trappan", page_icon=str(Path(__file__).with_name("icon.svg")), layout="wide")
# The browser loads Plotly.js (a 4,7 MB script) only when the first chart arrives. An empty chart
# sent first makes it start now, while this script opens the store and computes the page; the
# slot then takes the data-currency line. bench/dashboard_bench.py measures the first chart.
top_slot = st.empty()
top_slot.plotly_chart(WARM_UP_FIGURE, config={"staticPlot": True}, key="plotly_warm_up")

# Imported after the warm-up chart is on its way: these bring pandas, DuckDB and the analysis
# (already imported when dashboard/serve.py started the server; wait() lets a preparation still
# under way finish rather than importing the same modules beside it).
startup.wait()
from dashboard import freshness, state  # noqa: E402
from dashboard.connection import connection  # noqa: E402
from store.db import StoreError  # noqa: E402

state.read_url_once()
lang = state.lang()
# The navigation is declared before the store opens, so even the very first start (which builds the
# store) shows Trappan's own menu.
pages = [
    st.Page(PAGES_DIR / file, title=t(key, lang), icon=icon, url_path=path, default=i == 0)
    for i, (file, key, icon, path) in enumerate(PAGES)
]
aliases = {
    alias: ("" if i == 0 else path)
    for i, (file, key, _, path) in enumerate(PAGES)
    for alias in (path, Path(file).stem, t(key, "sv"), t(key, "en"))
}
state.land_on_known_page(aliases)
page = st.navigation(pages, position="sidebar")
try:
    connection(lang)
    view = state.sidebar()
except StoreError as exc:
    from dashboard import ui  # only here: the page's own import brings it otherwise

    st.error(t("store_error", lang, message=ui.error_text(exc, lang)))
    st.stop()
except Exception:
    log.exception("Start failed")
    st.error(t("unexpected_error", lang, what="start"))
    st.stop()
st.session_state["view"] = view
state.write_url(view)
top_slot.empty()
page.run()
# The data-currency line heads every page; it is filled after the page has run, so its (cached)
# query never delays a page's first chart.
top_slot.caption(freshness.page_line(view.lang), help=t("currency_help", view.lang))
