"""The municipality map: the boundaries made once by loaders/geo.py (data/geo/), the figure
dashboard/maps.py draws from the app's ranking, and the click that chooses a municipality.

Hand-checked facts (full store, SELECT … FROM observation WHERE gender = 'T'): N15419 2019 has a
value for all 290 municipalities; Örebro (1880) 69,6 %, rank 177 of 290 (176 are higher), so the
middle 50 %. N01951 (invånare, direction none) 2019: 2 408 (Bjurholm 2403) to 974 073 (Stockholm
0180). Region Örebro län is county 0018; its municipalities lie between 58,6° and 59,9° N.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from analysis.scorecard import ranking
from dashboard import charts, maps
from loaders import geo
from store import queries

TEXT = charts.ChartText("Elever i åk 9 som uppnått betygskriterierna i alla ämnen", "Örebro, 2019, Totalt")


def rings(feature: dict) -> list[list[list[float]]]:
    g = feature["geometry"]
    return g["coordinates"] if g["type"] == "Polygon" else [r for poly in g["coordinates"] for r in poly]


def signed_area(ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads((maps.GEO_DIR / "kommuner.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def n15419(full_store):
    return ranking(full_store, "N15419", 2019, "T")


def choropleth(fig):
    return next(tr for tr in fig.data if tr.type == "choropleth")


# --- the shipped boundaries --------------------------------------------------------------------


def test_boundaries_cover_the_stores_290_municipalities(shipped, small_store):
    ids = [f["id"] for f in shipped["features"]]
    assert len(ids) == 290 and set(ids) == set(queries.municipalities(small_store)["municipality_id"])


@pytest.mark.parametrize(("name", "limit_kb"), [("kommuner.geojson", 300), ("lansgranser.geojson", 40)])
def test_boundary_files_stay_small(name, limit_kb):
    assert (maps.GEO_DIR / name).stat().st_size < limit_kb * 1024


def test_exterior_rings_turn_clockwise_for_d3(shipped):
    """d3-geo (Plotly.js) fills an anticlockwise exterior as 'the whole globe but this'."""
    for f in shipped["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        assert all(signed_area(poly[0]) < 0 for poly in polys), f["id"]


def points_of(feature: dict) -> set[tuple[float, float]]:
    return {(x, y) for ring in rings(feature) for x, y in ring}


def test_neighbours_in_a_county_keep_their_common_vertices(shipped):
    """Örebro (1880) and Kumla (1881) share a border in the source: simplified once, both keep
    the same vertices on it (no sliver or gap between them)."""
    by_id = {f["id"]: f for f in shipped["features"]}
    assert len(points_of(by_id["1880"]) & points_of(by_id["1881"])) >= 3


def county_line_points() -> list[tuple[float, float]]:
    lines = json.loads((maps.GEO_DIR / "lansgranser.geojson").read_text(encoding="utf-8"))
    return [(x, y) for f in lines["features"] for line in f["geometry"]["coordinates"] for x, y in line]


def grid(points, cell: float) -> dict[tuple[int, int], list[tuple[float, float]]]:
    out: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for x, y in points:
        out.setdefault((int(x // cell), int(y // cell)), []).append((x, y))
    return out


def near(p, index, cell: float) -> list[tuple[float, float]]:
    i, j = int(p[0] // cell), int(p[1] // cell)
    around = (q for di in (-1, 0, 1) for dj in (-1, 0, 1) for q in index.get((i + di, j + dj), ()))
    return [q for q in around if abs(p[0] - q[0]) < cell and abs(p[1] - q[1]) < cell]


def test_every_county_border_is_drawn(shipped):
    """Where municipalities of two counties meet (vertices within 500 m), a county line runs along
    the whole contact: also where the source drew the two sides separately (Södertälje 0181 –
    Trosa 0488)."""
    lines = grid(county_line_points(), 0.01)
    by_county = {}
    for f in shipped["features"]:
        by_county.setdefault(f["properties"]["lan"], set()).update(points_of(f))
    indexes = {c: grid(pts, 0.005) for c, pts in by_county.items()}
    missing = []
    for a, pts in sorted(by_county.items()):
        for b, index in indexes.items():
            if b <= a:
                continue
            contact = [p for p in pts if near(p, index, 0.005)]
            drawn = sum(1 for p in contact if near(p, lines, 0.01))
            if len(contact) >= 3 and drawn < 0.95 * len(contact):
                missing.append((a, b, drawn, len(contact)))
    assert missing == []  # with shared arcs only: Kalmar–Blekinge 3 of 16, Stockholm–Sörmland 15 of 31


def test_no_county_line_along_an_open_coast(shipped):
    """Gotland (0980) is a county of one island: no county line near it."""
    gotland = points_of(next(f for f in shipped["features"] if f["id"] == "0980"))
    lon0, lat0 = min(x for x, _ in gotland), min(y for _, y in gotland)
    lon1, lat1 = max(x for x, _ in gotland), max(y for _, y in gotland)
    assert not [
        p for p in county_line_points() if lon0 - 0.05 < p[0] < lon1 + 0.05 and lat0 - 0.05 < p[1] < lat1 + 0.05
    ]


def test_shared_arc_is_simplified_once():
    """Two squares sharing a wiggly edge: both keep the same simplified edge, and the outer,
    straight sides lose their collinear points."""
    shared = [(1.0, 0.0), (1.001, 0.25), (1.0, 0.5), (1.3, 0.75), (1.0, 1.0)]  # one real bend at y 0,75
    left = [(0.0, 0.0), *shared, (0.0, 1.0), (0.0, 0.5), (0.0, 0.0)]
    right = [*reversed(shared), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)]
    source = {
        "features": [
            {"properties": {"id": "0001", "lan_code": "01"}, "geometry": {"type": "Polygon", "coordinates": [left]}},
            {"properties": {"id": "0002", "lan_code": "02"}, "geometry": {"type": "Polygon", "coordinates": [right]}},
        ]
    }
    munis, borders = geo.simplify(source, tolerance=0.01)
    a, b = ([tuple(p) for p in f["geometry"]["coordinates"][0]] for f in munis["features"])
    assert (0.0, 0.5) not in a and (1.001, 0.25) not in a and (1.3, 0.75) in a
    assert set(a) & set(b) == {(1.0, 0.0), (1.0, 0.5), (1.3, 0.75), (1.0, 1.0)}
    assert signed_area(a) < 0 and signed_area(b) < 0
    assert [sorted(map(tuple, line)) for line in borders["features"][0]["geometry"]["coordinates"]] == [
        sorted([(1.0, 0.0), (1.0, 0.5), (1.3, 0.75), (1.0, 1.0)])
    ]


def test_douglas_peucker_drops_points_on_a_straight_line():
    assert geo.douglas_peucker([(0.0, 60.0), (0.5, 60.0), (1.0, 60.0)], 0.001) == [(0.0, 60.0), (1.0, 60.0)]


# --- the figure ----------------------------------------------------------------------------------


def test_map_colours_every_municipality_by_the_apps_quartile(n15419):
    fig = maps.municipality_map(n15419, "1880", TEXT, "higher", "%")
    tr = choropleth(fig)
    assert len(tr.locations) == 290
    by_id = dict(zip(tr.locations, tr.customdata))
    assert list(by_id["1880"][:4]) == ["Örebro", "69,6 %", "Plats 177 av 290 · Mellersta 50 %", "1880"]
    quartile_of = dict(zip(n15419["municipality_id"], n15419["quartile"]))
    order = [q for q in charts.QUARTILE_ORDER if q != "none"]
    assert all(order[int(z)] == quartile_of[m] for m, z in zip(tr.locations, tr.z))


def test_map_legend_names_each_colour(n15419):
    fig = maps.municipality_map(n15419, "1880", TEXT, "higher", "%")
    legend = [(tr.name, tr.marker.color) for tr in fig.data if tr.showlegend]
    assert legend == [
        ("Bästa 25 %", charts.QUARTILE_COLOURS["green"]),
        ("Mellersta 50 %", charts.QUARTILE_COLOURS["yellow"]),
        ("Sämsta 25 %", charts.QUARTILE_COLOURS["red"]),
    ]


def test_map_needs_no_topojson_from_a_cdn(n15419):
    """Plotly.js fetches a world topojson when a base layer is shown or the first trace uses
    `locations`: the first trace is the county borders (lon/lat) and every layer is off."""
    fig = maps.municipality_map(n15419, "1880", TEXT)
    assert fig.data[0].type == "scattergeo" and fig.data[0].locations is None and len(fig.data[0].lon) > 100
    g = fig.layout.geo
    assert g.visible is False
    assert not any(
        getattr(g, f"show{layer}")
        for layer in ("land", "ocean", "lakes", "rivers", "countries", "coastlines", "subunits", "frame")
    )


def test_chosen_municipality_is_outlined(n15419):
    fig = maps.municipality_map(n15419, "2029", TEXT)
    outline = [tr for tr in fig.data if tr.type == "scattergeo" and tr.name == "Leksand"]
    assert [tr.line.color for tr in outline] == ["#FFFFFF", maps.OUTLINE_COLOUR]  # black on a white halo
    lon = [x for x in outline[1].lon if x is not None]
    assert 14.0 < min(lon) and max(lon) < 16.0  # Leksand lies around 15° E


def test_county_zoom_shows_that_county(n15419):
    fig = maps.municipality_map(n15419, "1880", TEXT, county_id="0018")
    lat0, lat1 = fig.layout.geo.lataxis.range
    assert fig.layout.geo.fitbounds is False and 58.4 < lat0 < 58.7 and 59.9 < lat1 < 60.2
    assert len(choropleth(fig).locations) == 290  # the rest of Sweden stays drawn around it


def test_undirected_kpi_is_coloured_by_value_classes(full_store):
    population = ranking(full_store, "N01951", 2019, "T")
    fig = maps.municipality_map(population, "2029", TEXT, "none", "antal")
    legend = [tr.name for tr in fig.data if tr.showlegend]
    assert len(legend) == 5 and legend[0].startswith("2 408–") and legend[-1].endswith("–974 073")
    assert not any(name in legend for name in ("Bästa 25 %", "Sämsta 25 %"))  # no good or bad


def test_kpi_without_spread_says_so_instead_of_quartiles(full_store):
    """N05406 2021: 284 of 290 municipalities have 1 (SELECT count(*) … WHERE value = 1 → 284), so
    no quartile is honest; the map says why, in the app's words."""
    fig = maps.municipality_map(ranking(full_store, "N05406", 2021, "T"), "1880", TEXT, "higher", "")
    assert [tr.name for tr in fig.data if tr.showlegend] == ["Ingen spridning: 98 % har 1"]


