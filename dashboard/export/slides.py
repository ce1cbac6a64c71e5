"""What a council deck says, apart from how it is drawn: built from the analysis (content.py),
drawn by deck.py, and tabulated by workbook.py, so the three always agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class KeyFigure:
    label: str  # 'Rangordning'
    value: str  # '177 av 290 (bästa 25 %)'


@dataclass(frozen=True)
class KpiSlide:
    """One KPI: its chart, the figures beside it, the step-8 status and the analyst's words."""

    kpi_id: str
    title: str  # the KPI's title, cleaned of double spaces
    subtitle: str  # municipality · year · gender · peer set
    figure: go.Figure  # the chart as drawn on the slide (title and caption live on the slide)
    chart_data: pd.DataFrame  # the numbers behind the chart, Swedish headers: one workbook sheet
    key_figures: tuple[KeyFigure, ...]
    status: str  # 'green' | 'yellow' | 'red' | 'white'
    status_text: str  # 'Gul – målet nås inte helt men utvecklingen förbättras'
    status_note: str  # whose status it is: 'Förslag från Trappan' or 'Bedömd av … 2026-11-23'
    status_reason: str  # why: the analysis's reasons, or the analyst's saved reason
    conclusion: str | None  # step 7, when saved
    actions: str | None  # step 9, when saved
    definition: str  # Kolada's description: the speaker notes
    caption: str  # 'Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan'
    data_date: dt.date | None
    unit: str = ""
    peer_label: str = ""  # the chosen peer set, e.g. 'Liknande kommuner grundskola (2024)'
    peer_keys: tuple[str, ...] = ()  # the keys the municipality has, for a helpful message
    is_map: bool = False  # the KPI's quartile map of Sweden (after its own slide), not its trend


@dataclass(frozen=True)
class LeftOut:
    """A KPI of the selection without a value for the deck's year (municipality, gender): it gets
    no slide of "–"; the title and closing slides name it, with its latest year with a value."""

    kpi_id: str
    title: str
    latest_year: int | None


@dataclass(frozen=True)
class Deck:
    lang: str
    title: str  # 'Grundskola – Örebro'
    subtitle: str  # 'Nyckeltal 2019 · totalt · jämfört med …'
    created: dt.date
    slides: tuple[KpiSlide, ...]
    method: tuple[str, ...]  # paragraphs of the closing slide: sources and method
    municipality: str = ""
    file_stem: str = "trappan"  # a safe file name without extension, for downloads
    left_out: tuple[LeftOut, ...] = ()  # KPIs without a value for the year: no slide of their own
    note: str = ""  # the title slide's line naming them ('Utan värde 2022: …'), '' when none
