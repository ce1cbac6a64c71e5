"""dashboard/serve.py, the server's head start on a cold first chart: the start-up preparation
(dashboard/startup.py) and Plotly.js fetched and evaluated with the frontend (dashboard/preload.py).
How much time they save is bench/dashboard_bench.py's business; these tests hold what they do."""

from __future__ import annotations

import re
import urllib.request

import pytest

from dashboard import preload, startup
from store import versions
from tests.dashboard_support import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_until_idle

INDEX_SCRIPT = re.compile(rb'<script type="module" crossorigin src="\./static/js/index\.[\w-]+\.js"></script>')


def test_chart_tag_names_streamlits_plotly_chunk():
    tags = preload.chart_tags().decode()
    names = re.findall(r'src="\./static/js/([^"]+)"', tags)
    assert len(names) == 1 and names[0].startswith("PlotlyChart.")
    assert (preload.STATIC_JS / names[0]).stat().st_size > 1_000_000  # Plotly.js itself, not a stub


def test_no_chart_chunk_no_tag(tmp_path):
    assert preload.chart_tags(tmp_path) == b""


@pytest.mark.parametrize(
    ("html", "tags", "expected"),
    [(b"<head><script src='a'></script></head><body></body>", b"<T>", b"<head><script src='a'></script><T></head><body></body>"),
     (b"<p>no head end</p>", b"<T>", b"<p>no head end</p>"),
     (b"<head></head></head>", b"<T>", b"<head><T></head></head>"),
     (b"<head></head>", b"", b"<head></head>")],
)  # fmt: skip
def test_tag_goes_before_the_head_end(html, tags, expected):
    assert preload.with_tags(html, tags) == expected


@pytest.mark.parametrize(
    ("path", "base", "page"),
    [("/", "", True), ("/nyckeltal", "", True), ("/_stcore/health", "", False), ("/static/js/index.js", "", False),
     ("/media/abc.png", "", False), ("/component/x/index.html", "", False), ("/app/static/a.html", "", False),
     ("/trappan/nyckeltal", "trappan", True), ("/trappan/_stcore/health", "/trappan/", False)],
)  # fmt: skip
def test_only_pages_get_the_tag(path, base, page):
    assert preload.is_page(path, base) is page


def test_prepare_builds_no_store_where_none_is_published(tmp_path, monkeypatch):
    """A first start is the visitor's run's to do (it shows the build's progress): prepare opens nothing."""
    db = tmp_path / "trappan.duckdb"
    monkeypatch.setenv("TRAPPAN_DB", str(db))
    assert startup.prepare() is False
    assert versions.state(versions.Layout(db)) == "missing"
    assert list(tmp_path.iterdir()) == []


def test_prepare_opens_the_published_store(small_store_path, monkeypatch):
    from dashboard import connection

    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert startup.prepare() is True
    store = connection.store()  # the process's Store (st.cache_resource) that the first run will use
    assert store._reader is not None  # opened by prepare, not by the line below
    assert store.execute("SELECT count(*) FROM municipality").fetchone() == (312,)  # 290 + 21 regions + Riket


@pytest.mark.browser
def test_pages_carry_the_chart_chunk_which_loads_once(small_store_path, tmp_path):
    """Served by serve.py: a page's HTML has the chart chunk's tag after Streamlit's own script (an
    uncompressed page, though the browser accepts gzip); /_stcore answers unchanged; a deep link
    draws its charts with the chunk fetched once (Streamlit's own import finds the module ready)."""
    playwright = pytest.importorskip("playwright.sync_api")
    tags = preload.chart_tags()
    with streamlit_server(small_store_path, tmp_path / "streamlit.log") as url:
        request = urllib.request.Request(url + "/nyckeltal?kommun=1880", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=30) as r:
            html, length, encoding = r.read(), int(r.headers["Content-Length"]), r.headers.get("Content-Encoding")
        with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as r:
            health = r.read()
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                fetched = []
                page.on("request", lambda req: fetched.append(req.url) if "/PlotlyChart." in req.url else None)
                page.goto(url + "/nyckeltal?kommun=1880&ar=2019&kpi=N15419", timeout=120_000)
                wait_until_idle(page)
                charts = page.locator(".js-plotly-plot .main-svg").count()
            finally:
                browser.close()
    assert encoding is None and length == len(html)
    assert INDEX_SCRIPT.search(html) and html.index(tags) > INDEX_SCRIPT.search(html).end()
    assert html.count(b"PlotlyChart.") == 1
    assert health == b"ok"
    assert len(fetched) == 1 and fetched[0].endswith(tags.decode().split("./static/js/")[1].split('"')[0])
    assert charts >= 2
