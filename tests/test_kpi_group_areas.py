"""Every Kolada KPI group is an area (Öppna jämförelser sets and the rest), grouped in the sidebar
with KKiK first, under a stable, URL-safe area_id.

Hand-checked in the snapshot: 117 KPI groups, one of them KKiK (GKPI118, already the area 'kkik'),
so 116 group areas beside the 19 areas of data/areas.csv. GKPI97 "Öppna jämförelser - Trygghet och
säkerhet" has 22 members, 5 with values: N00610, N00612, N00614, U07417, U07452; Leksand (2029)
2022: N00610 = 89,5 %, U07417 = 1 681,9 per 100 000 (SELECT value FROM observation WHERE
municipality_id = '2029' AND year = 2022 AND gender = 'T'). "BRP+" names two groups: G2KPI162043
(mostly municipal KPIs) and G2KPI150159 (mostly regional).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import state
from loaders.build import read_catalogue
from loaders.transform import AREA_KINDS, headlines
from store import queries
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return read_catalogue().area


def test_every_kpi_group_is_an_area_once(areas):
    groups = areas["kpi_group_id"].dropna()
    assert (len(areas), len(groups), groups.is_unique) == (19 + 116, 117, True)


def test_area_ids_are_the_group_ids_url_safe(areas):
    assert areas.set_index("kpi_group_id").loc["GKPI97", "area_id"] == "gkpi97"
    assert all(re.fullmatch(r"[a-z0-9_]+", a) for a in areas["area_id"])


@pytest.mark.parametrize(
    ("group_id", "title_sv", "title_en", "kind"),
    [
        ("GKPI97", "Öppna jämförelser – Trygghet och säkerhet", "Open comparisons – Trygghet och säkerhet", "oj"),
        ("G2KPI115126", "Öppna jämförelser – Grundskola Kommunala skolor", None, "oj"),
        ("G2KPI162043", "BRP+ (kommuner)", "BRP+ (municipalities)", "grupp"),
        ("G2KPI150159", "BRP+ (regioner)", "BRP+ (regions)", "grupp"),
        ("G2KPI168393", "Nära vård (G2KPI168393)", None, "grupp"),  # both mostly municipal: the id tells
        ("GKPI118", "Kommunens kvalitet i korthet (KKiK)", None, "kkik"),
    ],
)
def test_group_titles_are_told_apart(areas, group_id, title_sv, title_en, kind):
    row = areas.set_index("kpi_group_id").loc[group_id]
    assert (row["title_sv"], row["kind"]) == (title_sv, kind)
    if title_en is not None:
        assert row["title_en"] == title_en
    assert areas["title_sv"].is_unique and areas["title_en"].is_unique


def test_peer_area_follows_the_members_operating_area(areas):
    by_group = areas.set_index("kpi_group_id")["peer_area"]
    assert (by_group["G2KPI115126"], by_group["GKPI89"]) == ("grundskola", "äldreomsorg")


def test_area_list_is_kkik_then_operating_areas_then_oj_then_groups(full_store):
    listed = queries.areas(full_store)
    kinds = [AREA_KINDS.index(k) for k in listed["kind"]]
    assert listed["area_id"].iloc[0] == "kkik" and kinds == sorted(kinds)
    assert listed.loc[listed["kind"] == "verksamhet", "area_id"].iloc[0] == "grundskola"


def test_oj_area_lists_its_kpis_with_values(full_store):
    kpis = queries.area_kpis(full_store, "gkpi97")
    with_values = sorted(kpis.loc[kpis["n_values"] > 0, "kpi_id"])
    assert with_values == ["N00610", "N00612", "N00614", "U07417", "U07452"]


def test_sidebar_labels_name_groups_and_areas_without_values(full_store):
    labels = state.area_labels(queries.areas(full_store), "sv")
    assert labels["grundskola"] == "Grundskola"
    assert labels["g2kpi162043"] == "Kolada-grupp: BRP+ (kommuner)"
    assert labels["gkpi298"] == "Öppna jämförelser – Krisberedskap (inga värden hämtade)"


def test_leksand_opens_an_oj_area_from_the_url(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="2029", ar="2022", omrade="gkpi97")
    assert at.title[0].value == "Öppna jämförelser – Trygghet och säkerhet – Leksand 2022"
    table = at.table[0].value.set_index("Nyckeltal")
    assert len(table) == 5
    assert table.loc[table.index.str.endswith("(N00610)"), "Värde"].iloc[0] == "89,5 %"
    assert at.query_params["omrade"] in ("gkpi97", ["gkpi97"])


def test_an_upper_case_group_id_in_the_url_opens_it_too(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="2029", ar="2022", omrade="GKPI97")
    assert at.title[0].value.startswith("Öppna jämförelser – Trygghet och säkerhet")


def test_a_group_area_takes_a_headline_set_from_kpi_direction_csv(areas):
    """data/kpi_direction.csv may name a group area in its `headline` column like any area."""
    directions = pd.DataFrame({"kpi_id": ["N00610", "U07452"], "headline": ["gkpi97:2", "gkpi97:1;kkik:30"]})
    heads = headlines(directions, set(areas["area_id"]))
    assert heads.sort_values(["area_id", "position"]).values.tolist() == [
        ["gkpi97", "U07452", 1],
        ["gkpi97", "N00610", 2],
        ["kkik", "U07452", 30],
    ]
