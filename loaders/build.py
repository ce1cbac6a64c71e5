"""Build a statistics version from the committed snapshot in data/ and publish it.

The new version is written beside the published one and swapped in with one rename (store.versions),
so a failed or killed build leaves the previous version exactly as it was, and a running dashboard
keeps reading until its next click. Values that fetches and imports added to the previous version
(and the KPIs they belong to) are carried into the new one; people's work lives in the work store and
is not touched by a build at all. A store of the earlier one-file layout is carried over first; a
foreign or damaged file at TRAPPAN_DB is set aside (renamed, never deleted) and replaced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from i18n import Message
from loaders import transform
from store import legacy, loads, statistics, versions, write
from store.db import DATA_DIR, SNAPSHOT_DIR, Store, StoreError, db_path
from store.errors import InvalidInput
from store.queries import SNAPSHOT_FETCHED

Progress = Callable[[Message], None]  # a step of the build, worded by the caller (CLI: str(), page: say)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    rows: int
    seconds: float
    carried: dict[str, int]
    version: Path | None = None


def read_catalogue(snapshot: Path = SNAPSHOT_DIR, data: Path = DATA_DIR) -> write.Catalogue:
    """Steps: read the snapshot's metadata tables and the hand-kept CSVs; transform each to its table."""
    directions = transform.read_directions(data / "kpi_direction.csv")
    kpi = transform.kpi_catalogue(pd.read_parquet(snapshot / "kpi.parquet"), directions)
    unknown = sorted(set(directions["kpi_id"]) - set(kpi["kpi_id"]))
    if unknown:
        raise InvalidInput("directions_not_in_catalogue", kpis=", ".join(unknown[:10]))
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


def build(
    path: Path | None = None,
    snapshot: Path = SNAPSHOT_DIR,
    progress: Progress = lambda _m: None,
    lock_timeout: float = versions.LOAD_LOCK_TIMEOUT,
    only_if_missing: bool = False,
) -> BuildResult | None:
    """Build and publish a version. With `only_if_missing` (a first start) nothing is done when a
    version is published by the time the lock is ours: two first starts at once make one store."""
    store = Store(path)
    started = time.perf_counter()
    request = f"build from {snapshot.name}/"
    try:
        with versions.load_lock(store.layout, lock_timeout):
            if only_if_missing and versions.state(store.layout) != "missing":
                return None
            loads.prepare(store, replace_foreign=True)
            with loads.recorded(store, write.SNAPSHOT_SOURCE, request) as run_id:
                progress(Message("build_reading"))
                cat = read_catalogue(snapshot)
                previous = versions.current(store.layout)
                with statistics.NewVersion(store.layout, base=None) as nv:
                    progress(Message("build_writing_catalogue"))
                    statistics.write_catalogue(nv.con, cat)
                    progress(Message("build_writing_values"))
                    rows = statistics.load_snapshot_observations(nv.con, snapshot / "observation.parquet", run_id)
                    carried: dict[str, int] = {}
                    if previous is not None and previous.exists():
                        progress(Message("build_carrying"))
                        carried = statistics.carry_forward(nv.con, previous)
                    progress(Message("build_checking"))
                    statistics.check_unique(nv.con)
                    version = nv.publish(
                        statistics.RunInfo(run_id, write.SNAPSHOT_SOURCE, request),
                        {
                            "snapshot_source": write.SNAPSHOT_SOURCE,
                            "snapshot_fetched": SNAPSHOT_FETCHED.isoformat(),  # the line "Kolada-kopia …"
                            "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                        },
                    )
                write.finish_load_run(store, run_id, "ok", rows, Message("load_built", kpis=len(cat.kpi)))
        versions.collect_garbage(store.layout)
    except (ValueError, OSError, duckdb.Error) as exc:
        raise StoreError("build_failed", detail=exc) from exc
    return BuildResult(store.path, rows, time.perf_counter() - started, carried, version)


def ensure_built(path: Path | None = None, progress: Progress = lambda _m: None, snapshot: Path = SNAPSHOT_DIR) -> Path:
    """For the dashboard's first start: build only when nothing is published yet."""
    target = Path(path) if path is not None else db_path()
    if versions.state(versions.Layout(target)) == "missing":
        build(target, snapshot=snapshot, progress=progress, only_if_missing=True)
    return target


def publish_file(source: Path, path: Path | None = None, lock_timeout: float = versions.LOAD_LOCK_TIMEOUT) -> Path:
    """Publish a version written elsewhere — the nightly copy a replica gets from the loading server
    (README "Drift") — after checking that it is one. People's work is not touched (replicas share
    it through PostgreSQL) and no load run is recorded: the loading server recorded it."""
    store = Store(path)
    if legacy.inspect(source) != "version":
        raise StoreError("build_not_a_version", path=str(source))
    with versions.load_lock(store.layout, lock_timeout):
        versions.remove_leftovers(store.layout)
        published = versions.install(store.layout, source)
    versions.collect_garbage(store.layout)
    return published
