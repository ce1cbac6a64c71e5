"""Text from data and people stays text in the app: an own peer set named like a Markdown image, and
an own KPI whose title carries HTML, a link and an image, are shown as the characters they are —
never rendered by Streamlit's Markdown (titles, captions, alerts, metrics, st.table cells) nor by
Plotly (chart titles, legends, ticks, hover). The browser test is the proof that matters: no
request to the tracking address is ever made."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from analysis.format import md_text
from dashboard.ui import WORD_JOINER, plain
from loaders.files import import_values
from store import write
from store.db import Store
from tests.dashboard_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    app_test,
    copy_store,
    streamlit_server,
    wait_until_idle,
)

TRACK = "http://127.0.0.1:9/track.png"
PEER_NAME = f"![t]({TRACK}) <b>x</b> :red[röd] $x$"
KPI_TITLE = (
    '<b>Fet</b> <a href="http://127.0.0.1:9/a">länk</a> <img src="http://127.0.0.1:9/i.png"> '
    f'=HYPERLINK("http://x","y") ![t]({TRACK}), kr/inv'
)
# Any of these in what Streamlit renders as Markdown, or raw in a Plotly figure, would be drawn.
MARKDOWN_RAW = ("![t](", "<b>", "<a href", "<img", ":red[", "$x$", "http://127.0.0.1")
UNESCAPED = re.compile("|".join(r"(?<!\\)" + re.escape(raw) for raw in MARKDOWN_RAW))
PLOTLY_RAW = ("<b>Fet", "<b>x", "<a href", "<img")
# Elements that show text as is (no Markdown): checked for Plotly markup only, or not at all.
PLAIN_ELEMENTS = {"dataframe", "selectbox", "multiselect", "text_input", "text_area", "download_button"}
OWN_KPI_CSV = (
    "kpi_id,kpi_title,unit,direction,operating_area,description,year,municipality_id,gender,value\n"
    + "".join(
        f'EGEN-X,"{KPI_TITLE.replace(chr(34), chr(34) * 2)}",kr/inv,lower,Grundskola åk 0-9 inkl förskoleklass,'
        f"\"=cmd|' /C calc'!A0 ![t]({TRACK})\",{year},{m},T,{value}\n"
        for year in (2018, 2019)
        for m, value in (("1880", 22345.7), ("1881", 22845.7), ("1980", 21645.7), ("1283", 22645.7))
    )
)


@pytest.fixture
def hostile_store(small_store_path, tmp_path):
    """The small store with an own KPI (EGEN-X) and an own peer set (own:OWN1, Örebro's) named
    hostilely — through the same import and write the Data page uses."""
    csv = tmp_path / "egna.csv"
    csv.write_text(OWN_KPI_CSV, encoding="utf-8")
    store = Store(small_store_path)
    import_values(store, csv)
    gid = write.save_own_group(store, PEER_NAME, ["1881", "1980", "1283"], "=cmd|' /C calc'!A0", "1880")
    store.close()
    assert gid == "OWN1"
    return small_store_path


VIEW = {"kommun": "1880", "ar": "2019", "omrade": "grundskola", "jmf": "own:OWN1", "kpi": "EGEN-X"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"![t]({TRACK})", f"\\!\\[t\\](http:{WORD_JOINER}//127.0.0.1:9/track.png)"),
        ("<b>fet</b> & <img src=x>", "\\<b\\>fet\\</b\\> \\& \\<img src=x\\>"),
        (":red[röd] $x$ **b** _i_ `c`", f":{WORD_JOINER}red\\[röd\\] \\$x\\$ \\*\\*b\\*\\* \\_i\\_ \\`c\\`"),
        ("Källa: Kolada, :material/home: :smile:", f"Källa: Kolada, :{WORD_JOINER}material/home: :{WORD_JOINER}smile:"),
        ("- a list?", "\\- a list?"),
        ("12. a list?", "12\\. a list?"),
        ("anna@orebro.se www.orebro.se", f"anna{WORD_JOINER}@orebro.se www{WORD_JOINER}.orebro.se"),
        ("Örebro 69,6 % andel (%) (N15419)", "Örebro 69,6 % andel (%) (N15419)"),
        ("två\nrader", "två rader"),
    ],
)
def test_plain_escapes_what_markdown_would_render(text, shown):
    assert plain(text) == shown


@pytest.mark.parametrize(
    ("text", "every_punctuation", "written"),
    [
        (f"![t]({TRACK}) <b>", False, f"\\!\\[t\\](http:{WORD_JOINER}//127.0.0.1:9/track.png) \\<b\\>"),
        ("andel (%) (N15419), 69,6 %", False, "andel (%) (N15419), 69,6 %"),
        ("anna@orebro.se\nwww.orebro.se", False, f"anna{WORD_JOINER}@orebro.se www{WORD_JOINER}.orebro.se"),
        ("![x](http://e.se) =cmd", True, "\\!\\[x\\]\\(http\\:\\/\\/e\\.se\\) \\=cmd"),
        (None, False, ""),
    ],
)
def test_the_reports_escaper_writes_text_as_literal_markdown(text, every_punctuation, written):
    assert md_text(text, every_punctuation) == written


def test_plain_is_the_reports_escaper_plus_streamlits_directives():
    text = "Källa: Kolada :red[röd] ![t](http://x.se) - a"
    assert plain(text) == md_text(text).replace(":red", f":{WORD_JOINER}red")
    assert plain("- a list?") == "\\" + md_text("- a list?")


def _elements(node):
    for child in node.children.values():
        if hasattr(child, "children") and child.children:
            yield from _elements(child)
        elif hasattr(child, "proto"):
            yield child


def _strings(value) -> list[str]:
    """Every string in an element's message (labels, bodies, options …)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def rendered_problems(at) -> list[str]:
    """Every place on the page where hostile text would be drawn: raw Markdown in an element that
    renders Markdown, raw tags in a Plotly figure."""
    problems = []
    for element in [e for root in (at.main, at.sidebar) for e in _elements(root)]:
        kind = element.type
        if kind == "plotly_chart":
            spec = json.dumps(json.loads(element.proto.spec))
            problems += [f"plotly: {raw}" for raw in PLOTLY_RAW if raw in spec]
        elif kind == "table":
            df = element.value
            texts = [str(v) for v in [*df.columns, *df.index, *df.to_numpy().ravel()]]
            problems += [f"table: {m.group()}" for text in texts for m in UNESCAPED.finditer(text)]
        elif kind not in PLAIN_ELEMENTS:
            texts = _strings(MessageToDict(element.proto))
            problems += [f"{kind}: {m.group()}" for text in texts for m in UNESCAPED.finditer(text)]
    return problems


@pytest.mark.parametrize(
    "page", ["views/1_Oversikt.py", "views/2_Nyckeltal.py", "views/3_Jamfor.py", "views/5_Analystrappan.py"]
)
def test_hostile_names_are_shown_not_rendered(hostile_store, monkeypatch, page):
    at = app_test(hostile_store, monkeypatch, **VIEW)
    at.switch_page(page).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert rendered_problems(at) == []


def test_hostile_kpi_title_is_the_nyckeltal_title_as_text(hostile_store, monkeypatch):
    at = app_test(hostile_store, monkeypatch, **VIEW)
    at.switch_page("views/2_Nyckeltal.py").run()
    assert at.title[0].value == plain(KPI_TITLE)
    # the value in whole kronor: 22 345,7 → 22 346 kr/inv
    assert at.metric[0].value == "22 346 kr/inv"


def test_hostile_peer_set_name_is_in_the_overview_caption_as_text(hostile_store, monkeypatch):
    at = app_test(hostile_store, monkeypatch, **VIEW)
    assert [c.value for c in at.caption if plain(PEER_NAME) in c.value], [c.value for c in at.caption]


@pytest.mark.browser
def test_browser_never_fetches_the_tracking_address(hostile_store, tmp_path):
    """The real app in Chromium: Översikt, Nyckeltal, Jämför and Analystrappan with the hostile peer
    set and KPI. Every request is logged; none goes to 127.0.0.1:9, no <img>/<a> points there,
    and the names are on the page as text."""
    playwright = pytest.importorskip("playwright.sync_api")
    db = copy_store(hostile_store, tmp_path)
    requests: list[str] = []
    query = "&".join(f"{k}={v}" for k, v in VIEW.items())
    with streamlit_server(db, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="sv-SE")
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{url}/?{query}", timeout=120_000)
            wait_until_idle(page)
            texts = []
            for name in ("Översikt", "Nyckeltal", "Jämför", "Analystrappan"):
                if name != "Översikt":
                    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
                    wait_until_idle(page)
                page.wait_for_timeout(1500)  # Plotly draws after the run
                assert page.locator('[data-testid="stException"]').count() == 0, name
                linked = page.locator('img[src*="127.0.0.1:9"], a[href*="127.0.0.1:9"], image[href*="127.0.0.1:9"]')
                assert linked.count() == 0, name
                texts.append(page.locator('[data-testid="stMain"]').inner_text().replace(WORD_JOINER, ""))
        finally:
            browser.close()
    assert [r for r in requests if "127.0.0.1:9/" in r] == []
    assert f"![t]({TRACK})" in texts[0]  # Översikt names the peer set, as text
    assert "<b>Fet</b>" in texts[1]  # the KPI's title on Nyckeltal, as text
