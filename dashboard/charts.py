"""Plotly charts of the dashboard, as pure functions: DataFrames/dataclasses in, `go.Figure` out.

No Streamlit here, so the same figures serve the pages and the exports (PNG/SVG/PDF, the PPTX deck).
Every chart gets a `ChartText` (title, subtitle, caption, language) and the house style: in Swedish a
decimal comma and a space between thousands ("115 000", "72,5"; in English "115,000", "72.5"), never
"115k"; values with their unit's decimals (kronor whole); years as whole numbers on the axis; a
colour-blind-safe palette with quartile and status colours always paired with a text label; and the
caption "Källa: Kolada (hämtad ÅÅÅÅ-MM-DD), bearbetning: Trappan" on every chart.

Plotly renders a little HTML in every text it draws (titles, legend, ticks, hover, annotations:
<a href>, <b>, <br>, <img> is dropped but a link is live). Text from data or people (KPI titles,
municipality and peer-set names) goes through `plotly_text` first, so it is shown, never rendered.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import pandas as pd
import plotly.graph_objects as go

from analysis.format import fmt_number, fmt_value, is_kronor, unit_decimals
from dashboard import scatter_labels
from i18n import t

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
SELF_COLOUR = OKABE_ITO["blue"]
RIKET_COLOUR = OKABE_ITO["black"]
PEER_MEAN_COLOUR = OKABE_ITO["orange"]
PEER_COLOUR = "#B0B0B0"
OTHER_COLOUR = "#C8C8C8"
GENDER_COLOURS = {"K": OKABE_ITO["reddish_purple"], "M": OKABE_ITO["sky_blue"], "T": "#555555"}
# Paul Tol's colour-blind-safe "vibrant" red: Okabe-Ito's vermillion (#D55E00) reads orange, and a
# status called "Röd" must look red. Under simulated protanopia, deuteranopia and tritanopia (Machado
# 2009) green, yellow and this red stay as far apart (ΔE ≥ 33) as with vermillion.
TOL_RED = "#CC3311"
# KKiK quartile colours (best 25 % green, middle 50 % yellow, worst 25 % red, no data grey); 'none' =
# a KPI without direction, shown neutral so it never looks good or bad.
QUARTILE_COLOURS = {
    "green": OKABE_ITO["bluish_green"],
    "yellow": OKABE_ITO["yellow"],
    "red": TOL_RED,
    "grey": "#BBBBBB",
    "none": OKABE_ITO["sky_blue"],
    "few": "#DDDDDD",  # too few municipalities for a quartile (analysis.peers.rank_all)
    "no_spread": "#DDDDDD",  # one value shared by at least half: no quartile
}
# Text drawn on each colour: black on green (6,1:1; white would be 3,4:1), white on red (5,2:1).
TEXT_ON = {
    "green": "#000000",
    "yellow": "#000000",
    "red": "#FFFFFF",
    "grey": "#000000",
    "none": "#000000",
    "few": "#000000",
    "no_spread": "#000000",
}
QUARTILE_ORDER = ("green", "yellow", "red", "grey", "none", "few", "no_spread")
STATUS_COLOURS = {
    "green": QUARTILE_COLOURS["green"],
    "yellow": QUARTILE_COLOURS["yellow"],
    "red": QUARTILE_COLOURS["red"],
    "white": "#FFFFFF",
}
SEPARATORS = {"sv": ", ", "en": ".,"}  # Plotly: decimal mark, then thousands separator
RIKET_ID = "0000"
PEER_MEAN_ID = "peer_mean"
FONT = "DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class ChartText:
    """The words around a chart. `caption` is the source line; build it with `caption_for`."""

    title: str
    subtitle: str = ""
    caption: str = ""
    lang: str = "sv"
    x_title: str = ""
    y_title: str = ""


class ScatterLike(Protocol):
    """What scatter_chart needs of analysis.patterns.Scatter."""

    points: pd.DataFrame
    pearson: float | None
    n: int
    slope: float | None
    intercept: float | None


def plotly_text(text: object) -> str:
    """Text from data or people as Plotly shows it literally: '<', '>' and '&' as entities, which
    Plotly decodes for display but never reads as tags ('<a href=…>' stays visible text). A line
    break in the text ('\\n', e.g. a title wrapped by the caller) becomes Plotly's <br>."""
    return html.escape("" if text is None else str(text), quote=False).replace("\n", "<br>")


