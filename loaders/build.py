"""Build the DuckDB store from the committed snapshot in data/.

The new store is written next to the old one and swapped in with one rename, so an interrupted or
failed build leaves the previous store exactly as it was. Work people saved in the old store
(assessments, targets, own peer sets, direction edits, local KPIs, API-fetched values) is carried
into the new one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from loaders import transform
from store import write
from store.db import DATA_DIR, SNAPSHOT_DIR, StoreError, connect, db_path
from store.queries import SNAPSHOT_FETCHED

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    path: Path
    rows: int
    seconds: float
    carried: dict[str, int]


def read_catalogue(snapshot: Path = SNAPSHOT_DIR, data: Path = DATA_DIR) -> write.Catalogue:
    """Steps: read the snapshot's metadata tables and the hand-kept CSVs; transform each to its table."""
    directions = transform.read_directions(data / "kpi_direction.csv")
    kpi = transform.kpi_catalogue(pd.read_parquet(snapshot / "kpi.parquet"), directions)
    unknown = sorted(set(directions["kpi_id"]) - set(kpi["kpi_id"]))
    if unknown:
        raise ValueError(f"kpi_direction.csv nämner nyckeltal som saknas i katalogen: {', '.join(unknown[:10])}")
    munis = transform.municipalities(
        pd.read_parquet(snapshot / "municipality.parquet").rename(columns={"municipality_id": "id"})
    )
    groups, members = transform.municipality_groups(
        pd.read_parquet(snapshot / "municipality_group.parquet"),
        pd.read_parquet(snapshot / "municipality_group_member.parquet"),
        munis,
        pd.read_parquet(snapshot / "sekom.parquet"),
    )
    area = pd.read_csv(data / "areas.csv", dtype=str, keep_default_na=False).replace({"": None})
    area["sort_order"] = area["sort_order"].astype(int)
    area["kind"] = [transform.area_kind(o, g) for o, g in zip(area["operating_area"], area["kpi_group_id"])]
    kgm = pd.read_parquet(snapshot / "kpi_group_member.parquet")
    kpi_group = pd.read_parquet(snapshot / "kpi_group.parquet")
    area = pd.concat([area, transform.kpi_group_areas(area, kpi_group, kgm, kpi)], ignore_index=True)
    heads = transform.headlines(directions, set(area["area_id"]))
    return write.Catalogue(
        kpi=kpi,
        area=transform.check_primary_key(area, ["area_id"], "area"),
        area_headline=heads,
        kpi_group=kpi_group,
        kpi_group_member=transform.check_primary_key(
            kgm[["group_id", "kpi_id", "position"]], ["group_id", "kpi_id"], "kpi_group_member"
        ),
        municipality=munis,
        municipality_group=groups,
        municipality_group_member=members,
    )


def build(path: Path | None = None, snapshot: Path = SNAPSHOT_DIR, progress: Progress = lambda _m: None) -> BuildResult:
    target = Path(path) if path is not None else db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + f".building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    old = target if target.exists() else None
    if old is not None:
        connect(old, read_only=True).close()  # fails with a plain message if a dashboard holds it
    try:
        progress("Läser ögonblicksbilden (metadata) …")
        cat = read_catalogue(snapshot)
        con = connect(tmp)
        try:
            if old is not None:
                write.copy_load_runs(con, old)
            run_id = write.start_load_run(con, write.SNAPSHOT_SOURCE, f"build from {snapshot.name}/")
            progress("Skriver katalog, kommuner och grupper …")
            write.replace_catalogue(con, cat)
            progress("Skriver 7,4 miljoner värden …")
            rows = write.load_observation_parquet(con, snapshot / "observation.parquet", run_id)
            carried: dict[str, int] = {}
            if old is not None:
                progress("För över sparade bedömningar, mål och egna grupper …")
                carried = write.carry_over(con, old)
            write.set_meta(con, "snapshot_source", write.SNAPSHOT_SOURCE)
            write.set_meta(con, "snapshot_fetched", SNAPSHOT_FETCHED.isoformat())  # the line "Kolada-kopia …"
            write.set_meta(con, "built_at", time.strftime("%Y-%m-%d %H:%M:%S"))
            write.finish_load_run(con, run_id, "ok", rows, f"{len(cat.kpi)} KPIs in catalogue")
            write.checkpoint(con)
        finally:
            con.close()
        os.replace(tmp, target)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        if old is not None:
            _record_failure(old, snapshot, exc)
        if isinstance(exc, (ValueError, OSError, duckdb.Error)):
            raise StoreError(f"Bygget misslyckades, den tidigare databasen är orörd: {exc}") from exc
        raise
    return BuildResult(target, rows, time.perf_counter() - started, carried)


def _record_failure(old: Path, snapshot: Path, exc: BaseException) -> None:
    """Leave a failed load_run in the untouched old store, so `status` tells what happened."""
    try:
        con = connect(old)
    except StoreError:
        return
    try:
        run_id = write.start_load_run(con, write.SNAPSHOT_SOURCE, f"build from {snapshot.name}/")
        write.finish_load_run(con, run_id, "failed", 0, f"{type(exc).__name__}: {exc}"[:500])
    finally:
        con.close()


def ensure_built(path: Path | None = None, progress: Progress = lambda _m: None) -> Path:
    """For the dashboard's first start: build only when the store is missing."""
    target = Path(path) if path is not None else db_path()
    if not target.exists():
        build(target, progress=progress)
    return target
