"""The reader: one DuckDB connection with the statistics of one published version and people's work,
under the table names every query in store/ uses (kpi, observation, target, assessment, …).

How: an in-memory DuckDB ATTACHes the version file READ_ONLY as `stats`; `observation` is a view on
it, the small statistics tables are copied into memory once; people's work is copied from the work
store into small in-memory tables of the same names; `kpi` (with people's direction edits) and
`municipality_group(_member)` (with their own peer sets) are rebuilt from both at every sync. Why copies and not live queries: analysis joins people's work onto 7 million values inside
DuckDB, and the copy is a few thousand rows, re-read only when the work store's revision moved on
(`sync`). The version file is never written, so any number of processes read it at once, and a load
never waits for a reader.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

import duckdb
import sqlalchemy as sa

from store import versions, work
from store.errors import StoreError

# The values stay in the version file (a view: 7 million rows, read through DuckDB's zone maps).
BIG_TABLES = ("observation",)
# The small tables of a version are copied into memory once per version: a query on an in-memory
# table of a few thousand rows costs a fraction of one through the attached file's buffer manager.
SMALL_TABLES = (
    "area",
    "area_headline",
    "kpi_group",
    "kpi_group_member",
    "municipality",
    "meta",
    "version_load_run",
)
# Statistics with people's work applied, rebuilt in memory when a sync re-read the work tables they
# are made from (_MERGED_FROM): `kpi` with people's newest direction edit, Kolada's peer sets plus
# people's own ('OWN<id>').
_MERGED_FROM = {
    "kpi": ("kpi_direction_change",),
    "municipality_group": ("own_group",),
    "municipality_group_member": ("own_group_member",),
}
_MERGED = {
    "kpi": """
        SELECT k.* REPLACE (coalesce(d.direction, k.direction) AS direction,
                            CASE WHEN d.kpi_id IS NULL THEN k.direction_reason ELSE d.reason END AS direction_reason)
        FROM stats.kpi k
        LEFT JOIN (SELECT kpi_id, arg_max(new, change_id) AS direction, arg_max(reason, change_id) AS reason
                   FROM kpi_direction_change GROUP BY kpi_id) d ON d.kpi_id = k.kpi_id
    """,
    "municipality_group": """
        SELECT group_id, title, kind, area, year, owner_municipality_id, created_by, created_at
        FROM stats.municipality_group
        UNION ALL
        SELECT 'OWN' || own_group_id, title, 'own', NULL, NULL, owner_municipality_id, created_by, created_at
        FROM own_group
    """,
    "municipality_group_member": """
        SELECT group_id, municipality_id FROM stats.municipality_group_member
        UNION ALL
        SELECT 'OWN' || own_group_id, municipality_id FROM own_group_member
    """,
}


def duckdb_type(column: sa.Column) -> str:
    """The DuckDB type of a work-store column (readers keep the types queries expect)."""
    t = column.type
    if isinstance(t, sa.SmallInteger):
        return "SMALLINT"
    if isinstance(t, sa.BigInteger):
        return "BIGINT"
    if isinstance(t, sa.Integer):
        return "INTEGER"
    if isinstance(t, sa.Double | sa.Float | sa.Numeric):
        return "DOUBLE"
    if isinstance(t, sa.DateTime):
        return "TIMESTAMP"
    if isinstance(t, sa.Date):
        return "DATE"
    if isinstance(t, sa.Boolean):
        return "BOOLEAN"
    return "VARCHAR"


class Reader:
    """A read-only view of one version plus people's work. `con` is a plain DuckDB connection: hand
    `con.cursor()` to each thread. The version's lease lives as long as `con`."""

    def __init__(self, layout: versions.Layout, work_store: work.WorkStore) -> None:
        self.work = work_store
        lease = versions.lease(layout)
        self.version: Path = lease.path
        self.revision = -1
        self.revisions: dict[str, int] = {}  # the work store's revisions this reader holds the rows of
        self._sync_lock = threading.Lock()
        try:
            self.con = duckdb.connect()
            weakref.finalize(self.con, lease.release)
        except BaseException:
            lease.release()
            raise
        self.con.execute("SET enable_progress_bar = false")
        try:
            self.con.execute("ATTACH ? AS stats (READ_ONLY)", [str(self.version)])
        except duckdb.Error as exc:
            raise StoreError("store_version_unreadable", version=str(self.version), detail=str(exc)) from exc
        present = {
            r[0]
            for r in self.con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'stats'").fetchall()
        }
        missing = {"observation", "kpi", "municipality", "municipality_group"} - present
        if missing:
            raise StoreError("store_not_a_version", version=str(self.version), tables=", ".join(sorted(missing)))
        for name in BIG_TABLES:
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM stats.{name}")  # noqa: S608 - constant names
        for name in SMALL_TABLES:
            if name in present:
                self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM stats.{name}")  # noqa: S608 - constant names
        for table in work.visible_tables():
            cols = ", ".join(f'"{c.name}" {duckdb_type(c)}' for c in table.columns)
            self.con.execute(f"CREATE TABLE {table.name} ({cols})")
        for name, select in _MERGED.items():
            self.con.execute(f"CREATE TABLE {name} AS {select} LIMIT 0")  # noqa: S608 - constant SQL
        self.sync()

    def sync(self, revision: int | None = None) -> bool:
        """Re-read people's work when the work store's revision differs from ours: only the tables
        whose own revision moved on (and the merged tables made from them). One DuckDB transaction
        swaps them, so a query running meanwhile sees all old or all new rows. Returns whether
        anything was re-read."""
        if revision is not None and revision == self.revision:
            return False
        with self._sync_lock:
            if revision is not None and revision == self.revision:
                return False
            revs, frames = self.work.frames(self.revisions or None)
            rev = revs.get(work.ALL, 0)
            if rev == self.revision and not frames:
                return False
            cur = self.con.cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                for table in work.visible_tables():
                    if table.name not in frames:
                        continue
                    cur.execute(f"DELETE FROM {table.name}")  # noqa: S608 - names from the schema
                    df = frames[table.name]
                    if df.empty:
                        continue
                    cur.register("_work_rows", df)
                    cols = ", ".join(f'CAST("{c.name}" AS {duckdb_type(c)})' for c in table.columns)
                    cur.execute(f"INSERT INTO {table.name} SELECT {cols} FROM _work_rows")  # noqa: S608
                    cur.unregister("_work_rows")
                for name, select in _MERGED.items():
                    if self.revisions and not frames.keys() & set(_MERGED_FROM[name]):
                        continue
                    cur.execute(f"DELETE FROM {name}")  # noqa: S608 - constant names
                    cur.execute(f"INSERT INTO {name} {select}")  # noqa: S608 - constant SQL
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()
            self.revisions = {t.name: revs.get(t.name, 0) for t in work.visible_tables()}
            self.revision = rev
            return True

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    @property
    def version_name(self) -> str:
        return self.version.name
