"""One KPI's status for one municipality, year and gender: the value of the year, the trend, the
target in force (own, else the area's rule), its judgement and the self-assessment.

Why one function: Översikt's scorecard, the staircase (Analystrappan, the CLI) and the council deck
all call `kpi_status` with the same inputs, so the same view gets the same colour everywhere
(tested). The caller supplies the figures (read by store/, ranked by SQL or `peers.rank_all`, which
agree); nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.assessment import Assessment, Reason, self_assessment
from analysis.target import Judgement, Observed, Target, choose_target, judge_target
from analysis.trend import Trend, trend


@dataclass(frozen=True)
class KpiStatus:
    year: int
    value: float | None  # the value of `year` itself (None when missing or only older)
    trend: Trend
    target: Target | None
    judgement: Judgement | None
    target_label: str | None  # the name of an at_least_peers target's peer set
    assessment: Assessment


def value_in(series: pd.DataFrame, year: int) -> float | None:
    """The series' value (columns year, value) in `year`, None when there is none."""
    row = series.loc[series["year"] == int(year), "value"].dropna()
    return float(row.iloc[0]) if len(row) else None


def kpi_status(
    year: int,
    series: pd.DataFrame,
    direction: str,
    unit: str | None,
    targets: Sequence[Target],
    rule: Target | None,
    gender: str,
    rank: int | None,
    n_ranked: int | None,
    quartile: str | None,
    riket: float | None,
    peer_means: Mapping[str, float | None],
    peer_labels: Mapping[str, str],
    peer_key: str,
) -> KpiStatus:
    """`series`: the municipality's values (year, value) for the gender; rank/n_ranked/quartile:
    its place among all municipalities in `year`; peer_means/peer_labels: every peer set's mean
    and name by key; peer_key: the set chosen in the view (the comparison without a target)."""
    year = int(year)
    tr = trend(series, direction, year, unit=unit)
    value = value_in(series, year)
    target = choose_target(targets, gender, year, rule)
    judgement = label = None
    if target is not None:
        key = target.peer_key or peer_key
        label = peer_labels.get(key) if target.type == "at_least_peers" else None
        observed = Observed(
            year=year,
            value=value,
            direction=direction,
            rank=rank,
            n_ranked=n_ranked,
            quartile=quartile,
            riket=riket,
            peer_mean=peer_means.get(key),
            start_value=value_in(series, target.from_year),
            slope=tr.slope,
        )
        judgement = judge_target(target, observed)
    comparison = None
    mean = peer_means.get(peer_key)
    if value is not None and mean is not None:
        comparison = Reason("comparison", value, mean, gap=value - mean, label=peer_labels.get(peer_key))
    assessment = self_assessment(year, value, tr, direction, target, judgement, comparison, label)
    return KpiStatus(year, value, tr, target, judgement, label, assessment)
