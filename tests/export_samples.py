"""Hand-built decks for the export tests that exercise drawing, not the analysis: real Örebro
numbers read straight from the store, so the workbook can be checked against the snapshot."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import plotly.graph_objects as go

from dashboard.charts import caption_for
from dashboard.export.errors import ExportError
from dashboard.export.images import chromium_path
from dashboard.export.labels import method_paragraphs
from dashboard.export.slides import Deck, KeyFigure, KpiSlide
from dashboard.export.workbook import figure_table
from store import queries

LONG_TITLE = (
    "Elever i åk 9 som är behöriga till yrkesprogram avvikelse från modellberäknat värde kommunala skolor, "
    "procentenheter (-2024), med en extra lång förklaring som ingen rubrik borde ha men som ändå måste få plats"
)


def trend_fig(con, kpi_id: str, municipality_id: str = "1880") -> go.Figure:
    df = queries.series(con, kpi_id, [municipality_id, queries.RIKET])
    fig = go.Figure()
    for _, part in df.groupby("municipality_id"):
        fig.add_trace(go.Scatter(x=part["year"].tolist(), y=part["value"].tolist(), name=part["title"].iloc[0]))
    fig.update_layout(separators=", ", xaxis={"tickformat": "d"})
    return fig


def sample_slide(con, kpi_id: str, title: str | None = None, conclusion: str | None = None) -> KpiSlide:
    info = queries.kpi_info(con, [kpi_id]).iloc[0]
    fig = trend_fig(con, kpi_id)
    date = queries.data_date(con, kpi_id)
    return KpiSlide(
        kpi_id=kpi_id,
        title=title or " ".join(info["title"].split()),
        subtitle="Örebro · 2019 · Totalt · jämfört med Riket",
        figure=fig,
        chart_data=figure_table(fig),
        key_figures=(KeyFigure("Värde 2019", "69,6 %"), KeyFigure("Rangordning", "177 av 290 (mellersta 50 %)")),
        status="yellow",
        status_text="Gul – målet nås inte helt men utvecklingen förbättras",
        status_note="Förslag från Trappan",
        status_reason="Sämre än Riket: 69,6 % mot 73,4 % (−3,8 procentenheter). Utvecklingen förbättras.",
        conclusion=conclusion,
        actions="Följ upp per skola varje termin." if conclusion else None,
        definition=" ".join(str(info["description"]).split()),
        caption=caption_for(date),
        data_date=date,
        unit="%",
    )


def sample_deck(con, slides: tuple[KpiSlide, ...]) -> Deck:
    return Deck(
        lang="sv",
        title="Grundskola – Örebro",
        subtitle="Nyckeltal 2019 · totalt · jämfört med Riket",
        created=dt.date(2026, 11, 23),
        slides=slides,
        method=method_paragraphs("sv", [dt.date(2024, 8, 31)]),
    )


def png(width: int, height: int) -> bytes:
    """A white PNG of the given size (stands in for a rendered chart where only layout matters)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def has_chromium() -> bool:
    """Whether chart images can be rendered here (tests that need it skip otherwise)."""
    try:
        chromium_path()
    except ExportError:
        return False
    return True
