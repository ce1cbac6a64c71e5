"""Dashboard speed: cold start to first chart, AppTest re-render time, and interaction time with 10
concurrent browser sessions against one server on 127.0.0.1.

Prints figures and ratios against the goals (first chart < 3 s, re-render < 300 ms) and against a
baseline from the same run (a re-run with nothing changed; one session alone). Uses the store at
TRAPPAN_DB or data/trappan.duckdb (build it first: python -m loaders build); the store must not be
open in another process (e.g. a running dashboard).

    python3 bench/dashboard_bench.py [--sessions 10] [--changes 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.db import db_path  # noqa: E402
from tests.dashboard_support import APP, CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

GOAL_FIRST_CHART = 3.0
GOAL_RERENDER = 0.300
URL_VIEW = "/?kommun=1880&ar=2019"
# Gender → Örebro's N15419 2019 value: the first scorecard cell proves the re-run finished.
GENDER_VALUE = {"Kvinnor": "72,0 %", "Män": "67,3 %", "Totalt": "69,6 %"}
FIRST_VALUE_CELL = '[data-testid="stTable"] td.row0.col1'


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def cold_start(db: Path) -> tuple[float, float, float]:
    """(server start → health answer, server start → first Plotly chart drawn in chromium, the same
    for a second visitor's fresh browser context once the server is warm)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with streamlit_server(db, Path(tmp) / "streamlit.log") as url:
            healthy = time.perf_counter() - started
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url + URL_VIEW)
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                first_chart = time.perf_counter() - started
                # a second visitor: new browser context (empty browser cache), server already warm
                t0 = time.perf_counter()
                page = browser.new_context().new_page()
                page.goto(url + URL_VIEW)
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                warm = time.perf_counter() - t0
                browser.close()
    return healthy, first_chart, warm


def rerenders(db: Path, changes: int) -> tuple[list[float], list[float]]:
    """(seconds per widget change, seconds per re-run with nothing changed) under AppTest."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["TRAPPAN_DB"] = str(db)
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.query_params.update({"kommun": "1880", "ar": "2019"})
    at.run()
    steps = [("w_ar", y) for y in (2018, 2017, 2016, 2015, 2019)] + [
        ("w_kommun", m) for m in ("0180", "1480", "1280", "0380", "1880")
    ]
    times, idle = [], []
    for i in range(changes):
        key, value = steps[i % len(steps)]
        widget = at.sidebar.selectbox(key=key)
        t0 = time.perf_counter()
        widget.set_value(value).run()
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        at.run()
        idle.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return times, idle


async def _session(browser, url: str, rounds: int, out: list[float]) -> None:
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    await page.goto(url + URL_VIEW, timeout=180_000)
    await page.wait_for_selector(FIRST_VALUE_CELL, timeout=180_000)
    for i in range(rounds):
        label = ("Kvinnor", "Män", "Totalt")[i % 3]
        t0 = time.perf_counter()
        await page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).first.click()
        await page.wait_for_function(
            "([sel, want]) => { const c = document.querySelector(sel); return c && c.innerText.trim() === want; }",
            arg=[FIRST_VALUE_CELL, GENDER_VALUE[label]],
            timeout=180_000,
            polling=50,
        )
        out.append(time.perf_counter() - t0)
        # let the rest of the run finish before the next click (not part of the measured time)
        await page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=180_000, polling=100
        )
        await page.wait_for_timeout(300)
    await page.close()


async def _concurrent(url: str, sessions: int, rounds: int) -> list[float]:
    from playwright.async_api import async_playwright

    out: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(_session(browser, url, rounds, out) for _ in range(sessions)))
        await browser.close()
    return out


def concurrent(db: Path, sessions: int, rounds: int) -> tuple[list[float], list[float]]:
    """(interaction seconds with one session alone, with `sessions` at once) against one server."""
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(db, Path(tmp) / "streamlit.log") as url:
        alone = asyncio.run(_concurrent(url, 1, rounds))
        many = asyncio.run(_concurrent(url, sessions, rounds))
    return alone, many


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--changes", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=6, help="interactions per browser session")
    args = ap.parse_args()
    db = db_path()
    if not db.exists():
        sys.exit(f"No store at {db}: run python -m loaders build first.")

    healthy, first_chart, warm = cold_start(db)
    print(f"cold start: server answers after {healthy:.2f} s; first chart drawn after {first_chart:.2f} s")
    print(f"  first chart / goal {GOAL_FIRST_CHART:.0f} s = {first_chart / GOAL_FIRST_CHART:.2f}")
    print(
        f"  next visitor (new browser context, warm server): first chart after {warm:.2f} s = goal x {warm / GOAL_FIRST_CHART:.2f}"
    )

    alone, many = concurrent(db, args.sessions, args.rounds)
    print(
        f"browser interaction (gender change until the new value shows): 1 session median "
        f"{statistics.median(alone) * 1000:.0f} ms; {args.sessions} concurrent sessions median "
        f"{statistics.median(many) * 1000:.0f} ms, p95 {pct(many, 0.95) * 1000:.0f} ms ({len(many)} interactions)"
    )
    print(f"  ratio concurrent / alone (median) = {statistics.median(many) / statistics.median(alone):.2f}")

    # Last: AppTest opens the store in this process, after which no server process could.
    times, idle = rerenders(db, args.changes)
    med, base = statistics.median(times), statistics.median(idle)
    print(
        f"re-render (AppTest, {len(times)} widget changes): median {med * 1000:.0f} ms, "
        f"p95 {pct(times, 0.95) * 1000:.0f} ms, first pass (cold caches) median "
        f"{statistics.median(times[:10]) * 1000:.0f} ms, second pass {statistics.median(times[10:] or times) * 1000:.0f} ms"
    )
    print(f"  baseline: re-run with nothing changed, median {base * 1000:.0f} ms; ratio {med / base:.2f}")
    print(f"  median / goal {GOAL_RERENDER * 1000:.0f} ms = {med / GOAL_RERENDER:.2f}")


if __name__ == "__main__":
    main()
