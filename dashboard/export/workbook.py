"""Excel workbooks (openpyxl): the numbers behind every chart, one sheet per chart, and a sheet
of sources, load dates and definitions — so a secretary can check or re-draw any figure.

Numbers are written as numbers with a one-decimal format (Excel shows the decimal comma under a
Swedish locale), years as whole numbers; never as formatted strings.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dashboard.export.slides import Deck
from i18n import t

HEADER_ROW = 5  # rows 1-3: title, subtitle, caption; the table starts here
NUMBER_FORMAT = "0.0"
YEAR_HEADERS = ("År", "Year")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One chart's data: a sheet name (≤ 31 characters), the chart's texts and its table."""

    name: str
    title: str
    subtitle: str
    caption: str
    data: pd.DataFrame


def figure_table(fig: go.Figure, x_header: str = "År") -> pd.DataFrame:
    """The data drawn in a figure, wide: one row per x value, one column per named trace.
    Works for any line/bar/scatter chart, so every chart of the app can offer its numbers."""
    columns: dict[str, pd.Series] = {}
    for i, trace in enumerate(fig.data):
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        if getattr(trace, "orientation", None) == "h":
            x, y = y, x
        name = trace.name or f"Serie {i + 1}"
        columns[name] = pd.Series(list(y), index=list(x), dtype="float64").groupby(level=0).first()
    if not columns:
        return pd.DataFrame({x_header: []})
    table = pd.DataFrame(columns)
    table.index.name = x_header
    return table.reset_index()


def workbook_bytes(
    sheets: Sequence[Sheet], sources: pd.DataFrame, method: Sequence[str] = (), lang: str = "sv", heading: str = ""
) -> bytes:
    """An .xlsx with one sheet per chart and a last sheet 'Källor' listing `sources` (one row per
    KPI: id, title, definition, source, load date …) under `heading`, then the method paragraphs."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.name, used))
        ws["A1"], ws["A2"], ws["A3"] = sheet.title, sheet.subtitle, sheet.caption
        ws["A1"].font = Font(bold=True, size=13)
        ws["A3"].font = Font(italic=True, color="5B6470")
        _write_table(ws, sheet.data, HEADER_ROW)
    ws = wb.create_sheet(_sheet_name("Källor" if lang != "en" else "Sources", used))
    ws["A1"] = t("deck_sources", lang)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = heading or None
    end = _write_table(ws, sources, 4)
    for i, paragraph in enumerate(method, start=end + 2):
        ws.cell(row=i, column=1, value=paragraph).alignment = Alignment(wrap_text=False)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def deck_workbook(deck: Deck) -> bytes:
    """The workbook that goes with a deck: its charts' data in slide order, then the sources."""
    sheets = [
        Sheet(f"{i} {s.kpi_id}", s.title, s.subtitle, s.caption, s.chart_data) for i, s in enumerate(deck.slides, 1)
    ]
    heading = f"{deck.title} · {deck.subtitle} · {t('deck_created', deck.lang)} {deck.created.isoformat()}"
    return workbook_bytes(sheets, sources_table(deck), deck.method, deck.lang, heading)


def sources_table(deck: Deck) -> pd.DataFrame:
    """One row per KPI of the deck: id, title, unit, source, load date and Kolada's definition."""
    en = deck.lang == "en"
    headers = (
        ("KPI id", "KPI", "Unit", "Source", "Retrieved", "Definition")
        if en
        else ("Nyckeltals-id", "Nyckeltal", "Enhet", "Källa", "Hämtad", "Definition")
    )
    rows = [
        (s.kpi_id, s.title, s.unit, "Kolada (RKA)", s.data_date.isoformat() if s.data_date else None, s.definition)
        for s in deck.slides
    ]
    return pd.DataFrame(rows, columns=list(headers))


def _write_table(ws, df: pd.DataFrame, header_row: int) -> int:
    """Headers in bold, numbers as numbers (years whole, others one decimal); returns the last row."""
    for c, name in enumerate(df.columns, start=1):
        ws.cell(row=header_row, column=c, value=str(name)).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = max(10, min(60, len(str(name)) + 2))
    is_year = [str(name) in YEAR_HEADERS for name in df.columns]
    r = header_row
    for r, row in enumerate(df.itertuples(index=False), start=header_row + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=_cell_value(value, is_year[c - 1]))
            if isinstance(cell.value, float):
                cell.number_format = NUMBER_FORMAT
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return r


def _cell_value(value, whole: bool):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and whole and float(value).is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    return str(value)


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: ≤ 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip()[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate
