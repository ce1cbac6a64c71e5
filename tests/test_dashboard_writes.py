"""What the dashboard writes: a staircase assessment (Spara), a KPI direction, a Kolada fetch that
cannot reach Kolada. Each test gets a fresh small store (tests/conftest.py `small_store_path`)."""

from __future__ import annotations

from dashboard import ui
from store import queries
from store.db import Store
from tests.dashboard_support import app_test

OREBRO_N15419_2019 = {"kommun": "1880", "ar": "2019", "kpi": "N15419"}


def store(path):
    """The store as another process would read it after the click: the newest version and work."""
    return Store(path)


def staircase_page(path, monkeypatch):
    at = app_test(path, monkeypatch, **OREBRO_N15419_2019)
    return at.switch_page("views/5_Analystrappan.py").run()


def test_spara_saves_the_assessment_with_author_and_texts(small_store_path, monkeypatch):
    at = staircase_page(small_store_path, monkeypatch)
    at.text_input(key="author").input("Anna Analytiker")
    s7 = next(a for a in at.text_area if a.key.startswith("s7_"))
    s7.input("Resultaten sjunker; vi behöver förstå varför.")
    at.button[0].click().run()  # the form's only button: Spara
    assert not at.exception and not at.error, [e.value for e in at.error]
    saved = queries.assessments(store(small_store_path), "1880")
    assert len(saved) == 1
    row = saved.iloc[0]
    assert (row.kpi_id, int(row.year), row.gender, row.author) == ("N15419", 2019, "T", "Anna Analytiker")
    assert row.conclusion == "Resultaten sjunker; vi behöver förstå varför."
    assert row.status == row.status_suggested  # not overridden
    # the list of saved assessments on the page shows it
    assert "Anna Analytiker" in at.dataframe[-1].value.to_string()


def test_spara_without_a_name_saves_nothing(small_store_path, monkeypatch):
    at = staircase_page(small_store_path, monkeypatch)
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Skriv ditt namn innan du sparar."]
    assert queries.assessments(store(small_store_path), "1880").empty


def test_override_without_a_reason_saves_nothing(small_store_path, monkeypatch):
    at = staircase_page(small_store_path, monkeypatch)
    at.text_input(key="author").input("Anna")
    s8 = next(r for r in at.radio if r.key and r.key.startswith("s8_"))
    other = next(o for o in ("green", "yellow", "red", "white") if o != s8.value)
    s8.set_value(other)
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Du har valt en annan status än förslaget: skriv varför."]
    assert queries.assessments(store(small_store_path), "1880").empty


def test_direction_edit_is_stored_with_reason(small_store_path, monkeypatch):
    at = app_test(small_store_path, monkeypatch, **OREBRO_N15419_2019)
    at.switch_page("views/6_Data.py").run()
    form_radio = next(r for r in at.radio if r.label == "Ny riktning")
    form_radio.set_value("none")
    next(t for t in at.text_input if t.label == "Skäl till ändringen").input("Test: neutral")
    at.text_input(key="direction_author").input("Bo")
    next(b for b in at.button if b.label == "Spara riktning").click().run()
    assert not at.error, [e.value for e in at.error]
    info = queries.kpi_info(store(small_store_path), ["N15419"]).iloc[0]
    assert (info.direction, info.direction_reason) == ("none", "Test: neutral")


def test_fetch_when_kolada_is_unreachable_says_so_and_changes_no_value(small_store_path, monkeypatch):
    # Port 9 on 127.0.0.1 (discard) is closed here: every request is refused at once.
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")
    at = app_test(small_store_path, monkeypatch, **OREBRO_N15419_2019)
    at.switch_page("views/6_Data.py").run()
    before = queries.status_totals(store(small_store_path)).iloc[0].n_values
    at.text_input(key="fetch_kpis").input("N15419")
    at.text_input(key="fetch_years").input("2019")
    next(b for b in at.button if b.label == "Hämta").click().run(timeout=120)
    assert len(at.error) == 1 and "Kolada kan inte nås" in at.error[0].value
    assert queries.status_totals(store(small_store_path)).iloc[0].n_values == before
    runs = queries.load_runs(store(small_store_path))
    assert runs.iloc[0].outcome == "failed"  # the attempt is recorded, the data untouched


