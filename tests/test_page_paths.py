"""Links keep working: the language in the shareable URL, and old or mistyped page paths that land
on a page instead of Streamlit's English "Page not found" box — also on a freshly started server,
whose first run Streamlit would otherwise treat as an old-style multipage app (a `pages/` folder
beside app.py)."""

from __future__ import annotations

import pytest

from dashboard.state import _path_key
from tests.dashboard_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    app_store_path,  # noqa: F401 - fixture
    app_test,
    copy_store,
    streamlit_server,
    wait_until_idle,
)

# Records whether Streamlit's error box ever appeared, from before the page's first script runs.
WATCH_NOT_FOUND = """
window.__notFound = false;
new MutationObserver(() => {
  if (document.body && document.body.innerText.includes('Page not found')) window.__notFound = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_no_pages_folder_beside_app_py():
    """Streamlit reads a folder named pages/ beside the main script as an old-style multipage app
    (its first run resolves /nyckeltal against the file names and reports 'Page not found'):
    Trappan's page scripts live in dashboard/views/. Delete a stray dashboard/pages/ (even one
    holding only __pycache__)."""
    assert not (ROOT / "dashboard" / "pages").exists()


@pytest.mark.parametrize(
    ("typed", "key"),
    [("oversikt", "oversikt"), ("Oversikt", "oversikt"), ("1_Oversikt", "oversikt"), ("Översikt", "oversikt"),
     ("Nyckeltal/", "nyckeltal"), ("JÄMFÖR", "jamfor"), ("foo", "foo")],
)  # fmt: skip
def test_page_paths_compare_without_case_accents_or_number(typed, key):
    assert _path_key(typed) == key


def test_language_in_the_url_opens_english(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", lang="en")
    assert at.title[0].value == "Compulsory school – Örebro 2019"
    assert at.query_params["lang"] in ("en", ["en"])


def test_language_is_written_to_the_url(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019")
    assert at.query_params["lang"] in ("sv", ["sv"])
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert at.query_params["lang"] in ("en", ["en"])


def test_unknown_language_in_the_url_is_swedish(app_store_path, monkeypatch):  # noqa: F811
    at = app_test(app_store_path, monkeypatch, kommun="1880", ar="2019", lang="<b>de</b>")
    assert at.title[0].value == "Grundskola – Örebro 2019"


@pytest.mark.browser
def test_deep_links_and_old_paths_on_a_fresh_server(full_store_path, tmp_path):
    """The first request a freshly started server gets is a deep link to Nyckeltal; then old
    and mistyped paths. None shows 'Page not found'; the mistyped ones land on Översikt at '/'."""
    playwright = pytest.importorskip("playwright.sync_api")
    db = copy_store(full_store_path, tmp_path)
    with streamlit_server(db, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            seen = []
            for path in ("/nyckeltal?kommun=1880&ar=2019&kpi=N15419", "/oversikt", "/Oversikt", "/foo", "/Jamfor"):
                context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
                context.add_init_script(WATCH_NOT_FOUND)
                page = context.new_page()
                page.goto(url + path, timeout=120_000)
                wait_until_idle(page)
                title = page.locator('[data-testid="stMain"] h1').first.inner_text()
                seen.append(
                    (
                        path,
                        page.url.split("?")[0][len(url) :],
                        title.split(" – ")[0],
                        page.evaluate("window.__notFound"),
                    )
                )
                context.close()
        finally:
            browser.close()
    assert seen == [
        (
            "/nyckeltal?kommun=1880&ar=2019&kpi=N15419",
            "/nyckeltal",
            "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor, andel (%)",
            False,
        ),
        ("/oversikt", "/", "Grundskola", False),
        ("/Oversikt", "/", "Grundskola", False),
        ("/foo", "/", "Grundskola", False),
        ("/Jamfor", "/jamfor", seen[4][2], False),
    ]