def chart_decimals(fig: go.Figure) -> int:
    """The decimals the chart's values are shown with (set by the builders below): the export
    writes its Excel number format from it."""
    meta = fig.layout.meta
    return int(meta.get("decimals", 1)) if isinstance(meta, dict) else 1


def _decimals(fig: go.Figure, unit: str | None) -> int:
    d = unit_decimals(unit)
    fig.update_layout(meta={"decimals": d})
    return d


def caption_for(data_date: dt.date | None, lang: str = "sv") -> str:
    """'Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan' — the date is store.queries.data_date."""
    date = data_date.isoformat() if data_date else "–"
    return t("caption", lang, date=date)


def quartile_label(quartile: str | None, lang: str = "sv") -> str:
    """The text that always accompanies a quartile colour."""
    return t(f"quartile_{quartile if quartile in QUARTILE_COLOURS else 'grey'}", lang)


def peer_mean_label(peer_label: str, lang: str = "sv") -> str:
    """'Medel Riket'-style legend text; long set names become 'Medel jämförelsegrupp' (the subtitle
    names the set), so legends stay on two rows."""
    if peer_label and len(peer_label) <= 24:
        return t("peer_mean", lang, label=peer_label)
    return t("peer_mean", lang, label=t("peer_set", lang).lower())


def _style(fig: go.Figure, text: ChartText, height: int = 440, legend: bool = True) -> go.Figure:
    """House style. Layout from the top: title, subtitle, legend (up to two rows), plot, x axis,
    caption — each in its own band, so nothing overlaps however long the names are."""
    header = 64 if text.subtitle else 42
    fig.update_layout(
        template="plotly_white",
        separators=SEPARATORS.get(text.lang, SEPARATORS["sv"]),
        font={"family": FONT, "size": 13},
        title={
            "text": plotly_text(text.title),
            "subtitle": {"text": plotly_text(text.subtitle), "font": {"size": 13, "color": "#444444"}},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12},
            "font": {"size": 17},
        },
        height=height,
        margin={"l": 60, "r": 30, "t": header + (56 if legend else 16), "b": 95},
        showlegend=legend,
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1 - header / height,
            "yanchor": "top",
            "xanchor": "left",
            "x": 0,
            "font": {"size": 12},
        },
        hoverlabel={"font": {"family": FONT}},
    )
    # Whole numbers with the language's thousands separator ("115 000"), never SI suffixes ("115k");
    # year axes set tickformat "d" and so keep "2019".
    numbers = {"exponentformat": "none", "separatethousands": True, "automargin": True}
    fig.update_xaxes(title_text=plotly_text(text.x_title), **numbers)
    fig.update_yaxes(title_text=plotly_text(text.y_title), **numbers)
    if text.caption:
        fig.add_annotation(
            text=plotly_text(text.caption),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-62,
            showarrow=False,
            font={"size": 11, "color": "#444444"},
        )
    return fig


def _year_axis(fig: go.Figure, years: Sequence[int]) -> None:
    """Whole-number years on round ticks: never '2 019' nor '2017,5', and never rotated."""
    ys = sorted({int(y) for y in years if pd.notna(y)})
    span = (ys[-1] - ys[0]) if ys else 0
    step = 1 if span <= 8 else 2 if span <= 16 else 4 if span <= 32 else 5
    fig.update_xaxes(tickformat="d", dtick=step, tick0=2000, tickangle=0, showgrid=False)


