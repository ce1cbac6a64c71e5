"""Goals and follow-up (målstyrning): the colour rolled up from indicators to goals to the vision.

Pure functions over a goal tree whose indicators are already judged (analysis.followup does the
judging); words live in i18n (keys goals_rule_*, goals_change_*).

The roll-up rule (README "Mål och uppföljning" and the follow-up report's method slide say the same):
every vision and goal counts the status of its DIRECT children — its indicators and its sub-goals,
a sub-goal with the status it has itself (the owner's saved assessment, else its suggestion) —
green, yellow, red and white. White children are counted and shown, never dropped. The suggestion:
1. white  – no children, or more white children than judged ones ("too little to judge by");
2. green  – every judged child is green;
3. red    – more than half of the judged children are red;
4. yellow – otherwise (some way to go, but not mostly red).
The owner sets the goal's own assessment for the period ("en ny skattning görs"); one that differs
from the suggestion needs a written reason. A goal's status is its saved assessment for the period
where there is one, else the suggestion — and that status is what its parent counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from analysis.assessment import Reason
from analysis.target import Target
from store.fields import NODE_COLUMNS

STATUSES = ("green", "yellow", "red", "white")
PERIODS = ("delar", "helar")
_RANK = {"red": 0, "yellow": 1, "green": 2}  # white is not on the scale: a change to or from it is 'other'


@dataclass(frozen=True)
class GoalNode:
    node_id: str
    parent_id: str | None
    kind: str  # vision | goal | indicator
    title: str | None = None
    owner: str | None = None
    kpi_id: str | None = None
    gender: str | None = None
    target_type: str | None = None
    target_value: float | None = None
    target_high: float | None = None
    from_year: int | None = None
    to_year: int | None = None
    peer_key: str | None = None  # at_least_peers: the peer set (None: store.goals.DEFAULT_PEER_KEY)
    note: str | None = None


assert [f.name for f in fields(GoalNode)] == NODE_COLUMNS, "GoalNode and store.fields.NODE_COLUMNS differ"


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator judged for the follow-up year: the value used (and its year), the target,
    whether it is met and the status by the handbook's rule."""

    node_id: str
    kpi_id: str
    gender: str
    year: int | None  # the year of `value`; older than the follow-up year when that year has none
    value: float | None
    met: bool | None
    status: str
    basis: str  # the self-assessment's basis: own_target, no_value, stale_value (or unknown_kpi)
    reasons: tuple[Reason, ...] = ()  # analysis.assessment's codes and numbers, worded by analysis.wording
    reference: float | None = None  # what the value was judged against (the bound, line point, Riket, mean)
    kpi_title: str = ""
    unit: str = ""
    target_label: str | None = None  # the peer set of an at_least_peers target
    rank: int | None = None  # the municipality's place among all municipalities with a value
    n_ranked: int | None = None
    target: Target | None = None  # the target judged by (analysis.target.choose_target, as the staircase)


@dataclass(frozen=True)
class SavedAssessment:
    node_id: str
    status: str
    author: str
    saved_at: object
    version_id: int
    status_suggested: str | None = None
    reason: str | None = None
    actions: str | None = None


@dataclass(frozen=True)
class StatusCounts:
    green: int = 0
    yellow: int = 0
    red: int = 0
    white: int = 0

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red + self.white

    @property
    def judged(self) -> int:
        return self.green + self.yellow + self.red

    def as_dict(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in STATUSES}


@dataclass(frozen=True)
class GoalResult:
    """A vision or goal for one period: its children's colours, the suggestion and its status."""

    node: GoalNode
    depth: int  # 0 for a vision
    counts: StatusCounts
    suggested: str
    rule: str  # which clause of the rule gave the suggestion: no_children, mostly_white, all_green, ...
    status: str
    saved: SavedAssessment | None
    children: tuple[str, ...]  # direct sub-goals' ids, in sheet order
    indicators: tuple[IndicatorResult, ...]  # direct indicators, in sheet order


