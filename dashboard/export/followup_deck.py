"""Draw the follow-up report (dashboard.export.followup.Report) as a 16:9 PPTX with python-pptx, in
the council deck's house style and with its text-fitting helpers (dashboard.export.deck, textfit).

A goal slide: title and subtitle across the top; on the left the goal's status (colour AND word,
and whose status it is), its children's colours as a stacked bar drawn from rectangles (each
segment with its count, the words under it) and the owner's reason and actions; on the right a
table of the sub-goals and indicators under the goal (value, target, status as a coloured cell
with its word, change since the period before). A table taller than the slide continues on the
next slide. The indicators' full reasons go in the speaker notes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from analysis.goals import STATUSES, StatusCounts
from dashboard.export import textfit
from dashboard.export.deck import (
    ACCENT,
    BODY_TOP,
    DARK,
    FONT,
    FOOT_TOP,
    GREY,
    INSET,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    TITLE_SIZES,
    _fill_frame,
    _fit,
    _fit_block,
    _footer,
    _text_box,
    _title_slide,
)
from dashboard.export.followup import GoalSlide, Report, TableRow
from dashboard.export.labels import STATUS_FILL, STATUS_TEXT
from dashboard.export.slides import Deck
from dashboard.export.textfit import Para
from i18n import t

PANEL_W = 3.5
TABLE_X = MARGIN + PANEL_W + 0.3
TABLE_W = SLIDE_W - MARGIN - TABLE_X
GOAL_COLUMNS = (0.375, 0.14, 0.225, 0.095, 0.165)  # label, value, target, status, change (share of width)
OVERVIEW_COLUMNS = (0.36, 0.19, 0.23, 0.075, 0.145)  # vision/goal, owner, below, status, change
CELL_MARGIN = 0.05  # inches
TABLE_SIZE = 11.0
LIGHT = "F3F4F6"
INDENT = "\u2003"


def render_report(report: Report) -> tuple[bytes, int]:
    """(the .pptx bytes, the number of slides)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    deck = Deck(report.lang, report.title, report.subtitle, report.created, (), report.method)
    _title_slide(prs.slides.add_slide(blank), deck)
    _overview_slides(prs, blank, report)
    for goal in report.slides:
        _goal_slides(prs, blank, goal, report)
    _method(prs.slides.add_slide(blank), report, len(prs.slides) + 1)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue(), len(prs.slides)


def _method(slide, report: Report, number: int) -> None:
    """The closing slide: how an indicator is judged, the roll-up rule, the sources."""
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, 0.35, width, 0.9, [Para(t("goals_method_title", report.lang), 28, True, DARK)])
    height = FOOT_TOP - 1.4
    paras = [Para(p, 16, False, DARK, 10.0) for p in report.method]
    _text_box(slide, MARGIN, 1.3, width, height, _fit_block(paras, width, height))
    _footer(slide, report.caption, number)


def _heading(slide, title: str, subtitle: str) -> None:
    width = SLIDE_W - 2 * MARGIN
    text, size = _fit(title, width, 1.05, TITLE_SIZES, bold=True)
    _text_box(slide, MARGIN, 0.22, width, 1.05, [Para(text, size, True, DARK)], anchor=MSO_ANCHOR.BOTTOM)
    sub, size = _fit(subtitle, width, 0.42, (14.0, 13.0, 12.0))
    _text_box(slide, MARGIN, 1.25, width, 0.42, [Para(sub, size, False, GREY)])


# ---- tables ----------------------------------------------------------------------------------------
def _row_height(cells: Sequence[str], widths: Sequence[float], size: float, bold: bool = False) -> float:
    """Inches a table row needs: the most wrapped cell's lines, plus the cell margins."""
    lines = max(len(textfit.wrap(c, (w - 2 * CELL_MARGIN) * 72, size, bold)) for c, w in zip(cells, widths))
    return (lines * size * textfit.LINE_HEIGHT + 2) / 72 + 2 * CELL_MARGIN


