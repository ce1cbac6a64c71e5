"""Trappan – Streamlit entry point: `streamlit run dashboard/app.py`.

Builds the store from the shipped snapshot on first start, then shows what is loaded.
(The full multipage dashboard replaces this start page.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from loaders.build import ensure_built  # noqa: E402
from store import queries  # noqa: E402
from store.db import connect, db_path  # noqa: E402


@st.cache_resource(show_spinner=False)
def store_connection():
    if not db_path().exists():
        with st.status("Bygger databasen från den medföljande Kolada-ögonblicksbilden (ca 15 s) …") as box:
            ensure_built(progress=box.write)
            box.update(label="Databasen är byggd.", state="complete")
    return connect()


st.set_page_config(page_title="Trappan", layout="wide")
con = store_connection()
st.title("Trappan")
t = queries.status_totals(con).iloc[0]
st.write(
    f"{t.n_values:,} värden, {t.n_kpis} nyckeltal, {t.n_municipalities} kommuner, år {t.first_year}–{t.last_year}.".replace(
        ",", " "
    )
)
df = queries.series(con, "N15419", ["1880", "0000"])
st.dataframe(df)
