"""A map slide for the council deck: one KPI's quartile map of Sweden as a KpiSlide, so the deck
draws it like any KPI slide (the map where the trend chart stands, the same key figures, status
and source line beside it) and its workbook gets the map's numbers as a sheet of its own.

The deck puts one after a KPI's slide when asked (`DeckRequest(maps=True)`, the CLI's `deck --map`,
the "Skapa presentation" checkbox): `with_map` turns the KPI's finished slide into its map slide,
so the analysis runs once per KPI. `map_slide(con, req, kpi_id)` builds one on its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
import plotly.graph_objects as go

from analysis.scorecard import ranking
from dashboard import maps
from dashboard.charts import ChartText
from dashboard.export.slides import KpiSlide
from i18n import t
from store import queries

if TYPE_CHECKING:  # content.py builds the deck and calls with_map: imported there, not here
    from dashboard.export.content import DeckRequest


def map_figure(con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str, direction: str, unit: str) -> go.Figure:
    """The KPI's map for the request's municipality (outlined), year and gender, shaped for the
    slide's landscape picture box: no title or caption on the figure (the slide carries them), the
    legend standing beside the tall country, not above it."""
    ranked = ranking(con, kpi_id, req.year, req.gender)
    fig = maps.municipality_map(ranked, req.municipality_id, ChartText(title="", lang=req.lang), direction, unit)
    fig.update_layout(
        height=None,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "v", "x": 0.02, "y": 0.98, "yref": "paper", "xanchor": "left", "yanchor": "top"},
        font={"size": 15},
    )
    return fig


def with_map(con: duckdb.DuckDBPyConnection, req: DeckRequest, slide: KpiSlide, direction: str) -> KpiSlide:
    """The KPI's slide with its map as the chart and the map's table as its numbers; the subtitle
    says it is the map ('… · karta över alla kommuner')."""
    fig = map_figure(con, req, slide.kpi_id, direction, slide.unit)
    return replace(
        slide,
        figure=fig,
        chart_data=maps.map_table(fig, req.lang),
        subtitle=t("deck_map_subtitle", req.lang, subtitle=slide.subtitle),
        is_map=True,
    )


def map_slide(con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str) -> KpiSlide:
    """The KPI's map slide on its own (ExportError for a bad request)."""
    from dashboard.export.content import deck_content

    slide = deck_content(con, replace(req, kpi_ids=(kpi_id,), area_id=None, from_assessments=False, maps=False))
    info = queries.kpi_info(con, [kpi_id]).iloc[0]
    return with_map(con, req, slide.slides[0], str(info["direction"]))