def _pages(rows: list[list[str]], widths: Sequence[float], height: float, header: list[str]) -> list[list[int]]:
    """Row indexes per slide so each table (with its header) fits `height` inches."""
    head = _row_height(header, widths, TABLE_SIZE, True)
    pages: list[list[int]] = [[]]
    used = head
    for i, cells in enumerate(rows):
        h = _row_height(cells, widths, TABLE_SIZE)
        if pages[-1] and used + h > height:
            pages.append([])
            used = head
        pages[-1].append(i)
        used += h
    return pages


def _table(slide, left: float, top: float, widths: Sequence[float], header: list[str], rows: list[list[str]],
           statuses: list[str], status_col: int, bold_rows: set[int]) -> None:  # fmt: skip
    heights = [_row_height(header, widths, TABLE_SIZE, True)] + [
        _row_height(r, widths, TABLE_SIZE, i in bold_rows) for i, r in enumerate(rows)
    ]
    shape = slide.shapes.add_table(
        len(rows) + 1, len(widths), Inches(left), Inches(top), Inches(sum(widths)), Inches(sum(heights))
    )
    table = shape.table
    table.horz_banding = False
    for c, w in enumerate(widths):
        table.columns[c].width = Inches(w)
    for r, h in enumerate(heights):
        table.rows[r].height = Inches(h)
    for c, text in enumerate(header):
        _cell(table.cell(0, c), text, ACCENT, "FFFFFF", bold=True)
    for r, (cells, status) in enumerate(zip(rows, statuses), start=1):
        for c, text in enumerate(cells):
            if c == status_col:
                _cell(table.cell(r, c), text, STATUS_FILL[status], STATUS_TEXT[status], bold=True)
            else:
                _cell(
                    table.cell(r, c), text, LIGHT if (r - 1) in bold_rows else "FFFFFF", DARK, bold=(r - 1) in bold_rows
                )