def test_municipalities_without_a_value_are_grey_and_say_so(n15419):
    partial = n15419.copy()
    partial.loc[partial["municipality_id"] == "2403", ["value", "rank", "n"]] = None
    fig = maps.municipality_map(partial, "1880", TEXT)
    tr = choropleth(fig)
    i = list(tr.locations).index("2403")
    assert list(tr.customdata[i])[:2] == ["Bjurholm", "Uppgift saknas"]
    assert "Uppgift saknas" in [t.name for t in fig.data if t.showlegend]


def test_map_table_holds_the_numbers_for_excel(n15419):
    from dashboard.export.chart_files import chart_table

    table = chart_table(maps.municipality_map(n15419, "1880", TEXT, "higher", "%"))
    assert list(table.columns) == ["Kommunkod", "Kommun", "Värde", "Placering", "Antal med värde", "Färg i kartan"]
    orebro = table[table["Kommunkod"] == "1880"].iloc[0].tolist()
    assert orebro == ["1880", "Örebro", pytest.approx(69.6), 177, 290, "Mellersta 50 %"]
    assert len(table) == 290 and table["Placering"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"points": [{"customdata": ["Leksand", "77,0 %", "", "2029", 77.0, 1, 2, ""]}]}}, "2029"),
        ({"selection": {"points": [{"location": "2403"}]}}, "2403"),
        ({"selection": {"points": []}}, None),
        (None, None),
    ],
)
def test_clicked_municipality(event, expected):
    assert maps.clicked_municipality(event) == expected


