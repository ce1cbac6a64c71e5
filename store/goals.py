"""Goal trees (målstyrning): the tables goal_tree_version, goal_node and goal_assessment — reads and
the writes (import a tree, save an assessment), all SQL for goals in one place. The tables live in
the work store (store.work, people's work); readers see them under the same names (store.reader).

Why versions: a council decides a new tree every few years and a sheet is corrected now and then;
importing replaces the municipality's tree but keeps the former one, and assessments are never
deleted, so a follow-up made on an earlier tree can still be read. Importing the same nodes again
makes no new version (the content hash), so a re-run of an import changes nothing.

Assessments are matched to a tree's nodes by node id (any version): a corrected sheet that keeps
its ids keeps its follow-up history; `version_id` says which tree an assessment was made on.

One target, one colour (the decision): the council's target for an indicator IS the municipality's
target for that KPI on every page. Importing a tree registers each indicator's target in `target`
(store.write.insert_target: source the sheet, created_by the importer, goal_version_id/goal_node_id
the version and indicator) and ends the targets the former version registered; ending a tree
(`end_goal_tree`) ends them; a rebuild never touches them (people's work). Readers and the staircase
need nothing new: they read `target` as before. A target set elsewhere (the Data page,
import-targets) and a tree's target for the same KPI, gender and a shared year must judge alike
(store.write.judges_alike); whichever comes second is refused (store.write.TargetConflict; the sheet
and import-targets name the row), so no year has two different targets and `choose_target` gives the
tree's answer. A tree's targets are changed only by importing or ending the tree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import sqlalchemy as sa

from store import queries, work, write
from store.errors import InvalidInput
from store.fields import NODE_COLUMNS, YEAR_COLUMNS

if TYPE_CHECKING:
    from store.db import Store

KINDS = ("vision", "goal", "indicator")
PERIODS = ("delar", "helar")  # the delårsrapport and the årsredovisning of a year
STATUSES = ("green", "yellow", "red", "white")
DEFAULT_PEER_KEY = "liknande"  # at_least_peers without a peer_key: Liknande kommuner of the KPI's area


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


def _number(value: object) -> float | None:
    """A sheet cell as a number (as pd.to_numeric(errors='coerce') would read it), or None."""
    if value is None:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def content_hash(municipality_id: str, nodes: pd.DataFrame) -> str:
    """A fingerprint of a tree: the municipality and every node's fields in sheet order. A tree
    without any peer_key hashes as before the column existed, so re-importing an older sheet that
    was already imported changes nothing."""
    full = nodes.reindex(columns=NODE_COLUMNS)
    columns = NODE_COLUMNS if full["peer_key"].notna().any() else [c for c in NODE_COLUMNS if c != "peer_key"]
    rows = [[_plain(v) for v in row] for row in full[columns].itertuples(index=False)]
    text = json.dumps([municipality_id, rows], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- a tree's targets are the municipality's targets ----------------------------------------------
def tree_targets(municipality_id: str, nodes: pd.DataFrame) -> list[tuple[str, write.TargetRow]]:
    """(node id, target) of every indicator: what importing the tree registers as the
    municipality's targets. An indicator without years has a target for every year; at_least_peers
    without a peer set compares with DEFAULT_PEER_KEY."""
    out = []
    for r in _node_records(nodes):
        if r["kind"] != "indicator" or not r["kpi_id"] or r["target_type"] not in write.TARGET_TYPES:
            continue
        peer = r["peer_key"] or (DEFAULT_PEER_KEY if r["target_type"] == "at_least_peers" else None)
        row = write.TargetRow(
            kpi_id=str(r["kpi_id"]),
            municipality_id=municipality_id,
            gender=str(r["gender"] or "T"),
            target_type=str(r["target_type"]),
            target_value=r["target_value"],
            target_high=r["target_high"],
            from_year=write.FIRST_YEAR if r["from_year"] is None else r["from_year"],
            to_year=write.LAST_YEAR if r["to_year"] is None else r["to_year"],
            peer_key=peer,
            note=r["note"],
        )
        out.append((str(r["node_id"]), row))
    return out


def tree_conflicts(targets: list[tuple[str, write.TargetRow]]) -> list[tuple[str, str]]:
    """(node id, earlier node id) of indicators whose targets judge a shared year differently — one
    tree cannot give a KPI two different targets."""
    out = []
    for i, (node_id, row) in enumerate(targets):
        earlier = write.conflicts(row, [write.StoredTarget(j, r) for j, (_n, r) in enumerate(targets[:i])])
        out += [(node_id, targets[e.target_id][0]) for e in earlier]
    return out


def _node_records(nodes: pd.DataFrame) -> list[dict]:
    """Nodes as plain dicts: None for missing, target values float, years int."""
    rows = [{k: _plain(val) for k, val in r.items()} for r in nodes.reindex(columns=NODE_COLUMNS).to_dict("records")]
    for r in rows:
        for col in ("target_value", "target_high"):
            r[col] = _number(r[col])
        for col in YEAR_COLUMNS:
            r[col] = None if _number(r[col]) is None else int(_number(r[col]))  # type: ignore[arg-type]
    return rows


def _register(
    conn: sa.Connection,
    version_id: int,
    municipality_id: str,
    nodes: pd.DataFrame,
    who: str | None,
    source: str | None,
    at: dt.datetime,
) -> int:
    """Insert the version's indicator targets as targets of the municipality (caller's transaction)."""
    rows = tree_targets(municipality_id, nodes)
    for node_id, row in rows:
        write.insert_target(conn, row, who, source or "målkedja", goal=(version_id, node_id), at=at)
    return len(rows)


def _end_registered(conn: sa.Connection, version_id: int, who: str | None, at: dt.datetime) -> None:
    t = work.target
    conn.execute(
        t.update()
        .where(t.c.goal_version_id == int(version_id), t.c.ended_at.is_(None))
        .values(ended_by=who, ended_at=at)
    )


def register_stored_trees(conn: sa.Connection) -> int:
    """Register the targets of every stored tree version that has none yet (a work store from before
    trees registered their targets, or a carried-over one); a replaced version's are ended when it
    was replaced. Not checked against own targets: what was saved is kept as it was."""
    v, n, t = work.goal_tree_version, work.goal_node, work.target
    registered = set(conn.execute(sa.select(t.c.goal_version_id).where(t.c.goal_version_id.is_not(None))).scalars())
    total = 0
    versions = conn.execute(sa.select(v).order_by(v.c.version_id)).mappings().all()
    for version in versions:
        if version["version_id"] in registered:
            continue
        result = conn.execute(sa.select(n).where(n.c.version_id == version["version_id"]).order_by(n.c.position))
        nodes = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        total += _register(
            conn, version["version_id"], version["municipality_id"], nodes, version["imported_by"],
            version["source"], version["imported_at"],
        )  # fmt: skip
        if version["replaced_at"] is not None:
            _end_registered(conn, version["version_id"], None, version["replaced_at"])
    return total


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
    transaction; the former tree stays as a version. The same nodes again change nothing.

    The indicators' targets become the municipality's targets (source: the sheet, created_by: the
    importer, goal_version_id/goal_node_id: where they come from) and the former version's end. A
    target set elsewhere that would judge a shared year differently refuses the import
    (store.write.TargetConflict; loaders.goals checks it first, with row numbers)."""
    digest = content_hash(municipality_id, nodes)
    stamp = (now or pd.Timestamp.now()).floor("s").to_pydatetime()
    targets = tree_targets(municipality_id, nodes)
    clash = tree_conflicts(targets)
    if clash:
        raise InvalidInput("invalid_goal_tree_conflict", nodes=", ".join(a for a, _b in clash))
    v = work.goal_tree_version
    with store.work.transaction(v, work.goal_node, work.target) as conn:
        current = conn.execute(
            sa.select(v.c.version_id, v.c.content_hash).where(
                v.c.municipality_id == municipality_id, v.c.replaced_at.is_(None)
            )
        ).first()
        if current is not None and current[1] == digest:
            return TreeImport(int(current[0]), False, None)
        write.refuse_conflicts(conn, [row for _n, row in targets], from_tree=False)
        conn.execute(
            v.update()
            .where(v.c.municipality_id == municipality_id, v.c.replaced_at.is_(None))
            .values(replaced_at=stamp)
        )
        if current is not None:
            _end_registered(conn, int(current[0]), imported_by, stamp)
        version_id = work.insert_row(
            conn,
            v,
            municipality_id=municipality_id,
            source=source,
            content_hash=digest,
            imported_by=imported_by,
            imported_at=stamp,
        )
        rows = [{"version_id": version_id, "position": i, **r} for i, r in enumerate(_node_records(nodes), start=1)]
        if rows:
            conn.execute(work.goal_node.insert(), rows)
        _register(conn, version_id, municipality_id, nodes, imported_by, source, stamp)
    return TreeImport(version_id, True, int(current[0]) if current is not None else None)


