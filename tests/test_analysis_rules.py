"""The staircase's rules, case by case: the self-assessment (Örebro's handbook rule), the trend
verdict and its tolerance band with its floor, the gender gap, Swedish number formatting."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.assessment import Reason, self_assessment
from analysis.format import fmt_number, fmt_signed, fmt_value
from analysis.target import Observed, Target, gender_gap, judge_target
from analysis.trend import Trend, trend


def _trend(movement: str, direction: str = "higher") -> Trend:
    verdict = {
        ("up", "higher"): "improving",
        ("down", "higher"): "worsening",
        ("up", "lower"): "worsening",
        ("down", "lower"): "improving",
    }.get((movement, direction), movement)
    return Trend(2019, 70.0, 2018, 69.0, 1.0, 1.4, 69.0, 1.0, 0.5, 5, verdict, 1.4, movement, 2016, 2018)


def _assess(value, target_value, direction, movement, kind="min"):
    target = Target(kind, target_value, None, 2019, 2019)
    judgement = judge_target(target, Observed(2019, value, direction))
    return self_assessment(2019, value, _trend(movement, direction), direction, target, judgement)


@pytest.mark.parametrize(
    ("value", "target", "kind", "direction", "movement", "status"),
    [
        (75.0, 70.0, "min", "higher", "up", "green"),  # met, improving
        (75.0, 70.0, "min", "higher", "stable", "green"),  # met, not worsening
        (70.0, 70.0, "min", "higher", "stable", "green"),  # exactly on target counts as met
        (75.0, 70.0, "min", "higher", "down", "yellow"),  # met but worsening: the open case, not green
        (65.0, 70.0, "min", "higher", "up", "yellow"),  # not met, improving
        (65.0, 70.0, "min", "higher", "stable", "red"),  # not met, not improving
        (65.0, 70.0, "min", "higher", "down", "red"),  # not met, worsening
        (8.0, 10.0, "max", "lower", "stable", "green"),  # lower is better: 8 ≤ 10 is met
        (12.0, 10.0, "max", "lower", "down", "yellow"),  # falling towards a max target is improving
        (12.0, 10.0, "max", "lower", "up", "red"),
        (77.0, 75.0, "min", "none", "up", "green"),  # an undirected KPI: the min target says higher is wanted
        (77.0, 75.0, "min", "none", "down", "yellow"),
        (75.0, 70.0, "min", "higher", "no_data", "white"),  # no trend to judge development by
    ],
)
def test_handbook_rule_with_an_own_target(value, target, kind, direction, movement, status):
    a = _assess(value, target, direction, movement, kind)
    assert (a.status, a.basis) == (status, "own_target")


def test_open_case_names_itself():
    a = _assess(75.0, 70.0, "higher", "down")
    assert [r.code for r in a.reasons] == ["target", "development", "met_but_worsening"]


def test_no_target_is_white_and_reports_the_comparison_as_a_comparison():
    comparison = Reason("comparison", 69.6, 73.6, gap=-4.0, label="Liknande kommuner grundskola (2024)")
    a = self_assessment(2019, 69.6, _trend("down"), "higher", None, None, comparison)
    assert (a.status, a.basis) == ("white", "no_target")
    assert [r.code for r in a.reasons] == ["no_target", "comparison", "development"]


@pytest.mark.parametrize(
    ("value", "latest_year", "basis", "code_year"),
    [(None, 2019, "no_value", 2019), (None, 2017, "stale_value", 2017)],
)
def test_missing_or_stale_value_is_white(value, latest_year, basis, code_year):
    tr = Trend(latest_year, 62.0, None, None, None, None, None, None, None, 0, "no_data", 0.0)
    a = self_assessment(2019, value, tr, "higher", Target("min", 50.0, None, 2019, 2019), None)
    assert (a.status, a.basis, a.reasons[0].year) == ("white", basis, code_year)


def test_target_that_cannot_judge_is_white_with_its_reason():
    # rank_top needs a direction: "among the ten best" says nothing for an undirected KPI
    target = Target("rank_top", 10, None, 2019, 2019)
    j = judge_target(target, Observed(2019, 5.0, "none", rank=3))
    a = self_assessment(2019, 5.0, _trend("up", "none"), "none", target, j)
    assert (a.status, a.basis, a.reasons[0].detail) == ("white", "own_target", "needs_direction")


def test_area_rule_is_the_basis():
    target = Target("at_least_peers", None, None, 2019, 2019, peer_key="liknande", basis="area_rule")
    j = judge_target(target, Observed(2019, 69.6, "higher", peer_mean=73.6))
    a = self_assessment(2019, 69.6, _trend("down"), "higher", target, j)
    assert (a.status, a.basis, a.reasons[0].met) == ("red", "area_rule", False)


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values())})


@pytest.mark.parametrize(
    ("values", "direction", "unit", "verdict"),
    [
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.0}, "higher", "", "stable"),  # +1 within ±2 % of 50
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.5}, "higher", "", "improving"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 48.5}, "higher", "", "worsening"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 48.5}, "lower", "", "improving"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.5}, "none", "", "rising"),
        ({2019: 51.5}, "higher", "", "no_data"),
        # near zero (U15461-like, percentage points): 2 % of 3 = ±0,06 would call −0,3 worsening; the floor
        # of ±0,5 procentenheter keeps it stable, and −0,6 is still worsening
        ({2016: -3.0, 2017: -3.0, 2018: -3.0, 2019: -3.3}, "higher", "procentenheter", "stable"),
        ({2016: -3.0, 2017: -3.0, 2018: -3.0, 2019: -3.6}, "higher", "procentenheter", "worsening"),
        # a count: at least ±1
        ({2016: 10.0, 2017: 10.0, 2018: 10.0, 2019: 11.0}, "higher", "antal", "stable"),
    ],
)
def test_trend_verdict(values, direction, unit, verdict):
    assert trend(_series(values), direction, unit=unit).verdict == verdict


@pytest.mark.parametrize(
    ("unit", "level", "tolerance"),
    [("%", 71.07, 1.4214), ("%", 3.0, 0.5), ("procentenheter", -3.0, 0.5), ("antal", 20.0, 1.0), ("kr/inv", 2.0, 0.1)],
)
def test_tolerance_is_two_percent_with_a_floor(unit, level, tolerance):
    t = trend(_series({2016: level, 2017: level, 2018: level, 2019: level}), "higher", unit=unit)
    assert t.tolerance == pytest.approx(tolerance)


def test_trend_names_its_years():
    # the development compares 2019 with the mean of 2016–2018; the change is against 2018
    t = trend(_series({2015: 1.0, 2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 48.5}), "higher")
    assert (t.previous_year, t.verdict_from_year, t.reference_to_year, t.latest_year) == (2018, 2016, 2018, 2019)


def test_trend_evaluates_at_the_chosen_year():
    t = trend(_series({2017: 10.0, 2018: 12.0, 2019: 30.0}), "higher", year=2018)
    assert (t.latest_year, t.latest_value, t.change_abs, t.change_pct) == (2018, 12.0, 2.0, 20.0)


def test_slope_ignores_years_outside_the_window():
    # n_years = 3 at 2020 → 2018..2020 only: 1, 2, 3 → slope 1 (the 100 in 2015 is outside)
    t = trend(_series({2015: 100.0, 2018: 1.0, 2019: 2.0, 2020: 3.0}), "higher", n_years=3)
    assert (t.slope, t.slope_years) == (pytest.approx(1.0), 3)


@pytest.mark.parametrize(
    ("k", "m", "direction", "gap", "worse"),
    [
        (72.0, 67.3, "higher", pytest.approx(4.7), "M"),
        (72.0, 67.3, "lower", pytest.approx(4.7), "K"),
        (72.0, 67.3, "none", pytest.approx(4.7), None),
        (70.0, 70.0, "higher", 0.0, None),
        (None, 67.3, "higher", None, None),
    ],
)
def test_gender_gap(k, m, direction, gap, worse):
    g = gender_gap(k, m, direction)
    assert (g.gap, g.worse) == (gap, worse)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (fmt_number(69.6), "69,6"),
        (fmt_number(12345.6), "12 345,6"),
        (fmt_number(-1.25, 1), "−1,2"),
        (fmt_number(None), "–"),
        (fmt_number(float("nan")), "–"),
        (fmt_number(69.6, lang="en"), "69.6"),
        (fmt_signed(4.0), "+4,0"),
        (fmt_signed(-1.2), "−1,2"),
        (fmt_signed(0.01), "±0,0"),
        (fmt_value(69.6, "%"), "69,6 %"),
        (fmt_value(153520.0, "antal"), "153 520"),
    ],
)
def test_formatting(text, expected):
    assert text == expected
