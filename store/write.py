"""The one place that writes people's work and the load history (the work store, store.work).

Every function is one transaction of the work store: all of it or nothing, and the revision moves on
so every reader re-reads at its next refresh. Ids come from the database. Values from people or
files are bound parameters, never formatted into SQL. Statistics are not written here: a load writes
a new version (store.statistics, store.loads).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa

from i18n import Message
from store import queries
from store.errors import InvalidInput
from store.fields import TARGET_COLUMNS, YEAR_COLUMNS
from store.statistics import KPI_CATALOGUE_FIELDS, OBS_COLUMNS, OBS_KEY, SNAPSHOT_SOURCE, Catalogue
from store.work import (
    area_target_rule,
    assessment,
    insert_row,
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
    "TARGET_COLUMNS",
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
        return insert_row(
            conn,
            load_run,
            source=source,
            request=request,
            started_at=now(),
            outcome="running",
            host=this_host(),
            pid=os.getpid(),
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
FIRST_YEAR, LAST_YEAR = 1950, 2100


@dataclass(frozen=True)
class TargetRow:
    """One target as a person sets it (the app's form, one row of an imported file, a goal tree's
    indicator); fields: store.fields.TARGET_COLUMNS."""

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

    @classmethod
    def of(cls, record: Mapping[str, object]) -> TargetRow:
        """A stored or read target (any mapping with the TARGET_COLUMNS; NaN and NA as None)."""
        values = {c: (None if _missing(record.get(c)) else record.get(c)) for c in TARGET_COLUMNS}
        for c in YEAR_COLUMNS:
            values[c] = int(values[c])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


assert [f.name for f in fields(TargetRow)] == TARGET_COLUMNS, "TargetRow and store.fields.TARGET_COLUMNS differ"


@dataclass(frozen=True)
class StoredTarget:
    """A target in the work store: its id, what it is, and the goal tree indicator that set it
    (None for one set in the app or by import-targets)."""

    target_id: int
    row: TargetRow
    goal_version_id: int | None = None
    goal_node_id: str | None = None


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def stored_targets(records: Iterable[Mapping[str, object]]) -> list[StoredTarget]:
    """store.queries.targets rows (or work-store rows) as StoredTargets."""
    out = []
    for r in records:
        version = r.get("goal_version_id")
        out.append(
            StoredTarget(
                int(r["target_id"]),  # type: ignore[arg-type]
                TargetRow.of(r),
                None if _missing(version) else int(version),  # type: ignore[arg-type]
                None if _missing(r.get("goal_node_id")) else str(r["goal_node_id"]),
            )
        )
    return out


def target_problems(row: TargetRow) -> list[str]:
    """Codes of what is wrong with a target (empty = fine); `i18n` words them as
    `target_problem_<code>` with the row's fields as placeholders. Shared by the file import, the
    goal sheet and the app's form, so all refuse the same things."""
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


# ---- one target per KPI, gender and year: a goal tree's target and an own target ----------------
# The council's target in the goal tree IS the municipality's target for that KPI: importing a tree
# registers each indicator's target here (store.goals). An own target (the app, import-targets) may
# stand beside it only where it judges alike: two targets for the same KPI, municipality and gender
# whose periods share a year must be the same target (type, value, upper bound, peer set, and a
# trajectory's years), else the later one is refused, naming the other. So no year is judged
# against two different targets, and every page gives the goal tree's answer.
def judges_alike(a: TargetRow, b: TargetRow) -> bool:
    """The two targets give the same verdict for every year both cover (what is stored as unused —
    target_high outside an interval, peer_key outside at_least_peers — does not count)."""

    def spec(r: TargetRow) -> tuple:
        value = None if r.target_value is None else float(r.target_value)
        high = float(r.target_high) if r.target_type == "interval" and r.target_high is not None else None
        peer = (r.peer_key or None) if r.target_type == "at_least_peers" else None
        years = (r.from_year, r.to_year) if r.target_type == "trajectory" else None
        return r.target_type, value, high, peer, years

    return spec(a) == spec(b)


def overlaps(a: TargetRow, b: TargetRow) -> bool:
    """Same KPI, municipality and gender, and the periods share at least one year."""
    same = (a.kpi_id, a.municipality_id, a.gender) == (b.kpi_id, b.municipality_id, b.gender)
    return same and a.from_year <= b.to_year and b.from_year <= a.to_year


def conflicts(row: TargetRow, others: Iterable[StoredTarget]) -> list[StoredTarget]:
    """The stored targets that would judge a year of `row` differently."""
    return [o for o in others if overlaps(row, o.row) and not judges_alike(row, o.row)]


class TargetConflict(InvalidInput):
    """A target refused because another one judges the same KPI, gender and year differently.
    `others` lets the caller word it otherwise (the Data page, the goal sheet, import-targets)."""

    def __init__(self, row: TargetRow, others: list[StoredTarget]) -> None:
        self.row, self.others = row, others
        ids = ", ".join(f"{o.target_id}" + (f" ({o.goal_node_id})" if o.goal_node_id else "") for o in others)
        super().__init__(
            "invalid_target_conflict", kpi=row.kpi_id, gender=row.gender, from_year=row.from_year,
            to_year=row.to_year, ids=ids,
        )  # fmt: skip


