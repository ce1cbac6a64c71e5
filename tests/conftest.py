"""Shared fixtures: stores built from the real snapshot, once per session where they are only read.

- `full_store`: the whole 7,4-million-value store (a few seconds to build), as a reader connection.
- `small_snapshot`: a snapshot directory with every metadata table but only the values of a few
  KPIs (the SKR grundskola set, KKiK and the precondition KPIs), for tests that write.
- `small_store`: a fresh store built from `small_snapshot` for one test (about 1 s), as a
  `store.db.Store`: loads and writes take it, and reads on it (`queries.x(small_store, …)`) always
  see the newest version and people's newest work.

Every store here keeps people's work in SQLite beside it: TRAPPAN_WORK_DB from the environment is
ignored, so the suite never writes into a real PostgreSQL by accident (tests/test_work_store.py
runs the work store against PostgreSQL on purpose, see TRAPPAN_TEST_POSTGRES).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from loaders.build import build
from store.db import SNAPSHOT_DIR, Store, connect

os.environ.pop("TRAPPAN_WORK_DB", None)

FIXTURES = Path(__file__).parent / "fixtures"
SKR_DIR = FIXTURES / "skr-kommunanalys"
SMALL_KPIS = sorted(
    {
        line.split("¤")[0].strip()
        for line in (SKR_DIR / "Nyckeltal.txt").read_text(encoding="utf-8").splitlines()
        if "¤" in line
    }
    | {"N15820", "N15902", "N15823", "N00640", "N11102", "N15428", "N17461", "U21468", "N20048", "N15008"}
)


@pytest.fixture(scope="session", autouse=True)
def _release_streamlit_resources():
    """AppTest runs share Streamlit's process-wide `st.cache_resource`, where the dashboard keeps a
    Store (its DuckDB reader) per store path; nothing else ever releases them. Released when the session
    ends, so every connection the tests opened is closed before the interpreter exits — otherwise
    DuckDB's binding (nanobind) prints ~40 "leaked instance/function" lines after "N passed"."""
    yield
    if "streamlit" in sys.modules:
        sys.modules["streamlit"].cache_resource.clear()
        gc.collect()


@pytest.fixture(scope="session")
def full_store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("full") / "trappan.duckdb"
    build(path)
    return path


@pytest.fixture(scope="session")
def full_store(full_store_path):
    con = connect(full_store_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def small_snapshot(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("snapshot")
    for f in SNAPSHOT_DIR.glob("*.parquet"):
        if f.name != "observation.parquet":
            shutil.copy(f, out / f.name)
    duckdb.execute(
        f"COPY (SELECT * FROM read_parquet('{SNAPSHOT_DIR / 'observation.parquet'}') "
        f"WHERE list_contains(?, kpi_id)) TO '{out / 'observation.parquet'}' (FORMAT parquet)",
        [SMALL_KPIS],
    )
    return out


@pytest.fixture
def small_store_path(tmp_path, small_snapshot) -> Path:
    path = tmp_path / "small.duckdb"
    build(path, snapshot=small_snapshot)
    return path


@pytest.fixture
def small_store(small_store_path):
    store = Store(small_store_path)
    yield store
    store.close()


def skr_cells() -> pd.DataFrame:
    """SKR's independent grundskola export as a long table: municipality_id, kpi_id, year, gender, value."""
    names = json.loads((SKR_DIR / "Kommuner.txt").read_text(encoding="utf-8"))
    by_name = {v: k for k, v in names.items()}
    master = json.loads((SKR_DIR / "MasterData.txt").read_text(encoding="utf-8"))
    rows = [
        (by_name[m], k, int(y), g, v)
        for m, kpis in master.items()
        for k, years in kpis.items()
        for y, genders in years.items()
        for g, v in genders.items()
        if v is not None
    ]
    riket = json.loads((SKR_DIR / "riket.txt").read_text(encoding="utf-8"))
    rows += [
        ("0000", k, int(y), g, v)
        for k, years in riket.items()
        for y, genders in years.items()
        for g, v in genders.items()
        if v is not None
    ]
    return pd.DataFrame(rows, columns=["municipality_id", "kpi_id", "year", "gender", "value"])
