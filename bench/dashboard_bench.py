"""Dashboard speed: cold start to Översikt's first chart beside a bare Streamlit page (the floor),
the map's warm render, AppTest re-render time, and interaction time with 10 concurrent browser
sessions against one server on 127.0.0.1.

Prints figures and ratios against the goals (first chart < 3 s, map < 1 s, re-render < 300 ms) and
against baselines from the same run (the bare page started the same way, alternating with
Trappan so both see the same machine load; a re-run with nothing changed; one session alone).
The machine is shared: each cold start is repeated (--runs) and the median printed with the load
average. Trappan is started as scripts/run.sh starts it (dashboard/serve.py); both are timed from the
server process's start to the chart drawn (checked on every animation frame). The next visitors on
a warm server (new browser context) show what the page itself costs in the browser, beside the bare
page's. Uses the store at TRAPPAN_DB or data/trappan.duckdb (build it first: python -m loaders
build); the store must not be open in another process (e.g. a running dashboard).

    python3 bench/dashboard_bench.py [--runs 5] [--sessions 10] [--changes 20] [--only cold|map]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.db import db_path  # noqa: E402
from tests.dashboard_support import APP, CHROMIUM, CHROMIUM_ARGS, SERVER, streamlit_server, wait_until_idle  # noqa: E402

GOAL_FIRST_CHART = 3.0
GOAL_RERENDER = 0.300
GOAL_MAP = 1.0
URL_VIEW = "/?kommun=1880&ar=2019"
# Gender → Örebro's N15419 2019 value: the first scorecard cell proves the re-run finished.
GENDER_VALUE = {"Kvinnor": "72,0 %", "Män": "67,3 %", "Totalt": "69,6 %"}
FIRST_VALUE_CELL = '[data-testid="stTable"] td.row0.col1'


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


# The bare floor: Streamlit itself drawing one Plotly chart, started and measured the same way.
BARE_APP = """
import plotly.graph_objects as go
import streamlit as st

st.title("Bare")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])), key="bare")
"""
# Översikt's first chart is the ranking (the warm-up chart app.py sends first is empty and removed).
FIRST_CHART = ".st-key-overview_ranking .js-plotly-plot .main-svg"
BARE_CHART = ".st-key-bare .js-plotly-plot .main-svg"


# Drawn = in the page with a size and not hidden (what Playwright calls visible), checked on every
# animation frame: Playwright's own wait_for_selector polls every 500 ms after its first tries, which
# added 0–0,5 s at random to every figure (the floor's as much as Trappan's).
DRAWN = """(sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible';
}"""


def wait_drawn(page, selector: str) -> None:
    page.wait_for_function(DRAWN, arg=selector, polling="raf", timeout=120_000)


def first_chart(db: Path, app: Path, path: str, selector: str) -> tuple[float, float]:
    """(server start → health answer, server start → the chart `selector` drawn in a fresh chromium)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with streamlit_server(db, Path(tmp) / "streamlit.log", app=app) as url:
            healthy = time.perf_counter() - started
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url + path)
                wait_drawn(page, selector)
                drawn = time.perf_counter() - started
                browser.close()
    return healthy, drawn


def cold_starts(db: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """(Trappan's first chart, the bare floor, the 1-minute load average before each pair): cold
    server starts, Trappan and the bare page alternating so both see the same load."""
    trappan, bare, load = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        bare_app = Path(tmp) / "bare.py"
        bare_app.write_text(BARE_APP, encoding="utf-8")
        for _ in range(runs):
            load.append(os.getloadavg()[0])
            trappan.append(first_chart(db, SERVER, URL_VIEW, FIRST_CHART)[1])
            bare.append(first_chart(db, bare_app, "/", BARE_CHART)[1])
    return trappan, bare, load


def warm_visitors(db: Path, app: Path, path: str, selector: str, visitors: int = 3) -> list[float]:
    """Next visitors once the server is warm, each in a new browser context (empty browser cache):
    what is left is the page's own work in the browser and its (cached) run."""
    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(db, Path(tmp) / "streamlit.log", app=app) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + path)
            wait_drawn(page, selector)
            wait_until_idle(page)  # the first visit's run (scorecard, map) done: the server is warm, not busy
            for _ in range(visitors):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(url + path)
                wait_drawn(page, selector)
                out.append(time.perf_counter() - t0)
                wait_until_idle(page)
                context.close()
            browser.close()
    return out


# The map's y range starts south of the county once zoomed: Örebro län lies north of 58,6° N.
MAP_ZOOMED = """() => {
    const gd = document.querySelector('.st-key-overview_map .js-plotly-plot');
    return !!(gd && gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo.lataxis.range[0] > 58.4);
}"""
MAP_SWEDEN = MAP_ZOOMED.replace("> 58.4", "< 56")


def map_renders(db: Path, rounds: int) -> list[float]:
    """Seconds from choosing a county in 'Zooma till län' to the redrawn map, on a warm page
    (the map, its figure and its JSON made again by the server; the browser redraws 290 polygons)."""
    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(db, Path(tmp) / "streamlit.log") as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + URL_VIEW)
            page.wait_for_selector(".st-key-overview_map", timeout=120_000).scroll_into_view_if_needed()
            page.wait_for_selector(
                ".st-key-overview_map .js-plotly-plot .choroplethlocation", state="attached", timeout=120_000
            )
            for i in range(rounds):
                label, done = ("Region Örebro län", MAP_ZOOMED) if i % 2 == 0 else ("Hela Sverige", MAP_SWEDEN)
                page.locator(".st-key-overview_map_county input").click()
                page.keyboard.type(label)
                page.get_by_role("option", name=label, exact=True).wait_for(timeout=30_000)
                t0 = time.perf_counter()
                page.keyboard.press("Enter")
                page.wait_for_function(done, timeout=60_000, polling=20)
                out.append(time.perf_counter() - t0)
                wait_until_idle(page)
            browser.close()
    return out


