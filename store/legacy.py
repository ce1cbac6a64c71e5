"""Carrying over a store made by the earlier one-file layout (one DuckDB file at TRAPPAN_DB holding
statistics AND people's work), on first start, so nothing a user saved is lost by upgrading.

Steps, under the load lock:
1. the old file's write-ahead log, if any, is checkpointed (a writer that died left one);
2. people's work (load history, assessments, targets and area target rules — either target shape,
   direction edits, own peer sets, goal trees and their assessments) goes to the work store in ONE
   transaction, referenced ids kept (shifted past ids the work store already has),
   and a marker records it, so a kill after this step does not copy it twice;
3. the statistics (every value, fetched and imported ones included, the catalogue with local KPIs)
   become version 1;
4. the old file stays as `<name>.one-file-<time>` (a hard link made before the swap) and TRAPPAN_DB
   becomes the symlink to the version, in one rename.
A DuckDB file without Trappan's tables, or not a DuckDB file at all, is not touched: the message says
so, and `python -m loaders build` sets it aside and builds a new store.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

import duckdb
import sqlalchemy as sa

from i18n import Message
from store import statistics, versions, work, write
from store.errors import StoreError

if TYPE_CHECKING:
    from store.db import Store

LEGACY_SOURCE = "Trappan: överföring från tidigare databasfil"
REQUIRED = {"observation", "kpi", "load_run", "assessment", "municipality"}
_MARKER = "legacy_carried"
_OFFSET = "legacy_load_run_offset"


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'", [catalog]
        ).fetchall()
    }


def inspect(path) -> str:
    """'legacy' (Trappan's one-file layout), 'version' (a version file put there by hand) or
    'foreign' (another DuckDB file, a damaged one, or no DuckDB file at all)."""
    if not versions.is_duckdb_file(path):
        return "foreign"
    try:
        con = duckdb.connect()
        try:
            con.execute("ATTACH ? AS f (READ_ONLY)", [str(path)])
            tables = _tables(con, "f")
        finally:
            con.close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreError("store_legacy_in_use", path=str(path)) from exc
        return "foreign"
    except duckdb.Error:
        return "foreign"
    if REQUIRED <= tables:
        return "legacy"
    if {"observation", "kpi", "version_load_run"} <= tables:
        return "version"
    return "foreign"


def carry_over_if_needed(store: Store) -> None:
    """Called when a plain file sits at TRAPPAN_DB: carry it over (taking the load lock) or explain."""
    with versions.load_lock(store.layout):
        if versions.state(store.layout) != "plain":
            return  # another process carried it over while we waited
        convert_plain(store, replace_foreign=False)


def convert_plain(store: Store, replace_foreign: bool) -> str:
    """With the load lock held and a plain file at TRAPPAN_DB: carry over an older store, publish a
    version file placed there by hand, or (only when asked: a build) set a foreign file aside.
    Returns what was found."""
    layout = store.layout
    _checkpoint_wal(layout)
    kind = inspect(layout.db)
    if kind == "legacy":
        carry_over(store)
    elif kind == "version":
        aside = versions.set_aside(layout, "plain")
        versions.install(layout, aside)
        aside.unlink()
    elif replace_foreign:
        versions.set_aside(layout, "replaced")
    else:
        raise StoreError("store_foreign", path=str(layout.db))
    return kind


def _checkpoint_wal(layout: versions.Layout) -> None:
    wal = layout.db.with_name(layout.db.name + ".wal")
    if not wal.exists() or not versions.is_duckdb_file(layout.db):
        return
    try:
        con = duckdb.connect(str(layout.db))
    except duckdb.Error as exc:
        raise StoreError("store_legacy_unopenable", path=str(layout.db), detail=str(exc)) from exc
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def carry_over(store: Store) -> dict[str, int]:
    layout = store.layout
    st = os.stat(layout.db)
    marker = f"{layout.db}:{st.st_size}:{st.st_mtime_ns}"
    if store.work.meta(_MARKER) == marker:  # a killed carry-over already moved people's work
        offset, counts = int(store.work.meta(_OFFSET) or 0), {}
    else:
        con = duckdb.connect()
        try:
            con.execute("ATTACH ? AS old (READ_ONLY)", [str(layout.db)])
            offset, counts = _carry_work(store, con, marker)
        finally:
            con.close()
    run_id = write.start_load_run(store, LEGACY_SOURCE, f"{layout.db.name} → {layout.versions_dir.name}/")
    try:
        counts["observation"] = _carry_statistics(store, offset, run_id)
    except BaseException as exc:
        write.finish_load_run(store, run_id, "failed", 0, f"{type(exc).__name__}: {exc}"[:500])
        raise
    write.finish_load_run(store, run_id, "ok", counts["observation"], Message("load_legacy_carried"))
    return counts


def _rows(con: duckdb.DuckDBPyConnection, table: str, where: str = "") -> list[dict]:
    cur = con.execute(f"SELECT * FROM old.{table} {where}")  # noqa: S608 - constant names
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _only(row: dict, table: sa.Table) -> dict:
    return {k: v for k, v in row.items() if k in table.c}


def _max(conn: sa.Connection, column: sa.Column) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(column), 0))).scalar_one())


def _shift(value: int | None, offset: int) -> int | None:
    return None if value is None else int(value) + offset


def _carry_work(store: Store, con: duckdb.DuckDBPyConnection, marker: str) -> tuple[int, dict[str, int]]:
    """People's work in one transaction of the work store; returns (load_run id offset, counts).
    Ids that other rows refer to (load runs, targets, goal tree versions) are kept, shifted past the
    ids the work store already has; the rest get new ids in the old order."""
    tables = _tables(con, "old")
    counts: dict[str, int] = {}
    w = store.work

    def insert(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
        if rows:
            conn.execute(table.insert(), rows)
        counts[table.name] = counts.get(table.name, 0) + len(rows)

    with w.transaction() as conn:
        run_off = _max(conn, work.load_run.c.load_run_id)
        target_off = _max(conn, work.target.c.target_id)
        tree_off = _max(conn, work.goal_tree_version.c.version_id)
        group_off = _max(conn, work.own_group.c.own_group_id)
        insert(
            conn,
            work.load_run,
            [
                {
                    **_only(r, work.load_run),
                    "load_run_id": r["load_run_id"] + run_off,
                    "outcome": "failed" if r["outcome"] == "running" else r["outcome"],
                    **write.recorded_message(
                        r.get("message") if r["outcome"] != "running" else Message("load_legacy_interrupted")
                    ),
                }
                for r in _rows(con, "load_run", "ORDER BY load_run_id")
            ],
        )
        if "assessment" in tables:
            insert(
                conn,
                work.assessment,
                [_new_id(r, work.assessment) for r in _rows(con, "assessment", "ORDER BY assessment_id")],
            )
        if "target" in tables:
            rows = _targets(con, run_off, target_off)
            insert(conn, work.target, [{**r, "peer_key": _own_key(r.get("peer_key"), group_off)} for r in rows])
        if "area_target_rule" in tables:
            insert(
                conn,
                work.area_target_rule,
                [
                    {**_new_id(r, work.area_target_rule), "peer_key": _own_key(r.get("peer_key"), group_off)}
                    for r in _rows(con, "area_target_rule", "ORDER BY rule_id")
                ],
            )
        if "kpi_direction_change" in tables:
            insert(
                conn,
                work.kpi_direction_change,
                [
                    _new_id(r, work.kpi_direction_change)
                    for r in _rows(con, "kpi_direction_change", "ORDER BY changed_at")
                ],
            )
        if "goal_tree_version" in tables:
            insert(
                conn,
                work.goal_tree_version,
                [
                    {**_only(r, work.goal_tree_version), "version_id": r["version_id"] + tree_off}
                    for r in _rows(con, "goal_tree_version", "ORDER BY version_id")
                ],
            )
        if "goal_node" in tables:
            insert(
                conn,
                work.goal_node,
                [
                    {**_only(r, work.goal_node), "version_id": r["version_id"] + tree_off}
                    for r in _rows(con, "goal_node", "ORDER BY version_id, position")
                ],
            )
        if "goal_assessment" in tables:
            insert(
                conn,
                work.goal_assessment,
                [
                    {**_new_id(r, work.goal_assessment), "version_id": r["version_id"] + tree_off}
                    for r in _rows(con, "goal_assessment", "ORDER BY goal_assessment_id")
                ],
            )
        if "goal_node" in tables:
            from store import goals  # the trees' indicator targets become targets, as an import makes them

            counts["target"] = counts.get("target", 0) + goals.register_stored_trees(conn)
        groups = _rows(con, "municipality_group", "WHERE kind = 'own' ORDER BY group_id")
        members = _rows(
            con,
            "municipality_group_member",
            "WHERE group_id IN (SELECT group_id FROM old.municipality_group WHERE kind = 'own')",
        )
        insert(
            conn,
            work.own_group,
            [
                {
                    "own_group_id": _own_number(g["group_id"]) + group_off,
                    "title": g["title"],
                    "owner_municipality_id": g.get("owner_municipality_id"),
                    "created_by": g.get("created_by"),
                    "created_at": g.get("created_at") or work.now(),
                }
                for g in groups
            ],
        )
        insert(
            conn,
            work.own_group_member,
            [
                {"own_group_id": _own_number(m["group_id"]) + group_off, "municipality_id": m["municipality_id"]}
                for m in members
            ],
        )
        for table in (work.load_run, work.target, work.goal_tree_version, work.own_group):
            w.reset_identity(conn, table)
        for key, value in ((_MARKER, marker), (_OFFSET, str(run_off))):
            conn.execute(work.work_meta.delete().where(work.work_meta.c.key == key))
            conn.execute(work.work_meta.insert().values(key=key, value=value))
    return run_off, counts


def _own_number(group_id: str) -> int:
    """'OWN12' → 12: an own peer set keeps its number, so peer keys ('own:OWN12') still find it."""
    return int(group_id.removeprefix("OWN"))


def _own_key(peer_key: str | None, offset: int) -> str | None:
    """A peer key naming an own set, moved by `offset` when the work store already had own sets."""
    if not offset or not peer_key or not peer_key.startswith("own:OWN"):
        return peer_key
    return f"own:OWN{_own_number(peer_key.removeprefix('own:')) + offset}"


def _new_id(row: dict, table: sa.Table) -> dict:
    """The row without its id: the work store gives it a new one."""
    pk = {c.name for c in table.primary_key.columns}
    return {k: v for k, v in _only(row, table).items() if k not in pk}


def _targets(con: duckdb.DuckDBPyConnection, run_off: int, target_off: int) -> list[dict]:
    """Targets of either older shape: before issue #10 one value per year (it becomes a one-year
    target, `max` where lower is better, else `min`), after it the rows with their history."""
    cols = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'old' AND table_name = 'target'"
        ).fetchall()
    }
    if "target_type" not in cols:
        rows = _rows(
            con,
            "target",
            "t LEFT JOIN (SELECT kpi_id, direction FROM old.kpi) k USING (kpi_id) ORDER BY kpi_id, municipality_id, year, gender",
        )
        return [
            {
                "kpi_id": r["kpi_id"],
                "municipality_id": r["municipality_id"],
                "gender": r["gender"],
                "target_type": "max" if r.get("direction") == "lower" else "min",
                "target_value": r["target_value"],
                "from_year": r["year"],
                "to_year": r["year"],
                "note": r.get("note"),
                "source": r.get("source"),
                "load_run_id": _shift(r.get("load_run_id"), run_off),
                "created_at": work.now(),
            }
            for r in rows
        ]
    return [
        {
            **_only(r, work.target),
            "target_id": r["target_id"] + target_off,
            "replaces": _shift(r.get("replaces"), target_off),
            "load_run_id": _shift(r.get("load_run_id"), run_off),
        }
        for r in _rows(con, "target", "ORDER BY target_id")
    ]


def _carry_statistics(store: Store, offset: int, run_id: int) -> int:
    """Version 1 from the old file: every value (load runs shifted by `offset`), the catalogue with
    local KPIs, Kolada's groups (own groups went to the work store)."""
    layout = store.layout
    with statistics.NewVersion(layout, base=None) as nv:
        con = nv.con
        con.execute("ATTACH ? AS old (READ_ONLY)", [str(layout.db)])
        old_tables = _tables(con, "old")
        for table, where in (
            ("kpi", ""),
            ("area", ""),
            ("area_headline", ""),
            ("kpi_group", ""),
            ("kpi_group_member", ""),
            ("municipality", ""),
            ("municipality_group", "WHERE kind <> 'own'"),
            (
                "municipality_group_member",
                "WHERE group_id IN (SELECT group_id FROM old.municipality_group WHERE kind <> 'own')",
            ),
            ("meta", ""),
        ):
            if table in old_tables:
                _copy_by_name(con, table, where)
        con.execute(
            "INSERT INTO observation SELECT kpi_id, municipality_id, year, gender, value, status, count, "
            "load_run_id + ? FROM old.observation",
            [offset],
        )
        con.execute(
            "INSERT INTO version_load_run SELECT load_run_id + ?, source, request, finished_at FROM old.load_run "
            "WHERE load_run_id IN (SELECT DISTINCT load_run_id FROM old.observation)",
            [offset],
        )
        statistics.check_unique(con)
        rows = int(con.execute("SELECT count(*) FROM observation").fetchone()[0])
        con.execute("DETACH old")
        backup = layout.db.with_name(f"{layout.db.name}.one-file-{time.strftime('%Y%m%d-%H%M%S')}")
        if not backup.exists():
            os.link(layout.db, backup)
        nv.publish(statistics.RunInfo(run_id, LEGACY_SOURCE, "carry-over"))
    return rows


def _copy_by_name(con: duckdb.DuckDBPyConnection, table: str, where: str) -> None:
    """Copy rows by the columns both schemas have, so an older schema still hands its rows over."""
    cols_new = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ? "
            "ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    cols_old = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'old' AND table_name = ?", [table]
        ).fetchall()
    }
    cols = ", ".join(c for c in cols_new if c in cols_old)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM old.{table} {where}")  # noqa: S608 - schema names
