"""Writing a statistics version: the SQL of every load (build, fetch, import-values, forget).

A load writes a NEW DuckDB file (`NewVersion`): empty with the schema (build), or a copy of the
published version (fetch, import-values, forget), changes it, checks the observation key with a
query, checkpoints, and only then publishes it (store.versions.publish). Nothing here touches the
published file, so a failed or killed load changes nothing anyone reads.

Values from people or files are registered DataFrames or bound parameters, never formatted into SQL.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from i18n import Message
from store import versions
from store.errors import StoreError

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
OBS_KEY = ["kpi_id", "municipality_id", "year", "gender"]
OBS_COLUMNS = [*OBS_KEY, "value", "status", "count"]
SNAPSHOT_SOURCE = "Kolada via open-numbers dump, 2024-08"
KPI_CATALOGUE_FIELDS = [
    "title",
    "description",
    "operating_area",
    "perspective",
    "is_divided_by_gender",
    "municipality_type",
    "auspice",
    "unit",
    "publication_date",
    "prel_publication_date",
    "publ_period",
    "has_ou_data",
    "retired",
]
MEMORY_LIMIT = "512MB"  # DuckDB's own limit for writing a version (its buffers; Python comes on top)
_KEY_JOIN = "o.kpi_id = c.kpi_id AND o.municipality_id = c.municipality_id AND o.year = c.year AND o.gender = c.gender"


class KeyNotUnique(StoreError):
    """A load would store two values for one (kpi, municipality, year, gender)."""


@dataclass(frozen=True)
class Catalogue:
    """Everything but the values: what a build hands to a new version."""

    kpi: pd.DataFrame
    area: pd.DataFrame
    area_headline: pd.DataFrame
    kpi_group: pd.DataFrame
    kpi_group_member: pd.DataFrame
    municipality: pd.DataFrame
    municipality_group: pd.DataFrame
    municipality_group_member: pd.DataFrame


@dataclass(frozen=True)
class RunInfo:
    """The load that writes a version, as the version records it (version_load_run)."""

    load_run_id: int
    source: str
    request: str


class NewVersion:
    """A version being written in a tmp file beside the published ones. Use as a context manager: an
    exception (or a kill) leaves only the tmp file, which the next load removes."""

    def __init__(self, layout: versions.Layout, base: Path | None) -> None:
        self.layout = layout
        self.tmp = versions.new_tmp(layout)
        if base is not None:
            shutil.copyfile(base, self.tmp)
        self.con = duckdb.connect(str(self.tmp))
        # A build sorts nothing and keeps no index; with a memory limit DuckDB's key check spills
        # rather than grows, so a load stays well under 1 GiB.
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        if base is None:
            self.con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        self.published: Path | None = None

    def __enter__(self) -> NewVersion:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()
        if self.published is None:
            for p in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal")):
                p.unlink(missing_ok=True)

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def publish(self, run: RunInfo, meta: dict[str, str] | None = None) -> Path:
        """Record the run and when, checkpoint, close, publish. The caller holds the load lock and has
        checked the rows it wrote (`check_unique`)."""
        con = self.con
        con.execute(
            "DELETE FROM version_load_run WHERE load_run_id NOT IN (SELECT DISTINCT load_run_id FROM observation)"
        )
        con.execute(
            "INSERT INTO version_load_run SELECT ?, ?, ?, current_localtimestamp() "
            "WHERE EXISTS (SELECT 1 FROM observation WHERE load_run_id = ?) "
            "ON CONFLICT (load_run_id) DO NOTHING",
            [run.load_run_id, run.source, run.request, run.load_run_id],
        )
        stamp = {"load_run_id": str(run.load_run_id), "published_at": time.strftime("%Y-%m-%d %H:%M:%S")}
        for key, value in {**stamp, **(meta or {})}.items():
            set_meta(con, key, value)
        con.execute("CHECKPOINT")
        con.close()
        self.published = versions.publish(self.layout, self.tmp)
        return self.published


# ---- small writes -----------------------------------------------------------------------------------
def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])


def _table_columns(con: duckdb.DuckDBPyConnection, table: str, catalog: str | None = None) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
            "AND table_catalog = coalesce(?, current_database()) ORDER BY ordinal_position",
            [table, catalog],
        ).fetchall()
    ]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> int:
    """Insert a DataFrame by column name; columns the table has but the frame lacks stay default."""
    if df.empty:
        return 0
    cols = [c for c in _table_columns(con, table) if c in df.columns]
    con.register("_frame", df[cols])
    try:
        col_list = ", ".join(cols)
        con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM _frame")  # noqa: S608 - names from schema
    finally:
        con.unregister("_frame")
    return len(df)


def write_catalogue(con: duckdb.DuckDBPyConnection, cat: Catalogue) -> None:
    for name in (
        "kpi",
        "area",
        "area_headline",
        "kpi_group",
        "kpi_group_member",
        "municipality",
        "municipality_group",
        "municipality_group_member",
    ):
        insert_frame(con, name, getattr(cat, name))


def load_snapshot_observations(con: duckdb.DuckDBPyConnection, path: Path, run_id: int) -> int:
    """Bulk path for the snapshot: one CREATE TABLE AS straight from Parquet (already in key order),
    no index and no per-row constraint; `check_unique` checks the rows afterwards in one pass."""
    con.execute(
        """
        CREATE OR REPLACE TABLE observation AS
        SELECT CAST(kpi_id AS VARCHAR) AS kpi_id, CAST(municipality_id AS VARCHAR) AS municipality_id,
               CAST(year AS SMALLINT) AS year, CAST(gender AS VARCHAR) AS gender, CAST(value AS DOUBLE) AS value,
               CAST(NULL AS VARCHAR) AS status, CAST(NULL AS INTEGER) AS count, CAST(? AS INTEGER) AS load_run_id
        FROM read_parquet(?)
        """,
        [run_id, str(path)],
    )
    return int(con.execute("SELECT count(*) FROM observation").fetchone()[0])


_DUPLICATE_HASHES = """
SELECT count(*) FROM (SELECT hash(kpi_id, municipality_id, year, gender) AS h FROM {rows} GROUP BY h HAVING count(*) > 1)
"""
_DUPLICATES = """
WITH h AS (SELECT hash(kpi_id, municipality_id, year, gender) AS h FROM {rows} GROUP BY h HAVING count(*) > 1)
SELECT kpi_id, municipality_id, year, gender, count(*) AS n FROM observation
WHERE hash(kpi_id, municipality_id, year, gender) IN (SELECT h FROM h)
GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL LIMIT 5
"""
# What the table's constraints would refuse (a version's observation has none: see schema.sql).
_BAD_ROWS = """
SELECT kpi_id, municipality_id, year, gender FROM {rows}
WHERE kpi_id IS NULL OR municipality_id IS NULL OR year IS NULL OR gender IS NULL OR gender NOT IN ('T', 'K', 'M')
   OR load_run_id IS NULL