def _by_quartile(df: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows of each quartile present, best first: one trace per quartile gives one legend label each."""
    return [(q, df[df["quartile"] == q]) for q in QUARTILE_ORDER if (df["quartile"] == q).any()]


def _hover_value(axis: str, decimals: int, unit: str = "") -> str:
    """'%{y:,.1f} %' — a hovered value with the unit's decimals and the unit."""
    return f"%{{{axis}:,.{decimals}f}} {plotly_text(unit)}".rstrip()


def trend_chart(
    series: pd.DataFrame,
    municipality_id: str,
    text: ChartText,
    gender: str = "T",
    peer_label: str = "",
    target: tuple[int, float] | None = None,
    unit: str = "",
) -> go.Figure:
    """The municipality's line against Riket ('0000'), the peer mean ('peer_mean') and each peer (thin
    grey lines). `series`: municipality_id, title, year, value [, gender] — e.g. Staircase.series plus
    store.queries.series of the peers. `target`: (year, value) drawn as a marker."""
    df = series.copy()
    if "gender" in df.columns:
        df = df[df["gender"] == gender]
    df = df.dropna(subset=["value"]).sort_values("year")
    fig = go.Figure()
    decimals = _decimals(fig, unit)
    peers = df[~df["municipality_id"].isin([municipality_id, RIKET_ID, PEER_MEAN_ID])]
    for i, (_, grp) in enumerate(peers.groupby("municipality_id", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
                mode="lines",
                name=t("peers", text.lang),
                legendgroup="peers",
                showlegend=i == 0,
                line={"color": PEER_COLOUR, "width": 1},
                text=[plotly_text(x) for x in grp["title"]],
                hovertemplate="%{text} %{x}: " + _hover_value("y", decimals, unit) + "<extra></extra>",
            )
        )
    styles = [
        (RIKET_ID, t("riket", text.lang), {"color": RIKET_COLOUR, "width": 2, "dash": "dash"}),
        (
            PEER_MEAN_ID,
            peer_mean_label(peer_label, text.lang),
            {"color": PEER_MEAN_COLOUR, "width": 2.5, "dash": "dot"},
        ),
        (municipality_id, None, {"color": SELF_COLOUR, "width": 4}),
    ]
    for mid, name, line in styles:
        grp = df[df["municipality_id"] == mid]
        if grp.empty:
            continue
        label = plotly_text(name or grp["title"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
                mode="lines+markers",
                name=label,
                line=line,
                marker={"size": 7 if mid == municipality_id else 5},
                hovertemplate=f"{label} %{{x}}: " + _hover_value("y", decimals, unit) + "<extra></extra>",
            )
        )
    if target is not None:
        fig.add_trace(
            go.Scatter(
                x=[target[0]],
                y=[target[1]],
                mode="markers+text",
                name=t("target", text.lang),
                marker={
                    "symbol": "star",
                    "size": 16,
                    "color": OKABE_ITO["bluish_green"],
                    "line": {"color": "#000", "width": 1},
                },
                text=[f"{t('target', text.lang)} {fmt_number(target[1], decimals, text.lang)}"],
                textposition="top center",
                hovertemplate=f"{t('target', text.lang)} %{{x}}: " + _hover_value("y", decimals) + "<extra></extra>",
            )
        )
    years = list(df["year"]) + ([target[0]] if target else [])
    _year_axis(fig, years)
    return _style(fig, text)


def gender_chart(
    series: pd.DataFrame, text: ChartText, municipality_id: str | None = None, unit: str = ""
) -> go.Figure:
    """Women and men over time (total thin and dashed). `series`: [municipality_id,] year, gender, value."""
    df = series.copy()
    if municipality_id is not None and "municipality_id" in df.columns:
        df = df[df["municipality_id"] == municipality_id]
    df = df.dropna(subset=["value"]).sort_values("year")
    fig = go.Figure()
    decimals = _decimals(fig, unit)
    for g, width, dash in (("K", 3, "solid"), ("M", 3, "solid"), ("T", 1.5, "dash")):
        grp = df[df["gender"] == g]
        if grp.empty:
            continue
        name = t(f"gender_{g}", text.lang)
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
                mode="lines+markers",
                name=name,
                line={"color": GENDER_COLOURS[g], "width": width, "dash": dash},
                marker={"size": 6 if g != "T" else 4, "symbol": {"K": "circle", "M": "square", "T": "diamond"}[g]},
                hovertemplate=f"{name} %{{x}}: " + _hover_value("y", decimals, unit) + "<extra></extra>",
            )
        )
    _year_axis(fig, df["year"].tolist())
    return _style(fig, text)


