"""Make the embedded snapshot in data/snapshot/ from the shared Kolada copy (a developer's one-off).

The project never reads ../shared at run time: this module converts the shared files once into
plain Parquet tables that are committed and that `python -m loaders build` turns into the store.
Steps:
1. values: the open-numbers dump's long table, copied unchanged (the build orders it for DuckDB);
2. the 2026 KPI catalogue, plus titles for retired KPIs that still have values (from KPI groups);
3. municipalities, municipality groups + members, KPI groups + members (as the API serves them);
4. SKR's socio-economic classification (Klass2017) keyed by kommunkod.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from store.db import SNAPSHOT_DIR


def _write(df: pd.DataFrame, name: str, out: Path) -> None:
    df.to_parquet(out / f"{name}.parquet", index=False, compression="zstd")


def _groups(path: Path, member_col: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    groups = pd.DataFrame({"group_id": [g["id"] for g in raw], "title": [g["title"] for g in raw]})
    members = pd.DataFrame(
        [
            {"group_id": g["id"], member_col: m["member_id"], "member_title": m["member_title"], "position": i}
            for g in raw
            for i, m in enumerate(g["members"])
        ]
    )
    return groups, members


def make_snapshot(shared: Path, out: Path = SNAPSHOT_DIR, values: bool = True) -> None:
    """Write every snapshot table; `values=False` leaves the 24 MB values file as committed."""
    out.mkdir(parents=True, exist_ok=True)
    meta = shared / "metadata"
    if values:
        # Byte for byte: the smallest encoding, and provably the published values; the build sorts.
        shutil.copyfile(shared / "values" / "observation.parquet", out / "observation.parquet")

    kpi = pd.read_csv(meta / "kpi.csv", dtype=str, keep_default_na=False)
    kpi_groups, kpi_members = _groups(meta / "kpi_groups.json", "kpi_id")
    observed = set(pq.read_table(out / "observation.parquet", columns=["kpi_id"]).column("kpi_id").unique().to_pylist())
    retired = sorted(observed - set(kpi["id"]))
    titles = dict(zip(kpi_members["kpi_id"], kpi_members["member_title"]))
    extra = pd.DataFrame({"id": retired, "title": [titles.get(k, k) for k in retired]})
    extra["retired"] = "True"
    kpi["retired"] = "False"
    kpi = pd.concat([kpi, extra], ignore_index=True).fillna("")
    _write(kpi, "kpi", out)

    municipality = pd.DataFrame(json.loads((meta / "municipality.json").read_text(encoding="utf-8")))
    _write(municipality.rename(columns={"id": "municipality_id"}), "municipality", out)

    groups, members = _groups(meta / "municipality_groups.json", "municipality_id")
    _write(groups, "municipality_group", out)
    _write(members, "municipality_group_member", out)
    _write(kpi_groups, "kpi_group", out)
    _write(kpi_members, "kpi_group_member", out)

    skr = shared / "skr-kommunanalys"
    sekom = pd.read_excel(skr / "SEKOM_grupperna.xlsx", dtype={"Kod": int})
    sekom = pd.DataFrame(
        {
            "municipality_id": sekom["Kod"].map(lambda k: f"{k:04d}"),
            "title": sekom["Kommun"],
            "sekom_class": sekom["Klass2017"],
        }
    )
    _write(sekom, "sekom", out)
