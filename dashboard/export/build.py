"""The export package's front door: a request in, finished file bytes out.

The dashboard's "Skapa presentation" and the CLI both call these, so a deck made in the app and
one made on the command line are the same file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import plotly.graph_objects as go

from dashboard.export.content import DeckRequest, deck_content, kpi_chart
from dashboard.export.deck import chart_job, render_pptx
from dashboard.export.images import ImageSession, figure_image
from dashboard.export.slides import Deck, KpiSlide
from dashboard.export.workbook import deck_workbook


@dataclass(frozen=True)
class DeckFiles:
    deck: Deck  # what the files say (slide titles, key figures) for a preview in the app
    pptx: bytes
    xlsx: bytes  # b"" when not asked for


def build_deck(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> bytes:
    """The council deck (.pptx bytes) for the request. Raises ExportError with a plain message."""
    return build_files(con, req, workbook=False).pptx


def build_workbook(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> bytes:
    """The deck's numbers (.xlsx bytes): one sheet per chart and a sheet of sources."""
    return deck_workbook(deck_content(con, req))


def build_files(
    con: duckdb.DuckDBPyConnection,
    req: DeckRequest,
    workbook: bool = True,
    on_slide: Callable[[KpiSlide], object] | None = None,
) -> DeckFiles:
    """The deck and its workbook from one pass over the analysis (what "Skapa presentation"
    wants). Chromium starts once the request is validated (bad input is reported first) and
    renders each chart while the next KPI is analysed. `on_slide` sees each slide as it is
    built (the dashboard's progress)."""
    session: ImageSession | None = None
    futures = []

    def render(slide: KpiSlide) -> None:
        nonlocal session
        session = session or ImageSession()
        futures.append(session.submit(chart_job(slide)))
        if on_slide is not None:
            on_slide(slide)

    try:
        deck = deck_content(con, req, on_slide=render)
        pngs = [f.result() for f in futures]
    finally:
        if session is not None:
            session.close()
    return DeckFiles(deck, render_pptx(deck, pngs), deck_workbook(deck) if workbook else b"")


def chart_figure(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> go.Figure:
    """The first requested KPI's trend chart with title, subtitle and caption on it."""
    return kpi_chart(con, req, req.kpi_ids[0])


def build_chart(con: duckdb.DuckDBPyConnection, req: DeckRequest, fmt: str = "png") -> bytes:
    """One KPI's chart as PNG (2× scale), SVG or PDF bytes."""
    return figure_image(chart_figure(con, req), fmt)
