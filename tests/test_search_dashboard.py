"""The KPI picker's catalogue search under AppTest, on a fresh small store (values of a few KPIs only,
the whole catalogue): hits say whether values are loaded and for which years, a hit with values
becomes the KPI, and a hit without values is fetched through the Data page's path — from a fake
Kolada on 127.0.0.1, or not at all when Kolada cannot be reached. And Mönster's twin toggle on the
full store (N15419 2019: 12 sibling KPIs among the 50 strongest correlates are left out)."""

from __future__ import annotations

from dashboard.fetching import recent_years
from store import queries
from store.db import Store
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture
from tests.fake_kolada import serving, snapshot_values

OREBRO = {"kommun": "1880", "ar": "2019", "kpi": "N15419"}
MATEN = "Brukarbedömning särskilt boende äldreomsorg - maten, andel (%) (U23467)"


def store(path):
    return Store(path)


def searched(path, monkeypatch, text: str):
    at = app_test(path, monkeypatch, **OREBRO)
    at.switch_page("views/2_Nyckeltal.py").run()
    at.text_input(key="kpi_search_kpi").input(text).run()
    return at, at.selectbox(key=f"kpi_hits_kpi_{text}")


def test_hits_say_whether_values_are_loaded_and_for_which_years(small_store_path, monkeypatch):
    _, hits = searched(small_store_path, monkeypatch, "nöjda med maten")
    assert hits.options[0] == f"{MATEN} · inga värden i Trappan"  # U23467 is not among the small store's KPIs
    _, hits = searched(small_store_path, monkeypatch, "N15419")
    assert hits.options == [
        "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor,  andel (%) (N15419) · värden 1998–2022"
    ]


def test_a_hit_with_values_becomes_the_kpi(small_store_path, monkeypatch):
    at, hits = searched(small_store_path, monkeypatch, "N15505")
    hits.select("N15505").run()
    assert at.session_state["kpi"] == "N15505" and at.query_params["kpi"] == "N15505"
    assert not at.exception and not at.error


def test_fetch_offline_says_why_and_changes_nothing(small_store_path, monkeypatch):
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")  # port 9 (discard) is closed: refused at once
    at, hits = searched(small_store_path, monkeypatch, "nöjda med maten")
    hits.select("U23467").run()
    before = queries.status_totals(store(small_store_path)).iloc[0].n_values
    next(b for b in at.button if b.label == "Hämta från Kolada").click().run(timeout=120)
    assert len(at.error) == 1 and "Kolada kan inte nås" in at.error[0].value
    assert queries.status_totals(store(small_store_path)).iloc[0].n_values == before
    assert queries.load_runs(store(small_store_path)).iloc[0].outcome == "failed"
    assert at.session_state["kpi"] == "N15419"


def test_fetch_from_kolada_loads_the_kpi_and_chooses_it(small_store_path, monkeypatch):
    served = snapshot_values(["U23467"], list(recent_years()))
    with serving(served) as fake:
        monkeypatch.setenv("KOLADA_BASE_URL", fake.base_url)
        at, hits = searched(small_store_path, monkeypatch, "nöjda med maten")
        hits.select("U23467").run()
        next(b for b in at.button if b.label == "Hämta från Kolada").click().run(timeout=120)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["kpi"] == "U23467"
    info = queries.kpi_info(store(small_store_path), ["U23467"]).iloc[0]
    assert (int(info.first_year), int(info.last_year)) == (2012, 2022)  # the snapshot's years, served by the fake
    run = queries.load_runs(store(small_store_path)).iloc[0]
    assert (run.outcome, run.rows_written) == ("ok", len(served))
    assert any("Hämtade" in s.value and "U23467" in s.value for s in at.success)


def test_monster_leaves_out_twins_and_shows_them_on_request(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, **OREBRO)
    at.switch_page("views/4_Monster.py").run()
    table = at.dataframe[-1].value
    assert not table["Nyckeltal"].str.endswith("(N15561)").any()  # N15419's own exkl.-nyinvandrade variant
    assert any(c.value.startswith("12 syskonnyckeltal utelämnade") for c in at.caption)
    at.toggle(key="patterns_twins").set_value(True).run()
    table = at.dataframe[-1].value
    first = table.iloc[0]
    assert (first["Nyckeltal"].endswith("(N15561)"), first["Variant av"]) == (True, "N15419")
