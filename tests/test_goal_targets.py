"""One target, one colour: a goal tree's indicator targets are the municipality's targets, so
Analystrappan, Översikt and the follow-up judge a KPI alike; replacing or ending the tree replaces or
ends them; a target set elsewhere may stand beside them only where it judges alike; the sheet's
peer_key names the peer set of an at_least_peers target."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import cli as analysis_cli
from analysis.followup import follow_up
from analysis.scorecard import scorecard
from analysis.staircase import staircase
from loaders import cli as loaders_cli
from loaders import files, goals
from loaders.build import build
from loaders.files import FileRejected, RowError, read_table
from store import goals as store_goals
from store import queries, work, write
from store.db import Store
from tests.goals_support import (  # noqa: F401 - fixtures
    LEKSAND,
    goals_snapshot,
    goals_store,
    goals_store_path,
)

FOOD_ROW = 7  # I2 (U23467 min 75) is the sheet's 7th row, the header being row 1


def leksand_with(tmp_path, old: str, new: str, name: str = "leksand.csv"):
    path = tmp_path / name
    path.write_text(LEKSAND.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def targets_in_force(con, kpi_id: str) -> pd.DataFrame:
    return queries.targets(con, "2029", [kpi_id])


def json_of(path, monkeypatch, capsys, *args: str) -> dict:
    monkeypatch.setenv("TRAPPAN_DB", str(path))
    assert analysis_cli.main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def food_in_followup(data: dict) -> dict:
    return next(i for g in data["goals"] for i in g["indicators"] if i["kpi_id"] == "U23467")


@pytest.fixture
def leksand(goals_store):  # noqa: F811
    goals.import_goals(goals_store, LEKSAND, imported_by="Anna")
    return goals_store


# ---- importing registers the tree's targets -----------------------------------------------------
def test_importing_registers_every_indicator_target_with_its_source(leksand):
    got = queries.targets(leksand, "2029")
    food = got[got["kpi_id"] == "U23467"].iloc[0]
    assert len(got) == 14  # the sheet's 14 indicators
    assert (food["target_type"], food["target_value"], food["from_year"], food["to_year"]) == ("min", 75.0, 2020, 2025)
    assert (food["source"], food["created_by"], food["goal_version_id"], food["goal_node_id"]) == (
        "leksand_sektorsplan.csv",
        "Anna",
        1,
        "I2",
    )
    assert food["note"] == "Sektorsplanens mål: 75 % av brukarna är nöjda med maten."


def test_leksand_food_target_is_one_answer_on_every_page(goals_store_path, monkeypatch, capsys):  # noqa: F811
    con = Store(goals_store_path)
    try:
        goals.import_goals(con, LEKSAND)
        card = scorecard(con, "2029", "aldreomsorg", 2022, "T", "liknande", headline_only=False)
    finally:
        con.close()
    row = card.set_index("kpi_id").loc["U23467"]
    step = json_of(goals_store_path, monkeypatch, capsys, "staircase", "--municipality", "2029", "--kpi", "U23467",
                   "--year", "2022")  # fmt: skip
    food = food_in_followup(json_of(goals_store_path, monkeypatch, capsys, "followup", "--municipality", "2029",
                                    "--year", "2022"))  # fmt: skip
    # Leksand U23467 2022 = 77 % against the sektorsplan's min 75: met, stable → green, everywhere
    assert (row["value"], row["target_value"], row["target_met"], row["status"], row["basis"]) == (
        77.0,
        75.0,
        True,
        "green",
        "own_target",
    )
    assert {k: step["target"][k] for k in ("type", "value", "from_year", "to_year", "met")} == {
        "type": "min",
        "value": 75.0,
        "from_year": 2020,
        "to_year": 2025,
        "met": True,
    }
    assert step["assessment"]["status"] == "green"
    assert food["target"] == {"type": "min", "value": 75.0, "high": None, "from_year": 2020, "to_year": 2025,
                              "met": True}  # fmt: skip
    assert food["status"] == "green"


def test_followup_and_staircase_agree_on_every_indicator(leksand):
    f = follow_up(leksand, "2029", 2022)
    differ = {}
    for ind in f.indicators.values():
        s = staircase(leksand, "2029", ind.kpi_id, 2022, ind.gender, patterns=False)
        met = s.judgement.met if s.judgement is not None else None
        if (ind.met, ind.status) != (met, s.assessment.status):
            differ[ind.kpi_id] = ((ind.met, ind.status), (met, s.assessment.status))
    assert differ == {}
    assert len(f.indicators) == 14


# ---- replacing, ending, rebuilding ----------------------------------------------------------------
def test_replacing_the_tree_replaces_its_targets(leksand, tmp_path):
    goals.import_goals(leksand, leksand_with(tmp_path, ";min;75;", ";min;80;"), imported_by="Bo")
    now = targets_in_force(leksand, "U23467")
    history = queries.targets(leksand, "2029", ["U23467"], history=True)
    old = history[history["goal_version_id"] == 1].iloc[0]
    assert now[["target_type", "target_value", "goal_version_id", "created_by"]].values.tolist() == [
        ["min", 80.0, 2, "Bo"]
    ]
    assert (old["target_value"], old["ended_by"], pd.notna(old["ended_at"])) == (75.0, "Bo", True)
    assert len(queries.targets(leksand, "2029")) == 14  # the new version's, and only those
    # 77 % does not meet the council's new "min 80" on Analystrappan either
    assert staircase(leksand, "2029", "U23467", 2022, patterns=False).judgement.met is False


def test_ending_the_tree_ends_its_targets(leksand):
    version = store_goals.end_goal_tree(leksand, "2029", "Bo")
    s = staircase(leksand, "2029", "U23467", 2022, patterns=False)
    assert version == 1
    assert queries.targets(leksand, "2029").empty
    assert (s.target, s.assessment.status, s.assessment.basis) == (None, "white", "no_target")
    assert store_goals.goal_tree(leksand, "2029").empty
    assert len(store_goals.goal_tree(leksand, "2029", version_id=1)) == 24  # kept as a former version


def test_end_goals_command(goals_store_path, monkeypatch, capsys):  # noqa: F811
    con = Store(goals_store_path)
    try:
        goals.import_goals(con, LEKSAND)
    finally:
        con.close()
    monkeypatch.setenv("TRAPPAN_DB", str(goals_store_path))
    code = loaders_cli.main(["end-goals", "--municipality", "2029", "--by", "Bo"])
    again = loaders_cli.main(["end-goals", "--municipality", "2029", "--by", "Bo"])
    out = capsys.readouterr()
    assert (code, again) == (0, 2)
    assert out.out == "Avslutade målkedjan för 2029 (version 1); dess mål gäller inte längre.\n"
    assert out.err == "Fel: Kommunen 2029 har ingen målkedja att avsluta.\n"


def test_a_rebuild_keeps_the_trees_targets(goals_store_path, goals_snapshot):  # noqa: F811
    con = Store(goals_store_path)
    try:
        goals.import_goals(con, LEKSAND)
        before = queries.targets(con, "2029", history=True)
    finally:
        con.close()
    build(goals_store_path, snapshot=goals_snapshot)
    con = Store(goals_store_path)
    try:
        after = queries.targets(con, "2029", history=True)
        met = staircase(con, "2029", "U23467", 2022, patterns=False).judgement.met
    finally:
        con.close()
    pd.testing.assert_frame_equal(after, before)
    assert met is True


def test_trees_stored_before_registration_get_their_targets(leksand, tmp_path):
    """A work store from before trees registered targets (migration 2) or a carried-over one."""
    goals.import_goals(leksand, leksand_with(tmp_path, ";min;75;", ";min;80;"))
    with leksand.work.transaction(work.target) as conn:
        conn.execute(work.target.delete())
        n = store_goals.register_stored_trees(conn)
    history = queries.targets(leksand, "2029", ["U23467"], history=True).sort_values("goal_version_id")
    versions = store_goals.goal_versions(leksand, "2029").set_index("version_id")
    assert n == 28  # both versions' 14 indicators
    assert history[["goal_version_id", "target_value"]].values.tolist() == [[1, 75.0], [2, 80.0]]
    assert history["ended_at"].iloc[0] == versions.loc[1, "replaced_at"]  # ended when replaced
    assert pd.isna(history["ended_at"].iloc[1])


def said(errors: list[RowError]) -> list[tuple[int, str]]:
    """(row, reason) of each error, in Swedish as the sheet's reader sees it."""
    return [(e.row, e.reason) for e in errors]


