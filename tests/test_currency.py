"""How new the numbers are: the line every page shows, read from the store and moved by a fetch,
each KPI's latest year with a value, and Kolada's next publication labelled as planned.

Hand-checked: the snapshot's newest year with a value is 2022 (SELECT max(year) FROM observation →
2022) and it was read from Kolada on 2024-08-31 (data/README.md). N15419 has values 1998–2022 in
the full store; its catalogue publication_date is 2026-09-25, a date after the catalogue was made.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.freshness import currency_text
from loaders.fetch import API_SOURCE
from store import loads
from store.currency import Currency, currency
from tests.dashboard_support import app_store_path, app_test  # noqa: F401 - fixture

SNAPSHOT_LINE = "Värden t.o.m. 2022 · Kolada-kopia 2024-08-31"


def fetch_values(store, rows: list[tuple[str, str, int, str, float]], kpis: pd.DataFrame | None = None) -> None:
    """Values as a Kolada API fetch publishes them (its own load run and a new version)."""
    obs = pd.DataFrame(rows, columns=["kpi_id", "municipality_id", "year", "gender", "value"])
    obs["status"], obs["count"] = None, None
    with loads.running(store, API_SOURCE, "test fetch") as run_id:
        loads.publish_values(store, run_id, API_SOURCE, "test fetch", obs, kpis, "test")


def test_snapshot_store_says_2022_and_the_copy_date(full_store):
    assert currency(full_store) == Currency(2022, dt.date(2024, 8, 31), None)


def test_the_line_words_it():
    assert currency_text(Currency(2022, dt.date(2024, 8, 31), None), "sv") == SNAPSHOT_LINE
    assert (
        currency_text(Currency(2022, dt.date(2024, 8, 31), None), "en") == "Values up to 2022 · Kolada copy 2024-08-31"
    )


def test_a_fetch_with_newer_values_moves_the_line(small_store):
    fetch_values(small_store, [("N15419", "1880", 2023, "T", 71.0)])
    c = currency(small_store)
    assert (c.last_year, c.copy_date, c.fetched_date) == (2023, dt.date(2024, 8, 31), dt.date.today())
    assert currency_text(c, "sv") == (
        f"Värden t.o.m. 2023 · Kolada-kopia 2024-08-31 · senast hämtat från Kolada {dt.date.today().isoformat()}"
    )


def test_a_fetch_that_changed_nothing_is_not_news(small_store):
    before = currency(small_store)
    value = small_store.execute(
        "SELECT value FROM observation WHERE kpi_id = 'N15419' AND municipality_id = '1880' AND year = 2019 AND gender = 'T'"
    ).fetchone()[0]
    fetch_values(small_store, [("N15419", "1880", 2019, "T", value)])  # the same value again: nothing written
    assert currency(small_store) == before


def test_own_local_values_do_not_count_as_kolada(small_store):
    local = pd.DataFrame([{"kpi_id": "X_EGEN1", "title": "Eget mått", "source": "local"}])
    fetch_values(small_store, [("X_EGEN1", "1880", 2030, "T", 1.0)], kpis=local)
    assert currency(small_store).last_year == 2022


@pytest.mark.parametrize(
    "page",
    [
        "views/1_Oversikt.py",
        "views/2_Nyckeltal.py",
        "views/3_Jamfor.py",
        "views/4_Monster.py",
        "views/5_Analystrappan.py",
        "views/6_Data.py",
        "views/7_Presentation.py",
    ],
)
def test_every_page_shows_the_line(app_store_path, monkeypatch, page):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419")
    at.switch_page(page).run()
    assert SNAPSHOT_LINE in [c.value for c in at.caption]


def test_nyckeltal_labels_the_next_publication_as_planned(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", kpi="N15419")
    at.switch_page("views/2_Nyckeltal.py").run()
    facts = at.table[-1].value.iloc[:, 0].to_dict()
    assert facts["Koladas nästa planerade publicering"] == "2026-09-25"
    assert facts["Senaste år med värde"] == "2022"
    assert "Publiceringsdatum" not in facts
    assert any(c.value.endswith("senaste år med värde 2022") for c in at.caption)