def distribution_chart(
    values: pd.DataFrame,
    municipality_id: str,
    text: ChartText,
    riket_value: float | None = None,
    bins: int = 30,
    unit: str = "",
) -> go.Figure:
    """How all municipalities are spread for one year, stacked by quartile, with the chosen one and
    Riket marked. `values`: municipality_id, title, value [, quartile] (e.g. analysis ranking()).
    `unit` (default: the x axis title, which the pages set to the unit) sets the decimals."""
    df = values.dropna(subset=["value"])
    if "quartile" not in df.columns:
        df = df.assign(quartile="none")
    fig = go.Figure()
    decimals = _decimals(fig, unit or text.x_title)
    if not df.empty:
        lo, hi = float(df["value"].min()), float(df["value"].max())
        size = (hi - lo) / bins if hi > lo else 1.0
        xbins = {"start": lo, "end": hi + size, "size": size}
        for q, grp in _by_quartile(df):
            fig.add_trace(
                go.Histogram(
                    x=grp["value"],
                    xbins=xbins,
                    name=quartile_label(q, text.lang),
                    marker={"color": QUARTILE_COLOURS[q], "line": {"color": "#FFFFFF", "width": 0.5}},
                    hovertemplate="%{x}: %{y}<extra>" + quartile_label(q, text.lang) + "</extra>",
                )
            )
    fig.update_layout(barmode="stack", bargap=0.05, legend={"traceorder": "normal"})
    own = df[df["municipality_id"] == municipality_id]
    if not own.empty:
        v = float(own["value"].iloc[0])
        fig.add_vline(x=v, line={"color": SELF_COLOUR, "width": 3})
        fig.add_annotation(
            x=v,
            y=1,
            yref="paper",
            yanchor="bottom",
            text=f"{plotly_text(own['title'].iloc[0])} {fmt_number(v, decimals, text.lang)}",
            showarrow=False,
            font={"color": SELF_COLOUR, "size": 13},
            bgcolor="rgba(255,255,255,0.85)",
        )
    if riket_value is not None and pd.notna(riket_value):
        fig.add_vline(x=riket_value, line={"color": RIKET_COLOUR, "width": 2, "dash": "dash"})
        fig.add_annotation(
            x=riket_value,
            y=0.9,
            yref="paper",
            xanchor="left",
            text=f"{t('riket', text.lang)} {fmt_number(riket_value, decimals, text.lang)}",
            showarrow=False,
            font={"size": 12},
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_yaxes(title_text=text.y_title or t("n_municipalities", text.lang))
    return _style(fig, text)


def peer_bars(
    values: pd.DataFrame,
    municipality_id: str,
    text: ChartText,
    direction: str = "higher",
    references: Sequence[tuple[str, float]] = (),
    unit: str = "",
) -> go.Figure:
    """The peer set for one year as horizontal bars, best at the top, the chosen municipality in blue.
    `values`: municipality_id, title, value. `references`: (label, value) lines, e.g. Riket, peer mean.
    `unit` (default: the x axis title, which the pages set to the unit) sets the decimals."""
    df = values.dropna(subset=["value"]).copy()
    df["title"] = [plotly_text(x) for x in df["title"]]
    # Plotly draws the first category at the bottom: worst first puts the best at the top.
    df = df.sort_values("value", ascending=direction != "lower")
    colours = [SELF_COLOUR if m == municipality_id else PEER_COLOUR for m in df["municipality_id"]]
    decimals = unit_decimals(unit or text.x_title)
    fig = go.Figure(
        go.Bar(
            x=df["value"],
            y=df["title"],
            orientation="h",
            marker={"color": colours},
            texttemplate=_hover_value("x", decimals),
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": ["#FFFFFF" if m == municipality_id else "#000000" for m in df["municipality_id"]]},
            hovertemplate="%{y}: " + _hover_value("x", decimals) + "<extra></extra>",
            showlegend=False,
        )
    )
    _decimals(fig, unit or text.x_title)
    ref_colours = [RIKET_COLOUR, PEER_MEAN_COLOUR, OKABE_ITO["bluish_green"]]
    for i, (label, v) in enumerate(references):
        if v is None or pd.isna(v):
            continue
        colour = ref_colours[i % len(ref_colours)]
        fig.add_vline(x=v, layer="above", line={"color": colour, "width": 2, "dash": "dash" if i == 0 else "dot"})
        fig.add_annotation(
            x=v,
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=2 + 16 * i,
            text=f"{plotly_text(label)} {fmt_number(v, decimals, text.lang)}",
            showarrow=False,
            font={"color": colour, "size": 12},
            bgcolor="rgba(255,255,255,0.85)",
        )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(df["title"]))
    height = max(300, 120 + 26 * len(df) + 20 * len(references))
    _style(fig, text, height=height, legend=False)
    fig.update_layout(margin={"t": fig.layout.margin.t + 18 * len(references)})
    return fig