# ---- a target set elsewhere beside the tree's ------------------------------------------------------
def test_an_own_target_judging_otherwise_refuses_the_tree(goals_store):  # noqa: F811
    own = write.add_target(goals_store, write.TargetRow("U23467", "2029", "T", "min", 80.0, None, 2022, 2022), "Bo")
    with pytest.raises(FileRejected) as caught:
        goals.import_goals(goals_store, LEKSAND)
    assert said(caught.value.errors) == [
        (
            FOOD_ROW,
            f"U23467 (T) har redan mål nr {own} (min 80, 2022–2022) som bedömer samma år annorlunda: ändra eller "
            "avsluta det på sidan Data först, eller skriv samma mål här",
        )
    ]
    assert store_goals.goal_tree(goals_store, "2029").empty
    assert len(queries.targets(goals_store, "2029")) == 1


def test_an_own_target_judging_alike_may_stand_beside_the_trees(goals_store):  # noqa: F811
    write.add_target(goals_store, write.TargetRow("U23467", "2029", "T", "min", 75.0, None, 2022, 2022), "Bo")
    goals.import_goals(goals_store, LEKSAND)
    assert len(queries.targets(goals_store, "2029", ["U23467"])) == 2
    assert follow_up(goals_store, "2029", 2022).indicators["I2"].met is True


