"""The dashboard's store: one `store.db.Store` per server process, and each session's stamp.

Every rerun starts with `refresh()`: it reads the stamp (which statistics version is published, which
revision people's work is at — a readlink and one small query) and moves the process's reader to it,
so a fetch or import published while people click shows up at their next click, and a save made on
another server (PostgreSQL) or by another session shows up too, without a restart. Cached results
(dashboard/cached.py) are keyed on this session's stamp, so they are never stale.

Readers are read-only: any number of dashboards and CLI commands read while a load writes the next
version. Writes go through store.write / loaders with `store()`; afterwards `refresh()` moves this
session to the new stamp. Every query runs on its own `cursor()` (DuckDB cursors are safe to use
from Streamlit's one-thread-per-session model; the parent connection is not).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb
import streamlit as st

from i18n import say, t
from loaders.build import ensure_built
from store import versions, work
from store.db import Stamp, Store, db_path

_STAMP = "store_stamp"


@st.cache_resource(show_spinner=False)
def _store(path: str, work_url: str) -> Store:
    """One Store per (statistics path, work database) and process: it keeps the reader of the
    published version (one DuckDB instance, its cache warm across sessions)."""
    return Store(path, work_url)


def store() -> Store:
    path = db_path()
    return _store(str(path), work.default_url(versions.Layout(path).work_file))


def connection(lang: str = "sv") -> Stamp:
    """Start of every rerun: build the store from the snapshot when nothing is published yet (the
    first start), then `refresh()`."""
    if versions.state(versions.Layout(db_path())) == "missing":
        with st.status(t("building_store", lang)) as box:
            ensure_built(db_path(), progress=lambda step: box.write(say(step, lang)))
            box.update(label=t("store_built", lang), state="complete")
    return refresh()


def refresh() -> Stamp:
    """Move this session to the newest version and people's newest work (after a write, too)."""
    s = store()
    s.reader()
    stamp = s.stamp()
    st.session_state[_STAMP] = stamp
    return stamp


def stamp() -> Stamp:
    """This session's stamp (set by the rerun's refresh); what cached results are keyed on."""
    current = st.session_state.get(_STAMP)
    return current if isinstance(current, Stamp) else refresh()


@contextlib.contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the process's reader for one call into store/ or analysis/, closed afterwards."""
    cur = store().reader().cursor()
    try:
        yield cur
    finally:
        cur.close()
