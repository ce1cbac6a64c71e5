"""Fixtures for the goal-tree tests: a small store built from the real snapshot with the KPIs the
shipped example trees use (about 1 s), the example's own KPIs imported, and nothing else.

Why not `small_store`: its KPI set (the SKR grundskola set) lacks U23467, N01951 and the other
indicators of data/examples/goals/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from loaders import files
from loaders.build import build
from store.db import DATA_DIR, SNAPSHOT_DIR, Store

EXAMPLES = DATA_DIR / "examples" / "goals"
LEKSAND = EXAMPLES / "leksand_sektorsplan.csv"
LEKSAND_OWN = EXAMPLES / "leksand_egna_nyckeltal.csv"
HALMSTAD = EXAMPLES / "halmstad_vision.csv"


def example_kpis() -> list[str]:
    """Every Kolada KPI an example tree names (own EGEN- KPIs come from import-values)."""
    ids = set()
    for path in (LEKSAND, HALMSTAD):
        sheet = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
        ids |= {k for k in sheet["kpi_id"] if k and not k.startswith("EGEN-")}
    return sorted(ids | {"N15419"})


@pytest.fixture(scope="session")
def goals_snapshot(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("goals_snapshot")
    for f in SNAPSHOT_DIR.glob("*.parquet"):
        if f.name != "observation.parquet":
            shutil.copy(f, out / f.name)
    duckdb.execute(
        f"COPY (SELECT * FROM read_parquet('{SNAPSHOT_DIR / 'observation.parquet'}') "
        f"WHERE list_contains(?, kpi_id)) TO '{out / 'observation.parquet'}' (FORMAT parquet)",
        [example_kpis()],
    )
    return out


@pytest.fixture
def goals_store_path(tmp_path, goals_snapshot) -> Path:
    """A fresh store with the examples' KPIs and Leksand's own KPIs (import-values), no tree yet."""
    path = tmp_path / "goals.duckdb"
    build(path, snapshot=goals_snapshot)
    con = Store(path)
    try:
        files.import_values(con, LEKSAND_OWN)
    finally:
        con.close()
    return path


@pytest.fixture
def goals_store(goals_store_path):
    con = Store(goals_store_path)
    yield con
    con.close()
