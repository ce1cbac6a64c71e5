"""People's work: assessments, targets, own peer sets, direction edits and the load history.

A transactional database made for many writers, through SQLAlchemy Core so one code path serves both:
SQLite in WAL mode in a file beside the statistics (`trappan-work.sqlite`, nothing to install) or
PostgreSQL when `TRAPPAN_WORK_DB=postgresql://…` (many servers share one). Why not the DuckDB file:
DuckDB allows one writing process, and the statistics are rewritten whole by every load.

Rules every table here follows:
- ids come from the database (identity columns / SQLite AUTOINCREMENT), never max()+1;
- every write is one transaction (`WorkStore.transaction(*tables)`) that also bumps the revision
  counters (all of people's work, and each table written), so a reader can tell with one cheap
  query that people's work changed (`WorkStore.revisions`);
- the schema has a version (table `schema_version`): a fresh database is created at `LATEST`, an
  older one is brought forward by `MIGRATIONS`, one step at a time, inside one transaction.

How to add a table (e.g. goals): define it below with `Table(..., metadata)`, raise `LATEST` by one
and add `MIGRATIONS[LATEST] = lambda conn: create_table(conn, the_table)`. A new column: add the
`Column` to its table and a migration `lambda conn: add_column(conn, table, "column")`. Every table
not in INTERNAL_TABLES is also visible to readers under its own name (store.reader).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateColumn

from store.errors import StoreError
from store.fields import TARGET_SPEC, column

metadata = MetaData()

GENDER_CHECK = "gender IN ('T', 'K', 'M')"
STATUS_VALUES = "('green', 'yellow', 'red', 'white')"

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

# Revision counters: '*' is bumped by every write, and one row per table by the writes to it, so a
# reader can tell cheaply that anything (or one table) changed.
work_revision = Table(
    "work_revision",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("revision", BigInteger, nullable=False),
)
ALL = "*"

# Facts about the store itself, e.g. that an older single-file store was carried over.
work_meta = Table(
    "work_meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text),
)

# Provenance: every observation, target and local KPI value points at the load that wrote it.
load_run = Table(
    "load_run",
    metadata,
    Column("load_run_id", Integer, Identity(), primary_key=True),
    Column("source", Text, nullable=False),  # 'Kolada via open-numbers dump, 2024-08', 'Kolada API v3', …
    Column("request", Text, nullable=False),  # what was asked: command line, KPI ids, years, file name
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("rows_written", BigInteger),
    Column("outcome", String(16), nullable=False),
    Column("message", Text),  # in Swedish, as the CLI prints it
    Column("host", Text),  # where the load ran: only that machine may declare it interrupted
    Column("pid", Integer),
    Column("message_i18n", Text),  # the message's i18n key and values (JSON), for a reader in any language
    CheckConstraint("outcome IN ('running', 'ok', 'failed', 'forgotten')", name="load_run_outcome"),
    sqlite_autoincrement=True,
)

# The analyst's staircase: steps 5-7 and 9 as text, step 8 as suggested and chosen status.
# Every save is a new row, so the history (who, when) is kept.
assessment = Table(
    "assessment",
    metadata,
    Column("assessment_id", Integer, Identity(), primary_key=True),
    Column("municipality_id", String(8), nullable=False),
    Column("kpi_id", String(64), nullable=False),
    Column("year", SmallInteger, nullable=False),
    Column("gender", String(1), nullable=False),
    Column("peer_set", Text),
    Column("reflection", Text),  # step 5
    Column("evidence", Text),  # step 6
    Column("conclusion", Text),  # step 7
    Column("status_suggested", String(8)),
    Column("status", String(8), nullable=False),
    Column("status_reason", Text),  # step 8: the reasons, or why the suggestion was overridden
    Column("actions", Text),  # step 9
    Column("author", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),
    CheckConstraint(GENDER_CHECK, name="assessment_gender"),
    CheckConstraint(f"status IN {STATUS_VALUES}", name="assessment_status"),
    CheckConstraint(
        f"status_suggested IS NULL OR status_suggested IN {STATUS_VALUES}", name="assessment_status_suggested"
    ),
    sqlite_autoincrement=True,
)

TARGET_TYPE_VALUES = (
    "('min', 'max', 'interval', 'rank_top', 'quartile_top', 'at_least_riket', 'at_least_peers', 'trajectory')"
)

# The municipality's own targets (issue #10). One row per target as it was set; a change closes the
# row (ended_at) and adds a new one pointing back at it (replaces), an end only closes it, so the
# history (who, when, what) is kept. A target judges only the years from_year..to_year. What each
# column means: store/fields.py. Importing a goal tree registers its indicators' targets here too
# (goal_version_id, goal_node_id; store.goals), so every page judges by the council's target.
target = Table(
    "target",
    metadata,
    Column("target_id", Integer, Identity(), primary_key=True),
    *(column(name, nullable=False) for name in ("kpi_id", "municipality_id", "gender", "target_type")),
    *(column(name) for name in ("target_value", "target_high")),
    *(column(name, nullable=False) for name in ("from_year", "to_year")),
    *(column(name) for name in ("peer_key", "note")),
    Column("source", Text),  # the imported file's name, or 'app'
    Column("load_run_id", Integer),  # the import that wrote it; NULL when set in the app or by a goal tree
    Column("created_by", Text),
    Column("created_at", DateTime, nullable=False),
    Column("ended_by", Text),
    Column("ended_at", DateTime),  # NULL while the target is in force
    Column("replaces", Integer),  # the target_id this row changed
    # A goal tree's indicator target (store.goals): the tree version and the indicator that set it.
    Column("goal_version_id", Integer),
    Column("goal_node_id", String(200)),
    CheckConstraint(GENDER_CHECK, name="target_gender"),
    CheckConstraint(f"target_type IN {TARGET_TYPE_VALUES}", name="target_type"),
    sqlite_autoincrement=True,
)

# An area's target rule for one municipality (e.g. grundskola: at least the mean of Liknande kommuner;
# KKiK: the best quartile): the target of every KPI of the area without an own target for the year.
area_target_rule = Table(
    "area_target_rule",
    metadata,
    Column("rule_id", Integer, Identity(), primary_key=True),
    Column("municipality_id", String(8), nullable=False),
    Column("area_id", String(64), nullable=False),
    column("target_type", nullable=False),
    column("target_value"),  # rank_top: N
    column("peer_key"),
    Column("created_by", Text),
    Column("created_at", DateTime, nullable=False),
    Column("ended_by", Text),
    Column("ended_at", DateTime),
    CheckConstraint(
        "target_type IN ('rank_top', 'quartile_top', 'at_least_riket', 'at_least_peers')", name="rule_type"
    ),
    sqlite_autoincrement=True,
)

# Direction edits made by people (the Data page): who changed what and why; the newest one counts.
kpi_direction_change = Table(
    "kpi_direction_change",
    metadata,
    Column("change_id", Integer, Identity(), primary_key=True),
    Column("kpi_id", String(64), nullable=False),
    Column("old", String(8)),
    Column("new", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("changed_by", Text),
    Column("changed_at", DateTime, nullable=False),
    CheckConstraint("new IN ('higher', 'lower', 'none')", name="direction_new"),
    sqlite_autoincrement=True,
)

# An analyst's own peer sets; readers see them as municipality_group rows 'OWN<id>' of kind 'own'.
own_group = Table(
    "own_group",
    metadata,
    Column("own_group_id", Integer, Identity(), primary_key=True),
    Column("title", Text, nullable=False),
    Column("owner_municipality_id", String(8)),
    Column("created_by", Text),
    Column("created_at", DateTime, nullable=False),
    sqlite_autoincrement=True,
)

own_group_member = Table(
    "own_group_member",
    metadata,
    Column("own_group_id", Integer, ForeignKey("own_group.own_group_id", ondelete="CASCADE"), nullable=False),
    Column("municipality_id", String(8), nullable=False),
    PrimaryKeyConstraint("own_group_id", "municipality_id", name="own_group_member_pk"),
)

# Goal trees (målstyrning, issue #11): vision → goals at any depth → indicators with a target, one
# version per imported sheet (store/goals.py). The newest version (replaced_at NULL) is the
# municipality's tree; former versions are kept, and so are the assessments made on them.
goal_tree_version = Table(
    "goal_tree_version",
    metadata,
    Column("version_id", Integer, Identity(), primary_key=True),
    Column("municipality_id", String(8), nullable=False),
    Column("source", Text),  # the sheet's file name
    Column("content_hash", String(64), nullable=False),  # importing the same sheet twice makes no new version
    Column("imported_by", Text),
    Column("imported_at", DateTime, nullable=False),
    Column("replaced_at", DateTime),  # NULL: the current tree
    sqlite_autoincrement=True,
)

goal_node = Table(
    "goal_node",
    metadata,
    Column("version_id", Integer, ForeignKey("goal_tree_version.version_id"), nullable=False),
    Column("node_id", String(200), nullable=False),  # the sheet's id
    Column("position", Integer, nullable=False),  # the sheet's row order
    Column("parent_id", String(200)),  # NULL only for a vision
    Column("kind", String(12), nullable=False),
    Column("title", Text),
    Column("owner", Text),  # nämnd, förvaltning or bolag
    # indicators: a Kolada or own KPI, the gender and the target (goals: from_year..to_year is their period)
    *(column(name) for name in ("kpi_id", "gender", *TARGET_SPEC, "note")),
    PrimaryKeyConstraint("version_id", "node_id", name="goal_node_pk"),
    CheckConstraint("kind IN ('vision', 'goal', 'indicator')", name="goal_node_kind"),
    CheckConstraint(f"gender IS NULL OR {GENDER_CHECK}", name="goal_node_gender"),
    CheckConstraint(f"target_type IS NULL OR target_type IN {TARGET_TYPE_VALUES}", name="goal_node_type"),
)

# The owner's own assessment of a vision or goal for one follow-up period, a new row per save.
goal_assessment = Table(
    "goal_assessment",
    metadata,
    Column("goal_assessment_id", Integer, Identity(), primary_key=True),
    Column("municipality_id", String(8), nullable=False),
    Column("node_id", String(200), nullable=False),
    Column("version_id", Integer, nullable=False),  # the tree version it was made on
    Column("year", SmallInteger, nullable=False),
    Column("period", String(8), nullable=False),  # delar: delårsrapport, helar: årsredovisning
    Column("status", String(8), nullable=False),
    Column("status_suggested", String(8)),
    Column("reason", Text),
    Column("actions", Text),
    Column("author", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),
    CheckConstraint("period IN ('delar', 'helar')", name="goal_assessment_period"),
    CheckConstraint(f"status IN {STATUS_VALUES}", name="goal_assessment_status"),
    CheckConstraint(
        f"status_suggested IS NULL OR status_suggested IN {STATUS_VALUES}", name="goal_assessment_status_suggested"
    ),
    sqlite_autoincrement=True,
)

INTERNAL_TABLES = frozenset({"schema_version", "work_revision", "work_meta"})
LATEST = 3


def create_table(conn: Connection, table: Table) -> None:
    table.create(conn)


def insert_row(conn: Connection, table: Table, **values: object) -> int:
    """Insert one row in the caller's transaction and return the id the database gave it (the
    table's one-column primary key: an identity on PostgreSQL, a rowid on SQLite)."""
    (key,) = table.primary_key.columns
    return int(conn.execute(table.insert().values(**values).returning(key)).scalar_one())


