"""Typed read queries. Each returns a DataFrame whose columns are listed in its docstring.

Every value from a person or a file is a bound parameter. Municipality-level comparisons use
type 'K' rows (the 290 kommuner); Riket ('0000') and regions are read explicitly where wanted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from store.fields import TARGET_READ_COLUMNS, YEAR_COLUMNS

RIKET = "0000"
SNAPSHOT_FETCHED = dt.date(2024, 8, 31)  # when the open-numbers dump read the Kolada API


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence | None = None) -> pd.DataFrame:
    return con.cursor().execute(sql, list(params or [])).df()


def _in_list(values: Sequence[str]) -> list[str]:
    return [str(v) for v in values]


def municipalities(con: duckdb.DuckDBPyConnection, types: Sequence[str] = ("K",)) -> pd.DataFrame:
    """municipality_id, title, type, county_id, county_title — sorted by title (Swedish collation)."""
    df = _df(
        con,
        """
        SELECT m.municipality_id, m.title, m.type, m.county_id, c.title AS county_title
        FROM municipality m LEFT JOIN municipality c ON c.municipality_id = m.county_id
        WHERE list_contains(?, m.type)
        """,
        [list(types)],
    )
    return df.sort_values("title", key=lambda s: s.str.lower().map(_swedish_key)).reset_index(drop=True)


def _swedish_key(s: str) -> str:
    """Swedish alphabet order: å, ä, ö after z."""
    return s.translate(str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}))


def municipality_title(con: duckdb.DuckDBPyConnection, municipality_id: str) -> str | None:
    row = con.cursor().execute("SELECT title FROM municipality WHERE municipality_id = ?", [municipality_id]).fetchone()
    return row[0] if row else None


def areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """area_id, title_sv, title_en, operating_area, kpi_group_id, peer_area, sort_order,
    n_kpis (in the catalogue), n_kpis_with_data (with any municipal value), n_headline."""
    return _df(
        con,
        """
        WITH members AS (
            SELECT a.area_id, k.kpi_id FROM area a JOIN kpi k ON k.operating_area = a.operating_area
            UNION
            SELECT a.area_id, g.kpi_id FROM area a JOIN kpi_group_member g ON g.group_id = a.kpi_group_id
        ), observed AS (SELECT DISTINCT kpi_id FROM observation)
        SELECT a.*, count(m.kpi_id) AS n_kpis, count(o.kpi_id) AS n_kpis_with_data,
               (SELECT count(*) FROM area_headline h WHERE h.area_id = a.area_id) AS n_headline
        FROM area a LEFT JOIN members m USING (area_id) LEFT JOIN observed o ON o.kpi_id = m.kpi_id
        GROUP BY ALL ORDER BY a.sort_order
        """,
    )


def area_kpis(con: duckdb.DuckDBPyConnection, area_id: str, headline_only: bool = False) -> pd.DataFrame:
    """kpi_id, title, unit, direction, direction_reason, perspective, is_divided_by_gender, headline
    (bool), headline_order, first_year, last_year, n_values (municipal T values). Headline KPIs
    first in their order, then KPIs with data, then by title."""
    return _df(
        con,
        """
        WITH a AS (SELECT * FROM area WHERE area_id = ?),
        members AS (
            SELECT k.* FROM kpi k, a WHERE k.operating_area = a.operating_area
            UNION
            SELECT k.* FROM kpi k JOIN kpi_group_member g ON g.kpi_id = k.kpi_id, a WHERE g.group_id = a.kpi_group_id
        ), stats AS (
            SELECT kpi_id, min(year) AS first_year, max(year) AS last_year, count(*) AS n_values
            FROM observation WHERE gender = 'T' AND kpi_id IN (SELECT kpi_id FROM members)
            GROUP BY kpi_id
        )
        SELECT m.kpi_id, m.title, m.unit, m.direction, m.direction_reason, m.perspective,
               m.is_divided_by_gender, h.position IS NOT NULL AS headline, h.position AS headline_order,
               s.first_year, s.last_year, coalesce(s.n_values, 0) AS n_values
        FROM members m LEFT JOIN stats s USING (kpi_id)
        LEFT JOIN area_headline h ON h.area_id = ? AND h.kpi_id = m.kpi_id
        WHERE NOT ? OR h.position IS NOT NULL
        ORDER BY headline DESC, h.position, (s.n_values IS NULL), m.title
        """,
        [area_id, area_id, headline_only],
    )


def kpi_info(con: duckdb.DuckDBPyConnection, kpi_ids: Sequence[str]) -> pd.DataFrame:
    """Every column of `kpi` for the given ids, plus first_year and last_year with values."""
    return _df(
        con,
        """
        SELECT k.*, s.first_year, s.last_year FROM kpi k
        LEFT JOIN (SELECT kpi_id, min(year) AS first_year, max(year) AS last_year FROM observation
                   WHERE list_contains(?, kpi_id) GROUP BY kpi_id) s USING (kpi_id)
        WHERE list_contains(?, k.kpi_id) ORDER BY k.kpi_id
        """,
        [_in_list(kpi_ids), _in_list(kpi_ids)],
    )


def search_kpis(
    con: duckdb.DuckDBPyConnection, text: str, limit: int = 50, with_data_only: bool = True
) -> pd.DataFrame:
    """kpi_id, title, operating_area, direction, unit — id or words of the title (all must match)."""
    words = [w for w in text.strip().split() if w]
    if not words:
        return _df(con, "SELECT kpi_id, title, operating_area, direction, unit FROM kpi WHERE false")
    return _df(
        con,
        """
        SELECT kpi_id, title, operating_area, direction, unit FROM kpi
        WHERE (upper(kpi_id) = upper(?) OR list_bool_and(list_transform(?, lambda w: title ILIKE '%' || w || '%')))
          AND (NOT ? OR kpi_id IN (SELECT DISTINCT kpi_id FROM observation))
        ORDER BY upper(kpi_id) <> upper(?), length(title) LIMIT ?
        """,
        [text.strip(), words, with_data_only, text.strip(), limit],
    )


def values_for_year(
    con: duckdb.DuckDBPyConnection, kpi_id: str, year: int, gender: str = "T", types: Sequence[str] = ("K",)
) -> pd.DataFrame:
    """municipality_id, title, county_id, value — every municipality of the given types with a value."""
    return _df(
        con,
        """
        SELECT o.municipality_id, m.title, m.county_id, o.value
        FROM observation o JOIN municipality m USING (municipality_id)
        WHERE o.kpi_id = ? AND o.year = ? AND o.gender = ? AND list_contains(?, m.type) AND o.value IS NOT NULL
        ORDER BY o.municipality_id
        """,
        [kpi_id, year, gender, list(types)],
    )


def observations(
    con: duckdb.DuckDBPyConnection,
    kpi_ids: Sequence[str],
    municipality_ids: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    genders: Sequence[str] = ("T",),
    types: Sequence[str] = ("K",),
) -> pd.DataFrame:
    """kpi_id, municipality_id, title, type, year, gender, value — the long table, filtered.
    `municipality_ids` (if given) overrides `types`."""
    where, params = _observation_filter(kpi_ids, municipality_ids, years, genders, types)
    return _df(
        con,
        f"""
        SELECT o.kpi_id, o.municipality_id, m.title, m.type, CAST(o.year AS INTEGER) AS year, o.gender, o.value
        FROM observation o JOIN municipality m USING (municipality_id)
        WHERE {where}
        ORDER BY o.kpi_id, o.municipality_id, o.year, o.gender
        """,  # noqa: S608 - constant fragments; every value is a parameter
        params,
    )


def _observation_filter(
    kpi_ids: Sequence[str],
    municipality_ids: Sequence[str] | None,
    years: Sequence[int] | None,
    genders: Sequence[str],
    types: Sequence[str],
) -> tuple[str, list]:
    """The WHERE of `observations`/`series`: only the filters asked for, each a bound parameter. Why not
    one fixed SQL with `? IS NULL OR …` switches: planning those costs DuckDB more than the page's
    whole scan of one KPI (issue #12, bench/concurrency_bench.py)."""
    where = ["list_contains(?, o.kpi_id)", "list_contains(?, o.gender)", "o.value IS NOT NULL"]
    params: list = [_in_list(kpi_ids), list(genders)]
    if municipality_ids is not None:
        where.append("list_contains(?, o.municipality_id)")
        params.append(_in_list(municipality_ids))
    else:
        where.append("list_contains(?, m.type)")
        params.append(list(types))
    if years is not None:
        where.append("list_contains(?, CAST(o.year AS INTEGER))")
        params.append([int(y) for y in years])
    return " AND ".join(where), params


def series(
    con: duckdb.DuckDBPyConnection, kpi_id: str, municipality_ids: Sequence[str], genders: Sequence[str] = ("T",)
) -> pd.DataFrame:
    """municipality_id, title, year, gender, value — every year, for a trend chart (observations'
    rows without its kpi_id and type columns)."""
    where, params = _observation_filter([kpi_id], municipality_ids, None, genders, ())
    return _df(
        con,
        f"""
        SELECT o.municipality_id, m.title, CAST(o.year AS INTEGER) AS year, o.gender, o.value
        FROM observation o JOIN municipality m USING (municipality_id)
        WHERE {where}
        ORDER BY o.municipality_id, o.year, o.gender
        """,  # noqa: S608 - constant fragments; every value is a parameter
        params,
    )


def years_with_data(con: duckdb.DuckDBPyConnection, kpi_id: str | None = None) -> list[int]:
    """Years with any municipal value (for one KPI, or for any), newest last."""
    rows = (
        con.cursor()
        .execute(
            "SELECT DISTINCT CAST(year AS INTEGER) FROM observation WHERE (? IS NULL OR kpi_id = ?) ORDER BY 1",
            [kpi_id, kpi_id],
        )
        .fetchall()
    )
    return [r[0] for r in rows]


def municipality_groups(
    con: duckdb.DuckDBPyConnection, municipality_id: str | None = None, kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """group_id, title, kind, area, year, owner_municipality_id, n_members — the groups relevant to a
    municipality: those it owns (its liknande groups, own sets it made) or belongs to (county, SKR)."""
    return _df(
        con,
        """
        SELECT g.group_id, g.title, g.kind, g.area, g.year, g.owner_municipality_id,
               (SELECT count(*) FROM municipality_group_member x WHERE x.group_id = g.group_id) AS n_members
        FROM municipality_group g
        WHERE (? IS NULL OR list_contains(?, g.kind))
          AND (? IS NULL
               OR (g.kind = 'liknande' AND g.owner_municipality_id = ?)
               OR (g.kind <> 'liknande' AND EXISTS (SELECT 1 FROM municipality_group_member x
                   WHERE x.group_id = g.group_id AND x.municipality_id = ?))
               OR g.kind = 'own')
        ORDER BY g.kind, g.area, g.year DESC, g.title
        """,
        [None if kinds is None else 1, list(kinds or []), municipality_id, municipality_id, municipality_id],
    )


def group_members(con: duckdb.DuckDBPyConnection, group_id: str) -> pd.DataFrame:
    """municipality_id, title — members of one group."""
    return _df(
        con,
        """
        SELECT x.municipality_id, m.title FROM municipality_group_member x
        JOIN municipality m USING (municipality_id) WHERE x.group_id = ? ORDER BY m.title
        """,
        [group_id],
    )


def liknande_group(con: duckdb.DuckDBPyConnection, municipality_id: str, peer_area: str) -> pd.DataFrame:
    """The municipality's newest "Liknande kommuner <peer_area>" group (0 or 1 row, columns as
    municipality_groups). Kolada keeps a group's id across years; the title carries the year."""
    return _df(
        con,
        """
        SELECT g.group_id, g.title, g.kind, g.area, g.year, g.owner_municipality_id,
               (SELECT count(*) FROM municipality_group_member x WHERE x.group_id = g.group_id) AS n_members
        FROM municipality_group g
        WHERE g.kind = 'liknande' AND g.owner_municipality_id = ? AND lower(g.area) = lower(?)
        ORDER BY g.year DESC LIMIT 1
        """,
        [municipality_id, peer_area],
    )


def _target_select() -> str:
    """The SELECT list of store.fields.TARGET_READ_COLUMNS (years as INTEGER)."""
    return ", ".join(f"CAST({c} AS INTEGER) AS {c}" if c in YEAR_COLUMNS else c for c in TARGET_READ_COLUMNS)


def targets(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    kpi_ids: Sequence[str] | None = None,
    history: bool = False,
) -> pd.DataFrame:
    """store.fields.TARGET_READ_COLUMNS — the targets in force (with `history`, also changed and ended
    ones, newest first within a KPI, gender and period), ordered by KPI, gender and period. A goal
    tree's indicator targets are among them (goal_version_id, goal_node_id set)."""
    where, params = ["municipality_id = ?"], [municipality_id]
    if kpi_ids is not None:
        where.append("list_contains(?, kpi_id)")
        params.append(_in_list(kpi_ids))
    if not history:
        where.append("ended_at IS NULL")
    return _df(
        con,
        f"""
        SELECT {_target_select()}
        FROM target WHERE {" AND ".join(where)}
        ORDER BY kpi_id, gender, from_year, to_year, created_at DESC, target_id DESC
        """,  # noqa: S608 - column names from store.fields, constant filters; values are parameters
        params,
    )


def tree_targets(
    con: duckdb.DuckDBPyConnection, municipality_id: str, version_id: int, kpi_ids: Sequence[str]
) -> pd.DataFrame:
    """store.fields.TARGET_READ_COLUMNS — what a goal tree version's indicators are judged by: the
    targets in force set elsewhere, and the ones this version registered (ended or not, so a former
    version is followed up with its own targets)."""
    return _df(
        con,
        f"""
        SELECT {_target_select()}
        FROM target
        WHERE municipality_id = ? AND list_contains(?, kpi_id)
          AND (goal_version_id = ? OR (goal_version_id IS NULL AND ended_at IS NULL))
        ORDER BY kpi_id, gender, from_year, to_year, created_at DESC, target_id DESC
        """,  # noqa: S608 - column names from store.fields
        [municipality_id, _in_list(kpi_ids), int(version_id)],
    )


def area_rules(
    con: duckdb.DuckDBPyConnection, municipality_id: str, area_id: str | None = None, history: bool = False
) -> pd.DataFrame:
    """rule_id, municipality_id, area_id, target_type, target_value, peer_key, created_by,
    created_at, ended_by, ended_at — the area target rules in force (with `history`, every rule,
    newest first)."""
    return _df(
        con,
        """
        SELECT rule_id, municipality_id, area_id, target_type, target_value, peer_key, created_by, created_at,
               ended_by, ended_at
        FROM area_target_rule
        WHERE municipality_id = ? AND (? IS NULL OR area_id = ?) AND (? OR ended_at IS NULL)
        ORDER BY area_id, created_at DESC, rule_id DESC
        """,
        [municipality_id, area_id, area_id, history],
    )


def assessments(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str | None = None,
    kpi_id: str | None = None,
    latest_only: bool = True,
) -> pd.DataFrame:
    """Every column of `assessment` plus kpi_title; with latest_only, the newest save per
    (municipality, KPI, year, gender)."""
    where, params = ["true"], []
    if municipality_id is not None:
        where.append("a.municipality_id = ?")
        params.append(municipality_id)
    if kpi_id is not None:
        where.append("a.kpi_id = ?")
        params.append(kpi_id)
    latest = """QUALIFY row_number() OVER (PARTITION BY a.municipality_id, a.kpi_id, a.year, a.gender
                                          ORDER BY a.saved_at DESC, a.assessment_id DESC) = 1"""
    return _df(
        con,
        f"""
        SELECT a.*, k.title AS kpi_title FROM assessment a LEFT JOIN kpi k USING (kpi_id)
        WHERE {" AND ".join(where)}
        {latest if latest_only else ""}
        ORDER BY a.saved_at DESC, a.assessment_id DESC
        """,  # noqa: S608 - constant fragments; values are parameters
        params,
    )


def load_runs(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """Every column of `load_run`, newest first."""
    return _df(con, "SELECT * FROM load_run ORDER BY load_run_id DESC LIMIT ?", [limit])


def data_date(con: duckdb.DuckDBPyConnection, kpi_id: str) -> dt.date | None:
    """When the KPI's values were fetched from Kolada: the API load's date, or the snapshot's. From the
    version's own record of its loads (version_load_run), so it needs nothing but the version."""
    row = (
        con.cursor()
        .execute(
            """
        SELECT max(CAST(r.finished_at AS DATE))
                   FILTER (WHERE NOT coalesce(r.source = (SELECT value FROM meta WHERE key = 'snapshot_source'), false)),
               count(*)
        FROM version_load_run r SEMI JOIN observation o ON o.load_run_id = r.load_run_id AND o.kpi_id = ?
        """,
            [kpi_id],
        )
        .fetchone()
    )
    if not row or row[1] == 0:
        return None
    return row[0] or SNAPSHOT_FETCHED


def status_by_area(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """operating_area, n_kpis, n_municipalities, n_regions, has_riket, first_year, last_year, n_values —
    what is loaded, per Kolada operating area (retired and local KPIs under their own label)."""
    return _df(
        con,
        """
        SELECT coalesce(k.operating_area, CASE WHEN k.source = 'local' THEN '(egna nyckeltal)'
                                               ELSE '(utgångna nyckeltal)' END) AS operating_area,
               count(DISTINCT o.kpi_id) AS n_kpis,
               count(DISTINCT o.municipality_id) FILTER (WHERE m.type = 'K') AS n_municipalities,
               count(DISTINCT o.municipality_id) FILTER (WHERE m.type = 'L' AND o.municipality_id <> '0000') AS n_regions,
               bool_or(o.municipality_id = '0000') AS has_riket,
               min(o.year) AS first_year, max(o.year) AS last_year, count(*) AS n_values
        FROM observation o JOIN kpi k USING (kpi_id) JOIN municipality m USING (municipality_id)
        GROUP BY 1 ORDER BY n_values DESC
        """,
    )


def status_totals(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row: n_values, n_kpis, n_municipalities, n_regions, has_riket, first_year, last_year,
    n_catalogue (KPIs in the catalogue), n_groups."""
    return _df(
        con,
        """
        SELECT count(*) AS n_values, count(DISTINCT o.kpi_id) AS n_kpis,
               count(DISTINCT o.municipality_id) FILTER (WHERE m.type = 'K') AS n_municipalities,
               count(DISTINCT o.municipality_id) FILTER (WHERE m.type = 'L' AND o.municipality_id <> '0000') AS n_regions,
               bool_or(o.municipality_id = '0000') AS has_riket,
               min(o.year) AS first_year, max(o.year) AS last_year,
               (SELECT count(*) FROM kpi) AS n_catalogue,
               (SELECT count(*) FROM municipality_group) AS n_groups
        FROM observation o JOIN municipality m USING (municipality_id)
        """,
    )


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """One value of the version's `meta` (e.g. 'built_at', 'snapshot_source'), or None."""
    row = con.cursor().execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def kpi_ids(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """kpi_id, source ('kolada' or 'local'), direction for every KPI in the catalogue — what file
    imports check ids against (and what an imported target without a type means)."""
    return _df(con, "SELECT kpi_id, source, direction FROM kpi ORDER BY kpi_id")