def ranking_chart(
    ranking: pd.DataFrame,
    municipality_id: str,
    text: ChartText,
    direction: str = "higher",
    unit: str = "",
) -> go.Figure:
    """One KPI across all municipalities, in rank order, coloured by quartile (each colour named in
    the legend), the chosen municipality pointed out with "plats 177 av 290".
    `ranking`: municipality_id, title, value, rank, n, quartile (analysis.scorecard.ranking()).
    `unit` (default: the y axis title, which the pages set to the unit) sets the decimals."""
    df = ranking.dropna(subset=["value"]).sort_values(["rank", "title"]).reset_index(drop=True)
    df["position"] = range(1, len(df) + 1)
    fig = go.Figure()
    decimals = _decimals(fig, unit or text.y_title)
    for q, grp in _by_quartile(df):
        fig.add_trace(
            go.Bar(
                x=grp["position"],
                y=grp["value"],
                name=quartile_label(q, text.lang),
                marker={"color": QUARTILE_COLOURS[q], "line": {"width": 0}},
                customdata=list(zip([plotly_text(x) for x in grp["title"]], grp["rank"])),
                hovertemplate="%{customdata[0]}: " + _hover_value("y", decimals) + " (%{customdata[1]})<extra></extra>",
            )
        )
    own = df[df["municipality_id"] == municipality_id]
    if not own.empty:
        row = own.iloc[0]
        name = plotly_text(row["title"])
        n = int(row["n"]) if "n" in row and pd.notna(row["n"]) else len(df)
        fig.add_trace(
            go.Bar(
                x=[row["position"]],
                y=[row["value"]],
                name=name,
                showlegend=False,
                marker={"color": SELF_COLOUR, "line": {"color": "#000000", "width": 1}},
                width=3,
                hovertemplate=f"{name}: " + _hover_value("y", decimals) + "<extra></extra>",
            )
        )
        fig.add_annotation(
            x=row["position"],
            y=row["value"],
            ax=0,
            ay=-45,
            arrowhead=2,
            arrowcolor=SELF_COLOUR,
            text=f"{name} {fmt_number(row['value'], decimals, text.lang)}: "
            + t("rank_of", text.lang, rank=int(row["rank"]), n=n),
            font={"color": SELF_COLOUR, "size": 13},
            bgcolor="rgba(255,255,255,0.9)",
        )
    fig.update_layout(barmode="overlay", bargap=0.1)
    fig.update_xaxes(tickformat="d", range=[0, len(df) + 1], showgrid=False)
    x_title = text.x_title or t("rank_axis" if direction != "none" else "rank_axis_none", text.lang)
    return _style(fig, replace(text, x_title=x_title))


