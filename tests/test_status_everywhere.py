"""Status you can trust, on real data: no target claimed where there is none, an imported target
judged with its reasons, one answer on scorecard, staircase and deck, stale values, honest
quartiles, and the gender note.

Hand-checked facts (plain SQL on `observation` in the built store):
- Örebro 1880 N15419 2019 T = 69,6; 2016–2018 = 74,8 72,8 65,6 (mean 71,07 → −1,47, outside ±1,42:
  worsening); Liknande kommuner grundskola (G36146) mean 73,6.
- Leksand 2029 U23467 (no direction) T: 2018 78, 2019 73, 2020 77, 2022 77 (2021 missing) → 2022
  against the mean of 2018–2020 (76,0): +1,0 inside ±1,52: stable.
- Göteborg 1480 KKiK 2022, "Liknande förutsättningar" (general variables): Uppsala 0380, Malmö 1280,
  Stockholm 0180, Västerås 1980, Helsingborg 1283, Huddinge 0126, Linköping 0580; U23401 2022 T
  reported by 0380 34, 0580 53, 1283 51, 1980 54 → mean 192 / 4 = 48,0; Göteborg 49.
- Bjurholm 2403 N15485 T: newest value 60,7 from 2017 (none 2018–2022).
- N05406 2021 T: 284 of 290 municipalities have 1 (97,9 %), 6 have 0.
- Bjurholm 2403 N15419: K/M in 2018–2021 (e.g. 2021 K 73,3), none in 2022.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest

from analysis.markdown import staircase_markdown
from analysis.peers import build_peer_sets, variables_for
from analysis.scorecard import ranking, scorecard
from analysis.staircase import compute_staircase, staircase, staircase_to_dict
from analysis.wording import quartile_text, reason_text
from dashboard.export.content import DeckRequest, deck_content
from loaders import files
from store import inputs as store_inputs
from store import write
from store.ranking import set_wide

# Words that claim a target is or is not met (sv and en).
TARGET_CLAIM = re.compile(r"\bnås\b|\bnått\b|\bmålet\b|\btarget (is )?(not )?met\b|\bnot met\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def orebro(full_store):
    return staircase(full_store, "1880", "N15419", 2019, "T")


def test_orebro_without_target_is_white_with_basis_no_target(orebro):
    a = orebro.assessment
    assert (a.status, a.basis, [r.code for r in a.reasons]) == (
        "white",
        "no_target",
        ["no_target", "comparison", "development"],
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_text_claims_a_target_that_does_not_exist(full_store, orebro, lang):
    deck = deck_content(full_store, DeckRequest("1880", 2019, kpi_ids=("N15419",), lang=lang))
    slide = deck.slides[0]
    texts = {
        "markdown": staircase_markdown(orebro, lang),
        "json": json.dumps(staircase_to_dict(orebro, lang), ensure_ascii=False),
        "narrative": staircase(full_store, "1880", "N15419", 2019, "T", lang=lang, patterns=False).narrative,
        "deck": " ".join([slide.status_text, slide.status_reason, *(f.value for f in slide.key_figures)]),
    }
    assert {k: TARGET_CLAIM.findall(v) for k, v in texts.items()} == {k: [] for k in texts}


def test_json_contract_without_target(orebro):
    data = staircase_to_dict(orebro)
    assert (data["target"], data["assessment"]["status"], data["assessment"]["basis"]) == (None, "white", "no_target")
    assert data["assessment"]["reasons"][1] == {
        "code": "comparison",
        "value": 69.6,
        "reference": pytest.approx(73.6),
        "gap": pytest.approx(-4.0),
        "label": "Liknande kommuner grundskola (2024)",
        "text": "Jämförelse, inte mål: 69,6 % mot medel för Liknande kommuner grundskola (2024) 73,6 % "
        "(−4,0 procentenheter).",
    }


def test_deck_slide_without_target_says_so(full_store):
    slide = deck_content(full_store, DeckRequest("1880", 2019, kpi_ids=("N15419",))).slides[0]
    figures = dict((f.label, f.value) for f in slide.key_figures)
    assert (slide.status, slide.status_text, figures["Mål"]) == (
        "white",
        "Vit – inget mål att bedöma mot",
        "inget mål att bedöma mot",
    )


def test_deck_shows_an_undirected_kpi_without_a_target_as_information(full_store):
    # N15570 (higher grade than the national test, mathematics) has no direction in data/kpi_direction.csv
    slide = deck_content(full_store, DeckRequest("1880", 2019, kpi_ids=("N15570",))).slides[0]
    assert (slide.status, slide.status_text) == ("white", "Information – nyckeltalet har ingen riktning och inget mål")


@pytest.fixture
def orebro_min_80(small_store, tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text("kpi_id,municipality_id,year,target_value\nN15419,1880,2019,80\n", encoding="utf-8")
    files.import_targets(small_store, path)
    return staircase(small_store, "1880", "N15419", 2019, "T")


def test_imported_min_80_is_not_met_and_red(orebro_min_80):
    s = orebro_min_80
    # 69,6 < 80: not met; the development 2016–2019 is worsening (not improving) → red, not yellow
    assert (s.judgement.met, s.assessment.status, s.assessment.basis) == (False, "red", "own_target")
    assert reason_text(s.assessment.reasons[0], s.unit) == (
        "Mål minst 80,0 % (2019): nås inte – 69,6 % mot 80,0 % (−10,4 procentenheter)."
    )


def test_imported_target_in_the_json_contract(orebro_min_80):
    data = staircase_to_dict(orebro_min_80)
    target = {k: data["target"][k] for k in ("type", "value", "high", "from_year", "to_year", "met")}
    assert target == {"type": "min", "value": 80.0, "high": None, "from_year": 2019, "to_year": 2019, "met": False}
    assert (data["assessment"]["status"], data["assessment"]["reasons"][0]["code"]) == ("red", "target")


def test_a_target_for_another_year_does_not_judge_2019(small_store, tmp_path):
    path = tmp_path / "mal.csv"
    path.write_text("kpi_id,municipality_id,year,target_value\nN15419,1880,2024,80\n", encoding="utf-8")
    files.import_targets(small_store, path)
    s = staircase(small_store, "1880", "N15419", 2019, "T", patterns=False)
    assert (s.target, s.assessment.basis) == (None, "no_target")


def _with(inp, **frames):
    return dataclasses.replace(inp, **frames)


def test_leksand_food_target_min_75_is_met(full_store):
    inp = store_inputs.kpi_inputs(full_store, "2029", "U23467", 2022, "T", "aldreomsorg")
    target = pd.DataFrame(
        [
            {
                "target_id": 1,
                "kpi_id": "U23467",
                "municipality_id": "2029",
                "gender": "T",
                "target_type": "min",
                "target_value": 75.0,
                "target_high": None,
                "from_year": 2022,
                "to_year": 2026,
                "peer_key": None,
                "note": "Sektorsplan",
            }
        ]
    )
    sets = build_peer_sets(
        store_inputs.peer_inputs(full_store, "2029", "aldreomsorg", 2022, variables_for("aldreomsorg"))
    )
    s = compute_staircase(_with(inp, targets=target), sets, "riket")
    # 77 ≥ 75 on a KPI without a direction: met; development stable → green
    assert (s.value, s.direction, s.judgement.met, s.trend.movement, s.assessment.status) == (
        77.0,
        "none",
        True,
        "stable",
        "green",
    )


def test_goteborg_similar_preconditions_one_answer(full_store):
    card = scorecard(full_store, "1480", "kkik", 2022, "T", "grannar").set_index("kpi_id")
    s = staircase(full_store, "1480", "U23401", 2022, "T", "grannar", area_id="kkik", patterns=False)
    grannar = next(p for p in s.peers if p.key == "grannar")
    assert (card.loc["U23401", "peer_mean"], grannar.mean, grannar.n) == (48.0, 48.0, 4)
    assert card.loc["U23401", "status"] == s.assessment.status


def _statuses_everywhere(con, municipality_id, area_id, year, peer_key):
    card = scorecard(con, municipality_id, area_id, year, "T", peer_key).set_index("kpi_id")
    deck = deck_content(con, DeckRequest(municipality_id, year, area_id=area_id, peer_key=peer_key))
    rows = {}
    for slide in deck.slides:
        s = staircase(con, municipality_id, slide.kpi_id, year, "T", peer_key, area_id=area_id, patterns=False)
        rows[slide.kpi_id] = (
            (card.loc[slide.kpi_id, "status"], card.loc[slide.kpi_id, "basis"]),
            (s.assessment.status, s.assessment.basis),
            (slide.status, s.assessment.basis),
        )
    return rows


def test_scorecard_staircase_and_deck_agree_under_an_area_rule(small_store):
    write.set_area_rule(small_store, "1880", "grundskola", "at_least_peers", "Anna", peer_key="grannar")
    write.add_target(small_store, write.TargetRow("N15419", "1880", "T", "min", 80.0, None, 2019, 2019), "Anna")
    rows = _statuses_everywhere(small_store, "1880", "grundskola", 2019, "liknande")
    assert all(a == b == c for a, b, c in rows.values()), rows
    # the own target wins over the area's rule for N15419; the rule is the target of the rest
    assert rows["N15419"][0] == ("red", "own_target")
    assert {basis for (_, basis), _, _ in rows.values()} == {"own_target", "area_rule"}


def test_bjurholm_stale_value_is_shown_with_its_year_not_ranked_nor_assessed(full_store):
    row = scorecard(full_store, "2403", "grundskola", 2022).set_index("kpi_id").loc["N15485"]
    assert (row["value"], row["year"], row["stale"], pd.isna(row["rank"]), row["basis"]) == (
        60.7,
        2017,
        True,
        True,
        "stale_value",
    )
    # (a deck of N15485 alone has no value for 2022 and is refused: N15419 has one)
    deck = deck_content(full_store, DeckRequest("2403", 2022, kpi_ids=("N15419", "N15485")))
    slide = next(s for s in deck.slides if s.kpi_id == "N15485")
    assert dict((f.label, f.value) for f in slide.key_figures)["Värde 2022"] == "60,7\u00a0% (2017)"


def test_n05406_2021_has_no_spread_in_python_and_sql(full_store):
    py = ranking(full_store, "N05406", 2021).dropna(subset=["value"])
    sql = set_wide(full_store, ["N05406"])
    sql = sql[(sql["year"] == 2021) & (sql["gender"] == "T")]
    assert set(py["quartile"]) == set(sql["quartile"]) == {"no_spread"}
    first = py.iloc[0]
    assert quartile_text(first["quartile"], "sv", first["mode_value"], first["mode_share"], "") == (
        "Ingen spridning: 98 % har 1"
    )


def test_bjurholm_gender_missing_only_this_year(full_store):
    s = staircase(full_store, "2403", "N15419", 2022, "T", patterns=False)
    assert (s.gender_gap, s.gender_status) == (None, "missing_year")
    md = staircase_markdown(s)
    assert "- Kvinnor och män saknas för 2022 (nyckeltalet redovisas per kön andra år)." in md.splitlines()
