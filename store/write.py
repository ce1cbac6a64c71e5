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

from i18n import Message
from store import queries
from store.errors import InvalidInput
from store.statistics import KPI_CATALOGUE_FIELDS, OBS_COLUMNS, OBS_KEY, SNAPSHOT_SOURCE, Catalogue
from store.work import (
    area_target_rule,
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
    "Assessment",
    "Catalogue",
]

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


def recorded_message(message: str | Message | None) -> dict[str, str | None]:
    """A load's message as load_run stores it: the Swedish text (the CLI, older readers) and, for an
    i18n message, its key and values, so a page can word it in its reader's language."""
    if isinstance(message, Message):
        return {"message": str(message)[:2000], "message_i18n": message.to_json()}
    return {"message": message, "message_i18n": None}


def _finish(conn: sa.Connection, run_id: int, outcome: str, rows: int | None, message: str | Message | None) -> None:
    conn.execute(
        load_run.update()
        .where(load_run.c.load_run_id == run_id)
        .values(finished_at=now(), outcome=outcome, rows_written=rows, **recorded_message(message))
    )


def finish_load_run(
    store: Store, run_id: int, outcome: str, rows: int | None = None, message: str | Message | None = None
) -> None:
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
                _finish(conn, run_id, "ok", None, Message("load_interrupted_published"))
            else:
                _finish(conn, run_id, "failed", 0, Message("load_interrupted"))
            n += 1
        return n


def adopt_version_runs(store: Store, runs: list[tuple]) -> int:
    """The runs a published version holds values of but the work store does not know — a new or
    replaced work database (say, a move to PostgreSQL) beside existing statistics. They are added with
    their ids, so `status` tells where the values came from and new runs get ids above them."""
    if not runs:
        return 0
    ids = [int(r[0]) for r in runs]
    with store.work.transaction(load_run) as conn:
        known = set(conn.execute(sa.select(load_run.c.load_run_id).where(load_run.c.load_run_id.in_(ids))).scalars())
        rows = [
            {
                "load_run_id": int(run_id),
                "source": source,
                "request": request,
                "started_at": finished or now(),
                "finished_at": finished,
                "outcome": "ok",
                **recorded_message(Message("load_adopted")),
            }
            for run_id, source, request, finished in runs
            if int(run_id) not in known
        ]
        if rows:
            conn.execute(load_run.insert(), rows)
            store.work.reset_identity(conn, load_run)
        return len(rows)


def mark_forgotten(store: Store, run_id: int, by_run: int) -> None:
    with store.work.transaction(load_run) as conn:
        conn.execute(
            load_run.update()
            .where(load_run.c.load_run_id == run_id)
            .values(outcome="forgotten", **recorded_message(Message("load_forgotten_by", run=by_run)))
        )


# ---- people's work: targets and area target rules (issue #10) ------------------------------------
# The one write API for targets. Each function is one transaction; nothing is ever deleted by a
# person's edit: a change or an end closes the row (ended_by, ended_at) so the history stays readable.

TARGET_TYPES = (
    "min",
    "max",
    "interval",
    "rank_top",
    "quartile_top",
    "at_least_riket",
    "at_least_peers",
    "trajectory",
)
RULE_TYPES = ("rank_top", "quartile_top", "at_least_riket", "at_least_peers")
VALUE_TYPES = frozenset({"min", "max", "interval", "rank_top", "trajectory"})  # need target_value
TARGET_COLUMNS = [
    "kpi_id",
    "municipality_id",
    "gender",
    "target_type",
    "target_value",
    "target_high",
    "from_year",
    "to_year",
    "peer_key",
    "note",
]
FIRST_YEAR, LAST_YEAR = 1950, 2100


@dataclass(frozen=True)
class TargetRow:
    """One target as a person sets it (the app's form, one row of an imported file)."""

    kpi_id: str
    municipality_id: str
    gender: str
    target_type: str
    target_value: float | None
    target_high: float | None
    from_year: int
    to_year: int
    peer_key: str | None = None
    note: str | None = None