def test_map_exports_as_png_svg_and_pdf(n15419):
    from dashboard.downloads import render_image

    fig = maps.municipality_map(n15419, "1880", replace(TEXT, caption=charts.caption_for(None)))
    svg = render_image(fig, "svg").decode("utf-8")
    assert "Källa: Kolada" in svg and svg.count('class="choroplethlocation"') == 290
    assert render_image(fig, "png")[:4] == b"\x89PNG" and render_image(fig, "pdf")[:4] == b"%PDF"


def test_map_is_a_deck_slide(full_store):
    from pptx import Presentation

    from dashboard.export.content import DeckRequest, deck_content
    from dashboard.export.deck import render_deck
    from dashboard.export.map_slide import map_slide

    req = DeckRequest("1880", 2019, kpi_ids=("N15419",))
    slide = map_slide(full_store, req, "N15419")
    assert choropleth(slide.figure) is not None and slide.figure.layout.title.text in (None, "")
    assert slide.key_figures[0].value == "69,6\u00a0%"
    assert slide.chart_data.iloc[0]["Kommun"] == "Älvsbyn"  # rank 1 in 2019 (96,3 %)
    deck = deck_content(full_store, req)
    pptx = render_deck(replace(deck, slides=(*deck.slides, slide)))
    shapes = [s.shape_type for s in list(Presentation(io.BytesIO(pptx)).slides)[2].shapes]
    assert 13 in shapes  # the map's picture on the third slide (title, KPI, map, method)