def add_column(conn: Connection, table: Table, name: str) -> None:
    """ALTER TABLE … ADD COLUMN, the column's type and default written for the database in use."""
    spec = CreateColumn(table.c[name]).compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {spec}")


# version → the step from version − 1. Never edit a step that has shipped; add the next one.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def _goal_targets(conn: Connection) -> None:
    """2: a goal tree's indicator targets become targets of the municipality (store.goals), and the
    goal sheet gets peer_key. Trees imported before are registered as their import would now."""
    from store import goals  # goals builds on the tables above

    add_column(conn, goal_node, "peer_key")
    add_column(conn, target, "goal_version_id")
    add_column(conn, target, "goal_node_id")
    goals.register_stored_trees(conn)


MIGRATIONS[2] = _goal_targets
# 3: the load history keeps its message's i18n key and values, for a reader in any language.
MIGRATIONS[3] = lambda conn: add_column(conn, load_run, "message_i18n")


def default_url(work_file: Path) -> str:
    return os.environ.get("TRAPPAN_WORK_DB") or f"sqlite:///{work_file}"


def _engine_url(url: str) -> str:
    """`postgresql://…` (what people write) means psycopg 3 here."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def place(url: str) -> tuple[str, str]:
    """(kind, name) of a work database for people to read: ('sqlite', 'trappan-work.sqlite') or
    ('postgresql', 'db.example.se/trappan') — never the password."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite":
        return "sqlite", Path(u.database or "").name
    return "postgresql", f"{u.host or 'localhost'}/{u.database or ''}"


