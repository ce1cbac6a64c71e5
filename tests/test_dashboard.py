"""The dashboard under Streamlit's AppTest: every page renders from the entry point, the URL opens
the view it names, and changing municipality, year or gender changes the numbers shown.

Hand-checked values (N15419, share of pupils in year 9 passing all subjects, gender T unless said):
Örebro 1880 2019 = 69,6, 2018 = 65,6, 2019 K = 72,0 (helper facts, and tests/test_store.py);
Stockholm 0180 2019 = 80,5 (read with SELECT value FROM observation WHERE kpi_id='N15419' AND
municipality_id='0180' AND year=2019 AND gender='T'). Rank 177 of 290 for Örebro 2019: 176
municipalities have a higher value (SELECT count(*) ... WHERE value > 69.6 → 176).
"""

from __future__ import annotations

import pytest

from store import queries
from store.db import connect
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture

PAGES = (
    "views/1_Oversikt.py",
    "views/2_Nyckeltal.py",
    "views/3_Jamfor.py",
    "views/4_Monster.py",
    "views/5_Analystrappan.py",
    "views/6_Data.py",
)
OREBRO_2019 = {"kommun": "1880", "ar": "2019", "kpi": "N15419"}


def n15419_row(at) -> dict:
    """The Översikt scorecard row of N15419 (first table on the page)."""
    table = at.table[0].value
    row = table[table["Nyckeltal"].str.endswith("(N15419)")]
    assert len(row) == 1
    return row.iloc[0].to_dict()


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_error(app_store_path, monkeypatch, page):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    at.switch_page(page).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def test_url_opens_orebro_2019(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019")
    assert at.title[0].value == "Grundskola – Örebro 2019"
    row = n15419_row(at)
    assert (row["Värde"], row["Placering"]) == ("69,6 %", "177 av 290")


def test_oversikt_without_targets_is_white_and_says_where_to_set_them(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019")
    row = n15419_row(at)
    # 2018 → 2019: +4,0, better; 2016–2019 (against the mean of 2016–2018): worsening — both with their years
    assert (row["Förändring"], row["Utveckling"], row["Mål"], row["Bedömning"]) == (
        "sedan 2018: ▲ +4,0 bättre",
        "2016–2019: försämras",
        "inget mål att bedöma mot",
        "Vit",
    )
    # the target column says "no target" and the difference columns the comparison: the reason adds the years
    assert row["Skäl"] == "Utveckling 2016–2019: försämras."
    assert any(i.value.startswith("Inga mål är satta för Örebro") for i in at.info)


def test_oversikt_in_english_has_no_swedish_status_words(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019")
    at.sidebar.radio(key="w_lang").set_value("en").run()
    table = at.table[0].value
    row = table[table["Indicator"].str.endswith("(N15419)")].iloc[0]
    assert (row["Change"], row["Development"], row["Target"], row["Status"]) == (
        "since 2018: ▲ +4.0 better",
        "2016–2019: worsening",
        "no target to assess against",
        "White",
    )
    assert "procentenheter" not in row["Reason"] and "Alla kommuner" not in at.sidebar.selectbox(key="w_jmf").options


def test_oversikt_stale_value_shows_its_year_and_no_rank(app_store_path, monkeypatch):  # noqa: F811
    # Bjurholm 2403 N15485 (year 6, mathematics): newest value 60,7 from 2017; none in 2022
    at = app_test(app_store_path, monkeypatch, kommun="2403", ar="2022")
    table = at.table[0].value
    row = table[table["Nyckeltal"].str.endswith("(N15485)")].iloc[0]
    assert (row["Värde"], row["Placering"], row["Kvartil"], row["Bedömning"]) == (
        "60,7 % (2017)",
        "–",
        "Uppgift saknas",
        "Vit",
    )


def test_staircase_step3_places_are_out_of_the_ranked(app_store_path, monkeypatch):  # noqa: F811
    # Liknande kommuner grundskola: 7 members with a value plus Örebro → "6 av 8" (not "6 av 7")
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419")
    at.switch_page("views/5_Analystrappan.py").run()
    peers = next(tb.value for tb in at.table if "Plats i gruppen" in tb.value.columns)
    assert peers.loc["Liknande kommuner grundskola (2024)", "Plats i gruppen"] == "6 av 8"
    assert peers.loc["Alla kommuner", "Plats i gruppen"] == "177 av 290"


def test_staircase_gender_note_names_the_missing_year(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="2403", ar="2022", kpi="N15419")
    at.switch_page("views/5_Analystrappan.py").run()
    assert "Kvinnor och män saknas för 2022 (nyckeltalet redovisas per kön andra år)." in [c.value for c in at.caption]


def test_default_view_is_orebro_newest_year(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch)
    # grundskola's newest year with data in the snapshot is 2022
    assert at.title[0].value == "Grundskola – Örebro 2022"


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [("w_ar", 2018, "65,6 %"), ("w_kommun", "0180", "80,5 %"), ("w_kon", "K", "72,0 %")],
)
def test_changing_a_choice_changes_the_value(app_store_path, monkeypatch, widget, value, expected):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    assert n15419_row(at)["Värde"] == "69,6 %"
    kind = "radio" if widget == "w_kon" else "selectbox"
    getattr(at.sidebar, kind)(key=widget).set_value(value).run()
    assert not at.exception
    assert n15419_row(at)["Värde"] == expected


def test_choice_survives_a_page_switch(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    at.sidebar.selectbox(key="w_ar").set_value(2018).run()
    at.switch_page("views/2_Nyckeltal.py").run()
    assert at.metric[0].value == "65,6 %"
    assert at.query_params["ar"] == ["2018"] or at.query_params["ar"] == "2018"


def test_nyckeltal_shows_value_rank_and_charts(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    at.switch_page("views/2_Nyckeltal.py").run()
    assert [m.value for m in at.metric[:3]] == ["69,6 %", "177 av 290", "Mellersta 50 %"]
    # Riket 2019 = 73,4 → 69,6 − 73,4 = −3,8 (Unicode minus)
    assert at.metric[3].value == "−3,8"
    keys = [c.key for c in at.get("plotly_chart")]
    assert keys == ["kpi_trend", "kpi_distribution", "kpi_peers", "kpi_gender", "kpi_map"]


def test_english_switches_the_labels(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert at.title[0].value == "Compulsory school – Örebro 2019"
    table = at.table[0].value
    assert "Indicator" in table.columns and "Value" in table.columns


def test_area_without_data_points_to_data_page(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO_2019)
    areas = queries.areas(connect(app_store_path))
    empty = areas[areas["n_kpis_with_data"] == 0]["area_id"].tolist()
    if not empty:
        pytest.skip("every area has data in this snapshot")
    at.sidebar.selectbox(key="w_omrade").set_value(empty[0]).run()
    assert not at.exception
    assert any("sidan Data" in w.value for w in at.warning)
