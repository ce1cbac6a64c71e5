"""The dashboard serves while every README load runs beside it, and what they publish shows at the
next click; two dashboard servers share people's work. Real Streamlit servers, real subprocesses,
Debian's chromium (playwright)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from tests.dashboard_support import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server, wait_until_idle
from tests.fake_kolada import serving, snapshot_values

OREBRO_2019 = "/?kommun=1880&ar=2019"
TARGETS = "kpi_id,municipality_id,gender,target_type,target_value,from_year,to_year,note\nN15419,1880,T,min,72,2019,2019,Mål 2019\n"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def click(page, name: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, name
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0, name


@pytest.mark.browser
def test_loads_publish_while_the_dashboard_serves_and_show_at_the_next_click(small_store_path, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    served = snapshot_values(["N15419"], [2019], ["1880"])
    served.loc[served["gender"] == "T", "value"] = 70.1  # Kolada's revised value (the snapshot says 69,6)
    (tmp_path / "mal.csv").write_text(TARGETS, encoding="utf-8")
    with (
        serving(served) as fake,
        streamlit_server(small_store_path, tmp_path / "streamlit.log") as url,
        playwright.sync_playwright() as p,
    ):
        env = {**os.environ, "TRAPPAN_DB": str(small_store_path), "KOLADA_BASE_URL": fake.base_url}
        commands = [
            ["loaders", "status"],
            ["loaders", "import-targets", str(tmp_path / "mal.csv")],
            ["loaders", "fetch", "--kpi", "N15419", "--years", "2019", "--municipality", "1880"],
            ["analysis", "rank", "--kpi", "N15419", "--year", "2019", "--gender", "T", "--format", "csv"],
            ["dashboard.export", "excel", "--municipality", "1880", "--kpi", "N15419", "--year", "2019",
             "--out", str(tmp_path / "data.xlsx")],
            ["loaders", "build"],  # the full snapshot: the fetched 70,1 must outlive it
            ["loaders", "status"],
        ]  # fmt: skip
        results: list[subprocess.CompletedProcess] = []
        worker = threading.Thread(target=lambda: results.extend(run(c, env) for c in commands))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
            page.goto(url + OREBRO_2019, timeout=120_000)
            wait_until_idle(page)
            page.get_by_text("69,6 %").first.wait_for(timeout=60_000)
            worker.start()
            clicks = 0
            while worker.is_alive():  # people keep clicking while the loads publish
                click(page, ("Nyckeltal", "Översikt")[clicks % 2])
                clicks += 1
            worker.join()
            for command, done in zip(commands, results):
                assert done.returncode == 0, (command, done.stderr[-2000:])
                assert "används av ett annat program" not in done.stderr and "Traceback" not in done.stderr
            rank = next(r for c, r in zip(commands, results) if c[0] == "analysis").stdout
            assert any(line.startswith("1880,") and ",70.1," in line for line in rank.splitlines())
            click(page, "Översikt")  # the next click: the newest version, no restart
            page.get_by_text("70,1 %").first.wait_for(timeout=60_000)
            click(page, "Analystrappan")
            page.get_by_text("Mål minst 72,0 % (2019): nås inte – 70,1 % mot 72,0 %").first.wait_for(timeout=60_000)
        finally:
            browser.close()
    assert clicks >= 3, clicks
    assert "Hämtat 3 värden" in results[2].stdout
    assert (tmp_path / "data.xlsx").stat().st_size > 0


@pytest.mark.browser
def test_two_servers_share_peoples_work(small_store_path, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with (
        streamlit_server(small_store_path, tmp_path / "a.log") as url_a,
        streamlit_server(small_store_path, tmp_path / "b.log") as url_b,
        playwright.sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            a = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
            b = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
            for page, url in ((a, url_a), (b, url_b)):
                page.goto(url + OREBRO_2019 + "&kpi=N15419", timeout=120_000)
                wait_until_idle(page)
                click(page, "Data")
            # server A: a direction edit, with its reason
            a.get_by_text("Ingen riktning (varken bättre eller sämre)", exact=True).last.click()
            a.get_by_label("Skäl till ändringen").fill("Delas mellan två servrar")
            a.get_by_label("Ditt namn").last.fill("Bo")
            a.get_by_role("button", name="Spara riktning").click()
            wait_until_idle(a)
            a.get_by_text("är nu: Ingen riktning").first.wait_for(timeout=60_000)
            # server B: its next click shows it, without a restart
            click(b, "Översikt")
            click(b, "Data")
            b.get_by_text("Skäl: Delas mellan två servrar").first.wait_for(timeout=60_000)
        finally:
            browser.close()
