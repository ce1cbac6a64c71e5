"""The real app in Debian's chromium: every page opens through the navigation without an exception,
and Översikt shows Örebro's hand-checked N15419 2019 value. Full-page screenshots land in
tests/artifacts/ (git-ignored) for a person to look at."""

from __future__ import annotations

import pytest

from tests.dashboard_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    copy_store,
    full_screenshot,
    streamlit_server,
    wait_until_idle,
)

ARTIFACTS = ROOT / "tests" / "artifacts"
# Navigation labels (Swedish UI) in the order of dashboard/app.py's PAGES.
PAGES = ("Översikt", "Nyckeltal", "Jämför", "Mönster", "Analystrappan", "Data")


@pytest.mark.browser
def test_every_page_renders_in_chromium(full_store_path, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    db = copy_store(full_store_path, tmp_path)  # the server process needs a file no one else holds
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(db, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="sv-SE")
            page.goto(f"{url}/?kommun=1880&ar=2019", timeout=120_000)
            wait_until_idle(page)
            # Örebro N15419 2019 T = 69,6 (hand-checked in the snapshot, see helper facts / test_store).
            page.get_by_text("69,6 %").first.wait_for(timeout=60_000)
            for i, name in enumerate(PAGES):
                page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
                wait_until_idle(page)
                page.wait_for_timeout(1500)  # let Plotly finish drawing before the screenshot
                assert page.locator('[data-testid="stException"]').count() == 0, name
                assert page.locator('[data-testid="stAlertContentError"]').count() == 0, name
                assert "kommun=1880" in page.url and "ar=2019" in page.url, page.url
                full_screenshot(page, ARTIFACTS / f"{i + 1}_{name}.png")
        finally:
            browser.close()
