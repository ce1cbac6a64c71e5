"""The frame every load runs in (build, fetch, import-values, import-targets, forget).

    with loads.running(store, source, request) as run_id:
        ...write a new version (store.statistics.NewVersion) or people's work, then finish the run

Steps: take the load lock (with a deadline); remove what killed loads left (tmp files, logs); mark
interrupted runs (this machine's 'running' runs whose process is gone); carry over an older one-file
store; record the run 'running' in its own transaction; on any error mark it 'failed' with the
message and raise; afterwards remove old versions nobody reads. The body marks the run 'ok' (with
its row count) itself, in the same step that makes its result visible where it can. A fetch records
its run first and takes the lock only to publish (`recorded`, then `locked`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pandas as pd

from i18n import Message, Worded
from store import legacy, statistics, versions, write

if TYPE_CHECKING:
    from store.db import Store

EXPECTED_ERRORS: tuple[type[BaseException], ...] = (ValueError, RuntimeError, OSError)


def failure_message(exc: BaseException) -> str | Message:
    """What the history says of a failed load: the error's own message (words for any language) when
    it carries one, else its text."""
    if isinstance(exc, Worded):
        return exc.message
    text = str(exc) if isinstance(exc, EXPECTED_ERRORS) and str(exc) else f"{type(exc).__name__}: {exc}"
    return text[:500]


def prepare(store: Store, replace_foreign: bool = False) -> None:
    """With the load lock held: clean up after killed loads, make what is at TRAPPAN_DB a version, and
    make sure the work store knows the runs the published version holds values of."""
    layout = store.layout
    versions.remove_leftovers(layout)
    if versions.state(layout) == "plain":
        legacy.convert_plain(store, replace_foreign)
    current = versions.current(layout)
    published_by = None
    if current is not None and current.exists():
        published_by = statistics.producing_run(current)
        write.adopt_version_runs(store, statistics.version_runs(current))
    write.mark_interrupted_runs(store, published_by)


@contextlib.contextmanager
def locked(
    store: Store, lock_timeout: float = versions.LOAD_LOCK_TIMEOUT, replace_foreign: bool = False
) -> Iterator[None]:
    """The load lock, with the clean-up every load does first; old versions are collected after."""
    with versions.load_lock(store.layout, lock_timeout):
        prepare(store, replace_foreign)
        yield
    versions.collect_garbage(store.layout)


@contextlib.contextmanager
def recorded(store: Store, source: str, request: str) -> Iterator[int]:
    """A load_run row for the block: 'running' first, in its own transaction, and 'failed' with the
    message when the block raises. The block marks it 'ok' itself."""
    run_id = write.start_load_run(store, source, request)
    try:
        yield run_id
    except BaseException as exc:
        write.finish_load_run(store, run_id, "failed", 0, failure_message(exc))
        raise


@contextlib.contextmanager
def running(
    store: Store,
    source: str,
    request: str,
    lock_timeout: float = versions.LOAD_LOCK_TIMEOUT,
    replace_foreign: bool = False,
) -> Iterator[int]:
    """A whole load under the lock (build, imports, forget). A fetch holds the lock only to publish."""
    with locked(store, lock_timeout, replace_foreign), recorded(store, source, request) as run_id:
        yield run_id


def publish_values(
    store: Store,
    run_id: int,
    source: str,
    request: str,
    values: pd.DataFrame,
    kpis: pd.DataFrame | None,
    message: str | Message,
) -> int:
    """Inside a running load: copy the published version, apply new KPIs and changed values, publish
    it when anything changed, and mark the run 'ok'. Returns the rows added or changed. Shared by
    fetch and import-values."""
    with statistics.NewVersion(store.layout, base=store.version()) as nv:
        statistics.upsert_kpis(nv.con, kpis)
        changed = statistics.stage_observations(nv.con, values, run_id)
        if changed or (kpis is not None and len(kpis)):
            nv.publish(statistics.RunInfo(run_id, source, request))
    write.finish_load_run(store, run_id, "ok", changed, message)
    return changed
