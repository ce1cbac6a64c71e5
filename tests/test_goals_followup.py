"""The follow-up of a stored tree: `python -m analysis followup` (JSON contract and Markdown), saved
assessments as history per period, and a rebuild that keeps the trees."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import cli
from analysis.followup import FollowUpError, follow_up
from analysis.followup_report import followup_markdown
from loaders import goals
from loaders.build import build
from store import goals as store_goals
from store.db import Store
from tests.goals_support import (  # noqa: F401 - fixtures
    HALMSTAD,
    LEKSAND,
    goals_snapshot,
    goals_store,
    goals_store_path,
)


@pytest.fixture
def leksand_path(goals_store_path):  # noqa: F811
    con = Store(goals_store_path)
    try:
        goals.import_goals(con, LEKSAND)
    finally:
        con.close()
    return goals_store_path


def run_cli(path, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("TRAPPAN_DB", str(path))
    code = cli.main(["followup", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def save(con, f, node_id: str, status: str, reason: str | None, period: str = "helar", author: str = "Anna") -> int:
    return store_goals.save_goal_assessment(
        con,
        store_goals.GoalAssessment(
            municipality_id="2029",
            node_id=node_id,
            version_id=f.version_id,
            year=2022,
            period=period,
            status=status,
            author=author,
            status_suggested=next(g.suggested for g in f.goals if g.node.node_id == node_id),
            reason=reason,
            actions="Ny meny i särskilt boende",
        ),
    )


def test_leksand_food_target_met_in_the_json(leksand_path, monkeypatch, capsys):
    code, out, _err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "2029", "--year", "2022",
                              "--format", "json")  # fmt: skip
    data = json.loads(out)
    m21 = next(g for g in data["goals"] if g["id"] == "M21")
    food = next(i for i in m21["indicators"] if i["kpi_id"] == "U23467")
    # Leksand U23467 2022 = 77 % against the sektorsplan's "75 % nöjda med maten".
    assert code == 0
    assert (data["municipality_id"], data["year"], data["period"]) == ("2029", 2022, "helar")
    assert (food["value"], food["year"], food["status"]) == (77.0, 2022, "green")
    assert food["target"] == {"type": "min", "value": 75.0, "high": None, "from_year": 2020, "to_year": 2025,
                              "met": True}  # fmt: skip
    target, development = food["reasons"]
    assert (target["code"], target["target_type"], target["value"], target["reference"], target["met"]) == (
        "target",
        "min",
        77.0,
        75.0,
        True,
    )
    assert (development["code"], development["verdict"]) == ("development", "stable")


def test_json_has_exactly_the_contracts_keys(leksand_path, monkeypatch, capsys):
    _code, out, _err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "2029", "--year", "2022",
                               "--period", "delar", "--format", "json")  # fmt: skip
    data = json.loads(out)
    goal_keys = {"id", "parent_id", "kind", "title", "owner", "status", "suggested_status", "status_counts",
                 "indicators"}  # fmt: skip
    indicator_keys = {"kpi_id", "gender", "year", "value", "target", "status", "reasons"}
    assert set(data) == {"municipality_id", "year", "period", "goals"}
    assert data["period"] == "delar"
    # every vision and goal of the tree, none of its 14 indicators
    assert [g["id"] for g in data["goals"]] == ["V1", "M1", "M2", "M21", "M22", "M3", "M4", "M5", "M6", "M7"]
    assert all(set(g) == goal_keys for g in data["goals"])
    assert all(set(g["status_counts"]) == {"green", "yellow", "red", "white"} for g in data["goals"])
    indicators = [i for g in data["goals"] for i in g["indicators"]]
    assert len(indicators) == 14 and all(set(i) == indicator_keys for i in indicators)
    assert all(set(i["target"]) == {"type", "value", "high", "from_year", "to_year", "met"} for i in indicators)


def test_status_counts_are_the_direct_childrens_statuses(leksand_path, monkeypatch, capsys):
    _code, out, _err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "2029", "--year", "2022",
                               "--format", "json")  # fmt: skip
    goals_by_id = {g["id"]: g for g in json.loads(out)["goals"]}
    for g in goals_by_id.values():
        children = [c["status"] for c in goals_by_id.values() if c["parent_id"] == g["id"]]
        children += [i["status"] for i in g["indicators"]]
        assert g["status_counts"] == {s: children.count(s) for s in ("green", "yellow", "red", "white")}, g["id"]
    # M21: U23467 and U23471 green (met), U23401 red (108 days against at most 60, worsening)
    assert goals_by_id["M21"]["status_counts"] == {"green": 2, "yellow": 0, "red": 1, "white": 0}
    assert goals_by_id["M21"]["suggested_status"] == "yellow"


def test_markdown_words_the_reasons(leksand_path, monkeypatch, capsys):
    code, out, _err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "2029", "--year", "2022")
    assert code == 0
    assert out.startswith("# Uppföljning 2022, årsredovisning – Leksand (2029)\n")
    assert "| Nöjda med maten i särskilt boende (U23467) | 77,0 % | minst 75,0 % (2020–2025) | Grön |" in out
    assert "Mål minst 75,0 % (2020–2025): nås – 77,0 % mot 75,0 % (+2,0 procentenheter)." in out
    assert "Mål bana mot 18 000 år 2025 (från 2012): nås inte – 16 113 mot banans 17 341 (−1 228)." in out


@pytest.mark.parametrize(
    ("lang", "rule"),
    [
        ("sv", "enligt kvalitetshandbokens regel: grön – målen bedöms uppnås för året och utvecklingen bidrar"),
        ("en", "by the quality handbook's rule: green – "),
    ],
)
def test_markdown_method_words_the_handbooks_rule(leksand_path, monkeypatch, capsys, lang, rule):
    code, out, _err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "2029", "--year", "2022",
                              "--lang", lang)  # fmt: skip
    method = out.split("\n## ")[-1]
    assert code == 0 and rule in method
    assert "{" not in method  # every placeholder filled


def test_a_municipality_without_a_tree_is_a_plain_message(leksand_path, monkeypatch, capsys):
    code, out, err = run_cli(leksand_path, monkeypatch, capsys, "--municipality", "1880", "--year", "2022")
    assert (code, out) == (1, "")
    assert err == "Fel: Örebro (1880) har ingen målkedja. Importera en med: python -m loaders import-goals FIL\n"


def test_assessments_are_history_per_goal_and_period(leksand_path):
    con = Store(leksand_path)
    try:
        f = follow_up(con, "2029", 2022, "helar")
        first = save(con, f, "M21", "red", "Maten har fått klagomål sedan årsskiftet", period="delar")
        second = save(con, f, "M21", "yellow", None)  # agrees with the suggestion: no reason needed
        third = save(con, f, "M21", "green", "Nöjdheten med maten är nu 77 %", author="Bo")
        history = store_goals.goal_assessments(con, "2029", latest_only=False)
        latest = store_goals.goal_assessments(con, "2029")
        helar = follow_up(con, "2029", 2022, "helar")
        delar = follow_up(con, "2029", 2022, "delar")
    finally:
        con.close()
    assert (first, second, third) == (1, 2, 3)
    assert sorted(zip(history["period"], history["status"])) == [("delar", "red"), ("helar", "green"),
                                                                 ("helar", "yellow")]  # fmt: skip
    assert sorted(zip(latest["period"], latest["status"])) == [("delar", "red"), ("helar", "green")]
    h, d = ({g.node.node_id: g for g in x.goals}["M21"] for x in (helar, delar))
    assert (h.status, h.suggested, h.saved.author, h.saved.reason) == (
        "green",
        "yellow",
        "Bo",
        "Nöjdheten med maten är nu 77 %",
    )
    assert (d.status, d.saved.actions) == ("red", "Ny meny i särskilt boende")
    # helår 2022 follows delår 2022: M21 went from red (saved) to green (saved)
    assert (helar.previous_period, helar.previous["M21"]) == ((2022, "delar"), "red")
    # the vision counts M2, whose status counts M21's saved status
    m2 = {g.node.node_id: g for g in helar.goals}["M2"]
    assert m2.counts.as_dict() == {"green": 1, "yellow": 0, "red": 1, "white": 0}


def test_a_save_for_an_unknown_goal_or_an_indicator_writes_nothing(leksand_path):
    con = Store(leksand_path)
    try:
        f = follow_up(con, "2029", 2022, "helar")
        for node_id in ("NOPE", "I2"):
            with pytest.raises(ValueError):
                store_goals.save_goal_assessment(
                    con, store_goals.GoalAssessment("2029", node_id, f.version_id, 2022, "helar", "red", "Anna")
                )
        n = len(store_goals.goal_assessments(con, "2029", latest_only=False))
    finally:
        con.close()
    assert n == 0


def test_a_rebuild_keeps_trees_versions_and_assessments(leksand_path, goals_snapshot, tmp_path):  # noqa: F811
    con = Store(leksand_path)
    try:
        goals.import_goals(con, HALMSTAD)
        changed = tmp_path / "leksand2.csv"
        changed.write_text(LEKSAND.read_text(encoding="utf-8").replace(";min;75;", ";min;80;"), encoding="utf-8")
        goals.import_goals(con, changed)
        save(con, follow_up(con, "2029", 2022), "M1", "yellow", "Inflyttningen ökar")
        before = [store_goals.goal_versions(con, m) for m in ("2029", "1380")]
        before_nodes = [store_goals.goal_tree(con, "2029", v) for v in (1, 3)]
        before_saved = store_goals.goal_assessments(con, "2029", latest_only=False)
    finally:
        con.close()
    result = build(leksand_path, snapshot=goals_snapshot)
    con = Store(leksand_path)
    try:
        for m, frame in zip(("2029", "1380"), before):
            pd.testing.assert_frame_equal(store_goals.goal_versions(con, m), frame)
        for v, frame in zip((1, 3), before_nodes):
            pd.testing.assert_frame_equal(store_goals.goal_tree(con, "2029", v), frame)
        pd.testing.assert_frame_equal(store_goals.goal_assessments(con, "2029", latest_only=False), before_saved)
        after = follow_up(con, "2029", 2022)
    finally:
        con.close()
    # people's work lives in the work store: a rebuild publishes a new version and leaves it alone
    assert result.version is not None and result.version.name == "000003.duckdb"
    assert {g.node.node_id: g for g in after.goals}["M1"].status == "yellow"


def test_follow_up_refuses_an_unknown_period(goals_store):  # noqa: F811
    with pytest.raises(FollowUpError, match="Okänd period 'kvartal'"):
        follow_up(goals_store, "2029", 2022, "kvartal")


def test_markdown_keeps_hostile_titles_as_text(goals_store, tmp_path):  # noqa: F811
    text = LEKSAND.read_text(encoding="utf-8").replace(
        "Ekonomi i balans", "![x](http://example.invalid/t.png) <b>Ekonomi</b> | =cmd"
    )
    path = tmp_path / "hostile.csv"
    path.write_text(text, encoding="utf-8")
    goals.import_goals(goals_store, path)
    md = followup_markdown(follow_up(goals_store, "2029", 2022), "sv")
    escaped = r"\!\[x\]\(http\:\/\/example\.invalid\/t\.png\) \<b\>Ekonomi\<\/b\> \| \=cmd"
    assert f"### {escaped} (Mål · Kommunstyrelsen)" in md
    assert "![x](" not in md and "<b>" not in md and "http://" not in md


def test_a_former_version_is_followed_up_with_its_own_targets(leksand_path, tmp_path):
    con = Store(leksand_path)
    try:
        save(con, follow_up(con, "2029", 2022), "M21", "yellow", None)
        stricter = tmp_path / "strängare.csv"
        stricter.write_text(LEKSAND.read_text(encoding="utf-8").replace(";min;75;", ";min;80;"), encoding="utf-8")
        goals.import_goals(con, stricter)
        now, before = follow_up(con, "2029", 2022), follow_up(con, "2029", 2022, version_id=1)
    finally:
        con.close()

    def food(f):
        return next(i for i in f.indicators.values() if i.kpi_id == "U23467")

    # 77 % meets the first version's "min 75" but not the new "min 80"
    assert (now.version_id, food(now).met, food(now).reference) == (2, False, 80.0)
    assert (before.version_id, food(before).met, food(before).reference) == (1, True, 75.0)
    # the assessment made on version 1 follows its goal (same id) into version 2, saying where it was made
    m21 = {g.node.node_id: g for g in now.goals}["M21"]
    assert (m21.status, m21.saved.version_id) == ("yellow", 1)
