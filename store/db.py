"""Where the store lives and how it is opened.

`TRAPPAN_DB` (default `data/trappan.duckdb`) names the published statistics version; people's work is
in `trappan-work.sqlite` beside it unless `TRAPPAN_WORK_DB` names a PostgreSQL database. Every part
of the project asks `db_path()`, so tests and benchmarks can point elsewhere.

- `connect()` — a reader: a DuckDB connection with the store's tables (see store.reader), read-only.
  What every CLI command and analysis uses.
- `Store` — one store's handle for code that also writes (loaders, the dashboard, tests): its work
  store (`store.work`), `stamp()` (what changed), and reads that always see the newest version
  (`cursor()`, `execute()`), so `queries.x(store, …)` works on it as on a connection.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from store import versions, work
from store.errors import StoreError
from store.reader import Reader

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SNAPSHOT_DIR = DATA_DIR / "snapshot"

__all__ = ["DATA_DIR", "ROOT", "SNAPSHOT_DIR", "Stamp", "Store", "StoreError", "connect", "db_path", "transaction"]


def db_path() -> Path:
    return Path(os.environ.get("TRAPPAN_DB") or DATA_DIR / "trappan.duckdb")


@dataclass(frozen=True)
class Stamp:
    """What a reader shows: the published version and the work store's revisions. Cached results
    keyed on it are never stale; computing it costs a readlink and one small query."""

    version: str
    revisions: tuple[tuple[str, int], ...]

    @property
    def revision(self) -> int:
        return dict(self.revisions).get(work.ALL, 0)

    def key(self, ignore: tuple[str, ...] = ()) -> tuple:
        """A hashable cache key; `ignore` names work tables a cached result does not read, so writes
        to them (a saved assessment, a load's history row) keep the result."""
        if not ignore:
            return (self.version, self.revision)
        return (self.version, tuple((n, r) for n, r in self.revisions if n != work.ALL and n not in ignore))


class Store:
    """One store (statistics versions + people's work). Thread-safe; cheap to keep for a process."""

    def __init__(self, path: Path | str | None = None, work_url: str | None = None) -> None:
        self.path = Path(path) if path is not None else db_path()
        self.layout = versions.Layout(self.path)
        self.work_url = work_url or work.default_url(self.layout.work_file)
        self._work: work.WorkStore | None = None
        self._reader: Reader | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def work(self) -> work.WorkStore:
        if self._work is None:
            self._work = work.open_work(self.work_url)
        return self._work

    # ---- what is published ------------------------------------------------------------------------
    def ensure_readable(self) -> None:
        """Turn what is at TRAPPAN_DB into a published version, or say plainly why not. A store made by
        the earlier one-file layout is carried over here, on first start (store.legacy)."""
        kind = versions.state(self.layout)
        if kind == "published":
            return
        if kind == "missing":
            raise StoreError("store_missing", path=str(self.path))
        if kind == "dangling":
            raise StoreError("store_dangling", path=str(self.path), target=str(versions.current(self.layout)))
        from store import legacy

        legacy.carry_over_if_needed(self)

    def version(self) -> Path:
        self.ensure_readable()
        target = versions.current(self.layout)
        assert target is not None
        return target

    def stamp(self) -> Stamp:
        return Stamp(self.version().name, tuple(sorted(self.work.revisions().items())))

    # ---- reading ---------------------------------------------------------------------------------
    def reader(self) -> Reader:
        """The reader of the newest version with people's newest work (a new Reader when a newer
        version was published; the same one, re-synced, when only people's work changed)."""
        with self._lock:
            current = self.version()
            moved = self._reader is not None and self._reader.version != current
            if self._reader is None or moved:
                self._reader = Reader(self.layout, self.work)
            else:
                self._reader.sync(self.work.revision())
            reader = self._reader
        if moved:
            # The old version may be unread now (its reader is freed by reference counting once no
            # page holds it); a later switch or load removes it otherwise. No gc.collect() here: a
            # full collection stops every session's thread for 50-250 ms at each publish.
            versions.collect_garbage(self.layout)
        return reader

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.reader().cursor()

    def execute(self, sql: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        return self.cursor().execute(sql, params or [])

    def sql(self, query: str, params: list | None = None) -> duckdb.DuckDBPyRelation:
        return self.cursor().sql(query, params=params)

    def close(self) -> None:
        with self._lock:
            self._reader = None


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A reader of the published store: a DuckDB connection with the statistics of the newest version
    and people's work, under the usual table names. Readers are always read-only (writes go through
    store.write and the loaders); `read_only=False` is refused so an old caller fails loudly."""
    if not read_only:
        raise StoreError("store_read_only")
    return Store(path).reader().con


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing on a DuckDB connection (a version being written)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