def map_figure_times(db: Path, n: int = 20) -> list[float]:
    """Seconds to build the map figure and its JSON in Python, warm (data and boundaries loaded)."""
    import plotly.io as pio

    from analysis.scorecard import ranking
    from dashboard import charts, maps
    from store.db import connect

    con = connect(db, read_only=True)
    try:
        ranked = ranking(con, "N15419", 2019, "T")
    finally:
        con.close()
    text = charts.ChartText("Elever i åk 9 som uppnått betygskriterierna i alla ämnen", "Örebro, 2019, Totalt")
    maps.municipality_map(ranked, "1880", text)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fig = maps.municipality_map(ranked, "1880", text, county_id="0018" if i % 2 else None)
        pio.to_json(fig, validate=False)
        out.append(time.perf_counter() - t0)
    return out


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
    ap.add_argument("--runs", type=int, default=5, help="cold starts of Trappan and of the bare page")
    ap.add_argument("--map-rounds", type=int, default=8, help="county changes on the map")
    ap.add_argument("--only", choices=("cold", "map", "all"), default="all", help="just one part")
    args = ap.parse_args()
    db = db_path()
    if not db.exists():
        sys.exit(f"No store at {db}: run python -m loaders build first.")

    if args.only in ("cold", "all"):
        report_cold(db, args.runs)
    if args.only in ("map", "all"):
        report_map(db, args.map_rounds)
    if args.only == "all":
        report_interaction(db, args.sessions, args.rounds, args.changes)


def report_cold(db: Path, runs: int) -> None:
    trappan, bare, load = cold_starts(db, runs)
    med, floor = statistics.median(trappan), statistics.median(bare)
    print(
        f"cold start to first chart ({runs} cold server starts each, alternating; 1-min load average "
        f"{min(load):.1f}–{max(load):.1f} on {os.cpu_count()} cores):"
    )
    print(f"  Översikt (ranking chart): median {med:.2f} s  [{_secs(trappan)}]")
    print(f"  bare Streamlit page, one st.plotly_chart (floor): median {floor:.2f} s  [{_secs(bare)}]")
    print(
        f"  Översikt − floor = {med - floor:+.2f} s; Översikt / floor = {med / floor:.2f}; "
        f"median / goal {GOAL_FIRST_CHART:.0f} s = {med / GOAL_FIRST_CHART:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bare_app = Path(tmp) / "bare.py"
        bare_app.write_text(BARE_APP, encoding="utf-8")
        warm_bare = warm_visitors(db, bare_app, "/", BARE_CHART)
    warm = warm_visitors(db, SERVER, URL_VIEW, FIRST_CHART)
    print(
        f"  next visitors (warm server, new browser context): Översikt median {statistics.median(warm):.2f} s "
        f"[{_secs(warm)}], bare page {statistics.median(warm_bare):.2f} s [{_secs(warm_bare)}]"
    )


def report_map(db: Path, rounds: int) -> None:
    renders = map_renders(db, rounds)
    figure = map_figure_times(db)  # after the server: this process then holds the store a moment
    print(
        f"map: warm render in chromium (county chosen → map redrawn) median {statistics.median(renders) * 1000:.0f} ms, "
        f"max {max(renders) * 1000:.0f} ms ({len(renders)} changes); median / goal {GOAL_MAP * 1000:.0f} ms = "
        f"{statistics.median(renders) / GOAL_MAP:.2f}"
    )
    print(f"  of which the figure and its JSON in Python: median {statistics.median(figure) * 1000:.0f} ms")


def report_interaction(db: Path, sessions: int, rounds: int, changes: int) -> None:
    alone, many = concurrent(db, sessions, rounds)
    print(
        f"browser interaction (gender change until the new value shows): 1 session median "
        f"{statistics.median(alone) * 1000:.0f} ms; {sessions} concurrent sessions median "
        f"{statistics.median(many) * 1000:.0f} ms, p95 {pct(many, 0.95) * 1000:.0f} ms ({len(many)} interactions)"
    )
    print(f"  ratio concurrent / alone (median) = {statistics.median(many) / statistics.median(alone):.2f}")

    # Last: AppTest opens the store in this process, after which no server process could.
    times, idle = rerenders(db, changes)
    med, base = statistics.median(times), statistics.median(idle)
    print(
        f"re-render (AppTest, {len(times)} widget changes): median {med * 1000:.0f} ms, "
        f"p95 {pct(times, 0.95) * 1000:.0f} ms, first pass (cold caches) median "
        f"{statistics.median(times[:10]) * 1000:.0f} ms, second pass {statistics.median(times[10:] or times) * 1000:.0f} ms"
    )
    print(f"  baseline: re-run with nothing changed, median {base * 1000:.0f} ms; ratio {med / base:.2f}")
    print(f"  median / goal {GOAL_RERENDER * 1000:.0f} ms = {med / GOAL_RERENDER:.2f}")


def _secs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
