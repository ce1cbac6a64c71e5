"""Sweden's 290 municipalities as a choropleth: DataFrames in, `go.Figure` out (no Streamlit), so
the pages, the chart downloads and the deck draw the same map.

Why Plotly's geo choropleth and not a tile map: it draws the polygons in data/geo/ (made once by
`python -m loaders.geo`) with no tile server and no network. Plotly.js fetches a world topojson from
its CDN for any geo subplot whose base layers are shown OR whose first trace uses `locations`
(plotly.js 4.1, `geo.plot`), so every base layer is switched off and the first trace is the county
borders, drawn from longitudes and latitudes: nothing leaves the machine (tests/test_map.py checks
it in Chromium).

Colours: the same direction-aware quartile and the same palette as every other chart
(`charts.QUARTILE_COLOURS`, each colour named in the legend), or, for a KPI without a direction,
the value on a sequential blue scale with a colour bar (never good/bad colours). The chosen
municipality is outlined in black on white, county borders are dark lines, and hovering shows
the name, the value, the rank and the quartile in words.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import wording
from analysis.format import fmt_number, fmt_value
from dashboard import charts
from i18n import t
from store.db import DATA_DIR

GEO_DIR = DATA_DIR / "geo"
MAP_HEIGHT = 760
SWEDEN = "sverige"  # the zoom choice for the whole country
# ColorBrewer "Blues", 5 classes (colour-blind safe, one hue): values that are neither good nor bad.
VALUE_COLOURS = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
BORDER_COLOUR = "#FFFFFF"
COUNTY_COLOUR = "#333333"
OUTLINE_COLOUR = "#000000"
TITLE_CHARS = 48  # the map stands in a narrow column: a long KPI title wraps onto a second line
TITLE_LINE_PX = 22
SUBTITLE_CHARS = 50
SUBTITLE_LINE_PX = 18
PAD = 0.04
# What each municipality's customdata holds (the hover shows the first three).
CUSTOM = (
    "title",
    "value_text",
    "place_text",
    "municipality_id",
    "value",
    "rank",
    "n",
    "class_label",
)  # share of the box added on every side when zooming, so edge municipalities are whole


@dataclass(frozen=True)
class Geometry:
    """The boundaries, read once per process."""

    municipalities: dict  # GeoJSON FeatureCollection; feature id = kommunkod
    county_lines: tuple[list[float | None], list[float | None]]  # lon, lat; None between lines
    bounds: dict[str, tuple[float, float, float, float]]  # county id ('0018') → lon0, lat0, lon1, lat1
    sweden: tuple[float, float, float, float]

    def outline(self, municipality_id: str) -> tuple[list[float | None], list[float | None]]:
        """The municipality's outer rings as one line (lon, lat with None between rings)."""
        lon: list[float | None] = []
        lat: list[float | None] = []
        for poly in _polygons(self._feature(municipality_id)):
            lon += [*poly[0][:, 0].tolist(), None]
            lat += [*poly[0][:, 1].tolist(), None]
        return lon, lat

    def _feature(self, municipality_id: str) -> dict | None:
        return next((f for f in self.municipalities["features"] if f["id"] == municipality_id), None)


def _polygons(feature: dict | None) -> list:
    if feature is None:
        return []
    g = feature["geometry"]
    return [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]


def _box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@functools.lru_cache(maxsize=1)
def geometry() -> Geometry:
    """data/geo/ as a Geometry (about 20 ms; the files are a few hundred KB)."""
    munis = json.loads((GEO_DIR / "kommuner.geojson").read_text(encoding="utf-8"))
    for f in munis["features"]:  # rings as arrays: Plotly deep-copies a figure's data, and copying
        g = f["geometry"]  # 300 arrays costs a millisecond where 12 000 small lists cost 0,3 s
        if g["type"] == "Polygon":
            g["coordinates"] = [np.asarray(ring, dtype=float) for ring in g["coordinates"]]
        else:
            g["coordinates"] = [[np.asarray(ring, dtype=float) for ring in poly] for poly in g["coordinates"]]
    borders = json.loads((GEO_DIR / "lansgranser.geojson").read_text(encoding="utf-8"))
    lon: list[float | None] = []
    lat: list[float | None] = []
    for feature in borders["features"]:
        for line in feature["geometry"]["coordinates"]:
            lon += [p[0] for p in line] + [None]
            lat += [p[1] for p in line] + [None]
    by_county: dict[str, list[tuple[float, float]]] = {}
    every: list[tuple[float, float]] = []
    for f in munis["features"]:
        pts = [(float(x), float(y)) for poly in _polygons(f) for x, y in poly[0]]
        by_county.setdefault("00" + f["properties"]["lan"], []).extend(pts)
        every += pts
    bounds = {c: _box(pts) for c, pts in by_county.items()}
    return Geometry(munis, (lon, lat), bounds, _box(every))


