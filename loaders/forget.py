"""`python -m loaders forget --load-run N`: take back what one load stored.

- A fetch or a local-values import: its values leave the statistics in a new version. Where the load
  had replaced a value of the shipped snapshot, the snapshot's value comes back (what a rebuild would
  give). A value an EARLIER fetch had written and this one replaced is not kept anywhere, so it does
  not come back: fetch again to restore it. Local KPIs left without values leave the catalogue.
- A target import: its targets leave the work store (targets that a later import replaced belong to
  that import and stay).
- A snapshot build cannot be forgotten (build again instead). The run is marked 'forgotten' with the
  number of the run that removed its values, and the removal is a load run of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from i18n import Message
from store import loads, queries, statistics, write
from store.db import SNAPSHOT_DIR, Store
from store.errors import InvalidInput
from store.legacy import LEGACY_SOURCE

FORGET_SOURCE = "Trappan: glöm laddning"


@dataclass(frozen=True)
class ForgetResult:
    load_run_id: int  # the forget run
    forgotten_run: int
    values_removed: int
    values_restored: int
    targets_removed: int


def forget(store: Store, run_id: int, snapshot: Path = SNAPSHOT_DIR) -> ForgetResult:
    runs = queries.load_runs(store, limit=1_000_000)
    row = runs[runs["load_run_id"] == run_id]
    if row.empty:
        raise InvalidInput("forget_unknown", run=run_id)
    source, outcome = row.iloc[0]["source"], row.iloc[0]["outcome"]
    if source in (statistics.SNAPSHOT_SOURCE, LEGACY_SOURCE, FORGET_SOURCE):
        raise InvalidInput("forget_not_allowed", run=run_id, source=source)
    if outcome == "forgotten":
        raise InvalidInput("forget_already", run=run_id)
    with loads.running(store, FORGET_SOURCE, f"forget --load-run {run_id}") as forget_run:
        targets = write.forget_targets(store, run_id)
        with statistics.NewVersion(store.layout, base=store.version()) as nv:
            removed, restored = statistics.forget_run(nv.con, run_id, snapshot / "observation.parquet")
            if removed:
                nv.publish(statistics.RunInfo(forget_run, FORGET_SOURCE, f"forget --load-run {run_id}"))
        write.mark_forgotten(store, run_id, forget_run)
        write.finish_load_run(
            store,
            forget_run,
            "ok",
            removed + targets,
            Message("load_forget", run=run_id, removed=removed, restored=restored, targets=targets),
        )
    return ForgetResult(forget_run, run_id, removed, restored, targets)