def target_problems(row: TargetRow) -> list[str]:
    """Codes of what is wrong with a target (empty = fine); `i18n` words them as
    `target_problem_<code>` with the row's fields as placeholders. Shared by the file import and
    the app's form, so both refuse the same things."""
    out = []
    if row.gender not in ("T", "K", "M"):
        out.append("gender")
    if row.target_type not in TARGET_TYPES:
        return [*out, "type"]
    if row.target_type in VALUE_TYPES and row.target_value is None:
        out.append("value_missing")
    if row.target_type == "interval":
        if row.target_high is None:
            out.append("high_missing")
        elif row.target_value is not None and row.target_high < row.target_value:
            out.append("high_below")
    if row.target_type == "rank_top" and row.target_value is not None:
        if row.target_value < 1 or row.target_value != int(row.target_value):
            out.append("rank_n")
    if not (FIRST_YEAR <= row.from_year <= LAST_YEAR and FIRST_YEAR <= row.to_year <= LAST_YEAR):
        out.append("years_range")
    elif row.to_year < row.from_year:
        out.append("years_reversed")
    if row.target_type == "trajectory" and row.to_year <= row.from_year:
        out.append("trajectory_years")
    return out


def _check_target(row: TargetRow) -> None:
    problems = target_problems(row)
    if problems:
        raise InvalidInput("invalid_target", problems=", ".join(problems), row=str(row))


def _insert_target(
    conn: sa.Connection,
    row: TargetRow,
    who: str | None,
    source: str,
    load_run_id: int | None = None,
    replaces: int | None = None,
) -> int:
    """The caller holds the transaction; the id comes from the database."""
    return int(
        conn.execute(
            target.insert()
            .values(
                kpi_id=row.kpi_id,
                municipality_id=row.municipality_id,
                gender=row.gender,
                target_type=row.target_type,
                target_value=None if row.target_value is None else float(row.target_value),
                target_high=float(row.target_high)
                if row.target_type == "interval" and row.target_high is not None
                else None,
                from_year=int(row.from_year),
                to_year=int(row.to_year),
                peer_key=row.peer_key if row.target_type == "at_least_peers" else None,
                note=row.note,
                source=source,
                load_run_id=load_run_id,
                created_by=who,
                created_at=now(),
                replaces=replaces,
            )
            .returning(target.c.target_id)
        ).scalar_one()
    )


def _close_target(conn: sa.Connection, target_id: int, who: str | None) -> None:
    """End a target in force; the caller holds the transaction. Unknown or ended: ValueError."""
    ended = conn.execute(sa.select(target.c.ended_at).where(target.c.target_id == int(target_id))).first()
    if ended is None:
        raise InvalidInput("invalid_target_unknown", id=target_id)
    if ended[0] is not None:
        raise InvalidInput("invalid_target_ended", id=target_id)
    conn.execute(target.update().where(target.c.target_id == int(target_id)).values(ended_by=who, ended_at=now()))


def add_target(store: Store, row: TargetRow, who: str, source: str = "app") -> int:
    """A new target in force from now; returns its target_id."""
    _check_target(row)
    with store.work.transaction(target) as conn:
        return _insert_target(conn, row, who, source)


def change_target(store: Store, target_id: int, row: TargetRow, who: str) -> int:
    """Close target `target_id` and put `row` in its place (`replaces` points back); returns the new id."""
    _check_target(row)
    with store.work.transaction(target) as conn:
        _close_target(conn, target_id, who)
        return _insert_target(conn, row, who, "app", replaces=int(target_id))


def end_target(store: Store, target_id: int, who: str) -> None:
    """The target no longer applies; its row stays as history."""
    with store.work.transaction(target) as conn:
        _close_target(conn, target_id, who)