# Where municipality `target` is drawn on the Översikt map: the centre of its path's box.
MUNICIPALITY_BOX = """(target) => {
    const gd = document.querySelector('.st-key-overview_map .js-plotly-plot');
    const trace = gd._fullData.findIndex(t => t.type === 'choropleth');
    const i = Array.from(gd._fullData[trace].locations).indexOf(target);
    const path = gd.querySelectorAll('.choroplethlocation')[i];
    path.scrollIntoView({block: 'center'});
    const r = path.getBoundingClientRect();
    return {x: r.x + r.width / 2, y: r.y + r.height / 2, paths: gd.querySelectorAll('.choroplethlocation').length};
}"""


@pytest.mark.browser
def test_map_in_chromium_draws_offline_hovers_and_chooses(full_store_path, tmp_path):
    """Örebro 2019: the map draws all 290 municipalities with no request leaving 127.0.0.1; the
    hover over Leksand names it with value and rank (74,7 %, 110 of 290: 109 higher, by SQL); a
    click chooses it (sidebar, title and URL follow)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.dashboard_support import CHROMIUM, CHROMIUM_ARGS, copy_store, streamlit_server, wait_until_idle

    db = copy_store(full_store_path, tmp_path)
    with streamlit_server(db, tmp_path / "streamlit.log") as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="sv-SE")
            outside = []
            local = ("data:", "blob:", url)
            page.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
            page.goto(f"{url}/?kommun=1880&ar=2019&kpi=N15419", timeout=120_000)
            wait_until_idle(page)
            page.locator(".st-key-overview_map").scroll_into_view_if_needed()
            page.wait_for_selector(".st-key-overview_map .choroplethlocation", state="attached", timeout=60_000)
            box = page.evaluate(MUNICIPALITY_BOX, "2029")
            page.mouse.move(box["x"] - 3, box["y"] - 3)
            page.mouse.move(box["x"], box["y"])
            hover = page.locator(".st-key-overview_map .hoverlayer .hovertext")
            hover.first.wait_for(timeout=10_000)
            hover_text = hover.first.text_content()
            page.mouse.click(box["x"], box["y"])
            page.wait_for_function("() => location.search.includes('kommun=2029')", timeout=60_000)
            wait_until_idle(page)
            title = page.locator('[data-testid="stMain"] h1').first.inner_text()
        finally:
            browser.close()
    assert box["paths"] == 290
    assert outside == []
    assert "Leksand" in hover_text and "74,7 %" in hover_text and "Plats 110 av 290" in hover_text
    assert title == "Grundskola – Leksand 2019"