def view_box(county_id: str | None) -> tuple[float, float, float, float]:
    """lon0, lat0, lon1, lat1 to show: the county's municipalities (padded), else all of Sweden."""
    geo = geometry()
    lon0, lat0, lon1, lat1 = geo.bounds.get(county_id or "", geo.sweden)
    dx, dy = (lon1 - lon0) * PAD, (lat1 - lat0) * PAD
    return lon0 - dx, lat0 - dy, lon1 + dx, lat1 + dy


def _custom_rows(ranked: pd.DataFrame, unit: str, lang: str, labels: list[str]) -> list[list]:
    """One CUSTOM row per municipality. The words are made here so the hover shows Swedish numbers
    (decimal comma) and words, not Plotly's number formats; the numbers ride along for the
    chart's Excel file (map_table) and the kommunkod for a click."""
    rows = []
    for r, label in zip(ranked.itertuples(), labels):
        has_value = not pd.isna(r.value)
        value = fmt_value(float(r.value), unit, lang=lang) if has_value else t("quartile_grey", lang)
        if has_value and not pd.isna(r.rank) and not pd.isna(r.n):
            place = t("map_rank", lang, rank=t("rank_of", lang, rank=int(r.rank), n=int(r.n)))
            if r.quartile in ("green", "yellow", "red", "few"):
                place += f" · {wording.quartile_text(r.quartile, lang)}"
        else:
            place = ""
        number = float(r.value) if has_value else None
        rank, n = (None if pd.isna(x) else int(x) for x in (r.rank, r.n))
        shown = [charts.plotly_text(r.title), charts.plotly_text(value), place]  # hover: text, never tags
        rows.append([*shown, str(r.municipality_id), number, rank, n, str(label)])
    return rows


def map_table(fig: go.Figure, lang: str = "sv") -> pd.DataFrame | None:
    """The numbers behind a map (the chart's Excel sheet): kommunkod, name, value, rank, of how
    many, and the colour's words; None for a figure that is not a map."""
    trace = next((tr for tr in fig.data if tr.type == "choropleth" and tr.customdata is not None), None)
    if trace is None:
        return None
    rows = [dict(zip(CUSTOM, row)) for row in trace.customdata]
    table = pd.DataFrame(rows, columns=list(CUSTOM))
    table["title"] = table["title"].map(html.unescape)  # escaped for Plotly's hover, plain in Excel
    table = table.sort_values(["rank", "municipality_id"], na_position="last", kind="stable")
    return pd.DataFrame(
        {
            t("map_col_code", lang): table["municipality_id"],
            t("col_municipality", lang): table["title"],
            t("col_value", lang): table["value"],
            t("col_rank", lang): table["rank"].astype("Int64"),
            t("map_col_n", lang): table["n"].astype("Int64"),
            t("map_col_class", lang): table["class_label"],
        }
    ).reset_index(drop=True)


def _quartile_classes(df: pd.DataFrame, unit: str, lang: str) -> tuple[list[tuple[str, str]], list[int]]:
    """The app's quartiles (best, middle, worst, and the honest 'too few' / 'no spread' / no value)
    as (label, colour) and each row's class; the words are analysis.wording's, as on Översikt."""
    order = [q for q in charts.QUARTILE_ORDER if q != "none"]
    mode_value = df["mode_value"].dropna().iloc[0] if "mode_value" in df and df["mode_value"].notna().any() else None
    mode_share = df["mode_share"].dropna().iloc[0] if "mode_share" in df and df["mode_share"].notna().any() else None
    classes = [
        (wording.quartile_text(q, lang, mode_value, mode_share, unit), charts.QUARTILE_COLOURS[q]) for q in order
    ]
    return classes, [order.index(q) if q in order else order.index("grey") for q in df["quartile"]]


def _value_classes(df: pd.DataFrame, unit: str, lang: str) -> tuple[list[tuple[str, str]], list[int]]:
    """A KPI without a direction: up to five classes of about equal count (quintiles; equal values
    stay in one class) on a blue scale, each labelled with its value range. Why not a linear scale:
    municipal values are skewed (population 2 400 to 980 000), and nearly all of Sweden would get
    one shade."""
    have = df["value"].dropna().astype(float)
    bins = (
        pd.qcut(have, len(VALUE_COLOURS), labels=False, duplicates="drop")
        if have.nunique() > 1
        else pd.Series(0, index=have.index)
    )
    k = int(bins.max()) + 1 if len(bins) else 0
    colours = VALUE_COLOURS if k == len(VALUE_COLOURS) else VALUE_COLOURS[1 : 1 + k]
    decimals = 0 if (have.round() == have).all() or unit == "antal" else 1
    suffix = "" if unit in ("", "antal") else f" {unit}"
    classes = []
    for c in range(k):
        members = have[bins == c]
        lo, hi = fmt_number(float(members.min()), decimals, lang), fmt_number(float(members.max()), decimals, lang)
        classes.append((f"{lo}–{hi}{suffix}" if lo != hi else f"{lo}{suffix}", colours[c]))
    classes.append((charts.quartile_label("grey", lang), charts.QUARTILE_COLOURS["grey"]))
    codes = [int(bins[i]) if i in bins.index else k for i in df.index]
    return classes, codes


