"""Set-wide read queries for the analysis staircase: ranks, quartiles and trends for every KPI ×
municipality × year × gender in one DuckDB pass, and the wide frames that correlations and
precondition-adjusted neighbours need.

Why here: the staircase compares one municipality with all others, so the heavy lifting (ranking
290 municipalities for each of thousands of KPI-years) is a window-function job for DuckDB, not a
Python loop. The rules are the same as `analysis.peers.rank_all` (tested to agree):
rank 1 = best (direction from the `kpi` table; ties share the best rank, 1, 2, 2, 4), n = the
municipalities with a value, percentile = 100·(n − rank)/(n − 1) (100 = best), quartile green when
4·rank ≤ n, red when 4·rank > 3·n, else yellow — honest quartiles only: direction 'none' ranks by
value (highest = 1) and gets quartile 'none'; fewer than MIN_QUARTILE_N municipalities with a value
get 'few' (rank 1 of 1 is not red); when one value is shared by at least NO_SPREAD_SHARE of them
(N05406 2021: 284 of 290 have 1) every one gets 'no_spread' and mode_value/mode_share say which
value and how many. Because ties share the best rank, a tie can still pull a best class above 25 %
when it holds less than that share. Trends: slope = least squares per year over the calendar years
[year − n_years + 1, year] (`regr_slope` over a RANGE window), change against the previous year
with a value.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from store.queries import _df, _in_list

MIN_QUARTILE_N = 8  # fewer municipalities with a value: no quartile ('few')
NO_SPREAD_SHARE = 0.5  # one value shared by at least this share of them: no quartile ('no_spread')
SET_WIDE_COLUMNS = [
    "kpi_id",
    "municipality_id",
    "year",
    "gender",
    "value",
    "rank",
    "n",
    "percentile",
    "quartile",
    "mode_value",
    "mode_share",
    "previous_value",
    "change_abs",
    "slope",
]


def set_wide(
    con: duckdb.DuckDBPyConnection,
    kpi_ids: Sequence[str] | None = None,
    n_years: int = 5,
    types: Sequence[str] = ("K",),
) -> pd.DataFrame:
    """kpi_id, municipality_id, year (int), gender, value, rank, n, percentile, quartile,
    mode_value, mode_share (the most common value and its share of n), previous_value, change_abs, slope — every observation with a value of the given municipality
    types (all KPIs unless `kpi_ids`), ranked within its KPI × year × gender."""
    # via Arrow: the same dtypes as .df(), about three times faster for millions of rows
    return set_wide_relation(con.cursor(), kpi_ids, n_years, types).to_arrow_table().to_pandas()


def set_wide_relation(
    con: duckdb.DuckDBPyConnection,
    kpi_ids: Sequence[str] | None = None,
    n_years: int = 5,
    types: Sequence[str] = ("K",),
) -> duckdb.DuckDBPyRelation:
    """The same as `set_wide`, unevaluated: a relation to filter further or materialise inside
    DuckDB (`.to_table(...)`) without converting millions of rows to pandas."""
    params = [kpi_ids is None, _in_list(kpi_ids or []), list(types), int(n_years) - 1]
    return con.sql(_SET_WIDE_SQL, params=params)


# The windows partition by small integer codes (KPI, municipality, gender) rather than the VARCHAR
# ids: sorting 10 million rows on integers is about twice as fast, and the ids are joined back at
# the end from the two small dimension tables. One sort per window: rank, n and ties share w_set (the
# sort key is negated for 'higher'/'none' so the best comes first), lag and slope share w_time; the
# mode needs one more pass over each KPI × year × gender (no sort).
_SET_WIDE_SQL = """
WITH k AS (
    SELECT kpi_id, CAST(row_number() OVER (ORDER BY kpi_id) AS INTEGER) AS kid, coalesce(direction, 'none') AS direction
    FROM kpi WHERE ? OR list_contains(?, kpi_id)
), m AS (
    SELECT municipality_id, CAST(row_number() OVER (ORDER BY municipality_id) AS INTEGER) AS mid
    FROM municipality WHERE list_contains(?, type)
), obs AS (
    SELECT k.kid, m.mid, CAST(o.year AS INTEGER) AS year,
           CAST(CASE o.gender WHEN 'T' THEN 0 WHEN 'K' THEN 1 ELSE 2 END AS TINYINT) AS g, o.value,
           CASE WHEN k.direction = 'lower' THEN o.value ELSE -o.value END AS sort_key
    FROM observation o JOIN k USING (kpi_id) JOIN m USING (municipality_id)
    WHERE o.value IS NOT NULL
), ranked AS (
    SELECT kid, mid, year, g, value,
           rank() OVER w_set AS rank,
           count(*) OVER (w_set ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n,
           lag(value) OVER w_time AS previous_value,
           regr_slope(value, year) OVER (w_time RANGE BETWEEN ? PRECEDING AND CURRENT ROW) AS slope
    FROM obs
    WINDOW w_set AS (PARTITION BY kid, year, g ORDER BY sort_key),
           w_time AS (PARTITION BY kid, mid, g ORDER BY year)
), counted AS (
    SELECT kid, year, g, sort_key, any_value(value) AS value, count(*) AS c FROM obs GROUP BY kid, year, g, sort_key
), modes AS (
    -- the most common value (equal counts: the better one) and how many share it
    SELECT kid, year, g, max(c) AS mode_n, arg_max(value, {'c': c, 'best': -sort_key}) AS mode_value
    FROM counted GROUP BY kid, year, g
)
SELECT k.kpi_id, m.municipality_id, r.year, CASE r.g WHEN 0 THEN 'T' WHEN 1 THEN 'K' ELSE 'M' END AS gender,
       r.value, r.rank, r.n,
       CASE WHEN r.n > 1 THEN 100.0 * (r.n - r.rank) / (r.n - 1) ELSE 100.0 END AS percentile,
       CASE WHEN k.direction = 'none' THEN 'none'
            WHEN r.n < {min_n} THEN 'few'
            WHEN modes.mode_n >= {share} * r.n THEN 'no_spread'
            WHEN 4 * r.rank <= r.n THEN 'green'
            WHEN 4 * r.rank > 3 * r.n THEN 'red'
            ELSE 'yellow' END AS quartile,
       modes.mode_value, modes.mode_n / r.n AS mode_share,
       r.previous_value, r.value - r.previous_value AS change_abs, r.slope
FROM ranked r JOIN modes USING (kid, year, g) JOIN k USING (kid) JOIN m USING (mid)
""".replace("{min_n}", str(MIN_QUARTILE_N)).replace("{share}", str(NO_SPREAD_SHARE))


def kpi_values_wide(
    con: duckdb.DuckDBPyConnection,
    year: int,
    gender: str = "T",
    kpi_ids: Sequence[str] | None = None,
    types: Sequence[str] = ("K",),
    newest_up_to_year: bool = False,
) -> pd.DataFrame:
    """Index municipality_id, one float column per KPI id: the values of one year (or, with
    `newest_up_to_year`, each KPI's newest value in a year ≤ `year` per municipality — what
    precondition variables use, since some are published late or every other year)."""
    long = _df(
        con,
        """
        SELECT o.municipality_id, o.kpi_id, o.value
        FROM observation o JOIN municipality m USING (municipality_id)
        WHERE o.gender = ? AND list_contains(?, m.type) AND o.value IS NOT NULL
          AND (? OR list_contains(?, o.kpi_id))
          AND (CASE WHEN ? THEN o.year <= ? ELSE o.year = ? END)
        QUALIFY row_number() OVER (PARTITION BY o.kpi_id, o.municipality_id ORDER BY o.year DESC) = 1
        """,
        [gender, list(types), kpi_ids is None, _in_list(kpi_ids or []), newest_up_to_year, int(year), int(year)],
    )
    wide = long.pivot(index="municipality_id", columns="kpi_id", values="value")
    wide.columns.name = None
    return wide.astype(float)


def kpi_titles(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str]) -> pd.DataFrame:
    """kpi_id, title, unit, direction — a light lookup for labelling correlation results."""
    return _df(
        con,
        "SELECT kpi_id, title, unit, direction FROM kpi WHERE list_contains(?, kpi_id) ORDER BY kpi_id",
        [_in_list(kpi_ids)],
    )


def group_memberships(con: duckdb.DuckDBPyConnection, group_ids: Sequence[str]) -> pd.DataFrame:
    """group_id, municipality_id — the members of several groups in one read (peer sets)."""
    return _df(
        con,
        "SELECT group_id, municipality_id FROM municipality_group_member WHERE list_contains(?, group_id) "
        "ORDER BY group_id, municipality_id",
        [_in_list(group_ids)],
    )


def area_for_kpi(con: duckdb.DuckDBPyConnection, kpi_id: str) -> pd.DataFrame:
    """area_id, title_sv, title_en, peer_area, operating_area — the dashboard areas a KPI belongs to
    (its Kolada operating area first, then KPI-group areas such as KKiK)."""
    return _df(
        con,
        """
        SELECT a.area_id, a.title_sv, a.title_en, a.peer_area, a.operating_area
        FROM area a, kpi k
        WHERE k.kpi_id = ? AND (a.operating_area = k.operating_area
              OR EXISTS (SELECT 1 FROM kpi_group_member g WHERE g.group_id = a.kpi_group_id AND g.kpi_id = k.kpi_id))
        ORDER BY (a.operating_area = k.operating_area) DESC NULLS LAST, a.sort_order
        """,
        [kpi_id],
    )


def area_row(con: duckdb.DuckDBPyConnection, area_id: str) -> pd.DataFrame:
    """area_id, title_sv, title_en, peer_area, operating_area — one area (0 or 1 row), without the
    catalogue counts `store.queries.areas` computes."""
    return _df(
        con,
        "SELECT area_id, title_sv, title_en, peer_area, operating_area FROM area WHERE area_id = ?",
        [area_id],
    )
