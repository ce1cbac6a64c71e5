"""Fetching from Kolada in the dashboard: the Data page's form and the KPI search's "Hämta från
Kolada" go through `run_fetch`, so both show the same progress, the same plain-words failure and drop
the same caches.

Why `_fetch` is separate and tiny: it is the one place that knows how a fetch reaches the store
(loaders.fetch publishing a new statistics version through the process's Store, waiting at most
DASHBOARD_LOCK_TIMEOUT for a running load such as the nightly fetch).
"""

from __future__ import annotations

import datetime as dt
import logging

import streamlit as st

from analysis.format import fmt_number
from dashboard import cached, ui
from dashboard.connection import store
from i18n import t
from loaders import fetch
from loaders.kolada import Progress

log = logging.getLogger("trappan.dashboard")
DASHBOARD_LOCK_TIMEOUT = 30.0  # seconds a click waits for a running load (e.g. the nightly fetch)
RECENT_YEARS = 15  # what "Hämta från Kolada" asks for one KPI: enough for a trend, a few pages per KPI


def recent_years(today: dt.date | None = None) -> tuple[int, ...]:
    """The last RECENT_YEARS calendar years up to this one (Kolada simply has nothing for the newest)."""
    year = (today or dt.date.today()).year
    return tuple(range(year - RECENT_YEARS + 1, year + 1))


def _fetch(request: fetch.FetchRequest, progress: Progress) -> fetch.FetchResult:
    return fetch.fetch(store(), request, progress=progress, lock_timeout=DASHBOARD_LOCK_TIMEOUT)


def run_fetch(request: fetch.FetchRequest, lng: str) -> fetch.FetchResult | None:
    """Fetch with a progress bar. On failure (offline, Kolada down, an unknown id) say why in plain
    words and return None: fetch is all-or-nothing, so nothing changed. On success drop every cache."""
    bar = st.progress(0.0)

    def progress(done: int, total: int, rows: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=f"{done}/{total} · {fmt_number(rows, 0, lng)}")

    try:
        result = _fetch(request, progress)
    except Exception as exc:
        log.warning("Fetch failed: %s", exc)
        st.error(t("fetch_failed", lng, message=ui.error_text(exc, lng)))
        cached.clear()  # the failed attempt is recorded in the load history
        return None
    finally:
        bar.empty()
    cached.clear()
    return result
