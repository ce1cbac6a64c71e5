"""How new the statistics are, for the line every page shows ("Värden t.o.m. 2022 · Kolada-kopia
2024-08-31") and for each KPI's "senaste år med värde".

Why read it from the store and not state it: a fetch from Kolada adds newer values and newer load
runs, and the line must follow. The shipped copy's date is in `meta` (written by the build), the
fetches are in `load_run`; only loads that still stand behind a value count, so a fetch that changed
nothing does not make old numbers look new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from store.queries import SNAPSHOT_FETCHED


@dataclass(frozen=True)
class Currency:
    """last_year: the newest year with a Kolada value (own local KPIs not counted); copy_date: when
    the shipped snapshot was read from Kolada (None if none of its values remain); fetched_date: the
    newest Kolada API load that wrote values still in the store (None without such a fetch)."""

    last_year: int | None
    copy_date: dt.date | None
    fetched_date: dt.date | None


def currency(con: duckdb.DuckDBPyConnection) -> Currency:
    row = (
        con.cursor()
        .execute(
            """
            WITH by_run AS (
                SELECT o.load_run_id, max(o.year) AS last_year
                FROM observation o
                WHERE o.kpi_id NOT IN (SELECT kpi_id FROM kpi WHERE source = 'local')
                GROUP BY o.load_run_id
            ), snapshot AS (SELECT value FROM meta WHERE key = 'snapshot_source')
            SELECT max(b.last_year),
                   bool_or(r.source = (SELECT value FROM snapshot)),
                   max(CASE WHEN r.source IS DISTINCT FROM (SELECT value FROM snapshot)
                            THEN CAST(r.finished_at AS DATE) END),
                   (SELECT value FROM meta WHERE key = 'snapshot_fetched')
            FROM by_run b JOIN version_load_run r USING (load_run_id)
            """
        )
        .fetchone()
    )
    last_year, has_snapshot, fetched, snapshot_date = row if row else (None, None, None, None)
    copy_date = None
    if has_snapshot:
        copy_date = dt.date.fromisoformat(snapshot_date) if snapshot_date else SNAPSHOT_FETCHED
    return Currency(int(last_year) if last_year is not None else None, copy_date, fetched)