def _outliers_to_name(scatter: ScatterLike, limit: int) -> list[str]:
    """The `limit` outliers farthest from the least-squares line, farthest first: naming all clutters."""
    pts = scatter.points[scatter.points["outlier"].fillna(False).astype(bool)]
    if pts.empty:
        return []
    if scatter.slope is not None and scatter.intercept is not None:
        distance = (pts["y"] - (scatter.intercept + scatter.slope * pts["x"])).abs()
    else:
        distance = (pts["y"] - scatter.points["y"].mean()).abs()
    return list(pts.loc[distance.sort_values(ascending=False, kind="stable").index[:limit], "municipality_id"])


def wrap(text: str, width: int) -> str:
    """A long title on several lines, whole: lines joined with '\n', which `plotly_text` (applied by
    `_style` to every title) turns into Plotly's line break after escaping the text."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _padded(values: pd.Series, share: float = 0.06) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    pad = (hi - lo) * share or max(abs(hi) * 0.05, 1.0)
    return lo - pad, hi + pad


def scatter_chart(scatter: ScatterLike, text: ChartText, max_labels: int = 10) -> go.Figure:
    """KPI X against KPI Y for all municipalities: others grey, peers orange, the chosen one blue; the
    chosen one and the `max_labels` strongest outliers named where their names fit without overlap
    (dashboard/scatter_labels.py; everyone is named on hover), the least-squares line, r and n in the
    corner. The axis titles are the KPIs' whole titles, wrapped; a title with '<br>' gets its lines."""
    pts = scatter.points
    fig = go.Figure()
    roles = (
        ("other", t("others", text.lang), OTHER_COLOUR, 7),
        ("peer", t("peers", text.lang), PEER_MEAN_COLOUR, 10),
        ("self", None, SELF_COLOUR, 15),
    )
    for role, name, colour, size in roles:
        grp = pts[pts["role"] == role]
        if grp.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=grp["x"],
                y=grp["y"],
                mode="markers",
                name=plotly_text(name or grp["title"].iloc[0]),
                marker={
                    "color": colour,
                    "size": size,
                    "line": {"color": "#333333", "width": 0.5},
                    "symbol": "diamond" if role == "self" else "circle",
                },
                customdata=[plotly_text(ti) for ti in grp["title"]],
                hovertemplate="%{customdata}: %{x:,.1f} / %{y:,.1f}<extra></extra>",
            )
        )
    x_range = _padded(pts["x"]) if not pts.empty else (0.0, 1.0)
    y_range = _padded(pts["y"]) if not pts.empty else (0.0, 1.0)
    if scatter.slope is not None and scatter.intercept is not None and not pts.empty:
        x0, x1 = float(pts["x"].min()), float(pts["x"].max())
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[scatter.intercept + scatter.slope * x0, scatter.intercept + scatter.slope * x1],
                mode="lines",
                name=t("trend_line", text.lang),
                line={"color": RIKET_COLOUR, "width": 1.5, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    for label in _placed_labels(scatter, max_labels, x_range, y_range):
        own = label.key in set(pts.loc[pts["role"] == "self", "municipality_id"])
        fig.add_annotation(
            x=label.x,
            y=label.y,
            ax=label.dx,
            ay=label.dy,
            text=plotly_text(label.text),
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            arrowcolor="#666666",
            standoff=4,
            font={"size": 12, "color": SELF_COLOUR if own else "#222222"},
            bgcolor="rgba(255,255,255,0.85)",
        )
    r = fmt_number(scatter.pearson, 2, text.lang) if scatter.pearson is not None else "–"
    fig.add_annotation(
        text=t("r_n", text.lang, r=r, n=scatter.n),
        xref="paper",
        yref="paper",
        x=1,
        y=1,
        xanchor="right",
        yanchor="top",
        showarrow=False,
        font={"size": 13},
        bgcolor="rgba(255,255,255,0.85)",
    )
    fig.update_xaxes(range=list(x_range))
    fig.update_yaxes(range=list(y_range))
    height = 600
    styled = _style(fig, replace(text, x_title=wrap(text.x_title, 110), y_title=wrap(text.y_title, 60)), height)
    extra = 22 * text.title.count("\n")  # a two-line title pushes the subtitle and legend down
    if extra:
        styled.update_layout(
            margin={"t": styled.layout.margin.t + extra}, legend={"y": styled.layout.legend.y - extra / height}
        )
    return styled


def _placed_labels(
    scatter: ScatterLike, max_labels: int, x_range: tuple[float, float], y_range: tuple[float, float]
) -> list[scatter_labels.Placed]:
    """The chosen municipality, then the outliers farthest from the line, placed without overlap."""
    pts = scatter.points
    wanted = list(pts.loc[pts["role"] == "self", "municipality_id"])
    outliers = _outliers_to_name(scatter, max_labels)
    wanted += [m for m in outliers if m not in wanted]
    rows = pts.set_index("municipality_id").loc[wanted].reset_index()
    labels = pd.DataFrame({"key": rows["municipality_id"], "text": rows["title"], "x": rows["x"], "y": rows["y"]})
    placed, _ = scatter_labels.place_labels(pts, labels, x_range, y_range)
    return placed


_KPI_ID_SUFFIX = re.compile(r"\s*(\([A-Za-z0-9_-]+\))$")
ROW_LABEL_WIDTH = 52  # characters per line of a heatmap row label (about 330 px at 12 px)
ROW_LABEL_LINES = 2


def row_labels(titles: Sequence[str], width: int = ROW_LABEL_WIDTH, lines: int = ROW_LABEL_LINES) -> list[str]:
    """Heatmap row labels: each title wrapped over up to `lines` lines ('<br>' between them), cut
    with '…' only beyond that, its '(N15419)' always kept at the end, and unique — Plotly merges
    equal category labels, which would put values on the wrong rows. Titles are escaped for Plotly;
    the full title is in the hover text."""
    out: list[str] = []
    for title in titles:
        title = " ".join(str(title).split())
        m = _KPI_ID_SUFFIX.search(title)
        body, suffix = (title[: m.start()], m.group(1)) if m else (title, "")
        wrapped = textwrap.wrap(f"{body} {suffix}".strip(), width) or [""]
        if len(wrapped) > lines:
            room = width - len(suffix) - 2
            head = textwrap.wrap(body, width)[: lines - 1]
            rest = " ".join(textwrap.wrap(body, width)[lines - 1 :])
            tail = textwrap.shorten(rest, max(room, 10), placeholder="…")
            wrapped = [*head, f"{tail} {suffix}".strip()]
        label = "<br>".join(plotly_text(line) for line in wrapped)
        candidate, i = label, 2
        while candidate in out:
            candidate, i = f"{label} ({i})", i + 1
        out.append(candidate)
    return out


THOUSAND_KR_FROM = 10_000  # a row of kronor with a value this large is written in thousands


def in_thousands(values: Sequence[float | None], unit: str) -> bool:
    """Whether a heatmap row of this unit is written in thousands: kronor, when any value of the
    row reaches 10 000 ('111 602' does not fit a cell; a row reads alike: '6,4 tkr' beside '20,7 tkr')."""
    return is_kronor(unit) and any(v is not None and abs(v) >= THOUSAND_KR_FROM for v in values)


def cell_value(value: float | None, unit: str, lang: str = "sv", thousands: bool = False) -> str:
    """A value short enough for a heatmap cell: '111,6 tkr' (kronor in thousands), else with its
    unit's decimals ('69,6', '13', '6 383')."""
    if value is None or pd.isna(value):
        return fmt_number(None)
    if thousands:
        return t("cell_thousand_kr", lang, n=fmt_number(value / 1000, 1, lang))
    return fmt_number(value, unit_decimals(unit), lang)


def _cell_font(columns: int) -> int:
    """Cell text size by the number of columns: a cell of a 1 100 px wide chart must hold
    '111,6 tkr'. Beyond ~16 columns the values are left to the hover and the table below."""
    return 12 if columns <= 10 else 10 if columns <= 16 else 0


def matrix_chart(matrix: pd.DataFrame, text: ChartText) -> go.Figure:
    """KPIs × municipalities, each cell the value in a form that fits it ('111,6 tkr', '69,6'),
    coloured by the municipality's quartile among all municipalities; the hover names
    municipality, full KPI title, value with unit and quartile. `matrix`: kpi_title,
    municipality_title, value, quartile [, unit] (rows and columns keep the order of first
    appearance). The heatmap trace carries the numbers themselves (customdata) and each row's
    full title and decimals (meta), so an export never reads the printed cell text back."""
    rows = list(dict.fromkeys(matrix["kpi_title"]))
    cols = list(dict.fromkeys(matrix["municipality_title"]))
    units = matrix.groupby("kpi_title", sort=False)["unit"].first() if "unit" in matrix.columns else pd.Series()
    codes = {q: i for i, q in enumerate(QUARTILE_ORDER)}
    cells = {(r, c): row for r, c, row in zip(matrix["kpi_title"], matrix["municipality_title"], matrix.itertuples())}
    z, labels, hover, numbers, quartiles = [], [], [], [], []
    for r in rows:
        unit = str(units.get(r) or "")
        row_cells = [cells.get((r, c)) for c in cols]
        nr = [float(x.value) if x is not None and pd.notna(x.value) else None for x in row_cells]
        qr = [str(x.quartile) if x is not None and isinstance(x.quartile, str) else "grey" for x in row_cells]
        qr = [q if q in codes else "grey" for q in qr]
        thousands = in_thousands(nr, unit)
        z.append([codes[q] for q in qr])
        labels.append([cell_value(v, unit, text.lang, thousands) for v in nr])
        hover.append(
            [
                f"{plotly_text(c)}<br>{plotly_text(r)}<br>"
                f"{plotly_text(fmt_value(v, unit, unit_decimals(unit), text.lang))} ({quartile_label(q, text.lang)})"
                for c, v, q in zip(cols, nr, qr)
            ]
        )
        numbers.append(nr)
        quartiles.append(qr)
    n = len(QUARTILE_ORDER)
    scale = []
    for i, q in enumerate(QUARTILE_ORDER):
        scale += [[i / n, QUARTILE_COLOURS[q]], [(i + 1) / n, QUARTILE_COLOURS[q]]]
    font = _cell_font(len(cols))
    x, y = [plotly_text(c) for c in cols], row_labels(rows)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=x,
            y=y,
            text=labels,
            customdata=numbers,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            meta={
                "rows": [" ".join(str(r).split()) for r in rows],
                "decimals": [unit_decimals(str(units.get(r) or "")) for r in rows],
            },
            colorscale=scale,
            zmin=0,
            zmax=n,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    if font:  # the cell values as a text layer: each in the colour that reads on its cell (TEXT_ON)
        fig.add_trace(
            go.Scatter(
                x=[c for _ in y for c in x],
                y=[r for r in y for _ in x],
                text=[v for row in labels for v in row],
                mode="text",
                textfont={"size": font, "color": [TEXT_ON[q] for row in quartiles for q in row]},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    shown = {q for row in quartiles for q in row}
    for q in [q for q in QUARTILE_ORDER if q in shown or q in ("green", "yellow", "red")]:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=quartile_label(q, text.lang),
                marker={"symbol": "square", "size": 14, "color": QUARTILE_COLOURS[q]},
            )
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(side="top", type="category", tickangle=-30)
    _style(fig, text, height=max(360, 190 + 42 * len(rows)))
    fig.update_layout(
        legend={"yref": "paper", "y": -0.02, "yanchor": "top"},
        margin={"t": 150 if text.subtitle else 130, "b": 110},
        plot_bgcolor="#FFFFFF",
    )
    if text.caption:
        fig.layout.annotations[-1].update(yshift=-75)
    return fig


def styled(fig: go.Figure, text: ChartText, height: int = 440, legend: bool = True) -> go.Figure:
    """The house style for a figure drawn outside this module (dashboard/maps.py)."""
    return _style(fig, text, height=height, legend=legend)
