"""data/kpi_direction.csv: hand-set directions and each area's headline set, checked against the real store.

The headline sets are what scorecards and decks show first, so each must be a real, comparable set:
8-20 KPIs of the area itself, numbered 1..n, with values for nearly every municipality.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from loaders.transform import headlines, read_directions
from store import queries
from store.db import DATA_DIR
from tests.conftest import SKR_DIR

DIRECTIONS = read_directions(DATA_DIR / "kpi_direction.csv")
AREA_IDS = set(pd.read_csv(DATA_DIR / "areas.csv", dtype=str)["area_id"])
HEADLINES = headlines(DIRECTIONS, AREA_IDS)
# Areas with no headline set: utbildning and tandvard have no values at all; regionen's municipal
# values are context (income, age, sector employment, protected nature), not results of a service.
NO_HEADLINE = {"utbildning", "tandvard", "regionen"}
# KKiK's own surveys (waiting times, staff continuity, ...) are answered only by the municipalities that
# take part, 210-241 of them in 2022; every other headline KPI is published for at least 250.
MIN_MUNICIPALITIES = {"kkik": 200}


def skr_grundskola_ids() -> list[str]:
    """The KPI ids of SKR's export, in its order. Its last line runs N15820's title into N15814's,
    so ids are read where they stand before a '¤', not one per line."""
    text = (SKR_DIR / "Nyckeltal.txt").read_text(encoding="utf-8")
    return re.findall(r"([NU]\d{5})¤", text)


def latest_year_coverage(con, kpi_ids: list[str]) -> pd.DataFrame:
    """kpi_id, year (the latest with a municipal value), n (municipalities with a T value that year)."""
    obs = queries.observations(con, kpi_ids)
    latest = obs[obs["year"] == obs.groupby("kpi_id")["year"].transform("max")]
    return latest.groupby("kpi_id").agg(year=("year", "first"), n=("municipality_id", "nunique")).reset_index()


def test_at_least_150_hand_set_rows():
    assert len(DIRECTIONS) >= 150


def test_every_id_is_in_the_catalogue(full_store):
    known = set(queries.kpi_info(full_store, DIRECTIONS["kpi_id"].tolist())["kpi_id"])
    assert sorted(set(DIRECTIONS["kpi_id"]) - known) == []


def test_every_kkik_kpi_has_a_hand_set_row(full_store):
    kkik = set(queries.area_kpis(full_store, "kkik")["kpi_id"])
    assert len(kkik) == 40
    assert sorted(kkik - set(DIRECTIONS["kpi_id"])) == []


def test_skr_export_has_18_grundskola_ids():
    # Checked by eye: 18 ids, N15419 first, N15820 last (its line also carries N15814's title).
    ids = skr_grundskola_ids()
    assert (len(ids), len(set(ids)), ids[0], ids[-1]) == (18, 18, "N15419", "N15820")


def test_grundskola_headline_set_is_exactly_the_skr_export():
    grundskola = HEADLINES[HEADLINES["area_id"] == "grundskola"].sort_values("position")
    assert set(grundskola["kpi_id"]) == set(skr_grundskola_ids())
    # Results first, then grading, resources, costs and the precondition variables last.
    assert grundskola["kpi_id"].head(4).tolist() == ["N15419", "N15505", "N15436", "U15461"]
    assert grundskola["kpi_id"].tail(3).tolist() == ["N15820", "N15902", "N15823"]


def test_areas_with_headline_sets(full_store):
    areas = queries.areas(full_store)
    with_set = set(areas.loc[areas["n_headline"] > 0, "area_id"])
    assert with_set == AREA_IDS - NO_HEADLINE


@pytest.mark.parametrize("area_id", sorted(AREA_IDS - NO_HEADLINE))
def test_headline_set_size_and_positions(full_store, area_id):
    h = queries.area_kpis(full_store, area_id, headline_only=True)
    assert 8 <= len(h) <= 20
    assert h["headline_order"].tolist() == list(range(1, len(h) + 1))


@pytest.mark.parametrize("area_id", sorted(AREA_IDS - NO_HEADLINE))
def test_headline_kpis_belong_to_their_area(full_store, area_id):
    # area_kpis lists only the area's own KPIs (operating area or KPI group), so a headline KPI of
    # another area would go missing here.
    listed = set(queries.area_kpis(full_store, area_id, headline_only=True)["kpi_id"])
    assert listed == set(HEADLINES.loc[HEADLINES["area_id"] == area_id, "kpi_id"])


@pytest.mark.parametrize("area_id", sorted(AREA_IDS - NO_HEADLINE))
def test_headline_kpis_cover_nearly_every_municipality(full_store, area_id):
    ids = HEADLINES.loc[HEADLINES["area_id"] == area_id, "kpi_id"].tolist()
    cov = latest_year_coverage(full_store, ids)
    assert sorted(cov["kpi_id"]) == sorted(ids)
    thin = cov[cov["n"] < MIN_MUNICIPALITIES.get(area_id, 250)]
    assert thin.empty, thin.to_string()


def test_thinnest_kkik_headline_kpi(full_store):
    # Hand-checked in the snapshot: U31402 (waiting time for income support) has T values for
    # 210 municipalities in 2022, the fewest of the KKiK headline set.
    ids = HEADLINES.loc[HEADLINES["area_id"] == "kkik", "kpi_id"].tolist()
    row = latest_year_coverage(full_store, ids).sort_values("n").iloc[0]
    assert (row.kpi_id, row.year, row.n) == ("U31402", 2022, 210)


@pytest.mark.parametrize(
    ("kpi_id", "direction"),
    [
        ("N15419", "higher"),  # pupils meeting the grade criteria in all subjects
        ("U15461", "higher"),  # deviation from the modelled value
        ("N15820", "none"),  # parents' education: a precondition
        ("N15902", "none"),  # newly arrived pupils: a precondition
        ("N15008", "none"),  # cost per pupil
        ("U23401", "lower"),  # waiting time for a place in special housing
        ("U31402", "lower"),  # waiting time for a decision on income support
        ("N31814", "lower"),  # long-term income support
    ],
)
def test_spot_checked_directions_reach_the_catalogue(full_store, kpi_id, direction):
    assert queries.kpi_info(full_store, [kpi_id])["direction"].tolist() == [direction]


def test_kpis_without_a_row_are_none(full_store):
    # N15429 (eligible for the science programmes, independent schools) has no row: it stays undecided.
    assert "N15429" not in set(DIRECTIONS["kpi_id"])
    assert queries.kpi_info(full_store, ["N15429"])["direction"].tolist() == ["none"]
