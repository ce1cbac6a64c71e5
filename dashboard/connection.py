"""The dashboard's one DuckDB connection per server process.

Opened read-WRITE, once, with `st.cache_resource`: the Analystrappan page saves assessments and the
Data page imports targets and edits directions, and DuckDB refuses to open the same file read-only and
read-write in one process, so a separate read-only connection is not possible. Every query runs on
its own `con.cursor()` (DuckDB cursors are safe to use from Streamlit's one-thread-per-session model;
the parent connection is not). Another process (e.g. `python -m loaders build`) cannot open the file
while the dashboard runs; store.db.connect turns that into a plain message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
import streamlit as st

from i18n import t
from loaders.build import ensure_built
from store.db import connect, db_path


@st.cache_resource(show_spinner=False)
def _open(path: str) -> duckdb.DuckDBPyConnection:
    return connect(path)


def connection(lang: str = "sv") -> duckdb.DuckDBPyConnection:
    """The process-wide connection; builds the store from the snapshot first when it is missing."""
    path = db_path()
    if not path.exists():
        with st.status(t("building_store", lang)) as box:
            ensure_built(path, progress=box.write)
            box.update(label=t("store_built", lang), state="complete")
    return _open(str(path))


@contextlib.contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the shared connection for one call into store/ or analysis/, closed afterwards."""
    cur = _open(str(db_path())).cursor()
    try:
        yield cur
    finally:
        cur.close()