def replace_targets(
    store: Store,
    targets: pd.DataFrame,
    run_id: int,
    source: str,
    who: str | None = None,
    message: str | Message | None = None,
) -> int:
    """An imported file (columns TARGET_COLUMNS): each row closes the target in force with the same
    KPI, municipality, gender and period and takes its place; all rows AND the run's 'ok' in one
    transaction, so a kill leaves either every target and an 'ok' run or none and a 'running' one."""
    rows = [
        TargetRow(**{c: (None if pd.isna(v) else v) for c, v in r.items()})
        for r in targets.reindex(columns=TARGET_COLUMNS).to_dict("records")
    ]
    for row in rows:
        _check_target(row)
    with store.work.transaction(target, load_run) as conn:
        for row in rows:
            old = (
                conn.execute(
                    sa.select(target.c.target_id).where(
                        target.c.ended_at.is_(None),
                        target.c.kpi_id == row.kpi_id,
                        target.c.municipality_id == row.municipality_id,
                        target.c.gender == row.gender,
                        target.c.from_year == int(row.from_year),
                        target.c.to_year == int(row.to_year),
                    )
                )
                .scalars()
                .all()
            )
            for old_id in old:
                _close_target(conn, old_id, who or source)
            _insert_target(conn, row, who, source, run_id, old[0] if old else None)
        _finish(conn, run_id, "ok", len(rows), message if message is not None else Message("load_targets", n=len(rows)))
    return len(rows)


def forget_targets(store: Store, run_id: int) -> int:
    """`loaders forget` of a target import: its rows go, and the targets they had closed are in force
    again (they are what was in force before the import)."""
    with store.work.transaction(target) as conn:
        replaced = (
            conn.execute(
                sa.select(target.c.replaces).where(target.c.load_run_id == run_id, target.c.replaces.is_not(None))
            )
            .scalars()
            .all()
        )
        n = conn.execute(target.delete().where(target.c.load_run_id == run_id)).rowcount
        if replaced:
            conn.execute(target.update().where(target.c.target_id.in_(replaced)).values(ended_by=None, ended_at=None))
        return n


def set_area_rule(
    store: Store,
    municipality_id: str,
    area_id: str,
    target_type: str,
    who: str,
    target_value: float | None = None,
    peer_key: str | None = None,
) -> int:
    """Make a comparison the target of an area's KPIs for one municipality (replacing the rule in
    force, which is kept as history); returns the rule_id."""
    if target_type not in RULE_TYPES:
        raise InvalidInput("invalid_rule_type", type=repr(target_type), types=", ".join(RULE_TYPES))
    if target_type == "rank_top" and (target_value is None or target_value < 1 or target_value != int(target_value)):
        raise InvalidInput("invalid_rule_rank_n")
    if target_type == "at_least_peers" and not peer_key:
        raise InvalidInput("invalid_rule_peers")
    in_force = sa.and_(
        area_target_rule.c.municipality_id == municipality_id,
        area_target_rule.c.area_id == area_id,
        area_target_rule.c.ended_at.is_(None),
    )
    with store.work.transaction(area_target_rule) as conn:
        conn.execute(area_target_rule.update().where(in_force).values(ended_by=who, ended_at=now()))
        return int(
            conn.execute(
                area_target_rule.insert()
                .values(
                    municipality_id=municipality_id,
                    area_id=area_id,
                    target_type=target_type,
                    target_value=float(target_value) if target_type == "rank_top" else None,
                    peer_key=peer_key if target_type == "at_least_peers" else None,
                    created_by=who,
                    created_at=now(),
                )
                .returning(area_target_rule.c.rule_id)
            ).scalar_one()
        )


def end_area_rule(store: Store, municipality_id: str, area_id: str, who: str) -> None:
    """The area has no target rule any more for the municipality (the rule stays as history)."""
    in_force = sa.and_(
        area_target_rule.c.municipality_id == municipality_id,
        area_target_rule.c.area_id == area_id,
        area_target_rule.c.ended_at.is_(None),
    )
    with store.work.transaction(area_target_rule) as conn:
        n = conn.execute(area_target_rule.update().where(in_force).values(ended_by=who, ended_at=now())).rowcount
        if not n:
            raise InvalidInput("invalid_rule_none")


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
        raise InvalidInput("invalid_direction", direction=repr(direction))
    if not reason or not reason.strip():
        raise InvalidInput("invalid_direction_reason")
    info = queries.kpi_info(store, [kpi_id])
    if info.empty:
        raise InvalidInput("invalid_kpi", kpi=kpi_id)
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
        raise InvalidInput("invalid_own_group")
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
