"""Where the store lives and how it is opened.

One DuckDB file, `data/trappan.duckdb`, unless the environment variable TRAPPAN_DB names another
path; every part of the project asks `db_path()` so tests and benchmarks can point elsewhere.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SNAPSHOT_DIR = DATA_DIR / "snapshot"
SCHEMA_SQL = Path(__file__).with_name("schema.sql")


class StoreError(RuntimeError):
    """An expected problem with the store, worded for the person who ran the command."""


def db_path() -> Path:
    return Path(os.environ.get("TRAPPAN_DB") or DATA_DIR / "trappan.duckdb")


def connect(path: Path | str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; a lock held by another process becomes a plain message, not a traceback."""
    target = Path(path) if path is not None else db_path()
    if read_only and not target.exists():
        raise StoreError(f"Databasen {target} finns inte. Bygg den med: python -m loaders build")
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except (duckdb.IOException, duckdb.ConnectionException) as exc:
        raise StoreError(
            f"Kan inte öppna {target}: filen används av ett annat program (t.ex. en körande dashboard). ({exc})"
        ) from exc
    con.execute("SET enable_progress_bar = false")
    if not read_only:
        ensure_schema(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    from store import write  # write imports this module

    old_targets = write.move_aside_old_targets(con)  # a store from before issue #10
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    if old_targets:
        write.convert_old_targets(con)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: any exception rolls every statement back, so a failed load changes nothing."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
