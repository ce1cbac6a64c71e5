"""The staircase's rules, case by case: self-assessment (Örebro's rule), trend verdict and its
tolerance band, target and gender gaps, Swedish number formatting."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.assessment import self_assessment
from analysis.format import fmt_number, fmt_signed, fmt_value
from analysis.target import gender_gap, target_gap
from analysis.trend import Trend, trend


def _trend(verdict: str) -> Trend:
    return Trend(2019, 70.0, 2018, 69.0, 1.0, 1.4, 69.0, 1.0, 0.5, 5, verdict, 1.4)


@pytest.mark.parametrize(
    ("value", "target", "direction", "verdict", "status"),
    [
        (75.0, 70.0, "higher", "improving", "green"),  # met, improving
        (75.0, 70.0, "higher", "stable", "green"),  # met, not worsening
        (70.0, 70.0, "higher", "stable", "green"),  # exactly on target counts as met
        (75.0, 70.0, "higher", "worsening", "yellow"),  # met but worsening: not green
        (65.0, 70.0, "higher", "improving", "yellow"),  # not met, improving
        (65.0, 70.0, "higher", "stable", "red"),  # not met, not improving
        (65.0, 70.0, "higher", "worsening", "red"),  # not met, worsening
        (8.0, 10.0, "lower", "stable", "green"),  # lower is better: 8 ≤ 10 is met
        (12.0, 10.0, "lower", "improving", "yellow"),
        (12.0, 10.0, "lower", "worsening", "red"),
        (None, 70.0, "higher", "stable", "white"),  # no value
        (75.0, 70.0, "none", "rising", "white"),  # no direction: not assessable
        (75.0, 70.0, "higher", "no_data", "white"),  # no trend to judge development by
    ],
)
def test_self_assessment_with_own_target(value, target, direction, verdict, status):
    tg = target_gap(value, target, 2019, direction, 0.5)
    assert self_assessment(value, _trend(verdict), direction, tg).status == status


def test_without_target_the_reference_is_named():
    a = self_assessment(
        69.6, _trend("worsening"), "higher", None, 73.6, "Liknande kommuner grundskola (2024)", unit="%"
    )
    assert (a.status, a.reference) == ("red", "Liknande kommuner grundskola (2024)")
    assert a.reasons[0] == "Sämre än Liknande kommuner grundskola (2024): 69,6 % mot 73,6 % (−4,0 procentenheter)."


def test_default_reference_is_riket():
    a = self_assessment(74.0, _trend("stable"), "higher", None, 73.4)
    assert (a.status, a.reference) == ("green", "Riket")


def test_no_reference_value_is_white():
    assert self_assessment(74.0, _trend("stable"), "higher", None, None).status == "white"


def test_english_reasons():
    a = self_assessment(65.0, _trend("improving"), "higher", target_gap(65.0, 70.0, 2020, "higher", 1.0), lang="en")
    assert (a.status, a.reasons[0]) == ("yellow", "Target not met: 65.0 against 70.0 (-5.0).")


def _series(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values())})


@pytest.mark.parametrize(
    ("values", "direction", "verdict"),
    [
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.0}, "higher", "stable"),  # +1 within ±2 % of 50
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.5}, "higher", "improving"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 48.5}, "higher", "worsening"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 48.5}, "lower", "improving"),
        ({2016: 50.0, 2017: 50.0, 2018: 50.0, 2019: 51.5}, "none", "rising"),
        ({2019: 51.5}, "higher", "no_data"),
    ],
)
def test_trend_verdict(values, direction, verdict):
    assert trend(_series(values), direction).verdict == verdict


def test_trend_evaluates_at_the_chosen_year():
    t = trend(_series({2017: 10.0, 2018: 12.0, 2019: 30.0}), "higher", year=2018)
    assert (t.latest_year, t.latest_value, t.change_abs, t.change_pct) == (2018, 12.0, 2.0, 20.0)


def test_slope_ignores_years_outside_the_window():
    # n_years = 3 at 2020 → 2018..2020 only: 1, 2, 3 → slope 1 (the 100 in 2015 is outside)
    t = trend(_series({2015: 100.0, 2018: 1.0, 2019: 2.0, 2020: 3.0}), "higher", n_years=3)
    assert (t.slope, t.slope_years) == (pytest.approx(1.0), 3)


@pytest.mark.parametrize(
    ("value", "target", "direction", "slope", "met", "years"),
    [
        (65.0, 70.0, "higher", 1.0, False, 5.0),  # 5 below at +1 a year
        (65.0, 70.0, "higher", -1.0, False, None),  # moving away: never
        (72.0, 70.0, "higher", -1.0, True, 0.0),
        (12.0, 10.0, "lower", -0.5, False, 4.0),
    ],
)
def test_target_gap(value, target, direction, slope, met, years):
    g = target_gap(value, target, 2022, direction, slope)
    assert (g.met, g.years_to_target, g.gap_abs) == (met, years, value - target)


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
