"""Staircase figures checked by hand against the real snapshot (Örebro 1880, N15419 = pupils in
year 9 reaching the grade criteria in all subjects, municipal schools, %; 2019, total).

How each number was checked (independently of the code under test): plain SQL over `observation`
in the built store, e.g. `SELECT count(*) FILTER (WHERE value > 69.6) + 1, count(*) ... WHERE kpi_id
= 'N15419' AND year = 2019 AND gender = 'T' AND type = 'K'` → (177, 290), and arithmetic on paper.
"""

from __future__ import annotations

import pytest

from analysis.peers import precondition_neighbours
from analysis.scorecard import ranking, scorecard
from analysis.staircase import staircase
from store.ranking import set_wide


@pytest.fixture(scope="module")
def orebro(full_store):
    return staircase(full_store, "1880", "N15419", 2019, "T")


@pytest.fixture(scope="module")
def n15419_2019(full_store):
    return ranking(full_store, "N15419", 2019, "T").set_index("municipality_id")


def test_value_and_riket(orebro):
    # observation rows: 1880 2019 T = 69.6; 0000 2019 T = 73.4
    assert (orebro.value, orebro.riket_value) == (69.6, 73.4)


def test_rank_177_of_290_yellow(n15419_2019):
    # 176 municipalities have a value > 69.6, 290 report → rank 177; 72.5 < 177 ≤ 217.5 → yellow
    r = n15419_2019.loc["1880"]
    assert (int(r["rank"]), int(r["n"]), r["quartile"]) == (177, 290, "yellow")


def test_percentile(n15419_2019):
    # 100 · (290 − 177) / (290 − 1) = 39.10
    assert n15419_2019.loc["1880", "percentile"] == pytest.approx(39.100346, abs=1e-6)


def test_ties_share_best_rank(n15419_2019):
    # Västerås 1980 and Gävle 2180 both have 66.6; 209 municipalities are higher → both rank 210
    assert (int(n15419_2019.loc["1980", "rank"]), int(n15419_2019.loc["2180", "rank"])) == (210, 210)


def test_best_and_worst(n15419_2019):
    # max 96.3 Älvsbyn 2560 (rank 1, green); min 44.7 Vingåker 0428 (rank 290, red)
    assert (int(n15419_2019.loc["2560", "rank"]), n15419_2019.loc["2560", "quartile"]) == (1, "green")
    assert (int(n15419_2019.loc["0428", "rank"]), n15419_2019.loc["0428", "quartile"]) == (290, "red")


def test_2018_red_from_set_wide_sql(full_store):
    # 2018: 230 municipalities above 65.6 of 289 reporting → rank 231; 4·231 = 924 > 3·289 = 867 → red
    df = set_wide(full_store, ["N15419"])
    r = df[(df.municipality_id == "1880") & (df.year == 2018) & (df.gender == "T")].iloc[0]
    assert (int(r["rank"]), int(r["n"]), r["quartile"]) == (231, 289, "red")


def test_precondition_kpi_is_ranked_but_not_coloured(full_store):
    # N15820 (direction none) 2019: 61 municipalities above Örebro's 58.0 → rank 62, quartile none
    df = set_wide(full_store, ["N15820"])
    r = df[(df.municipality_id == "1880") & (df.year == 2019) & (df.gender == "T")].iloc[0]
    assert (int(r["rank"]), r["quartile"]) == (62, "none")


def test_trend_figures(orebro):
    # 2019 − 2018 = 69.6 − 65.6 = 4.0; mean 2016–2018 = (74.8 + 72.8 + 65.6) / 3 = 71.067
    t = orebro.trend
    assert t.change_abs == pytest.approx(4.0)
    assert t.mean_3y_before == pytest.approx(71.0667, abs=1e-4)


def test_slope_2015_2019(orebro):
    # values 68.6 74.8 72.8 65.6 69.6, mean 70.28; Σ(x−x̄)(y−ȳ) = 3.36 − 4.52 + 0 − 4.68 − 1.36 = −7.2;
    # Σ(x−x̄)² = 10 → slope −0.72 per year
    assert (orebro.trend.slope, orebro.trend.slope_years) == (pytest.approx(-0.72), 5)


def test_gender_gap(orebro):
    # K 72.0 − M 67.3 = 4.7; higher is better, so boys (M) fare worse
    g = orebro.gender_gap
    assert (g.gap, g.worse) == (pytest.approx(4.7), "M")


def _peer(s, key):
    return next(p for p in s.peers if p.key == key)


def test_liknande_mean_and_place(orebro):
    # G36146 members 0580 0581 0680 1283 1380 1980 2480: 70.9 69.3 81.2 75.9 71.4 66.6 79.9 → 515.2 / 7 = 73.6;
    # five of them are above 69.6 → Örebro 6th of 8
    p = _peer(orebro, "liknande")
    assert (p.label, p.n, round(p.mean, 2), p.place, p.n_ranked) == (
        "Liknande kommuner grundskola (2024)",
        7,
        73.6,
        6,
        8,
    )


def test_county_mean_and_place(orebro):
    # Örebro län (0018): 12 municipalities, sum 769.8 → 64.15; two at 71.0 above 69.6 → place 3
    p = _peer(orebro, "lan")
    assert (p.label, p.n, round(p.mean, 2), round(p.median, 2), p.place) == (
        "Örebro läns kommuner",
        12,
        64.15,
        64.05,
        3,
    )


def test_without_a_target_the_liknande_mean_is_a_comparison_not_a_target(orebro):
    # 69.6 against Liknande 73.6 is reported (−4.0), but nothing is judged: white, "no_target"; the
    # verdict is worsening (69.6 − 71.07 = −1.47 outside ±1.42)
    a = orebro.assessment
    assert (a.status, a.basis, orebro.trend.verdict) == ("white", "no_target", "worsening")
    assert (a.reasons[1].code, round(a.reasons[1].gap, 1)) == ("comparison", -4.0)


def test_neighbours_expected_value(full_store):
    # 7 nearest on N15820/N15902/log N01951/N00954: Västerås 66.6, Halmstad 71.4, Norrköping 69.3, Gävle 66.6,
    # Jönköping 81.2, Borås 69.3, Kristianstad 69.9 → 494.3 / 7 = 70.614; residual 69.6 − 70.614 = −1.014
    nb = precondition_neighbours(full_store, "1880", 2019, "N15419", area_id="grundskola")
    assert [n.municipality_id for n in nb.neighbours][:3] == ["1980", "1380", "0581"]
    assert (round(nb.expected, 3), round(nb.residual, 3)) == (70.614, -1.014)


def test_scorecard_headline_row(full_store):
    # 2022: Örebro N15419 = 61.5, Riket 71.9 → diff −10.4; 244 above → rank 245 of 289 (red)
    sc = scorecard(full_store, "1880", "grundskola", 2022).set_index("kpi_id")
    r = sc.loc["N15419"]
    assert (r["value"], round(r["diff_riket"], 1), int(r["rank"]), int(r["n"]), r["quartile"]) == (
        61.5,
        -10.4,
        245,
        289,
        "red",
    )