def end_goal_tree(store: Store, municipality_id: str, ended_by: str, now: pd.Timestamp | None = None) -> int:
    """The municipality has no goal tree any more: its current version is kept as history (with its
    assessments) and the targets it set end. Returns the ended version's id; InvalidInput without a tree."""
    if not ended_by.strip():
        raise InvalidInput("invalid_goal_end_who")
    stamp = (now or pd.Timestamp.now()).floor("s").to_pydatetime()
    v = work.goal_tree_version
    with store.work.transaction(v, work.target) as conn:
        current = conn.execute(
            sa.select(v.c.version_id).where(v.c.municipality_id == municipality_id, v.c.replaced_at.is_(None))
        ).scalar_one_or_none()
        if current is None:
            raise InvalidInput("invalid_goal_end_none", municipality=municipality_id)
        conn.execute(v.update().where(v.c.version_id == current).values(replaced_at=stamp))
        _end_registered(conn, int(current), ended_by.strip(), stamp)
    return int(current)


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
        return work.insert_row(
            conn,
            ga,
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
    columns = ", ".join(f"CAST(n.{c} AS INTEGER) AS {c}" if c in YEAR_COLUMNS else f"n.{c}" for c in NODE_COLUMNS)
    df = _df(
        con,
        f"""
        SELECT n.version_id, n.position, {columns}
        FROM goal_node n JOIN goal_tree_version v USING (version_id)
        WHERE v.municipality_id = ? AND (CASE WHEN ? IS NULL THEN v.replaced_at IS NULL ELSE v.version_id = ? END)
        ORDER BY n.position
        """,  # noqa: S608 - column names from store.fields
        [municipality_id, version_id, version_id],
    )
    for col in YEAR_COLUMNS:
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
    every year; values: kpi_id, municipality_id, gender, value — every kommun in the year (ranks);
    targets: store.queries.tree_targets rows — the targets the indicators are judged by, chosen
    among exactly as the staircase chooses (analysis.target.choose_target)."""

    kpis: pd.DataFrame
    series: pd.DataFrame
    values: pd.DataFrame
    targets: pd.DataFrame


def indicator_inputs(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    version_id: int,
    kpi_ids: list[str],
    genders: list[str],
    year: int,
) -> IndicatorInputs:
    return IndicatorInputs(
        kpis=queries.kpi_info(con, kpi_ids),
        series=queries.observations(con, kpi_ids, [municipality_id, queries.RIKET], genders=genders),
        values=queries.observations(con, kpi_ids, years=[int(year)], genders=genders, types=("K",)),
        targets=queries.tree_targets(con, municipality_id, version_id, kpi_ids),
    )
