"""Step 2 of the staircase: the municipality's own targets, and the gap between women and men.

A target has a kind, a value (and an upper bound for an interval) and a validity period; it judges
only the years inside its period. The comparator belongs to the kind, not to the KPI, so a `min`
target judges a KPI without a direction ("75 % nöjda med maten": at least 75):

| kind            | met when, for a year from_year ≤ year ≤ to_year                                   |
|-----------------|-----------------------------------------------------------------------------------|
| min             | value ≥ value_target                                                              |
| max             | value ≤ value_target                                                              |
| interval        | value_target ≤ value ≤ high (both bounds count as inside)                          |
| rank_top        | rank ≤ N among all municipalities (direction-aware; needs a direction)             |
| quartile_top    | the value is in the best quartile (needs a direction and an honest quartile)       |
| at_least_riket  | at least as good as Riket (direction-aware)                                        |
| at_least_peers  | at least as good as the peer set's unweighted mean (direction-aware)              |
| trajectory      | on or beyond the straight line from the value observed in from_year to value in    |
|                 | to_year, at the line's point for the year; the line's slope says which way is good |
|                 | (a flat line: the KPI's direction, "at least" without one)                         |

A value exactly on a bound or on the line meets the target (within 1e-9 of its size, so a line's
point computed in floating point does not flip an equal value). Every judgement carries a reason
code and the reference it was judged against, so the words can name the basis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from store.write import RULE_TYPES, TARGET_TYPES

__all__ = [
    "RULE_TYPES",
    "TARGET_TYPES",
    "GenderGap",
    "Judgement",
    "Observed",
    "Target",
    "choose_target",
    "gender_gap",
    "is_better_or_equal",
    "judge_target",
    "rule_target",
    "targets_from_frame",
    "wanted_direction",
]
DIRECTED = ("higher", "lower")
NEEDS_DIRECTION = frozenset({"rank_top", "quartile_top", "at_least_riket", "at_least_peers"})


@dataclass(frozen=True)
class Target:
    """One target as the analysis sees it. `basis` is 'own_target' (set for the KPI) or
    'area_rule' (the area's comparison rule standing in for a target); `peer_key` is the peer set of
    at_least_peers (None = the set chosen in the view)."""

    type: str
    value: float | None
    high: float | None
    from_year: int
    to_year: int
    gender: str = "T"
    peer_key: str | None = None
    basis: str = "own_target"
    target_id: int | None = None
    note: str | None = None
    kpi_id: str | None = None

    def covers(self, year: int) -> bool:
        return self.from_year <= int(year) <= self.to_year


@dataclass(frozen=True)
class Observed:
    """What a target is judged against for one year (read by store/, computed by analysis/).
    `rank`/`n_ranked`/`quartile`: the municipality among all municipalities that year; `peer_mean`:
    the unweighted mean of the target's peer set; `start_value`: the value observed in the target's
    from_year (a trajectory starts there); `slope`: the trend per year (years left to the target)."""

    year: int
    value: float | None
    direction: str
    rank: int | None = None
    n_ranked: int | None = None
    quartile: str | None = None
    riket: float | None = None
    peer_mean: float | None = None
    start_value: float | None = None
    slope: float | None = None


@dataclass(frozen=True)
class Judgement:
    """`met` True/False, or None when the target cannot judge the year; `reason` a code:
    met, not_met, outside_period, no_value, needs_direction, no_reference, no_start_value,
    no_quartile. `reference` is what the value was judged against (the bound, the line's point,
    Riket, the peer mean, N of rank_top — then `value` is the rank), `gap` = value − reference
    (an interval: the distance outside the nearest bound, 0 inside); `wanted` the direction the
    development is read in (see wanted_direction)."""

    met: bool | None
    reason: str
    reference: float | None = None
    high: float | None = None
    value: float | None = None
    gap: float | None = None
    years_to_target: float | None = None
    wanted: str | None = None  # which way the target wants the value to move (wanted_direction)


def is_better_or_equal(value: float, reference: float, direction: str) -> bool | None:
    """Direction-aware 'at least as good as'; None when the direction says nothing about good/bad."""
    if direction == "higher":
        return _ge(value, reference)
    if direction == "lower":
        return _ge(reference, value)
    return None


def _ge(a: float, b: float) -> bool:
    """a ≥ b, an equal value within floating-point noise counting as equal."""
    return a >= b - 1e-9 * max(1.0, abs(a), abs(b))


def _num(x: object) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def line_point(start: float, end: float, from_year: int, to_year: int, year: int) -> float:
    """The trajectory's value for `year`: a straight line from (from_year, start) to (to_year, end)."""
    if to_year == from_year:
        return end
    return start + (end - start) * (int(year) - from_year) / (to_year - from_year)


def wanted_direction(
    target: Target, direction: str, value: float | None = None, start: float | None = None
) -> str | None:
    """Which way the target wants the value to move ('higher'/'lower'), None when any way is
    fine (inside an interval). The target says it for min, max, interval and trajectory; the
    comparisons follow the KPI's direction."""
    if target.type == "min":
        return "higher"
    if target.type == "max":
        return "lower"
    if target.type == "interval":
        if value is not None and target.value is not None and value < target.value:
            return "higher"
        if value is not None and target.high is not None and value > target.high:
            return "lower"
        return None
    if target.type == "trajectory" and start is not None and target.value is not None and target.value != start:
        return "higher" if target.value > start else "lower"
    return direction if direction in DIRECTED else None


def judge_target(target: Target, observed: Observed) -> Judgement:
    """Is the target met in `observed.year`? Pure: every figure comes in `observed`."""
    if not target.covers(observed.year):
        return Judgement(None, "outside_period")
    if target.type in NEEDS_DIRECTION and observed.direction not in DIRECTED:
        return Judgement(None, "needs_direction")
    value = _num(observed.value)
    if value is None:
        return Judgement(None, "no_value")
    kind = target.type
    start = _num(observed.start_value)
    wanted = wanted_direction(target, observed.direction, value, start)
    if kind in ("min", "max"):
        ref = float(target.value)
        met = _ge(value, ref) if kind == "min" else _ge(ref, value)
        return _judged(met, ref, value, value - ref, wanted, _years(met, value - ref, observed.slope))
    if kind == "interval":
        low, high = float(target.value), float(target.high)
        met = _ge(value, low) and _ge(high, value)
        gap = 0.0 if met else (value - low if value < low else value - high)
        return Judgement(met, "met" if met else "not_met", low, high, value, gap, wanted=wanted)
    if kind == "trajectory":
        if start is None:
            return Judgement(None, "no_start_value")
        point = line_point(start, float(target.value), target.from_year, target.to_year, observed.year)
        met = bool(is_better_or_equal(value, point, wanted or "higher"))
        return _judged(met, point, value, value - point, wanted)
    if kind == "rank_top":
        if observed.rank is None:
            return Judgement(None, "no_reference")
        n = float(target.value)
        met = observed.rank <= n
        return Judgement(
            met, "met" if met else "not_met", n, None, float(observed.rank), observed.rank - n, wanted=wanted
        )
    if kind == "quartile_top":
        if observed.quartile not in ("green", "yellow", "red"):
            return Judgement(None, "no_quartile")
        met = observed.quartile == "green"
        return Judgement(met, "met" if met else "not_met", None, None, value, wanted=wanted)
    ref = _num(observed.riket if kind == "at_least_riket" else observed.peer_mean)
    if ref is None:
        return Judgement(None, "no_reference")
    met = bool(is_better_or_equal(value, ref, observed.direction))
    return _judged(met, ref, value, value - ref, wanted)


def _judged(
    met: bool, ref: float, value: float, gap: float, wanted: str | None, years: float | None = None
) -> Judgement:
    return Judgement(met, "met" if met else "not_met", ref, None, value, gap, years, wanted)


def _years(met: bool, gap: float, slope: float | None) -> float | None:
    """Years the current slope needs to close the gap: 0 when met, None when it points away."""
    if met:
        return 0.0
    if not slope:
        return None
    needed = -gap / slope
    return needed if needed > 0 else None


def targets_from_frame(rows: pd.DataFrame) -> list[Target]:
    """store.queries.targets rows → Targets (own targets)."""
    return [
        Target(
            type=str(r["target_type"]),
            value=_num(r["target_value"]),
            high=_num(r["target_high"]),
            from_year=int(r["from_year"]),
            to_year=int(r["to_year"]),
            gender=str(r["gender"]),
            peer_key=r["peer_key"] if isinstance(r["peer_key"], str) and r["peer_key"] else None,
            target_id=int(r["target_id"]) if _num(r["target_id"]) is not None else None,
            note=r["note"] if isinstance(r["note"], str) else None,
            kpi_id=str(r["kpi_id"]),
        )
        for _, r in rows.iterrows()
    ]


def rule_target(rules: pd.DataFrame, year: int, gender: str = "T") -> Target | None:
    """The area's rule in force (store.queries.area_rules rows) as a target for `year`."""
    if rules is None or rules.empty:
        return None
    r = rules.iloc[0]
    peer = r["peer_key"] if isinstance(r["peer_key"], str) and r["peer_key"] else None
    return Target(str(r["target_type"]), _num(r["target_value"]), None, int(year), int(year), gender, peer, "area_rule")


def choose_target(targets: Sequence[Target], gender: str, year: int, rule: Target | None = None) -> Target | None:
    """The own target for the gender whose period holds `year` — the narrowest period, then the
    newest — else the area's rule, else None. A target for another year is never used."""
    fitting = [t for t in targets if t.gender == gender and t.covers(year)]
    if fitting:
        return min(fitting, key=lambda t: (t.to_year - t.from_year, -(t.target_id or 0)))
    return rule


@dataclass(frozen=True)
class GenderGap:
    value_k: float | None
    value_m: float | None
    gap: float | None
    worse: str | None


def gender_gap(value_k: float | None, value_m: float | None, direction: str) -> GenderGap:
    """gap = K − M; `worse` names the group with the worse value ('K'/'M'), None when equal or 'none'."""
    if value_k is None or value_m is None:
        return GenderGap(value_k, value_m, None, None)
    gap = float(value_k) - float(value_m)
    worse = None
    if gap != 0 and direction in DIRECTED:
        k_better = (gap > 0) == (direction == "higher")
        worse = "M" if k_better else "K"
    return GenderGap(float(value_k), float(value_m), gap, worse)
