"""The goal tree's one chart: each vision's and goal's children's colours as a small stacked bar
(green, yellow, red, white — always with the count written on the bar and the colour's word in the
legend). Drawn on the page "Mål och uppföljning" and on the follow-up report's slides.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from analysis.goals import STATUSES, GoalResult
from dashboard.charts import STATUS_COLOURS, ChartText, _style, plotly_text
from i18n import t

LABEL_CHARS = 46
TEXT_COLOURS = {"green": "#FFFFFF", "yellow": "#000000", "red": "#FFFFFF", "white": "#000000"}


def goal_label(g: GoalResult, limit: int = LABEL_CHARS) -> str:
    """'Nöjda brukare i …' indented by depth, shortened to `limit` characters."""
    title = " ".join(str(g.node.title or g.node.node_id).split())
    if len(title) > limit:
        title = title[: limit - 1].rstrip() + "…"
    return plotly_text("\u00a0\u00a0\u00a0" * g.depth + ("↳ " if g.depth else "") + title)


def children_chart(goals: Sequence[GoalResult], text: ChartText) -> go.Figure:
    """One horizontal stacked bar per goal (top to bottom in tree order): how many of its direct
    children are green, yellow, red and white. A goal with nothing under it has an empty bar."""
    lang = text.lang
    labels = [goal_label(g) for g in goals]
    # two goals may share a title: the y axis needs unique categories, so later twins get an id
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            labels[i] = f"{label} ({plotly_text(goals[i].node.node_id)})"
    fig = go.Figure()
    for status in STATUSES:
        counts = [getattr(g.counts, status) for g in goals]
        word = t(f"status_short_{status}", lang)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts,
                orientation="h",
                name=word,
                marker={"color": STATUS_COLOURS[status], "line": {"color": "#555555", "width": 1}},
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": TEXT_COLOURS[status]},
                hovertemplate=f"%{{y}}<br>{word}: %{{x}}<extra></extra>",
            )
        )
    height = 150 + 34 * max(len(goals), 1)
    _style(fig, text, height=height)
    fig.update_layout(barmode="stack", bargap=0.35, legend={"traceorder": "normal"})
    fig.update_yaxes(autorange="reversed", title_text="")
    fig.update_xaxes(dtick=1, tickformat="d", rangemode="tozero", title_text=t("goals_chart_x", lang))
    return fig


def tree_sunburst(goals: Sequence[GoalResult], text: ChartText, indicator_titles: dict[str, str]) -> go.Figure:
    """The whole tree as a sunburst: visions in the middle, goals around them, indicators outside,
    each sector in its status colour with the status word written in it. `indicator_titles` maps an
    indicator's node id to its title."""
    lang = text.lang
    ids, labels, parents, colours, words = [], [], [], [], []
    for g in goals:
        n = g.node
        ids.append(n.node_id)
        labels.append(goal_label(g, 28).strip("\u00a0↳ "))
        parents.append(n.parent_id or "")
        colours.append(STATUS_COLOURS[g.status])
        words.append(t(f"status_short_{g.status}", lang))
        for ind in g.indicators:
            title = " ".join(indicator_titles.get(ind.node_id, ind.kpi_id).split())
            ids.append(ind.node_id)
            labels.append(plotly_text(title if len(title) <= 28 else title[:27] + "…"))
            parents.append(n.node_id)
            colours.append(STATUS_COLOURS[ind.status])
            words.append(t(f"status_short_{ind.status}", lang))
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            customdata=words,
            marker={"colors": colours, "line": {"color": "#555555", "width": 1}},
            texttemplate="%{label}<br><b>%{customdata}</b>",
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            insidetextorientation="horizontal",
            leaf={"opacity": 1.0},
            sort=False,
        )
    )
    _style(fig, text, height=720, legend=False)
    fig.update_layout(margin={"l": 10, "r": 10})
    return fig
