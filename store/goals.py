"""Goal trees (målstyrning): the tables goal_tree_version, goal_node and goal_assessment — reads and
the writes (import a tree, save an assessment), all SQL for goals in one place. The tables live in
the work store (store.work, people's work); readers see them under the same names (store.reader).

Why versions: a council decides a new tree every few years and a sheet is corrected now and then;
importing replaces the municipality's tree but keeps the former one, and assessments are never
deleted, so a follow-up made on an earlier tree can still be read. Importing the same nodes again
makes no new version (the content hash), so a re-run of an import changes nothing.

Assessments are matched to a tree's nodes by node id (any version): a corrected sheet that keeps
its ids keeps its follow-up history; `version_id` says which tree an assessment was made on.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import sqlalchemy as sa

from store import queries, work
from store.errors import InvalidInput

if TYPE_CHECKING:
    from store.db import Store

KINDS = ("vision", "goal", "indicator")
PERIODS = ("delar", "helar")  # the delårsrapport and the årsredovisning of a year
STATUSES = ("green", "yellow", "red", "white")
NODE_COLUMNS = [
    "node_id",
    "parent_id",
    "kind",
    "title",
    "owner",
    "kpi_id",
    "gender",
    "target_type",
    "target_value",
    "target_high",
    "from_year",
    "to_year",
    "note",
]


@dataclass(frozen=True)
class TreeImport:
    version_id: int
    changed: bool  # False: the same nodes were already the current tree, nothing was written
    replaced_version_id: int | None  # the former current version, now kept as history


@dataclass(frozen=True)
class GoalAssessment:
    """The owner's assessment of one vision or goal for one follow-up period."""

    municipality_id: str
    node_id: str
    version_id: int
    year: int
    period: str
    status: str
    author: str
    status_suggested: str | None = None
    reason: str | None = None
    actions: str | None = None


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.cursor().execute(sql, params or []).df()


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 75 and 75.0 hash alike, whatever the sheet's dtype
    return value