def count_statuses(statuses: Iterable[str]) -> StatusCounts:
    """Counts per colour; anything that is not green, yellow or red counts as white."""
    values = list(statuses)
    return StatusCounts(
        green=values.count("green"),
        yellow=values.count("yellow"),
        red=values.count("red"),
        white=sum(1 for s in values if s not in ("green", "yellow", "red")),
    )


def suggest_status(counts: StatusCounts) -> tuple[str, str]:
    """(status, rule) by the roll-up rule in the module docstring."""
    if counts.total == 0:
        return "white", "no_children"
    if counts.white > counts.judged:
        return "white", "mostly_white"
    if counts.green == counts.judged:
        return "green", "all_green"
    if 2 * counts.red > counts.judged:
        return "red", "mostly_red"
    return "yellow", "mixed"


def override_problem(suggested: str, chosen: str, reason: str | None, author: str | None) -> str | None:
    """Why an assessment may not be saved (a code for i18n `goals_save_<code>`), or None when it may:
    someone must sign it, and a status that differs from the suggestion needs a reason."""
    if chosen not in STATUSES:
        return "bad_status"
    if not (author or "").strip():
        return "need_author"
    if chosen != suggested and not (reason or "").strip():
        return "need_reason"
    return None


def roll_up(
    nodes: Sequence[GoalNode],
    indicators: Mapping[str, IndicatorResult],
    saved: Mapping[str, SavedAssessment] | None = None,
) -> tuple[GoalResult, ...]:
    """Every vision and goal with its counts, suggestion and status, depth first in sheet order
    (a vision, its first goal, that goal's sub-goals, …). `indicators` maps an indicator's node id
    to its judgement (an indicator without one counts white); `saved` maps a goal's node id to its
    assessment for the period. The tree is assumed valid (loaders.goals checks it on import)."""
    saved = saved or {}
    children: dict[str | None, list[GoalNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    results: dict[str, GoalResult] = {}

    def visit(node: GoalNode, depth: int) -> str:
        kids = children.get(node.node_id, [])
        statuses, goal_ids, inds = [], [], []
        for kid in kids:
            if kid.kind == "indicator":
                ind = indicators.get(kid.node_id)
                inds.append(ind)
                statuses.append(ind.status if ind is not None else "white")
            else:
                goal_ids.append(kid.node_id)
                statuses.append(visit(kid, depth + 1))
        counts = count_statuses(statuses)
        suggested, rule = suggest_status(counts)
        mine = saved.get(node.node_id)
        status = mine.status if mine is not None else suggested
        results[node.node_id] = GoalResult(
            node, depth, counts, suggested, rule, status, mine, tuple(goal_ids), tuple(i for i in inds if i)
        )
        return status

    for root in nodes:
        if root.kind != "indicator" and (root.parent_id is None or root.parent_id not in {n.node_id for n in nodes}):
            visit(root, 0)
    order = _depth_first(nodes, children)
    return tuple(results[n.node_id] for n in order if n.node_id in results)


def _depth_first(nodes: Sequence[GoalNode], children: Mapping[str | None, list[GoalNode]]) -> list[GoalNode]:
    ids = {n.node_id for n in nodes}
    out: list[GoalNode] = []

    def walk(n: GoalNode) -> None:
        out.append(n)
        for kid in children.get(n.node_id, []):
            if kid.kind != "indicator":
                walk(kid)

    for n in nodes:
        if n.kind != "indicator" and (n.parent_id is None or n.parent_id not in ids):
            walk(n)
    return out


def previous_period(year: int, period: str) -> tuple[int, str]:
    """The follow-up before: helår Y follows delår Y, delår Y follows helår Y−1."""
    return (year, "delar") if period == "helar" else (year - 1, "helar")


def status_change(before: str | None, now: str) -> str:
    """'better', 'worse', 'same', 'new' (nothing before) or 'other' (to or from white)."""
    if before is None:
        return "new"
    if before == now:
        return "same"
    if before in _RANK and now in _RANK:
        return "better" if _RANK[now] > _RANK[before] else "worse"
    return "other"
