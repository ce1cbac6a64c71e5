"""Cached calls for the page "Mål och uppföljning", keyed on plain arguments and the session's stamp
like dashboard.cached (a save or an import moves the session to a new stamp: `cached.clear()`).
They read the goal_* tables, which are not among the work logs a stamp may ignore."""

from __future__ import annotations

import pandas as pd

from analysis.followup import DEFAULT_AREA, FollowUp, follow_up
from analysis.peers import kpi_area
from dashboard.cached import stamped
from dashboard.connection import cursor
from store import goals as store_goals


@stamped(max_entries=64)
def followup(municipality_id: str, year: int, period: str, version_id: int | None, lang: str) -> FollowUp:
    with cursor() as cur:
        return follow_up(cur, municipality_id, year, period, version_id, lang)


@stamped(max_entries=64)
def versions(municipality_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return store_goals.goal_versions(cur, municipality_id)


@stamped(max_entries=64)
def history(municipality_id: str) -> pd.DataFrame:
    """Every saved assessment of the municipality's goals, newest first."""
    with cursor() as cur:
        return store_goals.goal_assessments(cur, municipality_id, latest_only=False)


@stamped()
def municipalities_with_trees() -> pd.DataFrame:
    with cursor() as cur:
        return store_goals.goal_municipalities(cur)


@stamped()
def indicator_area(kpi_id: str) -> str:
    """The area an indicator is followed up in (its peer sets): Analystrappan opens there, so an
    at_least_peers target compares with the same set on both pages."""
    with cursor() as cur:
        return kpi_area(cur, kpi_id) or DEFAULT_AREA
