"""Plotly charts of the dashboard, as pure functions: DataFrames/dataclasses in, `go.Figure` out.

No Streamlit here, so the same figures serve the pages and the exports (PNG/SVG/PDF, the PPTX deck).
Every chart gets a `ChartText` (title, subtitle, caption, language) and the house style:
decimal comma and space as thousands separator (`separators=", "`), years as whole numbers on the
axis, the Okabe-Ito colour-blind-safe palette, quartile colours always paired with a text label, and
the caption "Källa: Kolada (hämtad ÅÅÅÅ-MM-DD), bearbetning: Trappan" on every chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import pandas as pd
import plotly.graph_objects as go

from analysis.format import fmt_number
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
# KKiK quartile colours (best 25 % green, middle 50 % yellow, worst 25 % red, no data grey); 'none' =
# a KPI without direction, shown neutral so it never looks good or bad.
QUARTILE_COLOURS = {
    "green": OKABE_ITO["bluish_green"],
    "yellow": OKABE_ITO["yellow"],
    "red": OKABE_ITO["vermillion"],
    "grey": "#BBBBBB",
    "none": OKABE_ITO["sky_blue"],
}
QUARTILE_ORDER = ("green", "yellow", "red", "grey", "none")
STATUS_COLOURS = {
    "green": QUARTILE_COLOURS["green"],
    "yellow": QUARTILE_COLOURS["yellow"],
    "red": QUARTILE_COLOURS["red"],
    "white": "#FFFFFF",
}
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
        separators=", ",
        font={"family": FONT, "size": 13},
        title={
            "text": text.title,
            "subtitle": {"text": text.subtitle, "font": {"size": 13, "color": "#444444"}},
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
    fig.update_xaxes(title_text=text.x_title, automargin=True)
    fig.update_yaxes(title_text=text.y_title, automargin=True)
    if text.caption:
        fig.add_annotation(
            text=text.caption,
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


def _values_axis_hover(unit: str) -> str:
    return f"%{{y:,.1f}} {unit}".rstrip()


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
                text=grp["title"],
                hovertemplate="%{text} %{x}: " + _values_axis_hover(unit) + "<extra></extra>",
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
        label = name or str(grp["title"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
                mode="lines+markers",
                name=label,
                line=line,
                marker={"size": 7 if mid == municipality_id else 5},
                hovertemplate=f"{label} %{{x}}: " + _values_axis_hover(unit) + "<extra></extra>",
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
                text=[f"{t('target', text.lang)} {fmt_number(target[1], lang=text.lang)}"],
                textposition="top center",
                hovertemplate=f"{t('target', text.lang)} %{{x}}: %{{y:,.1f}}<extra></extra>",
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
                hovertemplate=f"{name} %{{x}}: " + _values_axis_hover(unit) + "<extra></extra>",
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
) -> go.Figure:
    """How all municipalities are spread for one year, stacked by quartile, with the chosen one and
    Riket marked. `values`: municipality_id, title, value [, quartile] (e.g. analysis ranking())."""
    df = values.dropna(subset=["value"])
    if "quartile" not in df.columns:
        df = df.assign(quartile="none")
    fig = go.Figure()
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
            text=f"{own['title'].iloc[0]} {fmt_number(v, lang=text.lang)}",
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
            text=f"{t('riket', text.lang)} {fmt_number(riket_value, lang=text.lang)}",
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
) -> go.Figure:
    """The peer set for one year as horizontal bars, best at the top, the chosen municipality in blue.
    `values`: municipality_id, title, value. `references`: (label, value) lines, e.g. Riket, peer mean."""
    df = values.dropna(subset=["value"]).copy()
    # Plotly draws the first category at the bottom: worst first puts the best at the top.
    df = df.sort_values("value", ascending=direction != "lower")
    colours = [SELF_COLOUR if m == municipality_id else PEER_COLOUR for m in df["municipality_id"]]
    fig = go.Figure(
        go.Bar(
            x=df["value"],
            y=df["title"],
            orientation="h",
            marker={"color": colours},
            texttemplate="%{x:,.1f}",
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": ["#FFFFFF" if m == municipality_id else "#000000" for m in df["municipality_id"]]},
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
            showlegend=False,
        )
    )
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
            text=f"{label} {fmt_number(v, lang=text.lang)}",
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
) -> go.Figure:
    """One KPI across all municipalities, in rank order, coloured by quartile (each colour named in
    the legend), the chosen municipality pointed out with "plats 177 av 290".
    `ranking`: municipality_id, title, value, rank, n, quartile (analysis.scorecard.ranking())."""
    df = ranking.dropna(subset=["value"]).sort_values(["rank", "title"]).reset_index(drop=True)
    df["position"] = range(1, len(df) + 1)
    fig = go.Figure()
    for q, grp in _by_quartile(df):
        fig.add_trace(
            go.Bar(
                x=grp["position"],
                y=grp["value"],
                name=quartile_label(q, text.lang),
                marker={"color": QUARTILE_COLOURS[q], "line": {"width": 0}},
                customdata=list(zip(grp["title"], grp["rank"])),
                hovertemplate="%{customdata[0]}: %{y:,.1f} (%{customdata[1]})<extra></extra>",
            )
        )
    own = df[df["municipality_id"] == municipality_id]
    if not own.empty:
        row = own.iloc[0]
        n = int(row["n"]) if "n" in row and pd.notna(row["n"]) else len(df)
        fig.add_trace(
            go.Bar(
                x=[row["position"]],
                y=[row["value"]],
                name=str(row["title"]),
                showlegend=False,
                marker={"color": SELF_COLOUR, "line": {"color": "#000000", "width": 1}},
                width=3,
                hovertemplate=f"{row['title']}: %{{y:,.1f}}<extra></extra>",
            )
        )
        fig.add_annotation(
            x=row["position"],
            y=row["value"],
            ax=0,
            ay=-45,
            arrowhead=2,
            arrowcolor=SELF_COLOUR,
            text=f"{row['title']} {fmt_number(row['value'], lang=text.lang)}: "
            + t("rank_of", text.lang, rank=int(row["rank"]), n=n),
            font={"color": SELF_COLOUR, "size": 13},
            bgcolor="rgba(255,255,255,0.9)",
        )
    fig.update_layout(barmode="overlay", bargap=0.1)
    fig.update_xaxes(tickformat="d", range=[0, len(df) + 1], showgrid=False)
    x_title = text.x_title or t("rank_axis" if direction != "none" else "rank_axis_none", text.lang)
    return _style(fig, replace(text, x_title=x_title))


def _outliers_to_name(scatter: ScatterLike, limit: int) -> set[str]:
    """The `limit` outliers farthest from the least-squares line: naming all of them clutters."""
    pts = scatter.points[scatter.points["outlier"].fillna(False).astype(bool)]
    if pts.empty:
        return set()
    if scatter.slope is not None and scatter.intercept is not None:
        distance = (pts["y"] - (scatter.intercept + scatter.slope * pts["x"])).abs()
    else:
        distance = (pts["y"] - scatter.points["y"].mean()).abs()
    return set(pts.loc[distance.sort_values(ascending=False).index[:limit], "municipality_id"])


def scatter_chart(scatter: ScatterLike, text: ChartText, max_labels: int = 10) -> go.Figure:
    """KPI X against KPI Y for all municipalities: others grey, peers orange, the chosen one blue and
    named, the `max_labels` strongest outliers named, the least-squares line, r and n in the corner."""
    pts = scatter.points
    fig = go.Figure()
    roles = (
        ("other", t("others", text.lang), OTHER_COLOUR, 7),
        ("peer", t("peers", text.lang), PEER_MEAN_COLOUR, 10),
        ("self", None, SELF_COLOUR, 15),
    )
    labelled = _outliers_to_name(scatter, max_labels)
    for role, name, colour, size in roles:
        grp = pts[pts["role"] == role]
        if grp.empty:
            continue
        named = grp["municipality_id"].isin(labelled) | (grp["role"] != "other")
        fig.add_trace(
            go.Scatter(
                x=grp["x"],
                y=grp["y"],
                mode="markers+text",
                name=name or str(grp["title"].iloc[0]),
                marker={
                    "color": colour,
                    "size": size,
                    "line": {"color": "#333333", "width": 0.5},
                    "symbol": "diamond" if role == "self" else "circle",
                },
                text=[str(ti) if show else "" for ti, show in zip(grp["title"], named)],
                textposition="top center",
                textfont={"size": 11, "color": "#222222" if role != "self" else SELF_COLOUR},
                customdata=grp["title"],
                hovertemplate="%{customdata}: %{x:,.1f} / %{y:,.1f}<extra></extra>",
            )
        )
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
    return _style(fig, text, height=520)


def _short_labels(labels: Sequence[str], limit: int = 60) -> list[str]:
    """Shorten long row labels keeping their end (where '(N15419)' stands) and keep them unique:
    Plotly merges equal category labels, which would put values on the wrong rows."""
    out: list[str] = []
    for label in labels:
        short = label if len(label) <= limit else label[: limit - 13] + "…" + label[-12:]
        candidate, i = short, 2
        while candidate in out:
            candidate, i = f"{short} ({i})", i + 1
        out.append(candidate)
    return out


def matrix_chart(matrix: pd.DataFrame, text: ChartText) -> go.Figure:
    """KPIs × municipalities, each cell the value with decimal comma, coloured by the municipality's
    quartile among all municipalities. `matrix`: kpi_title, municipality_title, value, quartile
    (rows and columns keep the order of first appearance)."""
    rows = list(dict.fromkeys(matrix["kpi_title"]))
    cols = list(dict.fromkeys(matrix["municipality_title"]))
    codes = {q: i for i, q in enumerate(QUARTILE_ORDER)}
    z, labels, hover = [], [], []
    for r in rows:
        zr, lr, hr = [], [], []
        for c in cols:
            cell = matrix[(matrix["kpi_title"] == r) & (matrix["municipality_title"] == c)]
            q = str(cell["quartile"].iloc[0]) if not cell.empty and pd.notna(cell["quartile"].iloc[0]) else "grey"
            v = cell["value"].iloc[0] if not cell.empty else None
            zr.append(codes.get(q, codes["grey"]))
            lr.append(fmt_number(v if v is not None and pd.notna(v) else None, lang=text.lang))
            hr.append(f"{c}<br>{r}<br>{lr[-1]} ({quartile_label(q, text.lang)})")
        z.append(zr)
        labels.append(lr)
        hover.append(hr)
    n = len(QUARTILE_ORDER)
    scale = []
    for i, q in enumerate(QUARTILE_ORDER):
        scale += [[i / n, QUARTILE_COLOURS[q]], [(i + 1) / n, QUARTILE_COLOURS[q]]]
    short = _short_labels(rows)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=cols,
            y=short,
            text=labels,
            texttemplate="%{text}",
            textfont={"size": 12, "color": "#000000"},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=n,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    shown = set(matrix["quartile"].fillna("grey"))
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
    _style(fig, text, height=max(360, 170 + 34 * len(rows)))
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
