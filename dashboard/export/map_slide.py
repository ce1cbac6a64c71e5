"""A map slide for the council deck: one KPI's quartile map of Sweden as a KpiSlide, so the deck
draws it like any KPI slide (the map where the trend chart stands, the same key figures, status
and source line beside it) and its workbook gets the map's numbers.

For deck.py and the "Skapa presentation" page to call: `replace(deck, slides=(*deck.slides,
map_slide(con, req, kpi_id)))` before render_pptx / deck_workbook.
"""

from __future__ import annotations

from dataclasses import replace

import duckdb

from analysis.scorecard import ranking
from dashboard import maps
from dashboard.charts import ChartText
from dashboard.export.content import DeckRequest, deck_content
from dashboard.export.slides import KpiSlide
from store import queries


def map_slide(con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str) -> KpiSlide:
    """The KPI's slide for the request's municipality, year and gender, with the map as its chart
    (no title or caption on the figure: the slide carries them). ExportError for a bad request."""
    slide = deck_content(con, replace(req, kpi_ids=(kpi_id,), area_id=None, from_assessments=False)).slides[0]
    info = queries.kpi_info(con, [kpi_id]).iloc[0]
    ranked = ranking(con, kpi_id, req.year, req.gender)
    fig = maps.municipality_map(
        ranked, req.municipality_id, ChartText(title="", lang=req.lang), str(info["direction"]), slide.unit
    )
    # the slide's picture box is landscape: the legend stands beside the (tall) country, not above it
    fig.update_layout(
        height=None,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        legend={"orientation": "v", "x": 0.02, "y": 0.98, "yref": "paper", "xanchor": "left", "yanchor": "top"},
        font={"size": 15},
    )
    return replace(slide, figure=fig, chart_data=maps.map_table(fig, req.lang))