def _legend_entry(label: str, colour: str) -> go.Scattergeo:
    """A legend item only (no point drawn): the choropleth is one trace, its colours need words."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        name=charts.plotly_text(label),
        marker={"symbol": "square", "size": 14, "color": colour},
        hoverinfo="skip",
        showlegend=True,
    )


def municipality_map(
    ranked: pd.DataFrame,
    municipality_id: str | None,
    text: charts.ChartText,
    direction: str = "higher",
    unit: str = "",
    county_id: str | None = None,
    height: int = MAP_HEIGHT,
) -> go.Figure:
    """The map of one KPI for one year. `ranked`: municipality_id, title, value, rank, n, quartile
    for all 290 (analysis.scorecard.ranking, the same ranking as the bar chart and the scorecard).
    `county_id` ('0018') zooms to that county; the other municipalities stay drawn around it."""
    geo = geometry()
    lang = text.lang
    df = ranked.copy()
    df["quartile"] = df["quartile"].where(df["quartile"].isin(list(charts.QUARTILE_COLOURS)), "grey")
    df.loc[df["value"].isna(), "quartile"] = "grey"
    undirected = direction not in ("higher", "lower")
    hover = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    fig = go.Figure()
    lon, lat = geo.county_lines
    # First trace: drawn from lon/lat, so Plotly.js needs no topojson (see the module docstring).
    fig.add_trace(
        go.Scattergeo(
            lon=lon,
            lat=lat,
            mode="lines",
            line={"color": COUNTY_COLOUR, "width": 1.3},
            hoverinfo="skip",
            showlegend=False,
            name=t("map_counties", lang),
        )
    )
    classes, codes = _value_classes(df, unit, lang) if undirected else _quartile_classes(df, unit, lang)
    n = len(classes)
    scale = []
    for i, (_, colour) in enumerate(classes):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    fig.add_trace(
        go.Choropleth(
            geojson=geo.municipalities,
            featureidkey="id",
            locations=df["municipality_id"],
            z=[c + 0.5 for c in codes],
            zmin=0,
            zmax=n,
            colorscale=scale,
            showscale=False,
            customdata=_custom_rows(df, unit, lang, [classes[c][0] for c in codes]),
            hovertemplate=hover,
            marker={"line": {"color": BORDER_COLOUR, "width": 0.4}},
            name=t("col_value", lang),
        )
    )
    for i in sorted(set(codes)):
        fig.add_trace(_legend_entry(*classes[i]))
    if municipality_id and municipality_id in set(df["municipality_id"]):
        olon, olat = geo.outline(municipality_id)
        for colour, width in (("#FFFFFF", 5.0), (OUTLINE_COLOUR, 2.4)):
            fig.add_trace(
                go.Scattergeo(
                    lon=olon,
                    lat=olat,
                    mode="lines",
                    line={"color": colour, "width": width},
                    hoverinfo="skip",
                    showlegend=False,
                    name=charts.plotly_text(df.loc[df["municipality_id"] == municipality_id, "title"].iloc[0]),
                )
            )
    lon0, lat0, lon1, lat1 = view_box(county_id)
    zoomed = county_id in geo.bounds
    fig.update_geos(
        visible=False,
        showframe=False,
        showcoastlines=False,
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showcountries=False,
        showsubunits=False,
        bgcolor="rgba(0,0,0,0)",
        projection={"type": "transverse mercator", "rotation": {"lon": (lon0 + lon1) / 2}},
        lonaxis={"range": [lon0, lon1]},
        lataxis={"range": [lat0, lat1]},
        center={"lon": (lon0 + lon1) / 2, "lat": (lat0 + lat1) / 2},
        fitbounds=False if zoomed else "locations",
    )
    title, subtitle = _wrapped(text.title, TITLE_CHARS), _wrapped(text.subtitle, SUBTITLE_CHARS)
    charts.styled(fig, replace(text, title=title, subtitle=subtitle, x_title="", y_title=""), height=height)
    # the house style reserves one line each for title and subtitle
    extra = TITLE_LINE_PX * title.count("\n") + SUBTITLE_LINE_PX * subtitle.count("\n")
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": fig.layout.margin.t + extra},
        legend={"y": fig.layout.legend.y - extra / height},
    )
    fig.update_layout(
        legend={"itemclick": False, "itemdoubleclick": False},
        dragmode=False,
    )
    return fig


def _wrapped(title: str, width: int, max_lines: int = 2) -> str:
    """The title broken at spaces into at most `max_lines` lines ('\\n', which charts.plotly_text
    turns into Plotly's <br> when the house style escapes the title), the last one
    shortened with '…' if it is still too long."""
    words, lines = title.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    if len(lines[-1]) > width:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def clicked_municipality(selection: object) -> str | None:
    """The kommunkod of the clicked municipality in a Streamlit plotly selection event, if any."""
    points = []
    if isinstance(selection, dict) or hasattr(selection, "get"):
        points = (selection.get("selection") or {}).get("points") or []
    at = CUSTOM.index("municipality_id")
    for p in points:
        custom = p.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) > at and isinstance(custom[at], str):
            return custom[at]
        location = p.get("location")
        if isinstance(location, str):
            return location
    return None
