"""Targets of every kind at their boundaries: equal, just inside, just outside, outside the
period, and an undirected KPI. The comparator belongs to the kind: min/max/interval/trajectory
judge an undirected KPI, the comparisons (rank, quartile, Riket, peers) need a direction."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.peers import rank_all
from analysis.target import Observed, Target, choose_target, judge_target, line_point

PERIOD = (2022, 2026)


def judged(kind, value, year=2024, direction="higher", target_value=None, high=None, **figures):
    target = Target(kind, target_value, high, *PERIOD)
    return judge_target(target, Observed(year, value, direction, **figures))


def met_and_reason(j) -> tuple:
    return j.met, j.reason


@pytest.mark.parametrize(
    ("value", "year", "direction", "expected"),
    [
        (75.0, 2024, "higher", (True, "met")),  # equal: "at least 75" holds at 75
        (75.1, 2024, "higher", (True, "met")),  # just inside
        (74.9, 2024, "higher", (False, "not_met")),  # just outside
        (90.0, 2021, "higher", (None, "outside_period")),  # a year before the period is not judged
        (90.0, 2027, "higher", (None, "outside_period")),  # nor after it
        (77.0, 2022, "none", (True, "met")),  # Leksand U23467 2022: 77 % against "75 % nöjda" (no direction)
        (74.0, 2022, "none", (False, "not_met")),
        (74.0, 2022, "lower", (False, "not_met")),  # the KPI's direction does not turn min around
    ],
)
def test_min(value, year, direction, expected):
    assert met_and_reason(judged("min", value, year, direction, 75.0)) == expected


@pytest.mark.parametrize(
    ("value", "year", "direction", "expected"),
    [
        (10.0, 2024, "lower", (True, "met")),
        (9.9, 2024, "lower", (True, "met")),
        (10.1, 2024, "lower", (False, "not_met")),
        (1.0, 2021, "lower", (None, "outside_period")),
        (9.0, 2024, "none", (True, "met")),
        (11.0, 2024, "none", (False, "not_met")),
    ],
)
def test_max(value, year, direction, expected):
    assert met_and_reason(judged("max", value, year, direction, 10.0)) == expected


@pytest.mark.parametrize(
    ("value", "year", "direction", "expected", "gap"),
    [
        (-0.5, 2024, "none", (True, "met"), 0.0),  # equal to the lower bound
        (5.0, 2024, "none", (True, "met"), 0.0),  # equal to the upper bound
        (4.9, 2024, "none", (True, "met"), 0.0),  # just inside
        (5.1, 2024, "none", (False, "not_met"), pytest.approx(0.1)),  # just outside above
        (-0.6, 2024, "none", (False, "not_met"), pytest.approx(-0.1)),  # just outside below
        (2.0, 2021, "none", (None, "outside_period"), None),
        (2.0, 2024, "higher", (True, "met"), 0.0),
    ],
)
def test_interval(value, year, direction, expected, gap):
    # Leksand's budget rule "−0,5 % < X < 5 %", both bounds counted as inside
    j = judged("interval", value, year, direction, -0.5, 5.0)
    assert (met_and_reason(j), j.gap) == (expected, gap)


@pytest.mark.parametrize(
    ("rank", "year", "direction", "expected"),
    [
        (10, 2024, "higher", (True, "met")),  # equal: 10th among "the ten best"
        (9, 2024, "higher", (True, "met")),
        (11, 2024, "lower", (False, "not_met")),
        (1, 2021, "higher", (None, "outside_period")),
        (1, 2024, "none", (None, "needs_direction")),  # a rank without a direction says nothing good or bad
        (None, 2024, "higher", (None, "no_reference")),  # no rank (no value that year)
    ],
)
def test_rank_top(rank, year, direction, expected):
    assert met_and_reason(judged("rank_top", 50.0, year, direction, 10, rank=rank)) == expected


def _quartile_of(values: list[float], municipality: int) -> str:
    ranked = rank_all(
        pd.DataFrame({"municipality_id": [str(i) for i in range(len(values))], "value": values}), "higher"
    )
    return str(ranked.loc[municipality, "quartile"])


@pytest.mark.parametrize(
    ("municipality", "year", "direction", "expected"),
    [
        (1, 2024, "higher", (True, "met")),  # rank 2 of 8: 4·2 = 8 ≤ 8, exactly on the quarter: best quartile
        (0, 2024, "higher", (True, "met")),  # rank 1: inside
        (2, 2024, "higher", (False, "not_met")),  # rank 3 of 8: 12 > 8, just outside
        (0, 2021, "higher", (None, "outside_period")),
        (0, 2024, "none", (None, "needs_direction")),
    ],
)
def test_quartile_top(municipality, year, direction, expected):
    values = [80.0, 70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0]
    quartile = _quartile_of(values, municipality)
    assert met_and_reason(judged("quartile_top", values[municipality], year, direction, quartile=quartile)) == expected


def test_quartile_top_without_an_honest_quartile_cannot_judge():
    # five municipalities are fewer than the minimum of 8: no quartile, so no verdict
    quartile = _quartile_of([5.0, 4.0, 3.0, 2.0, 1.0], 0)
    assert (quartile, met_and_reason(judged("quartile_top", 5.0, quartile=quartile))) == ("few", (None, "no_quartile"))


@pytest.mark.parametrize(
    ("kind", "figure"),
    [("at_least_riket", "riket"), ("at_least_peers", "peer_mean")],
)
@pytest.mark.parametrize(
    ("value", "year", "direction", "expected"),
    [
        (73.4, 2024, "higher", (True, "met")),  # equal to the reference
        (73.5, 2024, "higher", (True, "met")),
        (73.3, 2024, "higher", (False, "not_met")),
        (73.3, 2024, "lower", (True, "met")),  # lower is better: below the reference is at least as good
        (80.0, 2021, "higher", (None, "outside_period")),
        (80.0, 2024, "none", (None, "needs_direction")),
    ],
)
def test_at_least_a_reference(kind, figure, value, year, direction, expected):
    assert met_and_reason(judged(kind, value, year, direction, **{figure: 73.4})) == expected


def test_at_least_without_a_reference_cannot_judge():
    assert met_and_reason(judged("at_least_peers", 70.0, peer_mean=None)) == (None, "no_reference")


# Leksand (2029) N01951 population: 15 807 in 2019, target 18 000 in 2025 → the line's point for 2022 is
# 15 807 + 2 193 · 3/6 = 16 903,5 (the snapshot's 2022 value is 16 113: behind the line).
LEKSAND = Target("trajectory", 18000.0, None, 2019, 2025)


@pytest.mark.parametrize(
    ("value", "year", "direction", "expected"),
    [
        (16903.5, 2022, "none", (True, "met")),  # on the line
        (16903.6, 2022, "none", (True, "met")),
        (16903.4, 2022, "none", (False, "not_met")),
        (16113.0, 2022, "none", (False, "not_met")),
        (15807.0, 2019, "none", (True, "met")),  # the first year: the line starts at the observed value
        (18000.0, 2025, "higher", (True, "met")),
        (20000.0, 2026, "none", (None, "outside_period")),
        (15000.0, 2018, "none", (None, "outside_period")),
    ],
)
def test_trajectory(value, year, direction, expected):
    j = judge_target(LEKSAND, Observed(year, value, direction, start_value=15807.0))
    assert met_and_reason(j) == expected


def test_trajectory_reference_is_the_line_point():
    j = judge_target(LEKSAND, Observed(2022, 16113.0, "none", start_value=15807.0))
    assert (j.reference, j.gap, j.wanted) == (16903.5, -790.5, "higher")


def test_falling_trajectory_wants_lower():
    # from 10 in 2020 to 4 in 2023: 2021's point is 8; 7,9 is beyond the line, 8,1 behind it
    target = Target("trajectory", 4.0, None, 2020, 2023)
    results = [judge_target(target, Observed(2021, v, "none", start_value=10.0)).met for v in (8.0, 7.9, 8.1)]
    assert results == [True, True, False]


def test_trajectory_point_in_floating_point_still_meets_an_equal_value():
    # 10 → 20 over 2019–2022: the 2020 point is 13,333…; a value rounded to 13.3333333333 counts as on the line
    assert line_point(10.0, 20.0, 2019, 2022, 2020) == pytest.approx(13.333333333333334)
    target = Target("trajectory", 20.0, None, 2019, 2022)
    assert judge_target(target, Observed(2020, 13.3333333333, "none", start_value=10.0)).met is True


def test_trajectory_without_a_start_value_cannot_judge():
    assert met_and_reason(judge_target(LEKSAND, Observed(2022, 16113.0, "none"))) == (None, "no_start_value")


@pytest.mark.parametrize(
    ("year", "expected_id"),
    [(2019, None), (2024, 2), (2025, 3), (2026, 2)],
)
def test_choose_target_uses_only_a_period_that_holds_the_year(year, expected_id):
    # 1: K only; 2: T 2022–2026; 3: T 2025 alone (narrower, so it wins in 2025)
    targets = [
        Target("min", 80.0, None, 2022, 2026, "K", target_id=1),
        Target("min", 75.0, None, 2022, 2026, "T", target_id=2),
        Target("min", 76.5, None, 2025, 2025, "T", target_id=3),
    ]
    chosen = choose_target(targets, "T", year)
    assert (chosen.target_id if chosen else None) == expected_id


def test_choose_target_falls_back_to_the_area_rule():
    rule = Target("at_least_peers", None, None, 2019, 2019, basis="area_rule")
    assert choose_target([], "T", 2019, rule) is rule