@pytest.mark.parametrize(
    ("row", "clash"),
    [
        (write.TargetRow("U23467", "2029", "T", "min", 80.0, None, 2022, 2022), True),  # inside 2020–2025
        (write.TargetRow("U23467", "2029", "T", "min", 80.0, None, 2026, 2030), False),  # after the period
        (write.TargetRow("U23467", "2029", "K", "min", 80.0, None, 2022, 2022), False),  # another gender
        (write.TargetRow("U23467", "2029", "T", "min", 75.0, None, 2019, 2022), False),  # the same target
    ],
)
def test_an_own_target_beside_the_trees_is_refused_only_where_it_judges_otherwise(leksand, row, clash):
    if clash:
        with pytest.raises(write.TargetConflict, match=r"krockar med mål nr 2 \(I2\)"):
            write.add_target(leksand, row, "Bo")
    else:
        write.add_target(leksand, row, "Bo")
    assert len(targets_in_force(leksand, "U23467")) == (1 if clash else 2)


def test_import_targets_names_the_row_that_the_tree_judges_otherwise(leksand, tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text(
        "kpi_id,municipality_id,gender,target_type,target_value,from_year,to_year\n"
        "N15419,2029,T,min,80,2022,2022\n"
        "U23467,2029,T,min,80,2022,2022\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRejected) as caught:
        files.import_targets(leksand, path)
    assert said(caught.value.errors) == [
        (
            3,
            "U23467 (T) 2022–2022: målkedjan har redan mål nr 2 (min 75, 2020–2025, indikator I2) för samma år – "
            "ändra målkedjan i stället, eller sätt samma mål",
        )
    ]
    assert targets_in_force(leksand, "N15419").empty


@pytest.mark.parametrize("action", ["end", "change"])
def test_a_trees_target_is_changed_only_through_the_tree(leksand, action):
    food = int(targets_in_force(leksand, "U23467")["target_id"].iloc[0])
    with pytest.raises(ValueError, match=r"Målet nr 2 kommer från målkedjan \(I2\)"):
        if action == "end":
            write.end_target(leksand, food, "Bo")
        else:
            write.change_target(leksand, food, write.TargetRow("U23467", "2029", "T", "min", 70.0, None, 2020, 2025),
                                "Bo")  # fmt: skip
    assert targets_in_force(leksand, "U23467")["target_value"].tolist() == [75.0]


def test_a_tree_giving_one_kpi_two_targets_is_refused(tmp_path):
    text = (
        "id;parent_id;kind;title;municipality_id;kpi_id;target_type;target_value;from_year;to_year\n"
        "V1;;vision;Visionen;2029;;;;;\n"
        "I1;V1;indicator;;2029;U23467;min;75;2020;2025\n"
        "I2;V1;indicator;;2029;U23467;min;80;2024;2026\n"
        "I3;V1;indicator;;2029;U23467;min;80;2026;2030\n"
    )
    path = tmp_path / "mal.csv"
    path.write_text(text, encoding="utf-8")
    got, errors = goals.validate_goals(read_table(path), {"U23467"}, {"2029"})
    assert got is None
    assert said(errors) == [
        (
            4,
            "U23467 (T) har ett annat mål för samma år på rad 3 (I1): en målkedja ger ett nyckeltal ett mål per år",
        ),  # fmt: skip
    ]


# ---- the sheet's peer_key ------------------------------------------------------------------------
def test_an_empty_peer_key_is_liknande_kommuner_written_into_the_tree(leksand):
    tree = store_goals.goal_tree(leksand, "2029").set_index("node_id")
    assert tree.loc[["I11", "I13"], "peer_key"].tolist() == ["liknande", "liknande"]
    assert pd.isna(tree.loc["I2", "peer_key"])  # a min target has no peer set
    assert targets_in_force(leksand, "N00640")["peer_key"].tolist() == ["liknande"]


def test_peer_key_names_the_set_an_indicator_is_judged_against(goals_store, tmp_path):  # noqa: F811
    sheet = pd.read_csv(LEKSAND, sep=";", dtype=str, keep_default_na=False)
    sheet["peer_key"] = ["lan" if node == "I11" else "" for node in sheet["id"]]
    path = tmp_path / "lan.csv"
    sheet.to_csv(path, sep=";", index=False)
    goals.import_goals(goals_store, path)
    bemotande = follow_up(goals_store, "2029", 2022).indicators["I11"]
    # N00640 2022: Leksand 84,2 against Dalarnas läns kommuner's unweighted mean 85,97 (12 with a value)
    assert (bemotande.target.peer_key, bemotande.met) == ("lan", False)
    assert bemotande.reference == pytest.approx(85.9667, abs=1e-4)
    assert bemotande.target_label == "Dalarnas läns kommuner"


@pytest.mark.parametrize(
    ("kind", "peer_key", "problem"),
    [
        ("at_least_peers", "grannar2", "peer_key 'grannar2' är ingen jämförelsegrupp för kommunen i området "
                                       "kommunen: välj riket, lan, liknande, kommungrupp, sekom, grannar, alla"),
        ("min", "lan", "måltypen min använder inte peer_key (lämna tom)"),
    ],
)  # fmt: skip
def test_a_bad_peer_key_is_named_by_its_row(goals_store, tmp_path, kind, peer_key, problem):  # noqa: F811
    path = tmp_path / "mal.csv"
    value = "80" if kind == "min" else ""
    path.write_text(
        "id;parent_id;kind;title;municipality_id;kpi_id;target_type;target_value;from_year;to_year;peer_key\n"
        "V1;;vision;Visionen;2029;;;;2020;2030;\n"
        f"I1;V1;indicator;;2029;N00640;{kind};{value};2020;2025;{peer_key}\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRejected) as caught:
        goals.read_sheet(goals_store, path)
    assert said(caught.value.errors) == [(3, problem)]
