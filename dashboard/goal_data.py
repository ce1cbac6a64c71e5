"""Cached calls for the page "Mål och uppföljning", keyed on plain arguments like dashboard.cached.

A save or an import calls `dashboard.cached.clear()`, which drops these too (one st.cache_data).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.followup import FollowUp, follow_up
from dashboard.connection import cursor
from store import goals as store_goals


@st.cache_data(show_spinner=False, max_entries=64)
def followup(municipality_id: str, year: int, period: str, version_id: int | None, lang: str) -> FollowUp:
    with cursor() as cur:
        return follow_up(cur, municipality_id, year, period, version_id, lang)


@st.cache_data(show_spinner=False, max_entries=64)
def versions(municipality_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return store_goals.goal_versions(cur, municipality_id)


@st.cache_data(show_spinner=False, max_entries=64)
def history(municipality_id: str) -> pd.DataFrame:
    """Every saved assessment of the municipality's goals, newest first."""
    with cursor() as cur:
        return store_goals.goal_assessments(cur, municipality_id, latest_only=False)


@st.cache_data(show_spinner=False)
def municipalities_with_trees() -> pd.DataFrame:
    with cursor() as cur:
        return store_goals.goal_municipalities(cur)
