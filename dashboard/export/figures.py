"""The chart on a KPI slide: the municipality's trend against its peer group's mean and Riket.

Provisional: drawn here until dashboard/charts.py lands, then this module becomes a thin adapter
that calls the dashboard's own trend chart, so the app and the deck draw the same figure.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.staircase import Staircase
from store.queries import RIKET

PEER_MEAN = "peer_mean"
YEARS = 10  # a council deck for year Y shows Y-9..Y: later years would contradict the slide's figures
COLOURS = {"self": "#0072B2", PEER_MEAN: "#E69F00", RIKET: "#6B7280"}  # Okabe–Ito: colour-blind safe


def trend_figure(s: Staircase, lang: str = "sv") -> go.Figure:
    """Lines per year (the ten years up to the deck's year) for the municipality, the chosen peer set's mean and Riket (the slide's
    title and caption are text on the slide, so the figure carries neither)."""
    df = s.series[(s.series["gender"] == s.gender) & s.series["year"].between(s.year - YEARS + 1, s.year)]
    peer = next((p for p in s.peers if p.key == s.peer_key), None)
    fig = go.Figure()
    for key, name, dash in (
        (s.municipality_id, s.municipality_title, "solid"),
        (PEER_MEAN, (peer.label if peer else "Jämförelsegrupp") + (" (medel)" if lang != "en" else " (mean)"), "dot"),
        (RIKET, "Riket" if lang != "en" else "Sweden", "dash"),
    ):
        part = df[df["municipality_id"] == key].sort_values("year")
        if part.empty:
            continue
        colour = COLOURS["self"] if key == s.municipality_id else COLOURS[key]
        fig.add_trace(
            go.Scatter(
                x=part["year"].astype(int).tolist(),
                y=part["value"].tolist(),
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3 if key == s.municipality_id else 2, "dash": dash},
                hovertemplate="%{x}: %{y:.1f}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(
        template="plotly_white",
        separators=", ",
        font={"family": "Arial, Liberation Sans, sans-serif", "size": 15, "color": "#1F2937"},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        yaxis={"title": s.unit or None, "tickformat": ",.1f" if _small(df) else ",.0f"},
        xaxis={"tickformat": "d", "dtick": 1},
    )
    return fig


def _small(df) -> bool:
    return bool(len(df)) and float(df["value"].abs().max()) < 10