LIMIT 5
"""
# Only the rows with one of the changed keys (a temp table `_keys`): the rest of a copied version
# was checked when it was written.
_CHANGED_ROWS = "(SELECT o.* FROM observation o SEMI JOIN _keys c ON " + _KEY_JOIN + ")"  # noqa: S608


def check_unique(con: duckdb.DuckDBPyConnection, changed_keys: str | None = None) -> None:
    """Fail the load when a key occurs twice or a row breaks the key's rules (NULL, a gender not T/K/M).
    Grouping one 64-bit hash is several times faster and smaller than grouping the four columns; only
    when some hash occurs twice are the real keys looked up (a collision is not a duplicate). With
    `changed_keys` (the name of a temp table of keys) only those keys are checked."""
    if changed_keys is not None:
        con.execute(f"CREATE OR REPLACE TEMP VIEW _keys AS SELECT * FROM {changed_keys}")  # noqa: S608 - our own temp table
    rows = _CHANGED_ROWS if changed_keys else "observation"
    bad = con.execute(_BAD_ROWS.format(rows=rows)).fetchall()
    if bad:
        shown = "; ".join(" ".join(str(x) for x in r) for r in bad)
        raise KeyNotUnique("store_key_invalid", rows=shown)
    if not con.execute(_DUPLICATE_HASHES.format(rows=rows)).fetchone()[0]:
        return
    dupes = con.execute(_DUPLICATES.format(rows=rows)).fetchall()
    if dupes:
        shown = tuple(Message("store_key_times", key=f"{k} {m} {y} {g}", n=n) for k, m, y, g, n in dupes)
        raise KeyNotUnique("store_key_duplicate", rows=shown)


def stage_observations(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, run_id: int) -> int:
    """Replace only rows whose value, status or count differ (delete by key, insert), so unchanged
    rows keep their load_run and the same fetch twice changes nothing. Returns rows added or changed."""
    staged = df.reindex(columns=OBS_COLUMNS).copy()
    staged["year"] = staged["year"].astype("int16")
    staged["count"] = staged["count"].astype("Int32")
    staged["load_run_id"] = run_id
    con.register("_staged", staged)
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _changed AS
            SELECT s.kpi_id, s.municipality_id, s.year, s.gender, s.value, s.status, CAST(s.count AS INTEGER) AS count,
                   CAST(s.load_run_id AS INTEGER) AS load_run_id
            FROM _staged s
            LEFT JOIN observation o USING (kpi_id, municipality_id, year, gender)
            WHERE o.kpi_id IS NULL OR o.value IS DISTINCT FROM s.value
               OR o.status IS DISTINCT FROM s.status OR o.count IS DISTINCT FROM s.count
            """
        )
    finally:
        con.unregister("_staged")
    changed = int(con.execute("SELECT count(*) FROM _changed").fetchone()[0])
    if changed:
        con.execute(f"DELETE FROM observation o USING _changed c WHERE {_KEY_JOIN}")  # noqa: S608 - constant
        # in key order, so the appended row groups' zone maps stay narrow: a reader's `kpi_id = ?`
        # skips them unless the KPI is among the changed ones
        con.execute("INSERT INTO observation SELECT * FROM _changed ORDER BY kpi_id, municipality_id, year, gender")
        check_unique(con, "_changed")
    con.execute("DROP TABLE _changed")
    return changed