def content_hash(municipality_id: str, nodes: pd.DataFrame) -> str:
    """A fingerprint of a tree: the municipality and every node's fields in sheet order."""
    rows = [[_plain(v) for v in row] for row in nodes.reindex(columns=NODE_COLUMNS).itertuples(index=False)]
    text = json.dumps([municipality_id, rows], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- writes (the work store, store.work: one transaction each, ids from the database) --------------
def replace_goal_tree(
    store: Store,
    municipality_id: str,
    nodes: pd.DataFrame,
    source: str | None = None,
    imported_by: str | None = None,
    now: pd.Timestamp | None = None,
) -> TreeImport:
    """Make `nodes` (columns NODE_COLUMNS, already validated) the municipality's tree in one
    transaction; the former tree stays as a version. The same nodes again change nothing."""
    digest = content_hash(municipality_id, nodes)
    stamp = (now or pd.Timestamp.now()).floor("s").to_pydatetime()
    v = work.goal_tree_version
    with store.work.transaction(v, work.goal_node) as conn:
        current = conn.execute(
            sa.select(v.c.version_id, v.c.content_hash).where(
                v.c.municipality_id == municipality_id, v.c.replaced_at.is_(None)
            )
        ).first()
        if current is not None and current[1] == digest:
            return TreeImport(int(current[0]), False, None)
        conn.execute(
            v.update()
            .where(v.c.municipality_id == municipality_id, v.c.replaced_at.is_(None))
            .values(replaced_at=stamp)
        )
        version_id = int(
            conn.execute(
                v.insert()
                .values(
                    municipality_id=municipality_id,
                    source=source,
                    content_hash=digest,
                    imported_by=imported_by,
                    imported_at=stamp,
                )
                .returning(v.c.version_id)
            ).scalar_one()
        )
        staged = nodes.reindex(columns=NODE_COLUMNS)
        rows = [
            {"version_id": version_id, "position": i, **{k: _plain(val) for k, val in r.items()}}
            for i, r in enumerate(staged.to_dict("records"), start=1)
        ]
        for r in rows:
            for col in ("target_value", "target_high"):
                r[col] = _number(r[col])
            for col in ("from_year", "to_year"):
                r[col] = None if _number(r[col]) is None else int(_number(r[col]))
        if rows:
            conn.execute(work.goal_node.insert(), rows)
    return TreeImport(version_id, True, int(current[0]) if current is not None else None)


def _number(value: object) -> float | None:
    """A sheet cell as a number (as pd.to_numeric(errors='coerce') would read it), or None."""
    if value is None:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def save_goal_assessment(store: Store, a: GoalAssessment, now: pd.Timestamp | None = None) -> int:
    """Every save is a new row (history per goal and period). The caller has checked the rule that
    an assessment differing from the suggestion needs a reason (analysis.goals.override_problem)."""
    if a.period not in PERIODS or a.status not in STATUSES or not a.author.strip():
        raise InvalidInput(
            "invalid_goal_assessment", period=repr(a.period), status=repr(a.status), author=repr(a.author)
        )
    stamp = (now or pd.Timestamp.now()).floor("s").to_pydatetime()
    n, v, ga = work.goal_node, work.goal_tree_version, work.goal_assessment
    with store.work.transaction(ga) as conn:
        known = conn.execute(
            sa.select(sa.func.count())
            .select_from(n.join(v, n.c.version_id == v.c.version_id))
            .where(
                v.c.municipality_id == a.municipality_id,
                n.c.version_id == a.version_id,
                n.c.node_id == a.node_id,
                n.c.kind != "indicator",
            )
        ).scalar_one()
        if not known:
            raise InvalidInput("invalid_goal_unknown", node=repr(a.node_id), version=a.version_id)
        return int(
            conn.execute(
                ga.insert()
                .values(
                    municipality_id=a.municipality_id,
                    node_id=a.node_id,
                    version_id=a.version_id,
                    year=int(a.year),
                    period=a.period,
                    status=a.status,
                    status_suggested=a.status_suggested,
                    reason=(a.reason or "").strip() or None,
                    actions=(a.actions or "").strip() or None,
                    author=a.author.strip(),
                    saved_at=stamp,
                )
                .returning(ga.c.goal_assessment_id)
            ).scalar_one()
        )


# ---- reads -----------------------------------------------------------------------------------------
def goal_versions(con: duckdb.DuckDBPyConnection, municipality_id: str) -> pd.DataFrame:
    """version_id, source, imported_by, imported_at, replaced_at, n_nodes — newest first."""
    return _df(
        con,
        """
        SELECT v.version_id, v.source, v.imported_by, v.imported_at, v.replaced_at,
               (SELECT count(*) FROM goal_node n WHERE n.version_id = v.version_id) AS n_nodes
        FROM goal_tree_version v WHERE v.municipality_id = ? ORDER BY v.version_id DESC
        """,
        [municipality_id],
    )


def goal_tree(con: duckdb.DuckDBPyConnection, municipality_id: str, version_id: int | None = None) -> pd.DataFrame:
    """version_id, position, NODE_COLUMNS (years as Int64) — the current tree (or the given
    version) in sheet order; empty when the municipality has none."""
    df = _df(
        con,
        """
        SELECT n.version_id, n.position, n.node_id, n.parent_id, n.kind, n.title, n.owner, n.kpi_id, n.gender,
               n.target_type, n.target_value, n.target_high, CAST(n.from_year AS INTEGER) AS from_year,
               CAST(n.to_year AS INTEGER) AS to_year, n.note
        FROM goal_node n JOIN goal_tree_version v USING (version_id)
        WHERE v.municipality_id = ? AND (CASE WHEN ? IS NULL THEN v.replaced_at IS NULL ELSE v.version_id = ? END)
        ORDER BY n.position
        """,
        [municipality_id, version_id, version_id],
    )
    for col in ("from_year", "to_year"):
        df[col] = df[col].astype("Int64")
    return df


def goal_assessments(con: duckdb.DuckDBPyConnection, municipality_id: str, latest_only: bool = True) -> pd.DataFrame:
    """Every column of goal_assessment, newest first; with latest_only, the newest save per node,
    year and period."""
    df = _df(
        con,
        """
        SELECT * REPLACE (CAST(year AS INTEGER) AS year) FROM goal_assessment WHERE municipality_id = ?
        QUALIFY NOT ? OR row_number() OVER (PARTITION BY node_id, year, period
                                            ORDER BY saved_at DESC, goal_assessment_id DESC) = 1
        ORDER BY saved_at DESC, goal_assessment_id DESC
        """,
        [municipality_id, latest_only],
    )
    return df


def goal_municipalities(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """municipality_id, title, version_id, n_nodes, imported_at — every municipality with a tree."""
    return _df(
        con,
        """
        SELECT v.municipality_id, m.title, v.version_id, v.imported_at,
               (SELECT count(*) FROM goal_node n WHERE n.version_id = v.version_id) AS n_nodes
        FROM goal_tree_version v LEFT JOIN municipality m USING (municipality_id)
        WHERE v.replaced_at IS NULL ORDER BY m.title
        """,
    )


@dataclass(frozen=True)
class IndicatorInputs:
    """What a tree's indicators are judged on, read for all of them at once (a tree has many).

    kpis: store.queries.kpi_info rows (kpi_id, title, unit, direction, source, …) of the KPIs in the
    catalogue; series: kpi_id, municipality_id, year, gender, value — the municipality's and Riket's
    every year; values: kpi_id, municipality_id, gender, value — every kommun in the year (ranks)."""

    kpis: pd.DataFrame
    series: pd.DataFrame
    values: pd.DataFrame


def indicator_inputs(
    con: duckdb.DuckDBPyConnection, municipality_id: str, kpi_ids: list[str], genders: list[str], year: int
) -> IndicatorInputs:
    return IndicatorInputs(
        kpis=queries.kpi_info(con, kpi_ids),
        series=queries.observations(con, kpi_ids, [municipality_id, queries.RIKET], genders=genders),
        values=queries.observations(con, kpi_ids, years=[int(year)], genders=genders, types=("K",)),
    )
