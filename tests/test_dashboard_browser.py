"""The real app in Debian's chromium: every page opens through the navigation without an exception,
Översikt shows Örebro's hand-checked N15419 2019 value, and on the Data page an own-targets file with
bad rows is refused row by row while a good one is imported. Full-page screenshots land in
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
# Navigation labels (Swedish UI); Data last, where the upload test continues.
PAGES = ("Översikt", "Nyckeltal", "Jämför", "Mönster", "Analystrappan", "Skapa presentation", "Data")


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
                assert page.get_by_text("Värden t.o.m. 2022 · Kolada-kopia 2024-08-31").count() == 1, name
                if name == "Nyckeltal":  # four charts, each with PNG, SVG, PDF and Excel downloads
                    assert page.locator('[data-testid="stDownloadButton"]').count() >= 16
                full_screenshot(page, ARTIFACTS / f"{i + 1}_{name}.png")
            upload_targets(page, tmp_path)
        finally:
            browser.close()


BAD_TARGETS = (
    "kpi_id,municipality_id,year,gender,target_value,note\n"
    'N15419,1880,2024,T,"75,0",Mål i budget\n'
    "N99999,1880,2024,T,70,\n"
    "N15419,1880,2024,X,abc,\n"
)
GOOD_TARGETS = (
    "kpi_id;municipality_id;year;gender;target_value;note\nN15419;1880;2024;T;75,0;Mål 2024\nN15505;1880;2024;T;230;\n"
)


def upload_targets(page, tmp_path):
    """On the Data page (the last one opened): a bad file lists every bad row; a good one imports."""
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    (tmp_path / "bad.csv").write_text(BAD_TARGETS, encoding="utf-8")
    uploader.set_input_files(str(tmp_path / "bad.csv"))
    error = page.locator('[data-testid="stAlertContentError"]')
    error.first.wait_for(timeout=60_000)
    text = error.first.inner_text()
    assert "3 felaktiga rader" in text and "rad 3: okänt nyckeltal 'N99999'" in text and "rad 4:" in text
    (tmp_path / "good.csv").write_text(GOOD_TARGETS, encoding="utf-8")
    uploader.set_input_files(str(tmp_path / "good.csv"))
    button = page.get_by_role("button", name="Importera 2 mål")
    button.wait_for(timeout=60_000)
    wait_until_idle(page)
    button.click()
    page.get_by_text("2 mål importerade.").wait_for(timeout=60_000)
    full_screenshot(page, ARTIFACTS / "8_Data_import.png")