def test_own_peer_set_is_saved_and_offered_in_the_sidebar(small_store_path, monkeypatch):
    at = app_test(small_store_path, monkeypatch, **OREBRO_N15419_2019)
    at.switch_page("views/6_Data.py").run()
    at.text_input(key="own_group_name").input("Mälardalen")
    at.multiselect(key="own_group_members").set_value(["1980", "0380", "0484"])
    at.text_input(key="own_group_author").input("Anna")
    next(b for b in at.button if b.label == "Spara gruppen").click().run()
    assert not at.error, [e.value for e in at.error]
    groups = queries.municipality_groups(store(small_store_path), "1880", kinds=["own"])
    assert groups["title"].tolist() == ["Mälardalen"] and groups["n_members"].tolist() == [3]
    at.run()
    # the sidebar offers it (options are shown by their labels)
    assert "Mälardalen" in at.sidebar.selectbox(key="w_jmf").options


def data_page(path, monkeypatch):
    at = app_test(path, monkeypatch, **OREBRO_N15419_2019)
    return at.switch_page("views/6_Data.py").run()


def add_target(at, kind: str, value: float | None, high: float | None = None, who: str = "Anna"):
    at.selectbox(key="target_add_N15419_sv_type").set_value(kind)
    at.number_input(key="target_add_N15419_sv_value").set_value(value)
    if high is not None:
        at.number_input(key="target_add_N15419_sv_high").set_value(high)
    at.text_input(key="target_author").input(who)
    next(b for b in at.button if b.label == "Spara målet").click().run()
    return at


def test_target_added_in_the_app_is_stored_and_judges_the_staircase(small_store_path, monkeypatch):
    at = add_target(data_page(small_store_path, monkeypatch), "min", 80.0)
    assert not at.error, [e.value for e in at.error]
    got = queries.targets(store(small_store_path), "1880").iloc[0]
    assert (got.target_type, got.target_value, got.from_year, got.to_year, got.created_by, got.source) == (
        "min",
        80.0,
        2019,
        2019,
        "Anna",
        "app",
    )
    at.switch_page("views/5_Analystrappan.py").run()
    texts = [x.value for x in at.markdown]
    assert ui.plain("Mål minst 80,0 % (2019): nås inte – 69,6 % mot 80,0 % (−10,4 procentenheter).") in texts


def test_bad_target_in_the_app_is_refused_in_words_and_nothing_is_stored(small_store_path, monkeypatch):
    at = add_target(data_page(small_store_path, monkeypatch), "interval", 5.0)
    assert [e.value for e in at.error] == ["övre gräns saknas (target_high) för ett intervall"]
    assert queries.targets(store(small_store_path), "1880").empty


def test_target_changed_then_ended_keeps_its_history(small_store_path, monkeypatch):
    at = add_target(data_page(small_store_path, monkeypatch), "min", 80.0)
    first = int(queries.targets(store(small_store_path), "1880").iloc[0].target_id)
    at.number_input(key=f"target_change_{first}_sv_value").set_value(75.0)
    at.text_input(key="target_change_author").input("Bo")
    next(b for b in at.button if b.label == "Spara ändringen").click().run()
    now = queries.targets(store(small_store_path), "1880").iloc[0]
    assert (now.target_value, int(now.replaces), now.created_by) == (75.0, first, "Bo")
    at.radio(key=f"target_action_{int(now.target_id)}_sv").set_value("end")
    at.text_input(key="target_change_author").input("Bo")
    next(b for b in at.button if b.label == "Spara ändringen").click().run()
    history = queries.targets(store(small_store_path), "1880", history=True)
    assert queries.targets(store(small_store_path), "1880").empty
    assert sorted(zip(history.target_value, history.ended_by)) == [(75.0, "Bo"), (80.0, "Bo")]


def test_area_rule_set_in_the_app_is_named_as_the_target_on_oversikt(small_store_path, monkeypatch):
    at = data_page(small_store_path, monkeypatch)
    at.radio(key="rule_kind_grundskola_sv").set_value("at_least_peers")
    at.selectbox(key="rule_peer_grundskola_sv").set_value("liknande")
    at.text_input(key="rule_author").input("Anna")
    next(b for b in at.button if b.label == "Spara regeln").click().run()
    assert not at.error, [e.value for e in at.error]
    at.switch_page("views/1_Oversikt.py").run()
    table = at.table[0].value
    row = table[table["Nyckeltal"].str.endswith("(N15419)")].iloc[0]
    # 69,6 against the Liknande mean 73,6: not met; worsening 2016–2019 → red, and the rule is named
    assert (row["Mål"], row["Bedömning"]) == (
        "minst medel för Liknande kommuner grundskola (2024) – områdets regel: nås inte",
        "Röd",
    )
    assert not any(i.value.startswith("Inga mål är satta") for i in at.info)