def upsert_kpis(con: duckdb.DuckDBPyConnection, kpis: pd.DataFrame) -> int:
    """Add new KPIs and refresh catalogue fields of known ones; the direction is never overwritten."""
    if kpis is None or kpis.empty:
        return 0
    sets = ", ".join(f"{c} = excluded.{c}" for c in KPI_CATALOGUE_FIELDS if c in kpis.columns)
    cols = [c for c in _table_columns(con, "kpi") if c in kpis.columns]
    con.register("_kpis", kpis[cols])
    try:
        col_list = ", ".join(cols)
        con.execute(
            f"INSERT INTO kpi ({col_list}) SELECT {col_list} FROM _kpis "  # noqa: S608 - names from schema
            f"ON CONFLICT (kpi_id) DO UPDATE SET {sets}"
        )
    finally:
        con.unregister("_kpis")
    return len(kpis)


# ---- a rebuild keeps what loads added -----------------------------------------------------------------
def carry_forward(con: duckdb.DuckDBPyConnection, previous: Path) -> dict[str, int]:
    """Copy into a freshly built version what loads other than snapshot builds added to the previous
    one: fetched and imported values (they win over the snapshot's for the same key), the KPIs they
    belong to that the new catalogue lacks (local KPIs, KPIs a fetch added) and their runs."""
    con.execute("ATTACH ? AS prev (READ_ONLY)", [str(previous)])
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _kept AS
            SELECT o.* FROM prev.observation o
            WHERE o.load_run_id IN (SELECT load_run_id FROM prev.version_load_run WHERE source <> ?)
            """,
            [SNAPSHOT_SOURCE],
        )
        kept = int(con.execute("SELECT count(*) FROM _kept").fetchone()[0])
        kpis = 0
        if kept:
            con.execute(f"DELETE FROM observation o USING _kept c WHERE {_KEY_JOIN}")  # noqa: S608 - constant
            con.execute("INSERT INTO observation SELECT * FROM _kept ORDER BY kpi_id, municipality_id, year, gender")
            con.execute(
                "INSERT INTO version_load_run SELECT * FROM prev.version_load_run "
                "WHERE load_run_id IN (SELECT DISTINCT load_run_id FROM _kept)"
            )
        before = con.execute("SELECT count(*) FROM kpi").fetchone()[0]
        con.execute(
            """
            INSERT INTO kpi BY NAME SELECT * FROM prev.kpi p
            WHERE p.kpi_id NOT IN (SELECT kpi_id FROM main.kpi)
              AND (p.source = 'local' OR p.kpi_id IN (SELECT DISTINCT kpi_id FROM _kept))
            """
        )
        kpis = con.execute("SELECT count(*) FROM kpi").fetchone()[0] - before
        con.execute("DROP TABLE _kept")
    finally:
        con.execute("DETACH prev")
    return {"observation": kept, "kpi": int(kpis)}


# ---- forget ---------------------------------------------------------------------------------------------
def forget_run(con: duckdb.DuckDBPyConnection, run_id: int, snapshot_observations: Path | None) -> tuple[int, int]:
    """Remove the values one load stored from a copied version. Keys whose snapshot value that load
    had replaced get the snapshot's value back (what a rebuild would give), under the run of the
    build that holds the other snapshot values. Local KPIs left without any value leave the catalogue.
    Returns (rows removed, rows restored from the snapshot)."""
    removed = int(con.execute("SELECT count(*) FROM observation WHERE load_run_id = ?", [run_id]).fetchone()[0])
    if not removed:
        return 0, 0
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone AS SELECT kpi_id, municipality_id, year, gender FROM observation "
        "WHERE load_run_id = ?",
        [run_id],
    )
    con.execute("DELETE FROM observation WHERE load_run_id = ?", [run_id])
    restored = 0
    build_run = con.execute(
        "SELECT max(load_run_id) FROM version_load_run WHERE source = ? AND load_run_id <> ?", [SNAPSHOT_SOURCE, run_id]
    ).fetchone()[0]
    if snapshot_observations is not None and build_run is not None:
        con.execute(
            f"""
            INSERT INTO observation
            SELECT s.kpi_id, s.municipality_id, s.year, s.gender, s.value, NULL, NULL, ?
            FROM read_parquet(?) s JOIN _gone c ON {_KEY_JOIN.replace("o.", "s.")}
            """,  # noqa: S608 - constant
            [build_run, str(snapshot_observations)],
        )
        restored = int(
            con.execute(f"SELECT count(*) FROM observation o SEMI JOIN _gone c ON {_KEY_JOIN}").fetchone()[0]  # noqa: S608
        )
        check_unique(con, "_gone")
    con.execute("DELETE FROM kpi WHERE source = 'local' AND kpi_id NOT IN (SELECT DISTINCT kpi_id FROM observation)")
    con.execute("DROP TABLE _gone")
    return removed, restored


def version_runs(version: Path) -> list[tuple]:
    """(load_run_id, source, request, finished_at) of the runs whose values a version holds."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS v (READ_ONLY)", [str(version)])
        return con.execute(
            "SELECT load_run_id, source, request, finished_at FROM v.version_load_run ORDER BY 1"
        ).fetchall()
    finally:
        con.close()


def producing_run(version: Path) -> int | None:
    """The load run that wrote this version (meta 'load_run_id'), or None."""
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS v (READ_ONLY)", [str(version)])
        row = con.execute("SELECT value FROM v.meta WHERE key = 'load_run_id'").fetchone()
        return int(row[0]) if row and row[0] else None
    except duckdb.Error:
        return None
    finally:
        con.close()
