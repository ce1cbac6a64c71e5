"""The page "Mål och uppföljning" under AppTest on a small store with Leksand's example tree: the
coloured tree, the period from the URL, the override-needs-a-reason rule on save, and a
municipality without a tree."""

from __future__ import annotations

import pytest

from loaders import goals
from store import goals as store_goals
from store import queries, write
from store.db import Store
from tests.dashboard_support import app_test
from tests.goals_support import LEKSAND, goals_snapshot, goals_store_path  # noqa: F401 - fixtures

PAGE = "views/8_Mal.py"


@pytest.fixture
def leksand_db(goals_store_path):  # noqa: F811
    con = Store(goals_store_path)
    goals.import_goals(con, LEKSAND)
    con.close()
    return goals_store_path


def open_page(db, monkeypatch, **params):
    at = app_test(db, monkeypatch, **params)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tree(at):
    df = at.dataframe[0].value
    return df.set_index(df["Vision, mål och indikator"].str.strip())


def test_tree_shows_statuses_in_words(leksand_db, monkeypatch):
    at = open_page(leksand_db, monkeypatch, kommun="2029", ar="2022")
    rows = tree(at)
    assert at.title[0].value == "Mål och uppföljning"
    food = rows.loc["Nöjda med maten i särskilt boende (U23467)"]
    assert (food["Nivå"], food["Status"], food["Värde"], food["Mål"]) == (
        "Indikator",
        "Grön",
        "77,0 %",
        "minst 75,0 % (2020–2025)",
    )
    m21 = rows.loc["Nöjda brukare i särskilt boende"]
    assert (m21["Status"], m21["Färgerna under"]) == ("Gul", "Under: grön 2, gul 0, röd 1, vit 0")
    assert list(rows.columns)[-2] == "Sedan delår 2022"


def test_period_comes_from_the_url(leksand_db, monkeypatch):
    at = open_page(leksand_db, monkeypatch, kommun="2029", ar="2022", period="delar")
    assert at.selectbox(key="w_goal_period").value == (2022, "delar")
    # delår 2022 follows helår 2021, when U23467 had no value: white then, green now
    food = tree(at).loc["Nöjda med maten i särskilt boende (U23467)"]
    assert food["Sedan helår 2021"] == "Vit → Grön (ändrad)"
    assert at.query_params["period"] == "delar"


def test_a_different_status_needs_a_reason_then_saves(leksand_db, monkeypatch):
    at = open_page(leksand_db, monkeypatch, kommun="2029", ar="2022")
    at.selectbox(key="goal_pick_2029").set_value("M21").run()
    ctx = "2029_2022_helar_M21"
    at.radio(key=f"goal_status_{ctx}").set_value("red")
    at.text_input(key="author").set_value("Anna Andersson")
    at.button(key=f"goal_save_{ctx}").click().run()
    assert [e.value for e in at.error] == ["En bedömning som skiljer sig från förslaget behöver ett skäl."]
    assert store_goals.goal_assessments(Store(leksand_db), "2029").empty
    at.text_area(key=f"goal_reason_{ctx}").set_value("Klagomål på maten sedan hösten")
    at.button(key=f"goal_save_{ctx}").click().run()
    assert not at.error
    saved = store_goals.goal_assessments(Store(leksand_db), "2029")
    assert saved[["node_id", "period", "status", "status_suggested", "reason", "author"]].values.tolist() == [
        ["M21", "helar", "red", "yellow", "Klagomål på maten sedan hösten", "Anna Andersson"]
    ]


def test_a_municipality_without_a_tree_is_told_how_to_get_one(leksand_db, monkeypatch):
    at = open_page(leksand_db, monkeypatch, kommun="1880", ar="2019")
    assert at.info[0].value.startswith("Örebro har ingen målkedja i Trappan ännu.")
    assert "Kommuner med målkedja: Leksand (2029)." in [c.value for c in at.caption]


def test_ending_the_tree_on_the_page_ends_its_targets(leksand_db, monkeypatch):
    at = open_page(leksand_db, monkeypatch, kommun="2029", ar="2022")
    at.text_input(key="goal_end_by").set_value("Bo Berg")
    at.button(key="goal_end").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Målkedjan (version 1) är avslutad; dess mål gäller inte längre."]
    assert at.info[0].value.startswith("Leksand har ingen målkedja")
    store = Store(leksand_db)
    assert store_goals.goal_versions(store, "2029")["replaced_at"].notna().all()
    assert queries.targets(store, "2029").empty


def test_the_data_page_lists_the_trees_targets_but_offers_only_own_ones_for_change(leksand_db, monkeypatch):
    store = Store(leksand_db)
    write.add_target(store, write.TargetRow("N15419", "2029", "T", "min", 80.0, None, 2022, 2022), "Bo Berg")
    at = app_test(leksand_db, monkeypatch, kommun="2029", ar="2022")
    at.switch_page("views/6_Data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    listed = next(df.value for df in at.dataframe if "Satt av" in df.value.columns).set_index("#")
    food = int(queries.targets(store, "2029", ["U23467"])["target_id"].iloc[0])
    assert listed.loc[str(food), "Satt av"].startswith("målkedjan (I2, version 1): ")
    assert at.selectbox(key="target_change_id_sv").options == [
        "#15 N15419 (Totalt): minst 80,0 % (2022)"
    ]  # not the tree's 14
    assert "Mål från målkedjan ändras och avslutas genom att importera eller avsluta målkedjan" in " ".join(
        c.value for c in at.caption
    )
