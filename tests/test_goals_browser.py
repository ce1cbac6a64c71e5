"""The page "Mål och uppföljning" in Debian's chromium: a sheet with a cycle is refused and nothing is
imported; a good sheet imports and the coloured tree appears. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import pytest

from store import goals as store_goals
from store.db import Store
from tests.dashboard_support import CHROMIUM, CHROMIUM_ARGS, ROOT, full_screenshot, streamlit_server, wait_until_idle
from tests.goals_support import LEKSAND, goals_snapshot, goals_store_path  # noqa: F401 - fixtures

ARTIFACTS = ROOT / "tests" / "artifacts"
CYCLE = (
    "id;parent_id;kind;title;owner;municipality_id;kpi_id;gender;target_type;target_value;target_high;from_year;"
    "to_year;note\nV1;;vision;Vision;KF;2029;;;;;;;;\nA;B;goal;A;KS;2029;;;;;;;;\nB;A;goal;B;KS;2029;;;;;;;;\n"
)


@pytest.mark.browser
def test_upload_refuses_a_cycle_and_imports_a_good_sheet(goals_store_path, tmp_path):  # noqa: F811
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    (tmp_path / "cykel.csv").write_text(CYCLE, encoding="utf-8")
    with streamlit_server(goals_store_path, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="sv-SE")
            page.goto(f"{url}/?kommun=2029&ar=2022", timeout=120_000)
            wait_until_idle(page)
            page.locator('[data-testid="stSidebarNav"]').get_by_text("Mål och uppföljning", exact=True).click()
            wait_until_idle(page)
            page.get_by_text("Leksand har ingen målkedja i Trappan ännu.").wait_for(timeout=60_000)
            uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            uploader.set_input_files(str(tmp_path / "cykel.csv"))
            page.get_by_text("Filen har 2 fel och importerades inte.").wait_for(timeout=60_000)
            wait_until_idle(page)
            full_screenshot(page, ARTIFACTS / "goals_upload_refused.png")
            uploader.set_input_files(str(LEKSAND))
            page.get_by_text("Filen är korrekt: Leksand (2029), 1 visioner, 9 mål, 14 indikatorer.").wait_for(
                timeout=60_000
            )
            page.get_by_label("Ditt namn").fill("Anna Andersson")
            page.get_by_role("button", name="Importera målkedjan").click()
            page.get_by_text("Importerat: version 1 med 24 rader är nu kommunens målkedja.").wait_for(timeout=60_000)
            page.reload()
            wait_until_idle(page)
            page.get_by_text("Färgerna under varje vision och mål").wait_for(timeout=60_000)
            wait_until_idle(page)
            page.wait_for_timeout(1500)
            assert page.locator('[data-testid="stException"]').count() == 0
            full_screenshot(page, ARTIFACTS / "goals_leksand.png")
        finally:
            browser.close()
    con = Store(goals_store_path)
    try:
        versions = store_goals.goal_versions(con, "2029")
    finally:
        con.close()
    assert versions[["version_id", "source", "imported_by"]].values.tolist() == [
        [1, "leksand_sektorsplan.csv", "Anna Andersson"]
    ]