def describe(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "TRAPPAN_WORK_DB"


class WorkStore:
    """One work database. Open it with `open_work(url)` so a process shares one engine per URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = Path(url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = sa.create_engine(_engine_url(url), pool_pre_ping=not self.is_sqlite)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        with self.plain_errors():
            self._ensure_schema()

    # ---- transactions -------------------------------------------------------------------------
    @contextlib.contextmanager
    def plain_errors(self) -> Iterator[None]:
        """A database that cannot be reached (PostgreSQL down, a SQLite file that is not ours) is a
        plain message, not a traceback; the transaction was rolled back, nothing changed."""
        try:
            yield
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ProgrammingError) as exc:
            raise StoreError("store_work_unusable", work=describe(self.url), detail=str(exc.orig)) from exc

    @contextlib.contextmanager
    def transaction(self, *tables: Table) -> Iterator[Connection]:
        """One write: everything in the block or nothing, and the revisions move on by one (the
        overall one, and those of `tables`, or of every table when none is named)."""
        names = [ALL, *(t.name for t in (tables or visible_tables()))]
        with (
            self.plain_errors(),
            self.engine.connect().execution_options(trappan_write=True) as conn,
            conn.begin(),
        ):
            yield conn
            for name in names:
                bumped = conn.execute(
                    work_revision.update()
                    .where(work_revision.c.name == name)
                    .values(revision=work_revision.c.revision + 1)
                ).rowcount
                if not bumped:
                    conn.execute(work_revision.insert().values(name=name, revision=1))

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A consistent read of several tables (PostgreSQL: one snapshot for the whole block)."""
        options = {} if self.is_sqlite else {"isolation_level": "REPEATABLE READ"}
        with self.plain_errors(), self.engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    def revisions(self) -> dict[str, int]:
        """{'*': overall revision, table name: its revision} — one small query."""
        with self.plain_errors(), self.engine.connect() as conn:
            return {name: int(rev) for name, rev in conn.execute(sa.select(work_revision)).all()}

    def revision(self) -> int:
        return self.revisions().get(ALL, 0)

    def frames(self, known: Mapping[str, int] | None = None) -> tuple[dict[str, int], dict[str, pd.DataFrame]]:
        """(the revisions, as `revisions()`; the tables readers see as DataFrames), read in one snapshot
        so the two agree. With `known` (a reader's revisions of the last read) only the tables whose
        revision moved on: a saved assessment re-reads one small table, not all twenty."""
        with self.snapshot() as conn:
            revs = {name: int(rev) for name, rev in conn.execute(sa.select(work_revision)).all()}
            out = {}
            for table in visible_tables():
                if known is not None and revs.get(table.name, 0) == known.get(table.name):
                    continue
                result = conn.execute(sa.select(table))
                out[table.name] = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        return revs, out

    def meta(self, key: str) -> str | None:
        with self.plain_errors(), self.engine.connect() as conn:
            return conn.execute(sa.select(work_meta.c.value).where(work_meta.c.key == key)).scalar_one_or_none()

    def dispose(self) -> None:
        self.engine.dispose()

    # ---- schema ---------------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        """Create the schema at LATEST, or migrate forward; one process at a time (SQLite: the write
        lock of BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so two first starts make one schema."""
        with self.engine.connect().execution_options(trappan_write=True) as conn, conn.begin():
            if not self.is_sqlite:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7240312)"))
            if not sa.inspect(conn).has_table("schema_version"):
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=LATEST, applied_at=now()))
                conn.execute(work_revision.insert().values(name=ALL, revision=0))
                return
            have = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar_one() or 0
            if have > LATEST:
                raise StoreError("store_work_newer", work=describe(self.url), have=have, latest=LATEST)
            for version in range(have + 1, LATEST + 1):
                MIGRATIONS[version](conn)
                conn.execute(schema_version.insert().values(version=version, applied_at=now()))
            if have < LATEST:
                conn.execute(work_revision.update().values(revision=work_revision.c.revision + 1))  # all of them

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar_one())

    def reset_identity(self, conn: Connection, table: Table) -> None:
        """After rows were inserted with explicit ids (a carry-over): PostgreSQL's identity sequence
        must continue above them. SQLite's AUTOINCREMENT already does."""
        if self.is_sqlite:
            return
        col = next(iter(table.primary_key.columns)).name
        top = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c[col]), 0))).scalar_one()
        conn.execute(
            sa.text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, false)"),
            {"t": table.name, "c": col, "v": int(top) + 1},
        )


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we say BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """Writes take SQLite's write lock at BEGIN, so two writers queue (busy_timeout) instead of one
    failing with 'database is locked' when it upgrades a read lock."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("trappan_write") else "BEGIN")


def copy_work(source: WorkStore, target: WorkStore) -> dict[str, int]:
    """Copy all of people's work into an empty work database — the move from the SQLite file to
    PostgreSQL when a second server comes (README "Drift"). One transaction on the target, ids kept
    (identity sequences moved on above them); a target that already holds work is refused."""
    if source.url == target.url:
        raise StoreError("store_copy_same")
    if source.schema_version() != target.schema_version():
        raise StoreError("store_copy_schema")
    with source.snapshot() as conn:
        data = {t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()] for t in visible_tables()}
    counts: dict[str, int] = {}
    with target.transaction() as conn:
        for table in visible_tables():
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
                raise StoreError("store_copy_not_empty", work=describe(target.url), table=table.name)
        for table in visible_tables():  # parents before children (metadata order)
            rows = data[table.name]
            if rows:
                conn.execute(table.insert(), rows)
                if any(isinstance(c.identity, Identity) for c in table.primary_key.columns):
                    target.reset_identity(conn, table)
            counts[table.name] = len(rows)
    return counts


def visible_tables() -> list[Table]:
    return [t for t in metadata.sorted_tables if t.name not in INTERNAL_TABLES]


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def this_host() -> str:
    return socket.gethostname()


_OPEN: dict[str, WorkStore] = {}
_OPEN_LOCK = threading.Lock()


def open_work(url: str) -> WorkStore:
    """The process's WorkStore for this URL (one engine and connection pool per database)."""
    with _OPEN_LOCK:
        work = _OPEN.get(url)
        if work is None:
            work = _OPEN[url] = WorkStore(url)
        return work


def forget_open(url: str) -> None:
    """Drop the cached engine (tests that delete a work database)."""
    with _OPEN_LOCK:
        work = _OPEN.pop(url, None)
    if work is not None:
        work.dispose()
