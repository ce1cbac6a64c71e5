"""Excel workbooks (openpyxl): the numbers behind every chart, one sheet per chart, and a sheet
of sources, load dates and definitions — so a secretary can check or re-draw any figure.

Numbers are written as the numbers of the data, never as formatted or re-parsed strings, with a
number format of the KPI's decimals ("#,##0.0"; kronor "#,##0"), which Excel shows with the reader's
own decimal mark and thousands separator; years as whole numbers. Every text — KPI titles, units,
definitions, peer-set names, notes — is written as a text cell (`put`): a title such as
`=HYPERLINK(…)` or `=cmd|' /C calc'!A0` is shown, never evaluated, also after the cell is edited.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analysis.format import FORMULA_START, unit_decimals
from dashboard.export.slides import Deck
from i18n import t

HEADER_ROW = 5  # rows 1-3: title, subtitle, caption; the table starts here
YEAR_FORMAT = "0"
YEAR_HEADERS = ("År", "Year")
MAX_CELL_TEXT = 32_767  # Excel's limit per cell
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def number_format(decimals: int) -> str:
    """'#,##0.0' for one decimal, '#,##0' for whole numbers (kronor): Excel draws the separators
    of the reader's locale (Swedish: '111 602', '69,6')."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def number(value: float) -> float:
    """A float without binary noise: the mean 76.89999999999999 is stored as 76.9 (12 significant
    digits keep every digit Kolada publishes)."""
    return float(f"{value:.12g}")


def put(ws, row: int, column: int, value) -> Cell:
    """The one way a cell is written. Numbers stay numbers (without binary noise); every string is
    a TEXT cell: openpyxl would make any str starting with '=' a formula, so the type is set to
    string explicitly, and text that Excel might re-read as a formula when the cell is edited
    (a leading = + - @, tab or line break) gets Excel's own text marker (quotePrefix)."""
    value = _cell_value(value)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class Sheet:
    """One chart's data: a sheet name (≤ 31 characters), the chart's texts and its table.
    `decimals`: the number format of its values — one for every value, or one per row (a grid
    whose rows are KPIs of different units)."""

    name: str
    title: str
    subtitle: str
    caption: str
    data: pd.DataFrame
    decimals: int | tuple[int, ...] = 1


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
        name = html.unescape(trace.name) if trace.name else f"Serie {i + 1}"  # names are Plotly-escaped
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
        put(ws, 1, 1, sheet.title).font = Font(bold=True, size=13)
        put(ws, 2, 1, sheet.subtitle)
        put(ws, 3, 1, sheet.caption).font = Font(italic=True, color="5B6470")
        _write_table(ws, sheet.data, HEADER_ROW, sheet.decimals)
    ws = wb.create_sheet(_sheet_name(t("deck_sheet_sources", lang), used))
    put(ws, 1, 1, t("deck_sources", lang)).font = Font(bold=True, size=13)
    put(ws, 2, 1, heading or None)
    end = _write_table(ws, sources, 4)
    for i, paragraph in enumerate(method, start=end + 2):
        put(ws, i, 1, paragraph).alignment = Alignment(wrap_text=False)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def deck_workbook(deck: Deck) -> bytes:
    """The workbook that goes with a deck: its charts' data in slide order, then the sources."""
    sheets = [
        Sheet(f"{i} {s.kpi_id}", s.title, s.subtitle, s.caption, s.chart_data, unit_decimals(s.unit))
        for i, s in enumerate(deck.slides, 1)
    ]
    heading = f"{deck.title} · {deck.subtitle} · {t('deck_created', deck.lang)} {deck.created.isoformat()}"
    return workbook_bytes(sheets, sources_table(deck), deck.method, deck.lang, heading)


def sources_table(deck: Deck) -> pd.DataFrame:
    """One row per KPI of the deck: id, title, unit, source, load date and Kolada's definition."""
    keys = ("kpi_id", "kpi", "unit", "source", "retrieved", "definition")
    headers = [t(f"deck_col_{key}", deck.lang) for key in keys]
    rows = [
        (s.kpi_id, s.title, s.unit, "Kolada (RKA)", s.data_date.isoformat() if s.data_date else None, s.definition)
        for s in deck.slides
    ]
    return pd.DataFrame(rows, columns=headers)


def _write_table(ws, df: pd.DataFrame, header_row: int, decimals: int | Sequence[int] = 1) -> int:
    """Headers in bold, numbers as numbers (years whole, others with `decimals` — one for all, or
    one per row); returns the last row."""
    for c, name in enumerate(df.columns, start=1):
        put(ws, header_row, c, str(name)).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(c)].width = max(10, min(60, len(str(name)) + 2))
    is_year = [str(name) in YEAR_HEADERS for name in df.columns]
    r = header_row
    for i, row in enumerate(df.itertuples(index=False)):
        r = header_row + 1 + i
        row_decimals = decimals if isinstance(decimals, int) else decimals[i]
        for c, value in enumerate(row, start=1):
            if is_year[c - 1] and isinstance(value, float) and value.is_integer():
                value = int(value)
            cell = put(ws, r, c, value)
            if is_year[c - 1] and isinstance(cell.value, int):
                cell.number_format = YEAR_FORMAT
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = number_format(row_decimals)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return r


def _cell_value(value):
    """None, bool, int, a float without noise, or a string Excel can hold."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else number(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: ≤ 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip()[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate
