"""The KPI catalogue as the search reads it: every KPI in the store (Kolada's, retired, own) with its
texts and the years it has values for.

Why one read: the search index (analysis/search.py) is built from this frame once, and the years
tell each hit whether values are loaded; one aggregate over the observation table (~40 ms warm on
the full store) is cheaper than asking per hit.
"""

from __future__ import annotations

import duckdb
import pandas as pd


def catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """kpi_id, title, description, operating_area, unit, source, retired, first_year, last_year
    (NULL without values) — every KPI, sorted by id."""
    return (
        con.cursor()
        .execute(
            """
            SELECT k.kpi_id, k.title, k.description, k.operating_area, k.unit, k.source, k.retired,
                   CAST(s.first_year AS INTEGER) AS first_year, CAST(s.last_year AS INTEGER) AS last_year
            FROM kpi k LEFT JOIN (
                SELECT kpi_id, min(year) AS first_year, max(year) AS last_year
                FROM observation WHERE value IS NOT NULL GROUP BY kpi_id
            ) s USING (kpi_id)
            ORDER BY k.kpi_id
            """
        )
        .df()
    )
