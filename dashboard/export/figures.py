"""The chart of a KPI slide or a KPI's standalone image: the dashboard's own trend chart
(dashboard.charts.trend_chart), so the app and the deck draw the same figure, fitted to its use.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.staircase import Staircase
from dashboard.charts import ChartText, trend_chart

YEARS = 10  # a deck for year Y shows Y-9..Y: later years would contradict the slide's figures


def trend_figure(s: Staircase, lang: str = "sv", text: ChartText | None = None) -> go.Figure:
    """The municipality against its peer set's mean and Riket over the ten years up to s.year.
    Without `text` (a slide) the figure has no title or caption — those are text on the slide —
    and larger fonts for a projector; with `text` it is a standalone image carrying them."""
    series = s.series[s.series["year"].between(s.year - YEARS + 1, s.year)]
    peer = next((p for p in s.peers if p.key == s.peer_key), None)
    target = s.target_point
    fig = trend_chart(
        series,
        s.municipality_id,
        text or ChartText(title="", lang=lang),
        gender=s.gender,
        peer_label=peer.label if peer else "",
        target=target,
        unit=s.unit or "",
    )
    if text is None:
        fig.update_layout(height=None, margin={"t": 40, "b": 40, "l": 60, "r": 20}, font={"size": 15})
    return fig
