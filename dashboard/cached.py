"""Cached calls into analysis/ and store/, keyed on plain arguments.

Pages call these instead of analysis/store directly, so a widget change that does not change the
arguments costs a cache hit, not a query. Each call borrows its own cursor of the one connection.
After any write (Spara, import, direction edit, fetch) `clear()` drops every cached result.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import patterns, peers, scorecard, staircase
from dashboard.connection import cursor
from store import currency, queries


def clear() -> None:
    st.cache_data.clear()


# --- store reads -------------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def municipalities() -> pd.DataFrame:
    with cursor() as cur:
        return queries.municipalities(cur)


@st.cache_data(show_spinner=False)
def areas() -> pd.DataFrame:
    with cursor() as cur:
        return queries.areas(cur)


@st.cache_data(show_spinner=False, max_entries=64)
def area_kpis(area_id: str, headline_only: bool = False) -> pd.DataFrame:
    with cursor() as cur:
        return queries.area_kpis(cur, area_id, headline_only)


@st.cache_data(show_spinner=False, max_entries=512)
def kpi_info(kpi_id: str) -> pd.Series | None:
    with cursor() as cur:
        df = queries.kpi_info(cur, [kpi_id])
    return None if df.empty else df.iloc[0]


@st.cache_data(show_spinner=False, max_entries=256)
def search_kpis(text: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.search_kpis(cur, text, limit=50)


@st.cache_data(show_spinner=False, max_entries=512)
def data_date(kpi_id: str) -> dt.date | None:
    with cursor() as cur:
        return queries.data_date(cur, kpi_id)


@st.cache_data(show_spinner=False, max_entries=512)
def series(kpi_id: str, municipality_ids: tuple[str, ...], genders: tuple[str, ...] = ("T",)) -> pd.DataFrame:
    with cursor() as cur:
        return queries.series(cur, kpi_id, list(municipality_ids), genders)


@st.cache_data(show_spinner=False, max_entries=512)
def values(kpi_ids: tuple[str, ...], municipality_ids: tuple[str, ...], year: int, gender: str) -> pd.DataFrame:
    """kpi_id, municipality_id, title, type, year, gender, value for the given KPIs and places."""
    with cursor() as cur:
        return queries.observations(cur, list(kpi_ids), list(municipality_ids), [year], [gender])


@st.cache_data(show_spinner=False, max_entries=512)
def riket_value(kpi_id: str, year: int, gender: str) -> float | None:
    df = values((kpi_id,), (queries.RIKET,), year, gender)
    return None if df.empty else float(df["value"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=128)
def group_members(group_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.group_members(cur, group_id)


@st.cache_data(show_spinner=False, max_entries=64)
def targets(municipality_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.targets(cur, municipality_id)


@st.cache_data(show_spinner=False, max_entries=64)
def assessments(municipality_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.assessments(cur, municipality_id, latest_only=False)


@st.cache_data(show_spinner=False)
def load_runs() -> pd.DataFrame:
    with cursor() as cur:
        return queries.load_runs(cur)


@st.cache_data(show_spinner=False)
def status_by_area() -> pd.DataFrame:
    with cursor() as cur:
        return queries.status_by_area(cur)


@st.cache_data(show_spinner=False)
def status_totals() -> pd.Series:
    with cursor() as cur:
        return queries.status_totals(cur).iloc[0]


@st.cache_data(show_spinner=False)
def data_currency() -> currency.Currency:
    with cursor() as cur:
        return currency.currency(cur)


# --- analysis ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=256)
def peer_sets(municipality_id: str, area_id: str, year: int, gender: str) -> list[peers.PeerSet]:
    with cursor() as cur:
        return peers.peer_sets(cur, municipality_id, area_id, year, gender)


@st.cache_data(show_spinner=False, max_entries=256)
def scorecard_table(
    municipality_id: str, area_id: str, year: int, gender: str, peer_key: str, headline_only: bool, lang: str = "sv"
) -> pd.DataFrame:
    with cursor() as cur:
        return scorecard.scorecard(cur, municipality_id, area_id, year, gender, peer_key, headline_only, lang)


@st.cache_data(show_spinner=False, max_entries=512)
def ranking(kpi_id: str, year: int, gender: str) -> pd.DataFrame:
    with cursor() as cur:
        return scorecard.ranking(cur, kpi_id, year, gender)


@st.cache_data(show_spinner=False, max_entries=256)
def staircase_for(
    municipality_id: str, kpi_id: str, year: int, gender: str, peer_key: str, lang: str, area_id: str | None
) -> staircase.Staircase:
    with cursor() as cur:
        return staircase.staircase(cur, municipality_id, kpi_id, year, gender, peer_key, lang, area_id)


@st.cache_data(show_spinner=False, max_entries=128)
def neighbours(municipality_id: str, year: int, kpi_id: str | None, gender: str) -> peers.Neighbours:
    with cursor() as cur:
        return peers.precondition_neighbours(cur, municipality_id, year, kpi_id, gender)


@st.cache_data(show_spinner=False, max_entries=128)
def correlations(kpi_id: str, year: int, gender: str) -> pd.DataFrame:
    with cursor() as cur:
        return patterns.correlations(cur, kpi_id, year, gender)


@st.cache_data(show_spinner=False, max_entries=256)
def scatter(
    kpi_x: str, kpi_y: str, year: int, gender: str, municipality_id: str, peer_ids: tuple[str, ...]
) -> patterns.Scatter:
    with cursor() as cur:
        return patterns.scatter(cur, kpi_x, kpi_y, year, gender, municipality_id, peer_ids)
