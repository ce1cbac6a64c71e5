"""Översikt's scorecard as a manager reads it at 1 500 px: short cells, the peer set named above the
table (its difference column says "jämförelsegrupp"), and a reason column only where it says
something the other columns do not — a target's judgement, a stale value — never a repeat of the
development column ("Utveckling 2016–2019: försämras.") or of "no target".

Hand-checked (snapshot): Örebro 1880 2019 N15419 = 69,6 (target min 80 → −10,4), N15505 = 216,4
(target min 210 → +6,4); N15008 (kr/elev) 111 601,558 against Riket 116 553,292 → −4 952, change
since 2018 −276,4 → −276; Bjurholm 2403 2022 N15485: newest value 60,7 from 2017.
"""

from __future__ import annotations

from store import write
from store.db import Store
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture


def rows(at, id_column: str = "Nyckeltal") -> dict[str, dict]:
    table = at.table[0].value
    return {title.rsplit("(", 1)[1].rstrip(")"): row for title, row in zip(table[id_column], table.to_dict("records"))}


def test_no_targets_no_reason_column_and_short_no_target_cells(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019")
    table = at.table[0].value
    assert list(table.columns) == [
        "Nyckeltal",
        "Värde",
        "Förändring",
        "Utveckling",
        "Placering",
        "Kvartil",
        "Skillnad mot riket",
        "Skillnad mot jämförelsegrupp",
        "Mål",
        "Bedömning",
    ]
    assert set(table["Mål"]) == {"inget\u00a0mål"}
    assert any("Jämförelsegrupp: Liknande kommuner grundskola (2024)." in c.value for c in at.caption)


def test_english_scorecard_is_as_short(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", lang="en")
    table = at.table[0].value
    assert "Reason" not in table.columns and "Difference to peer set" in table.columns
    assert set(table["Target"]) == {"no\u00a0target"}
    assert table.loc[table["Indicator"].str.endswith("(N15419)"), "Quartile"].item() == "Middle 50\u00a0%"


def test_kronor_differences_and_changes_are_whole(app_store_path, monkeypatch):  # noqa: F811
    row = rows(app_test(app_store_path, monkeypatch, kommun="1880", ar="2019"))["N15008"]
    assert (row["Värde"], row["Skillnad mot riket"], row["Förändring"]) == (
        "111 602 kr/elev",
        "−4 952",
        "sedan 2018: ▼ −276 minskar",
    )


def test_stale_value_keeps_its_reason(app_store_path, monkeypatch):  # noqa: F811
    by_kpi = rows(app_test(app_store_path, monkeypatch, kommun="2403", ar="2022"))
    assert by_kpi["N15485"]["Skäl"] == "Senaste värdet är från 2017 (60,7 %); det rangordnas och bedöms inte som årets."
    assert by_kpi["N15419"]["Skäl"] == ""  # a value of the year, no target: the other columns say it all


def test_targets_reason_is_the_judgement_the_target_column_does_not_show(small_store_path, monkeypatch):
    store = Store(small_store_path)
    write.add_target(store, write.TargetRow("N15419", "1880", "T", "min", 80.0, None, 2019, 2019), "Anna")
    write.add_target(store, write.TargetRow("N15505", "1880", "T", "min", 210.0, None, 2018, 2022), "Anna")
    by_kpi = rows(app_test(small_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419"))
    assert (by_kpi["N15419"]["Mål"], by_kpi["N15419"]["Bedömning"], by_kpi["N15419"]["Skäl"]) == (
        "minst 80,0 % (2019): nås inte",
        "Röd",
        "69,6 % mot 80,0 % (−10,4 procentenheter).",
    )
    assert (by_kpi["N15505"]["Bedömning"], by_kpi["N15505"]["Skäl"]) == ("Grön", "216,4 mot 210,0 (+6,4).")
    assert by_kpi["N15436"]["Skäl"] == ""
