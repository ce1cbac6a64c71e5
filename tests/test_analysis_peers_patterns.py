"""Peer sets in their contract order, an own set and an own target in a writable store, and the
step-4 patterns (correlations, scatter) against figures computed independently with pandas.corr
on the raw observations of 2019 (total, 290 municipalities)."""

from __future__ import annotations

import pytest

from analysis.patterns import correlations, scatter
from analysis.peers import peer_sets
from analysis.staircase import staircase
from store import write


def test_peer_set_order_and_labels(full_store):
    sets = peer_sets(full_store, "1880", "grundskola", 2019)
    assert [(p.key, p.label) for p in sets] == [
        ("riket", "Riket"),
        ("lan", "Örebro läns kommuner"),
        ("liknande", "Liknande kommuner grundskola (2024)"),
        ("kommungrupp", "SKR kommungrupp: Större stad"),
        ("sekom", "SKR socioekonomisk grupp Orange"),
        ("grannar", "Liknande förutsättningar (7 närmaste)"),
        ("alla", "Alla kommuner"),
    ]


def test_liknande_members(full_store):
    lik = next(p for p in peer_sets(full_store, "1880", "grundskola", 2019) if p.key == "liknande")
    assert (lik.group_id, tuple(sorted(lik.municipality_ids))) == (
        "G36146",
        ("0580", "0581", "0680", "1283", "1380", "1980", "2480"),
    )


def test_correlations_top(full_store):
    # pandas .corr() on the pivoted 2019 T values: N15419 ~ N15561 pearson 0.9578, spearman 0.9518, 289 pairs
    c = correlations(full_store, "N15419", 2019, "T", limit=5, without_twins=False)
    top = c.iloc[0]
    assert (top["kpi_id"], round(top["pearson"], 4), round(top["spearman"], 4), top["n"]) == (
        "N15561",
        0.9578,
        0.9518,
        289,
    )
    assert c["pearson"].abs().is_monotonic_decreasing and "N15419" not in set(c["kpi_id"])


def test_scatter_marks_self_and_peers(full_store):
    # pandas .corr(): N15820 ~ N15419 2019 T, 290 pairs: pearson 0.5188, spearman 0.4777
    s = scatter(full_store, "N15820", "N15419", 2019, "T", "1880", ("0580", "0581"))
    roles = s.points.set_index("municipality_id")["role"]
    assert (s.n, round(s.pearson, 4), round(s.spearman, 4)) == (290, 0.5188, 0.4777)
    assert (roles["1880"], roles["0580"], roles["0114"]) == ("self", "peer", "other")


def test_scatter_outliers_named(full_store):
    # Älvsbyn (2560) has 96.3 % with only 38 % of parents with post-secondary education: far above the line
    s = scatter(full_store, "N15820", "N15419", 2019, "T", "1880")
    assert bool(s.points.set_index("municipality_id").loc["2560", "outlier"])


def test_own_set_and_own_target_drive_the_assessment(small_store):
    gid = write.save_own_group(small_store, "Mina jämförelsekommuner", ["0580", "1980"], "test", "1880")
    write.add_target(small_store, write.TargetRow("N15419", "1880", "T", "min", 75.0, None, 2019, 2019), "test")
    s = staircase(small_store, "1880", "N15419", 2019, "T", peer_key=f"own:{gid}")
    own = next(p for p in s.peers if p.key == f"own:{gid}")
    # own set: Linköping 70.9, Västerås 66.6 → mean 68.75; Örebro 69.6 is 2nd of 3
    assert (own.label, own.mean, own.place, own.n_ranked) == ("Mina jämförelsekommuner", pytest.approx(68.75), 2, 3)
    # own target 75.0: 69.6 − 75.0 = −5.4, not met; the slope (−0.72) points away → no year to target
    assert (s.judgement.met, round(s.judgement.gap, 1), s.judgement.years_to_target) == (False, -5.4, None)
    assert (s.assessment.status, s.assessment.basis) == ("red", "own_target")
