"""Step 8 of the staircase: the suggested self-assessment, Örebro kommun's handbook rule.

The four colours (worded exactly as the handbook in `i18n`, keys `status_<colour>`):
- green:  the target is met for the year and the development contributes (is not worsening);
- yellow: development has taken place (improving) but the target is not fully met — and, a case the
          handbook leaves open, the target is met but the development is worsening (a warning, not
          a pass);
- red:    the target is not met and the development does not go the wanted way (stable or worse);
- white:  no value, a stale value, no target, a target that cannot judge the year, or no series to
          judge the development by.
The target is the KPI's own target for the year, else the area's target rule (a comparison the
municipality chose as the target, e.g. at least the mean of Liknande kommuner). Without either the
assessment is white with basis 'no_target': a comparison with peers or Riket is reported as what it
is, never as a target. The development is the trend's movement read in the wanted direction: the
target's (min wants higher, max lower, an interval towards itself, a trajectory along its line), else
the KPI's — so an own `min` target makes an undirected KPI assessable.

The result is codes and numbers: `status`, `basis` (own_target, area_rule, no_target, no_value,
stale_value) and `reasons`, each a `Reason` the i18n layer words (`analysis.wording`).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.target import Judgement, Target
from analysis.trend import Trend, verdict_for

STATUSES = ("green", "yellow", "red", "white")
BASES = ("own_target", "area_rule", "no_target", "no_value", "stale_value")


@dataclass(frozen=True)
class Reason:
    """One reason as a code with its numbers; `analysis.wording.reason_text` words it.

    codes: no_value (year), stale_value (value, year = the value's year), no_target,
    comparison (value, reference = the set's mean, gap, label = the set's name), target (type,
    target_value, high, reference = what the value was judged against, value, gap, from_year,
    to_year, met, detail = the judgement's reason code, label = the peer set of at_least_peers,
    basis = own_target or area_rule), development (verdict, from_year, to_year, gap = the
    change against the reference mean), no_trend, met_but_worsening."""

    code: str
    value: float | None = None
    reference: float | None = None
    high: float | None = None
    gap: float | None = None
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    target_type: str | None = None
    met: bool | None = None
    detail: str | None = None
    label: str | None = None
    verdict: str | None = None
    basis: str | None = None
    target_value: float | None = None  # the target's own value (a trajectory's end, rank_top's N)


@dataclass(frozen=True)
class Assessment:
    status: str
    basis: str
    reasons: tuple[Reason, ...]


def development(trend: Trend, wanted: str | None) -> str:
    """The trend's movement in the wanted direction: improving/worsening/stable, rising/falling when
    no direction is wanted (inside an interval, or an undirected KPI without a target), no_data."""
    return verdict_for(trend.movement, wanted)


def development_reason(trend: Trend, verdict: str) -> Reason:
    return Reason(
        "development",
        verdict=verdict,
        from_year=trend.verdict_from_year or trend.previous_year,
        to_year=trend.latest_year,
        gap=trend.change_vs_3y if trend.change_vs_3y is not None else trend.change_abs,
    )


def self_assessment(
    year: int,
    value: float | None,
    trend: Trend,
    direction: str,
    target: Target | None = None,
    judgement: Judgement | None = None,
    comparison: Reason | None = None,
    target_label: str | None = None,
) -> Assessment:
    """The handbook's rule for one KPI and year. `value` is the value of `year` itself (an older
    value is stale: shown, not assessed); `comparison` is the chosen peer set's comparison, reported
    when there is no target; `target_label` names the peer set of an at_least_peers target."""
    if value is None:
        if trend.latest_year is not None and trend.latest_year < year:
            return Assessment(
                "white", "stale_value", (Reason("stale_value", trend.latest_value, year=trend.latest_year),)
            )
        return Assessment("white", "no_value", (Reason("no_value", year=year),))
    if target is None or judgement is None:
        reasons = [Reason("no_target")]
        if comparison is not None:
            reasons.append(comparison)
        if trend.movement != "no_data":
            reasons.append(
                development_reason(trend, development(trend, direction if direction in ("higher", "lower") else None))
            )
        return Assessment("white", "no_target", tuple(reasons))
    basis = target.basis
    target_reason = Reason(
        "target",
        value=judgement.value,
        reference=judgement.reference,
        high=judgement.high,
        gap=judgement.gap,
        from_year=target.from_year,
        to_year=target.to_year,
        target_type=target.type,
        met=judgement.met,
        detail=judgement.reason,
        label=target_label,
        basis=basis,
        target_value=target.value,
    )
    if judgement.met is None:
        return Assessment("white", basis, (target_reason,))
    dev = development(trend, judgement.wanted)
    if dev == "no_data":
        return Assessment("white", basis, (target_reason, Reason("no_trend")))
    reasons = [target_reason, development_reason(trend, dev)]
    if judgement.met and dev == "worsening":
        status = "yellow"
        reasons.append(Reason("met_but_worsening"))
    elif judgement.met:
        status = "green"
    elif dev == "improving":
        status = "yellow"
    else:
        status = "red"
    return Assessment(status, basis, tuple(reasons))
