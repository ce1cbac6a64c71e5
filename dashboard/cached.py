"""Cached calls into analysis/ and store/, keyed on plain arguments AND the store's stamp.

Pages call these instead of analysis/store directly, so a widget change that does not change the
arguments costs a cache hit, not a query. Each call borrows its own cursor of the process's reader.
The stamp (dashboard/connection.py) names the published statistics version and people's work's
revisions, so a new version or another server's save gives new keys: nothing cached is ever stale,
and nothing needs clearing. Most results do not read saved assessments or the load history; they
say so (`ignore=WORK_LOGS`) and survive a Spara or a failed fetch. A cached function that reads
those tables must not ignore them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from analysis import patterns, peers, scorecard, staircase
from dashboard import connection
from dashboard.connection import cursor
from store import catalogue, currency, queries

if TYPE_CHECKING:
    from analysis import search

F = TypeVar("F", bound=Callable[..., Any])
WORK_LOGS = ("assessment", "load_run")  # people's work most results do not read
DEFAULT_ENTRIES = 64


def stamped(ignore: tuple[str, ...] = WORK_LOGS, **options: Any) -> Callable[[F], F]:
    """`st.cache_data` with the session's stamp as an extra key (see the module docstring)."""

    def wrap(fn: F) -> F:
        def keyed(stamp: tuple, *args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        # Streamlit tells cached functions apart by module and qualified name: give each its own.
        keyed.__module__, keyed.__qualname__, keyed.__name__ = fn.__module__, fn.__qualname__, fn.__name__
        options.setdefault("max_entries", DEFAULT_ENTRIES)
        cached = st.cache_data(show_spinner=False, **options)(keyed)

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            return cached(connection.stamp().key(ignore), *args, **kwargs)

        call.clear = cached.clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap


def clear() -> None:
    """After this session wrote something: move the session to the new stamp, so what it shows next
    includes its own write (other sessions get there at their next rerun)."""
    connection.refresh()


# --- store reads -------------------------------------------------------------------------------


@stamped()
def municipalities() -> pd.DataFrame:
    with cursor() as cur:
        return queries.municipalities(cur)


@stamped()
def areas() -> pd.DataFrame:
    with cursor() as cur:
        return queries.areas(cur)


@stamped(max_entries=64)
def area_kpis(area_id: str, headline_only: bool = False) -> pd.DataFrame:
    with cursor() as cur:
        return queries.area_kpis(cur, area_id, headline_only)


@stamped(max_entries=512)
def kpi_info(kpi_id: str) -> pd.Series | None:
    with cursor() as cur:
        df = queries.kpi_info(cur, [kpi_id])
    return None if df.empty else df.iloc[0]


def _search():
    """analysis.search, imported on the first search: it brings scipy (~0,2 s), which the first
    page's draw does not need."""
    from analysis import search

    return search


@st.cache_resource(show_spinner=False, max_entries=4)
def _search_index(stamp: tuple) -> search.SearchIndex:
    with cursor() as cur:
        return _search().build_index(catalogue.catalogue(cur))


def search_index() -> search.SearchIndex:
    """The catalogue's search index (about half a second to build), one per stamp: a fetch or an
    own KPI changes which KPIs exist and have values; a saved assessment does not."""
    return _search_index(connection.stamp().key(WORK_LOGS))


@stamped(max_entries=256)
def search_catalogue(text: str) -> pd.DataFrame:
    """analysis.search.search over the whole catalogue: every hit, best first, with its value years."""
    return _search().search(search_index(), text, limit=None)


@stamped(max_entries=512)
def data_date(kpi_id: str) -> dt.date | None:
    with cursor() as cur:
        return queries.data_date(cur, kpi_id)


@stamped(max_entries=512)
def series(kpi_id: str, municipality_ids: tuple[str, ...], genders: tuple[str, ...] = ("T",)) -> pd.DataFrame:
    with cursor() as cur:
        return queries.series(cur, kpi_id, list(municipality_ids), genders)


@stamped(max_entries=512)
def values(kpi_ids: tuple[str, ...], municipality_ids: tuple[str, ...], year: int, gender: str) -> pd.DataFrame:
    """kpi_id, municipality_id, title, type, year, gender, value for the given KPIs and places."""
    with cursor() as cur:
        return queries.observations(cur, list(kpi_ids), list(municipality_ids), [year], [gender])


@stamped(max_entries=512)
def riket_value(kpi_id: str, year: int, gender: str) -> float | None:
    df = values((kpi_id,), (queries.RIKET,), year, gender)
    return None if df.empty else float(df["value"].iloc[0])


@stamped(max_entries=128)
def group_members(group_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.group_members(cur, group_id)


@stamped(max_entries=64)
def targets(municipality_id: str, history: bool = False) -> pd.DataFrame:
    with cursor() as cur:
        return queries.targets(cur, municipality_id, history=history)


@stamped(max_entries=64)
def area_rules(municipality_id: str, history: bool = False) -> pd.DataFrame:
    with cursor() as cur:
        return queries.area_rules(cur, municipality_id, history=history)


@stamped(ignore=("load_run",), max_entries=64)
def assessments(municipality_id: str) -> pd.DataFrame:
    with cursor() as cur:
        return queries.assessments(cur, municipality_id, latest_only=False)


@stamped(ignore=("assessment",))
def load_runs() -> pd.DataFrame:
    with cursor() as cur:
        return queries.load_runs(cur)


@stamped()
def status_by_area() -> pd.DataFrame:
    with cursor() as cur:
        return queries.status_by_area(cur)


@stamped()
def status_totals() -> pd.Series:
    with cursor() as cur:
        return queries.status_totals(cur).iloc[0]


@stamped(ignore=("assessment",))  # reads load_run
def data_currency() -> currency.Currency:
    with cursor() as cur:
        return currency.currency(cur)


# --- analysis ----------------------------------------------------------------------------------


@stamped(max_entries=256)
def peer_sets(municipality_id: str, area_id: str, year: int, gender: str, lang: str = "sv") -> list[peers.PeerSet]:
    """Every peer set of the view, made in one place (analysis.peers); the precondition neighbours'
    set carries its explanation (`PeerSet.neighbours`) for Jämför's "Varför liknande?"."""
    with cursor() as cur:
        return peers.peer_sets(cur, municipality_id, area_id, year, gender, lang)


@stamped(max_entries=256)
def scorecard_table(
    municipality_id: str, area_id: str, year: int, gender: str, peer_key: str, headline_only: bool, lang: str = "sv"
) -> pd.DataFrame:
    with cursor() as cur:
        return scorecard.scorecard(cur, municipality_id, area_id, year, gender, peer_key, headline_only, lang)


@stamped(max_entries=512)
def ranking(kpi_id: str, year: int, gender: str) -> pd.DataFrame:
    with cursor() as cur:
        return scorecard.ranking(cur, kpi_id, year, gender)


@stamped(max_entries=256)
def staircase_for(
    municipality_id: str, kpi_id: str, year: int, gender: str, peer_key: str, lang: str, area_id: str | None
) -> staircase.Staircase:
    with cursor() as cur:
        return staircase.staircase(cur, municipality_id, kpi_id, year, gender, peer_key, lang, area_id)


@stamped(max_entries=128)
def neighbours(municipality_id: str, year: int, kpi_id: str | None, gender: str, area_id: str) -> peers.Neighbours:
    """The area's precondition neighbours (the 'grannar' peer set) with the KPI's expected value."""
    with cursor() as cur:
        return peers.precondition_neighbours(cur, municipality_id, year, kpi_id, gender, area_id)


@stamped(max_entries=128)
def correlations_with_twins(kpi_id: str, year: int, gender: str) -> patterns.Correlations:
    with cursor() as cur:
        return patterns.correlations_with_twins(cur, kpi_id, year, gender)


@stamped(max_entries=256)
def scatter(
    kpi_x: str, kpi_y: str, year: int, gender: str, municipality_id: str, peer_ids: tuple[str, ...]
) -> patterns.Scatter:
    with cursor() as cur:
        return patterns.scatter(cur, kpi_x, kpi_y, year, gender, municipality_id, peer_ids)
