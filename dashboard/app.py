"""Trappan – Streamlit entry point: `streamlit run dashboard/app.py`.

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

from dashboard import state  # noqa: E402
from dashboard.connection import connection  # noqa: E402
from i18n import t  # noqa: E402
from store.db import StoreError  # noqa: E402

PAGES_DIR = Path(__file__).with_name("pages")
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

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("trappan.dashboard")

st.set_page_config(page_title="Trappan", page_icon=":material/stairs:", layout="wide")
lang = state.lang()
# The navigation is declared before the store opens, so even the very first start (which builds the
# store) shows Trappan's own menu rather than Streamlit's automatic list of files in pages/.
pages = [
    st.Page(PAGES_DIR / file, title=t(key, lang), icon=icon, url_path=path, default=i == 0)
    for i, (file, key, icon, path) in enumerate(PAGES)
]
page = st.navigation(pages, position="sidebar")
try:
    connection(lang)
    view = state.sidebar()
except StoreError as exc:
    st.error(t("store_error", lang, message=str(exc)))
    st.stop()
except Exception:
    log.exception("Start failed")
    st.error(t("unexpected_error", lang, what="start"))
    st.stop()
st.session_state["view"] = view
state.write_url(view)
page.run()
