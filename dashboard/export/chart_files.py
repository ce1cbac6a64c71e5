"""Any chart of the app as files: its image (PNG at 2×, SVG, PDF) and its numbers (XLSX).

The dashboard's download buttons (dashboard/downloads.py) call these; no streamlit in here, so the
tests call them directly. The table follows the chart's shape: a line chart over years becomes one
row per year and one column per line (workbook.figure_table); every other chart (bars, ranking,
histogram, scatter) one row per drawn point, named by the municipality its hover text names; a
heatmap its grid. Numbers are the numbers the chart was drawn from (trace coordinates, and for the
heatmap the values it carries in customdata) — never the printed cell or hover text read back — so
the figure can be checked or re-drawn in Excel. Texts are Plotly-escaped in the figure
(charts.plotly_text) and unescaped here: the workbook holds the name as it was written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import chart_decimals
from dashboard.export.images import HEIGHT, WIDTH, ImageJob, ImageSession, render_images
from dashboard.export.workbook import Sheet, figure_table, workbook_bytes
from i18n import STRINGS as APP_STRINGS
from i18n import t

_TAGS = re.compile(r"<[^>]+>")
_CAPTION_PREFIXES = tuple(pair[i].split("{")[0] for pair in (APP_STRINGS["caption"],) for i in (0, 1))
_SHORT_AXIS_TITLE = 12  # a unit ('%', 'kr/inv') rather than a name: the column says 'Värde (%)'


def chart_image(fig: go.Figure, fmt: str = "png", session: ImageSession | None = None) -> bytes:
    """The chart as the app draws it (its own height, 1000 px wide; PNG at 2× scale). With a
    long-lived `session` this costs a render (~0,3 s), without one also a Chromium start (~2 s)."""
    job = ImageJob(fig, fmt, WIDTH, int(fig.layout.height or HEIGHT))
    if session is None:
        return render_images([job])[0]
    return session.submit(job).result()


def chart_texts(fig: go.Figure) -> tuple[str, str, str]:
    """(title, subtitle, caption) as plain text, read off the figure (charts._style puts them there)."""
    title = fig.layout.title
    caption = next((a.text for a in fig.layout.annotations if a.text and a.text.startswith(_CAPTION_PREFIXES)), "")
    return _plain(title.text), _plain(title.subtitle.text), _plain(caption)


def chart_table(fig: go.Figure, lang: str = "sv") -> pd.DataFrame:
    """The numbers drawn in the chart (see the module docstring for the three shapes; a map's
    table comes from dashboard/maps.py)."""
    from dashboard.maps import map_table  # the map module reads its boundaries only when drawing

    table = map_table(fig, lang)
    if table is not None:
        return table
    heatmap = next((tr for tr in fig.data if tr.type == "heatmap"), None)
    if heatmap is not None:
        return _grid_table(heatmap, fig, lang)
    traces = [tr for tr in fig.data if _has_points(tr)]
    if traces and all(_is_year_line(tr) for tr in traces):
        lines = go.Figure(
            [
                go.Scatter(x=tr.x, y=tr.y, name=html.escape(name, quote=False))
                for tr, name in zip(traces, _line_names(traces))
            ]
        )
        return figure_table(lines, t("col_year", lang))
    return _point_table(traces, fig, lang)


def chart_workbook(fig: go.Figure, lang: str = "sv", link: str = "", downloaded: dt.date | None = None) -> bytes:
    """An .xlsx with the chart's numbers on one sheet and a sheet naming the chart, its selection,
    source (with Kolada's load date), the download date and a link back to the same view."""
    title, subtitle, caption = chart_texts(fig)
    rows = [
        (t("xl_chart", lang), title),
        (t("xl_selection", lang), subtitle),
        (t("xl_source", lang), caption),
        (t("xl_downloaded", lang), (downloaded or dt.date.today()).isoformat()),
    ]
    if link:
        rows.append((t("xl_link", lang), link))
    sources = pd.DataFrame([r for r in rows if r[1]], columns=[t("col_field", lang), t("col_value", lang)])
    sheet = Sheet(t("xl_data", lang), title, subtitle, caption, chart_table(fig, lang), _decimals(fig))
    return workbook_bytes([sheet], sources, lang=lang, heading=title)


def _plain(text: str | None) -> str:
    """A figure's text as written: line breaks and tags dropped, Plotly's entities decoded."""
    return " ".join(html.unescape(_TAGS.sub(" ", text or "")).split())


def _name(value):
    """A name read off the figure (escaped for Plotly) as it was written; anything else as is."""
    return html.unescape(value) if isinstance(value, str) else value


def _decimals(fig: go.Figure) -> int | tuple[int, ...]:
    """The value format: a heatmap's per-row decimals (its rows are KPIs), else the chart's."""
    heatmap = next((tr for tr in fig.data if tr.type == "heatmap"), None)
    meta = heatmap.meta if heatmap is not None else None
    if isinstance(meta, dict) and meta.get("decimals"):
        return tuple(int(d) for d in meta["decimals"])
    return chart_decimals(fig)


def _values(seq) -> list:
    return [] if seq is None else list(seq)


def _has_points(tr) -> bool:
    return any(v is not None for v in _values(getattr(tr, "x", None)) + _values(getattr(tr, "y", None)))


def _is_year_line(tr) -> bool:
    """A line over whole-number x values (years): the trend and women/men charts."""
    if tr.type != "scatter" or "lines" not in str(tr.mode or "lines"):
        return False
    xs = [x for x in _values(tr.x) if x is not None]
    try:
        return bool(xs) and all(float(x).is_integer() for x in xs)
    except (TypeError, ValueError):
        return False


def _line_names(traces: Sequence) -> list[str]:
    """Column names: the trace's name, but lines that share a legend entry (the thin peer lines,
    all 'Jämförelsekommuner') are named by the municipality their hover text gives."""
    names = [_name(tr.name) or f"{i + 1}" for i, tr in enumerate(traces)]
    out = []
    for tr, name in zip(traces, names):
        labels = {_name(str(x)) for x in _values(tr.text) if x}
        out.append(labels.pop() if names.count(name) > 1 and len(labels) == 1 else name)
    return out


def _point_names(tr) -> list:
    """Each point's label: the municipality in customdata (first field) or text, else nothing."""
    n = max(len(_values(tr.x)), len(_values(tr.y)))
    for source in (getattr(tr, "customdata", None), getattr(tr, "text", None), getattr(tr, "hovertext", None)):
        values = _values(source)
        if len(values) == n and not isinstance(source, str):
            names = [_name(v[0] if isinstance(v, list | tuple) or hasattr(v, "shape") else v) for v in values]
            if any(isinstance(v, str) and v for v in names):
                return names
    return [None] * n


def _axis_header(title: str | None, fallback: str, lang: str) -> str:
    title = _plain(title)
    if not title:
        return fallback
    return t("xl_value_unit", lang, unit=title) if len(title) <= _SHORT_AXIS_TITLE else title


def _point_table(traces: Sequence, fig: go.Figure, lang: str) -> pd.DataFrame:
    """One row per drawn point: series, name, x, y (empty columns dropped)."""
    x_head = _axis_header(fig.layout.xaxis.title.text, "x", lang)
    y_head = _axis_header(fig.layout.yaxis.title.text, "y", lang)
    series, name = t("xl_series", lang), t("xl_name", lang)
    rows = []
    for tr in traces:
        xs, ys = _values(tr.x), _values(tr.y)
        n = max(len(xs), len(ys))
        xs, ys = xs or [None] * n, ys or [None] * n
        for label, x, y in zip(_point_names(tr), xs, ys):
            if isinstance(y, str) and label is None:  # horizontal bars: the categories are the names
                label, y = _name(y), None
            if isinstance(x, str) and label is None:
                label, x = _name(x), None
            rows.append({series: _name(tr.name), name: label, x_head: _number(x), y_head: _number(y)})
    table = pd.DataFrame(rows, columns=[series, name, x_head, y_head])
    return table.dropna(axis="columns", how="all")


def _grid_table(heatmap, fig: go.Figure, lang: str) -> pd.DataFrame:
    """A heatmap's cells: rows × columns. The values are the numbers the chart carries in
    customdata (charts.matrix_chart), the rows named by their full titles (meta) — the printed
    cell text ('111,6 tkr', '12,345.7') is for the eye and is never read back."""
    cells = _values(heatmap.customdata) if heatmap.customdata is not None else _values(heatmap.z)
    meta = heatmap.meta if isinstance(heatmap.meta, dict) else {}
    rows = list(meta.get("rows") or [_plain(str(y)) for y in _values(heatmap.y)])
    columns = [_name(str(c)) for c in _values(heatmap.x)]
    table = pd.DataFrame([[_number(v) for v in row] for row in cells], columns=columns)
    table.insert(0, _axis_header(fig.layout.yaxis.title.text, t("xl_name", lang), lang), rows)
    return table


def _number(value):
    """A number as a number; anything else (a category, a label) as the text it is — never parsed."""
    if value is None or isinstance(value, int | float):
        return value
    if hasattr(value, "item"):
        return value.item()
    return _name(str(value))