def _in_force(conn: sa.Connection, municipality_id: str, from_tree: bool) -> list[StoredTarget]:
    """The municipality's targets in force: those a goal tree set (from_tree) or the others."""
    tree = target.c.goal_version_id.is_not(None) if from_tree else target.c.goal_version_id.is_(None)
    rows = conn.execute(
        sa.select(target).where(target.c.municipality_id == municipality_id, target.c.ended_at.is_(None), tree)
    )
    return stored_targets(r._mapping for r in rows)


def refuse_conflicts(conn: sa.Connection, rows: Iterable[TargetRow], from_tree: bool) -> None:
    """Raise TargetConflict for the first row that a target in force (set by a goal tree, or
    elsewhere) would judge differently; the caller's transaction then writes nothing."""
    by_municipality: dict[str, list[StoredTarget]] = {}
    for row in rows:
        if row.municipality_id not in by_municipality:
            by_municipality[row.municipality_id] = _in_force(conn, row.municipality_id, from_tree)
        clash = conflicts(row, by_municipality[row.municipality_id])
        if clash:
            raise TargetConflict(row, clash)


def _check_target(row: TargetRow) -> None:
    problems = target_problems(row)
    if problems:
        raise InvalidInput("invalid_target", problems=", ".join(problems), row=str(row))


def insert_target(
    conn: sa.Connection,
    row: TargetRow,
    who: str | None,
    source: str,
    load_run_id: int | None = None,
    replaces: int | None = None,
    goal: tuple[int, str] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """One target row in the caller's transaction; the id comes from the database. `goal`: the
    (version_id, node_id) of the goal tree indicator that sets it."""
    return insert_row(
        conn,
        target,
        kpi_id=row.kpi_id,
        municipality_id=row.municipality_id,
        gender=row.gender,
        target_type=row.target_type,
        target_value=None if row.target_value is None else float(row.target_value),
        target_high=float(row.target_high) if row.target_type == "interval" and row.target_high is not None else None,
        from_year=int(row.from_year),
        to_year=int(row.to_year),
        peer_key=row.peer_key if row.target_type == "at_least_peers" else None,
        note=row.note,
        source=source,
        load_run_id=load_run_id,
        created_by=who,
        created_at=at or now(),
        replaces=replaces,
        goal_version_id=None if goal is None else int(goal[0]),
        goal_node_id=None if goal is None else goal[1],
    )


def _close_target(conn: sa.Connection, target_id: int, who: str | None) -> None:
    """End a target in force; the caller holds the transaction. Unknown, ended or set by a goal
    tree (changed by importing the tree): InvalidInput."""
    found = conn.execute(
        sa.select(target.c.ended_at, target.c.goal_node_id).where(target.c.target_id == int(target_id))
    ).first()
    if found is None:
        raise InvalidInput("invalid_target_unknown", id=target_id)
    if found[0] is not None:
        raise InvalidInput("invalid_target_ended", id=target_id)
    if found[1] is not None:
        raise InvalidInput("invalid_target_from_tree", id=target_id, node=found[1])
    conn.execute(target.update().where(target.c.target_id == int(target_id)).values(ended_by=who, ended_at=now()))


def add_target(store: Store, row: TargetRow, who: str, source: str = "app") -> int:
    """A new target in force from now; returns its target_id. TargetConflict when the goal tree's
    target for the KPI, gender and a shared year judges differently."""
    _check_target(row)
    with store.work.transaction(target) as conn:
        refuse_conflicts(conn, [row], from_tree=True)
        return insert_target(conn, row, who, source)


def change_target(store: Store, target_id: int, row: TargetRow, who: str) -> int:
    """Close target `target_id` and put `row` in its place (`replaces` points back); returns the new id."""
    _check_target(row)
    with store.work.transaction(target) as conn:
        _close_target(conn, target_id, who)
        refuse_conflicts(conn, [row], from_tree=True)
        return insert_target(conn, row, who, "app", replaces=int(target_id))


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
    """An imported file (columns TARGET_COLUMNS): each row closes the own target in force with the
    same KPI, municipality, gender and period and takes its place; all rows AND the run's 'ok' in one
    transaction, so a kill leaves either every target and an 'ok' run or none and a 'running' one.
    A row that a goal tree's target would judge differently: TargetConflict, nothing written (the
    import checks it first, with row numbers: loaders.files.import_targets)."""
    rows = [TargetRow.of(r) for r in targets.reindex(columns=TARGET_COLUMNS).to_dict("records")]
    for row in rows:
        _check_target(row)
    with store.work.transaction(target, load_run) as conn:
        refuse_conflicts(conn, rows, from_tree=True)
        for row in rows:
            old = (
                conn.execute(
                    sa.select(target.c.target_id).where(
                        target.c.ended_at.is_(None),
                        target.c.goal_version_id.is_(None),
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
            insert_target(conn, row, who, source, run_id, old[0] if old else None)
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
        return insert_row(
            conn,
            area_target_rule,
            municipality_id=municipality_id,
            area_id=area_id,
            target_type=target_type,
            target_value=float(target_value) if target_type == "rank_top" else None,
            peer_key=peer_key if target_type == "at_least_peers" else None,
            created_by=who,
            created_at=now(),
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
        return insert_row(
            conn,
            assessment,
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
        new_id = insert_row(
            conn, own_group, title=title.strip(), owner_municipality_id=owner_municipality_id, created_by=who,
            created_at=now(),
        )  # fmt: skip
        conn.execute(
            own_group_member.insert(), [{"own_group_id": new_id, "municipality_id": m} for m in sorted(set(member_ids))]
        )
    return f"OWN{new_id}"
