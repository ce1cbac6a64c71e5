"""The one place that writes people's work and the load history (the work store, store.work).

Every function is one transaction of the work store: all of it or nothing, and the revision moves on
so every reader re-reads at its next refresh. Ids come from the database. Values from people or
files are bound parameters, never formatted into SQL. Statistics are not written here: a load writes
a new version (store.statistics, store.loads).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from store import queries
from store.statistics import KPI_CATALOGUE_FIELDS, OBS_COLUMNS, OBS_KEY, SNAPSHOT_SOURCE, Catalogue
from store.work import (
    assessment,
    kpi_direction_change,
    load_run,
    now,
    own_group,
    own_group_member,
    target,
    this_host,
)

if TYPE_CHECKING:
    from store.db import Store

__all__ = [
    "KPI_CATALOGUE_FIELDS",
    "OBS_COLUMNS",
    "OBS_KEY",
    "SNAPSHOT_SOURCE",
    "TARGET_COLUMNS",
    "Assessment",
    "Catalogue",
]

TARGET_COLUMNS = [*OBS_KEY, "target_value", "note", "source"]
DIRECTIONS = ("higher", "lower", "none")


@dataclass(frozen=True)
class Assessment:
    municipality_id: str
    kpi_id: str
    year: int
    gender: str
    status: str
    author: str
    status_suggested: str | None = None
    status_reason: str | None = None
    peer_set: str | None = None
    reflection: str | None = None
    evidence: str | None = None
    conclusion: str | None = None
    actions: str | None = None


# ---- load runs ------------------------------------------------------------------------------------
def start_load_run(store: Store, source: str, request: str) -> int:
    """Record a load before it does anything, in its own transaction, so a load that fails later (or is
    killed) still leaves a row saying what was tried."""
    with store.work.transaction(load_run) as conn:
        return int(
            conn.execute(
                load_run.insert()
                .values(
                    source=source,
                    request=request,
                    started_at=now(),
                    outcome="running",
                    host=this_host(),
                    pid=os.getpid(),
                )
                .returning(load_run.c.load_run_id)
            ).scalar_one()
        )


def _finish(conn: sa.Connection, run_id: int, outcome: str, rows: int | None, message: str | None) -> None:
    conn.execute(
        load_run.update()
        .where(load_run.c.load_run_id == run_id)
        .values(finished_at=now(), outcome=outcome, rows_written=rows, message=message)
    )


def finish_load_run(store: Store, run_id: int, outcome: str, rows: int | None = None, message: str | None = None) -> None:
    with store.work.transaction(load_run) as conn:
        _finish(conn, run_id, outcome, rows, message)


def mark_interrupted_runs(store: Store, published_by: int | None) -> int:
    """Runs of this machine still 'running' belong to killed loads (the caller holds the load lock, so
    none is alive). The one whose version got published before the kill is 'ok'; the rest 'failed'."""
    with store.work.transaction(load_run) as conn:
        stale = conn.execute(
            sa.select(load_run.c.load_run_id).where(load_run.c.outcome == "running", load_run.c.host == this_host())
        ).scalars()
        n = 0
        for run_id in list(stale):
            if run_id == published_by:
                _finish(conn, run_id, "ok", None, "avbröts efter att versionen publicerats")
            else:
                _finish(conn, run_id, "failed", 0, "avbruten: processen avslutades innan laddningen var klar")
            n += 1
        return n


def mark_forgotten(store: Store, run_id: int, by_run: int) -> None:
    with store.work.transaction(load_run) as conn:
        conn.execute(
            load_run.update()
            .where(load_run.c.load_run_id == run_id)
            .values(outcome="forgotten", message=f"värdena togs bort av laddning #{by_run}")
        )


# ---- targets -----------------------------------------------------------------------------------------
def replace_targets(store: Store, targets: pd.DataFrame, run_id: int, message: str | None = None) -> int:
    """Import validated targets: same keys are replaced, others kept, and the run marked 'ok' — one
    transaction, so a kill leaves either all targets and an 'ok' run or none and a 'running' one."""
    staged = targets.reindex(columns=TARGET_COLUMNS)
    rows = [
        {
            "kpi_id": r.kpi_id,
            "municipality_id": r.municipality_id,
            "year": int(r.year),
            "gender": r.gender,
            "target_value": float(r.target_value),
            "note": None if pd.isna(r.note) else r.note,
            "source": None if pd.isna(r.source) else r.source,
            "load_run_id": run_id,
        }
        for r in staged.itertuples(index=False)
    ]
    with store.work.transaction(target, load_run) as conn:
        for chunk in range(0, len(rows), 500):
            part = rows[chunk : chunk + 500]
            keys = sa.tuple_(target.c.kpi_id, target.c.municipality_id, target.c.year, target.c.gender)
            conn.execute(
                target.delete().where(
                    keys.in_([(r["kpi_id"], r["municipality_id"], r["year"], r["gender"]) for r in part])
                )
            )
            conn.execute(target.insert(), part)
        _finish(conn, run_id, "ok", len(rows), message if message is not None else f"{len(rows)} målvärden")
    return len(rows)


def forget_targets(store: Store, run_id: int) -> int:
    with store.work.transaction(target) as conn:
        return conn.execute(target.delete().where(target.c.load_run_id == run_id)).rowcount


# ---- the staircase -----------------------------------------------------------------------------------
def save_assessment(store: Store, a: Assessment) -> int:
    """Every save is a new row, so the history of an assessment (who, when) is kept."""
    with store.work.transaction(assessment) as conn:
        return int(
            conn.execute(
                assessment.insert()
                .values(
                    municipality_id=a.municipality_id,
                    kpi_id=a.kpi_id,
                    year=int(a.year),
                    gender=a.gender,
                    peer_set=a.peer_set,
                    reflection=a.reflection,
                    evidence=a.evidence,
                    conclusion=a.conclusion,
                    status_suggested=a.status_suggested,
                    status=a.status,
                    status_reason=a.status_reason,
                    actions=a.actions,
                    author=a.author,
                    saved_at=now(),
                )
                .returning(assessment.c.assessment_id)
            ).scalar_one()
        )


# ---- the catalogue as people see it ----------------------------------------------------------------------
def set_direction(store: Store, kpi_id: str, direction: str, reason: str, who: str) -> None:
    """A person's direction edit, with the reason; readers apply the newest edit to `kpi`."""
    if direction not in DIRECTIONS:
        raise ValueError(f"Okänd riktning: {direction!r}")
    if not reason or not reason.strip():
        raise ValueError("Ange ett skäl för ändringen.")
    info = queries.kpi_info(store, [kpi_id])
    if info.empty:
        raise ValueError(f"Okänt nyckeltal: {kpi_id}")
    with store.work.transaction(kpi_direction_change) as conn:
        conn.execute(
            kpi_direction_change.insert().values(
                kpi_id=kpi_id,
                old=str(info["direction"].iloc[0]),
                new=direction,
                reason=reason.strip(),
                changed_by=who,
                changed_at=now(),
            )
        )


def save_own_group(
    store: Store,
    title: str,
    member_ids: list[str],
    who: str,
    owner_municipality_id: str | None = None,
) -> str:
    """An analyst's own peer set; ids 'OWN1', 'OWN2', … (from the database) never clash with Kolada's 'G…'."""
    if not title.strip() or not member_ids:
        raise ValueError("En egen jämförelsegrupp behöver ett namn och minst en kommun.")
    with store.work.transaction(own_group, own_group_member) as conn:
        new_id = conn.execute(
            own_group.insert()
            .values(title=title.strip(), owner_municipality_id=owner_municipality_id, created_by=who, created_at=now())
            .returning(own_group.c.own_group_id)
        ).scalar_one()
        conn.execute(
            own_group_member.insert(), [{"own_group_id": new_id, "municipality_id": m} for m in sorted(set(member_ids))]
        )
    return f"OWN{new_id}"