def _cell(cell, text: str, fill: str, colour: str, bold: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(fill)
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(cell, side, Inches(CELL_MARGIN))
    frame = cell.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    para.line_spacing = 1.0
    run = para.add_run()
    run.text = text
    run.font.size = Pt(TABLE_SIZE)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor.from_string(colour)


def _row_cells(row: TableRow, lang: str) -> list[str]:
    return [INDENT * row.depth + row.label, row.value, row.target, _status(row.status, lang), row.change]


def _status(status: str, lang: str) -> str:
    return t(f"status_short_{status}", lang)


# ---- slides ----------------------------------------------------------------------------------------
def _overview_slides(prs, layout, report: Report) -> None:
    lang = report.lang
    widths = [share * (SLIDE_W - 2 * MARGIN) for share in OVERVIEW_COLUMNS]
    header = [t("goals_col_goal", lang), t("goals_col_owner", lang), t("goals_col_below", lang),
              t("goals_col_status", lang), t("goals_col_change_short", lang)]  # fmt: skip
    rows = [_row_cells(r, lang) for r in report.overview]
    for n, page in enumerate(_pages(rows, widths, FOOT_TOP - 0.1 - BODY_TOP, header)):
        slide = prs.slides.add_slide(layout)
        more = f" ({t('goals_continued', lang)})" if n else ""
        _heading(slide, t("goals_overview_title", lang) + more, report.subtitle)
        _table(
            slide, MARGIN, BODY_TOP, widths, header, [rows[i] for i in page],
            [report.overview[i].status for i in page], 3,
            {j for j, i in enumerate(page) if report.overview[i].kind == "vision"},
        )  # fmt: skip
        _footer(slide, report.caption, len(prs.slides))


def _goal_slides(prs, layout, goal: GoalSlide, report: Report) -> None:
    lang = report.lang
    widths = [share * TABLE_W for share in GOAL_COLUMNS]
    header = [t("goals_col_indicator", lang), t("goals_col_value", lang), t("goals_col_target", lang),
              t("goals_col_status", lang), t("goals_col_change_short", lang)]  # fmt: skip
    rows = [_row_cells(r, lang) for r in goal.rows]
    pages = _pages(rows, widths, FOOT_TOP - 0.1 - BODY_TOP, header) if rows else [[]]
    for n, page in enumerate(pages):
        slide = prs.slides.add_slide(layout)
        more = f" ({t('goals_continued', lang)})" if n else ""
        _heading(slide, goal.title + more, goal.subtitle)
        _panel(slide, goal, lang)
        if page:
            _table(
                slide, TABLE_X, BODY_TOP, widths, header, [rows[i] for i in page],
                [goal.rows[i].status for i in page], 3, {j for j, i in enumerate(page) if goal.rows[i].kind == "goal"},
            )  # fmt: skip
        else:
            _text_box(
                slide, TABLE_X, BODY_TOP, TABLE_W, 0.6, [Para(t("goals_rule_no_children", lang), 14, False, GREY)]
            )
        _footer(slide, report.caption, len(prs.slides))
        slide.notes_slide.notes_text_frame.text = _notes(goal, [goal.rows[i] for i in page], lang)


def _panel(slide, goal: GoalSlide, lang: str) -> None:
    """Status badge, children's colours, the owner's reason and actions."""
    top = BODY_TOP
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(MARGIN), Inches(top), Inches(PANEL_W), Inches(1.0))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string(STATUS_FILL[goal.status])
    box.line.color.rgb = RGBColor.from_string(GREY if goal.status == "white" else STATUS_FILL[goal.status])
    colour = STATUS_TEXT[goal.status]
    paras = [Para(goal.status_line, 16, True, colour), Para(goal.status_note, 11, False, colour, 2.0)]
    _fill_frame(box.text_frame, _fit_block(paras, PANEL_W, 1.0), anchor=MSO_ANCHOR.MIDDLE)
    top += 1.15
    _text_box(slide, MARGIN, top, PANEL_W, 0.4, [Para(t("goals_col_below", lang), 12, True, ACCENT)])
    top += 0.4
    _bar(slide, goal.counts, MARGIN, top, PANEL_W, 0.42, lang)
    top += 0.47
    legend = " · ".join(f"{t(f'status_short_{s}', lang)} {getattr(goal.counts, s)}" for s in STATUSES)
    _text_box(slide, MARGIN, top, PANEL_W, 0.4, [Para(legend, 11, False, DARK)])
    top += 0.45
    texts = [
        Para(text, 11, False, DARK, 6.0, lead=f"{t(key, lang)}: ")
        for key, text in (("goals_reason", goal.reason), ("goals_actions", goal.actions))
        if text
    ]
    if texts:
        height = FOOT_TOP - 0.1 - top
        _text_box(slide, MARGIN, top, PANEL_W, height, _fit_block(texts, PANEL_W, height))


def _bar(slide, counts: StatusCounts, left: float, top: float, width: float, height: float, lang: str) -> None:
    """A stacked bar of the children's colours, each segment with its count (never colour alone)."""
    if counts.total == 0:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height))
        shape.fill.background()
        shape.line.color.rgb = RGBColor.from_string(GREY)
        _fill_frame(shape.text_frame, [Para(t("goals_rule_no_children", lang), 10, False, GREY)], MSO_ANCHOR.MIDDLE,
                    PP_ALIGN.CENTER)  # fmt: skip
        return
    x = left
    for status in STATUSES:
        n = getattr(counts, status)
        if not n:
            continue
        w = width * n / counts.total
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(top), Inches(w), Inches(height))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(STATUS_FILL[status])
        shape.line.color.rgb = RGBColor.from_string("555555")
        if textfit.text_width(str(n), 12, True) <= (w - 2 * INSET) * 72:  # a sliver: its count is in the legend
            _fill_frame(shape.text_frame, [Para(str(n), 12, True, STATUS_TEXT[status])], MSO_ANCHOR.MIDDLE,
                        PP_ALIGN.CENTER)  # fmt: skip
        x += w


def _notes(goal: GoalSlide, rows: Sequence[TableRow], lang: str) -> str:
    parts = [f"{goal.title} – {goal.status_line}. {goal.status_note}"]
    for key, text in (("goals_reason", goal.reason), ("goals_actions", goal.actions)):
        if text:
            parts.append(f"{t(key, lang)}: {text}")
    parts += [f"{r.label}: {r.notes}" for r in rows if r.notes]
    return "\n\n".join(parts)
