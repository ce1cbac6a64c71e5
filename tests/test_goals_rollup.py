"""The roll-up rule, the override rule and every target kind judged inside a tree — pure functions
on hand-made trees and facts (no store)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.followup import IndicatorFacts, judge_indicator
from analysis.goals import (
    GoalNode,
    IndicatorResult,
    SavedAssessment,
    StatusCounts,
    override_problem,
    previous_period,
    roll_up,
    status_change,
    suggest_status,
)
from store.goals import DEFAULT_PEER_KEY

# Leksand (2029) U23467 "nöjda med maten", T, as in the snapshot (2021 has no value).
LEKSAND_U23467 = [(2015, 65.0), (2016, 71.0), (2017, 71.0), (2018, 78.0), (2019, 73.0), (2020, 77.0), (2022, 77.0)]


def facts(
    value: float | None,
    direction: str = "higher",
    own: list[tuple[int, float]] | None = None,
    year: int = 2022,
    **kw,
) -> IndicatorFacts:
    """Facts for a KPI whose series is flat at `value` (a stable trend) unless `own` is given."""
    series = own if own is not None else [(y, value) for y in range(year - 3, year + 1)]
    return IndicatorFacts(
        kpi_id="K1",
        gender="T",
        title="Nyckeltal",
        unit="%",
        direction=direction,
        own=pd.DataFrame(series, columns=["year", "value"]),
        riket=kw.get("riket"),
        rank=kw.get("rank"),
        n=kw.get("n"),
        quartile=kw.get("quartile"),
        peer_means={DEFAULT_PEER_KEY: kw.get("peer_mean")},
        peer_labels={DEFAULT_PEER_KEY: kw["peer_label"]} if "peer_label" in kw else {},
    )


def indicator(kind: str, value: float | None = None, high: float | None = None, start=2020, end=2025) -> GoalNode:
    return GoalNode("I1", "M1", "indicator", kpi_id="K1", gender="T", target_type=kind, target_value=value,
                    target_high=high, from_year=start, to_year=end)  # fmt: skip


# ---- each target kind inside the tree (judged by the targets work's judge_target) -------------------
@pytest.mark.parametrize(
    ("node", "f", "met"),
    [
        (indicator("min", 75), facts(75.0), True),
        (indicator("min", 75), facts(74.9), False),
        (indicator("min", 75), facts(77.0, direction="none"), True),  # an undirected KPI: the target judges
        (indicator("max", 60), facts(60.0, direction="lower"), True),
        (indicator("max", 60), facts(60.1, direction="lower"), False),
        (indicator("interval", -0.5, 5), facts(-0.5, direction="none"), True),
        (indicator("interval", -0.5, 5), facts(5.0, direction="none"), True),
        (indicator("interval", -0.5, 5), facts(5.01, direction="none"), False),
        (indicator("interval", -0.5, 5), facts(-0.6, direction="none"), False),
        (indicator("rank_top", 10), facts(90.0, rank=10, n=290, quartile="green"), True),
        (indicator("rank_top", 10), facts(90.0, rank=11, n=290, quartile="green"), False),
        (indicator("quartile_top"), facts(90.0, rank=72, n=290, quartile="green"), True),
        (indicator("quartile_top"), facts(90.0, rank=73, n=290, quartile="yellow"), False),
        (indicator("at_least_riket"), facts(72.0, riket=72.0), True),
        (indicator("at_least_riket"), facts(71.9, riket=72.0), False),
        (indicator("at_least_riket"), facts(72.0, direction="lower", riket=72.0), True),
        (indicator("at_least_riket"), facts(72.1, direction="lower", riket=72.0), False),
        (indicator("at_least_peers"), facts(69.6, peer_mean=69.6, peer_label="Liknande"), True),
        (indicator("at_least_peers"), facts(69.5, peer_mean=69.6, peer_label="Liknande"), False),
    ],
)
def test_each_target_kind_at_its_boundary(node, f, met):
    got = judge_indicator(node, f, 2022)
    # a flat series is a stable development: met → green, not met → red
    assert (got.met, got.basis, got.status) == (met, "own_target", "green" if met else "red")
    assert got.reasons[0].code == "target" and got.reasons[0].met is met


def test_trajectory_judges_against_the_lines_point_for_the_year():
    # Leksand's 18 000 invånare 2025, the line from 2012's 15 146: 2022's point is
    # 15 146 + (18 000 − 15 146) · 10/13 = 17 341,38; the 2022 value 16 113 is below it.
    node = indicator("trajectory", 18000, start=2012, end=2025)
    own = [(2012, 15146.0), (2019, 15807.0), (2020, 15801.0), (2021, 16012.0), (2022, 16113.0)]
    got = judge_indicator(node, facts(16113.0, direction="none", own=own), 2022)
    assert got.met is False
    assert got.reference == pytest.approx(17341.3846, abs=1e-3)
    # 16 113 against the mean of 2019-2021 (15 873,3): +239,7, inside the tolerance band: stable, so red
    assert [(r.code, r.verdict) for r in got.reasons] == [("target", None), ("development", "stable")]
    assert got.status == "red"


@pytest.mark.parametrize(("value", "met"), [(80.0, True), (80.1, False), (79.9, True)])
def test_a_falling_trajectory_is_met_at_or_below_its_line(value, met):
    # From 100 in 2020 to 50 in 2025: the 2022 point is 80 and lower is the way.
    node = indicator("trajectory", 50, start=2020, end=2025)
    got = judge_indicator(node, facts(value, own=[(2020, 100.0), (2021, 90.0), (2022, value)]), 2022)
    assert got.met is met


@pytest.mark.parametrize(
    ("node", "f", "why"),
    [
        (indicator("rank_top", 10), facts(90.0, direction="none", rank=1, n=290, quartile="none"), "needs_direction"),
        (indicator("quartile_top"), facts(90.0, direction="none", rank=1, n=290, quartile="none"), "needs_direction"),
        (indicator("quartile_top"), facts(90.0, rank=1, n=5, quartile="few"), "no_quartile"),
        (indicator("at_least_riket"), facts(72.0, riket=None), "no_reference"),
        (indicator("at_least_peers"), facts(72.0, peer_mean=None), "no_reference"),
        (indicator("min", 75, start=2023, end=2025), facts(80.0), "outside_period"),
        (indicator("min", 75, start=2015, end=2021), facts(80.0), "outside_period"),
        (indicator("trajectory", 18000, start=2012, end=2025), facts(16113.0, own=[(2022, 16113.0)]), "no_start_value"),
    ],
)
def test_a_target_that_cannot_judge_the_year_is_white_and_says_why(node, f, why):
    got = judge_indicator(node, f, 2022)
    assert (got.status, got.met, got.basis) == ("white", None, "own_target")
    assert (got.reasons[0].code, got.reasons[0].detail) == ("target", why)


def test_no_value_at_all_is_white():
    got = judge_indicator(indicator("min", 75), facts(None, own=[]), 2022)
    assert (got.status, got.basis, got.value, [r.code for r in got.reasons]) == (
        "white",
        "no_value",
        None,
        ["no_value"],
    )


def test_a_stale_value_is_shown_with_its_year_but_not_judged():
    got = judge_indicator(indicator("min", 75), facts(None, own=[(2019, 80.0), (2020, 81.0)]), 2022)
    assert (got.status, got.basis, got.year, got.value, got.met) == ("white", "stale_value", 2020, 81.0, None)


def test_an_indicator_whose_kpi_is_gone_is_white():
    got = judge_indicator(indicator("min", 75), None, 2022)
    assert (got.status, got.basis, [r.code for r in got.reasons]) == ("white", "unknown_kpi", ["unknown_kpi"])


def test_leksand_food_target_met_and_stable_is_green():
    # U23467 2022 = 77 against "min 75"; against the mean of 2018-2020 (76,0) +1,0: stable.
    got = judge_indicator(indicator("min", 75), facts(77.0, direction="none", own=LEKSAND_U23467), 2022)
    assert (got.met, got.status, got.reference) == (True, "green", 75.0)
    assert [(r.code, r.verdict) for r in got.reasons] == [("target", None), ("development", "stable")]
    assert got.reasons[0].gap == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("own", "value", "status"),
    [
        ([(2019, 70.0), (2020, 70.0), (2021, 70.0)], 80.0, "green"),  # met, improving
        ([(2019, 90.0), (2020, 90.0), (2021, 90.0)], 80.0, "yellow"),  # met but worsening: a warning
        ([(2019, 60.0), (2020, 60.0), (2021, 60.0)], 70.0, "yellow"),  # not met but improving
        ([(2019, 80.0), (2020, 80.0), (2021, 80.0)], 70.0, "red"),  # not met and worsening
        ([(2021, 70.0)], 70.0, "red"),  # not met, stable against the year before
        ([], 80.0, "white"),  # met, but one year is no development to judge
    ],
)
def test_the_handbook_rule_on_top_of_the_target(own, value, status):
    got = judge_indicator(indicator("min", 75), facts(value, own=[*own, (2022, value)]), 2022)
    assert got.status == status


# ---- the roll-up ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (StatusCounts(), ("white", "no_children")),
        (StatusCounts(green=1, white=2), ("white", "mostly_white")),
        (StatusCounts(green=1, white=1), ("green", "all_green")),
        (StatusCounts(green=3), ("green", "all_green")),
        (StatusCounts(green=1, yellow=1), ("yellow", "mixed")),
        (StatusCounts(green=1, red=1), ("yellow", "mixed")),
        (StatusCounts(yellow=1, red=1), ("yellow", "mixed")),
        (StatusCounts(green=1, red=2), ("red", "mostly_red")),
        (StatusCounts(red=2, white=1), ("red", "mostly_red")),
        (StatusCounts(white=3), ("white", "mostly_white")),
    ],
)
def test_suggestion_rule(counts, expected):
    assert suggest_status(counts) == expected


def judged(node_id: str, status: str) -> IndicatorResult:
    return IndicatorResult(node_id, "K1", "T", 2022, 1.0, status != "white" or None, status, "own_target")


TREE = (
    GoalNode("V", None, "vision", "Vision"),
    GoalNode("G1", "V", "goal", "Mål 1"),
    GoalNode("a", "G1", "indicator", kpi_id="K1"),
    GoalNode("b", "G1", "indicator", kpi_id="K2"),
    GoalNode("c", "G1", "indicator", kpi_id="K3"),
    GoalNode("G2", "V", "goal", "Mål 2"),
    GoalNode("e", "G2", "indicator", kpi_id="K5"),
    GoalNode("G21", "G2", "goal", "Delmål"),
    GoalNode("d", "G21", "indicator", kpi_id="K4"),
    GoalNode("G22", "G2", "goal", "Delmål utan indikatorer"),
)
JUDGED = {"a": judged("a", "green"), "b": judged("b", "white"), "c": judged("c", "red"), "d": judged("d", "green"),
          "e": judged("e", "yellow")}  # fmt: skip


def test_roll_up_counts_direct_children_white_included():
    by_id = {g.node.node_id: g for g in roll_up(TREE, JUDGED)}
    assert [g.node.node_id for g in roll_up(TREE, JUDGED)] == ["V", "G1", "G2", "G21", "G22"]
    assert by_id["G1"].counts == StatusCounts(green=1, red=1, white=1)
    assert (by_id["G1"].suggested, by_id["G1"].rule) == ("yellow", "mixed")
    assert by_id["G22"].counts == StatusCounts() and by_id["G22"].status == "white"
    # G2: e yellow, G21 green (its one indicator), G22 white (nothing under it) — white counted.
    assert by_id["G2"].counts == StatusCounts(green=1, yellow=1, white=1)
    assert by_id["V"].counts == StatusCounts(yellow=2)
    assert [i.node_id for i in by_id["G1"].indicators] == ["a", "b", "c"]
    assert (by_id["G2"].children, by_id["V"].depth, by_id["G21"].depth) == (("G21", "G22"), 0, 2)


def test_an_indicator_without_a_judgement_counts_white():
    by_id = {g.node.node_id: g for g in roll_up(TREE, {k: v for k, v in JUDGED.items() if k != "a"})}
    assert by_id["G1"].counts == StatusCounts(red=1, white=2)
    assert by_id["G1"].status == "white"


def test_a_saved_assessment_is_the_goals_status_and_what_its_parent_counts():
    saved = {
        "G1": SavedAssessment("G1", "red", "Anna", "2023-02-01", 1, "yellow", "Budgeten är överskriden"),
        "G2": SavedAssessment("G2", "red", "Anna", "2023-02-01", 1, "yellow", "Personalbrist"),
    }
    by_id = {g.node.node_id: g for g in roll_up(TREE, JUDGED, saved)}
    assert (by_id["G1"].suggested, by_id["G1"].status, by_id["G1"].saved.reason) == (
        "yellow",
        "red",
        "Budgeten är överskriden",
    )
    assert by_id["V"].counts == StatusCounts(red=2)
    assert (by_id["V"].suggested, by_id["V"].status) == ("red", "red")


@pytest.mark.parametrize(
    ("suggested", "chosen", "reason", "author", "problem"),
    [
        ("yellow", "yellow", "", "Anna", None),  # agreeing needs no reason
        ("yellow", "red", "Budgeten är överskriden", "Anna", None),
        ("yellow", "red", "", "Anna", "need_reason"),
        ("yellow", "red", "   ", "Anna", "need_reason"),
        ("yellow", "yellow", "", " ", "need_author"),
        ("yellow", "blue", "x", "Anna", "bad_status"),
    ],
)
def test_override_needs_a_reason(suggested, chosen, reason, author, problem):
    assert override_problem(suggested, chosen, reason, author) == problem


@pytest.mark.parametrize(
    ("year", "period", "before"), [(2022, "helar", (2022, "delar")), (2022, "delar", (2021, "helar"))]
)
def test_previous_period(year, period, before):
    assert previous_period(year, period) == before


@pytest.mark.parametrize(
    ("before", "now", "change"),
    [
        (None, "green", "new"),
        ("green", "green", "same"),
        ("red", "yellow", "better"),
        ("green", "yellow", "worse"),
        ("white", "green", "other"),
        ("red", "white", "other"),
    ],
)
def test_status_change(before, now, change):
    assert status_change(before, now) == change
