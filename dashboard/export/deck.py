"""Draw a Deck as a 16:9 PowerPoint file (python-pptx), with every text measured to fit its box.

Layout of a KPI slide (inches, 13,33 × 7,5): title across the top (≤ 2 lines, 28 → 18 pt), the
subtitle under it, the chart on the left (8,1 in wide), on the right the status badge (colour
AND word, and whose status it is), the key figures and the reasons; when the analyst saved a
conclusion and actions, they take a full-width band under a lower chart (whole text also in the
speaker notes); the caption "Källa: Kolada …" and the slide number at the foot. Text sizes are chosen with textfit so the
estimated text never exceeds its box; `overflowing_boxes` re-measures a finished file (tests).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.charts import caption_for
from dashboard.export import textfit
from dashboard.export.images import PNG_SCALE, ImageJob, render_images
from dashboard.export.labels import STATUS_FILL, STATUS_TEXT
from dashboard.export.slides import Deck, KpiSlide
from dashboard.export.textfit import Para
from i18n import t

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
INSET = 0.08  # inches of padding inside every text box (all four sides)
BODY_TOP = 1.72
FOOT_TOP = 6.95
CHART_W = 8.1
CHART_PX = (900, 560)  # CSS pixels of the slide chart; rendered at 2× for a sharp picture
CHART_H = CHART_W * CHART_PX[1] / CHART_PX[0]
# With the analyst's conclusion and actions, they get a full-width band under a lower chart.
BAND_H = 1.5
BAND_TOP = FOOT_TOP - 0.08 - BAND_H
CHART_H_SHORT = BAND_TOP - 0.1 - BODY_TOP
CHART_PX_SHORT = (900, round(900 * CHART_H_SHORT / CHART_W))
PANEL_X = MARGIN + CHART_W + 0.3
PANEL_W = SLIDE_W - MARGIN - PANEL_X
TITLE_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0, 18.0)  # the title box holds 2 lines at ≤ 26 pt
DARK, GREY, ACCENT = "1F2937", "5B6470", "1B4F72"
FONT = "Arial"


def _has_analyst_text(kpi: KpiSlide) -> bool:
    return bool((kpi.conclusion or "").strip() or (kpi.actions or "").strip())


def chart_job(slide: KpiSlide) -> ImageJob:
    """How a slide's chart is rendered: PNG at 2× its CSS pixel size (lower when the analyst's
    text takes the band under it)."""
    width, height = CHART_PX_SHORT if _has_analyst_text(slide) else CHART_PX
    return ImageJob(slide.figure, "png", width, height, PNG_SCALE)


def render_deck(deck: Deck) -> bytes:
    """The deck's PPTX: every chart rendered in one Chromium session, then the slides drawn."""
    return render_pptx(deck, render_images([chart_job(s) for s in deck.slides]))


def render_pptx(deck: Deck, chart_pngs: Sequence[bytes]) -> bytes:
    """The deck as .pptx bytes; chart_pngs[i] is the rendered figure of deck.slides[i]."""
    if len(chart_pngs) != len(deck.slides):
        raise ValueError("one chart image per KPI slide")
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    _title_slide(prs.slides.add_slide(blank), deck)
    for i, (kpi, png) in enumerate(zip(deck.slides, chart_pngs), start=2):
        _kpi_slide(prs.slides.add_slide(blank), kpi, png, i, deck.lang)
    _method_slide(prs.slides.add_slide(blank), deck, len(deck.slides) + 2)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _title_slide(slide, deck: Deck) -> None:
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.2), Inches(SLIDE_W), Inches(2.9))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    band.line.fill.background()
    width = SLIDE_W - 2 * MARGIN
    title, size = _fit(deck.title, width, 1.6, (40.0, 36.0, 32.0, 28.0), bold=True)
    _text_box(slide, MARGIN, 2.45, width, 1.6, [Para(title, size, True, "FFFFFF")], anchor=MSO_ANCHOR.BOTTOM)
    sub, size = _fit(deck.subtitle, width, 0.9, (20.0, 18.0, 16.0))
    _text_box(slide, MARGIN, 4.1, width, 0.9, [Para(sub, size, False, "FFFFFF")])
    created = f"{t('deck_created', deck.lang)} {deck.created.isoformat()} · {t('deck_source_line', deck.lang)}"
    _text_box(slide, MARGIN, 6.3, width, 0.5, [Para(created, 14, False, GREY)])


def _kpi_slide(slide, kpi: KpiSlide, png: bytes, number: int, lang: str) -> None:
    width = SLIDE_W - 2 * MARGIN
    title, size = _fit(kpi.title, width, 1.05, TITLE_SIZES, bold=True)
    _text_box(slide, MARGIN, 0.22, width, 1.05, [Para(title, size, True, DARK)], anchor=MSO_ANCHOR.BOTTOM)
    subtitle, size = _fit(kpi.subtitle, width, 0.42, (14.0, 13.0, 12.0))
    _text_box(slide, MARGIN, 1.25, width, 0.42, [Para(subtitle, size, False, GREY)])
    band = _has_analyst_text(kpi)
    chart_h = CHART_H_SHORT if band else CHART_H
    slide.shapes.add_picture(io.BytesIO(png), Inches(MARGIN), Inches(BODY_TOP), Inches(CHART_W), Inches(chart_h))

    top = _status_badge(slide, kpi, lang)
    figures = [Para(f.value, 13, False, DARK, 4.0, lead=f"{f.label}: ") for f in kpi.key_figures]
    bottom = BODY_TOP + chart_h if band else FOOT_TOP - 0.1
    if kpi.status_reason:
        reason = Para(kpi.status_reason, 12, False, GREY, 8.0, lead=f"{t('deck_reason', lang)}: ")
        # beside the analyst's band the key figures come first; the reason then stays in the notes
        room = (bottom - top - 2 * INSET) * 72
        if not band or textfit.block_height([*figures, reason], _inner_pt(PANEL_W)) <= room:
            figures.append(reason)
    _text_box(slide, PANEL_X, top, PANEL_W, bottom - top, _fit_block(figures, PANEL_W, bottom - top))
    if band:
        _analyst_band(slide, kpi, lang)
    _footer(slide, kpi.caption, number)
    slide.notes_slide.notes_text_frame.text = _notes(kpi, lang)


def _notes(kpi: KpiSlide, lang: str) -> str:
    """The speaker notes: the full title and Kolada's definition, plus the analyst's full text
    (the slide may have had to shorten it)."""
    parts = [f"{kpi.title} ({kpi.kpi_id})", f"{t('deck_definition', lang)}: {kpi.definition}"]
    texts = (("reason", kpi.status_reason), ("conclusion", kpi.conclusion), ("actions", kpi.actions))
    parts += [f"{t('deck_' + key, lang)}: {text}" for key, text in texts if text]
    return "\n\n".join(parts)


def _status_badge(slide, kpi: KpiSlide, lang: str) -> float:
    """The step-8 colour with its word (never colour alone); returns the inches below it."""
    height = 1.05
    box = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Inches(PANEL_X), Inches(BODY_TOP), Inches(PANEL_W), Inches(height)
    )
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string(STATUS_FILL[kpi.status])
    box.line.color.rgb = RGBColor.from_string(GREY if kpi.status == "white" else STATUS_FILL[kpi.status])
    colour = STATUS_TEXT[kpi.status]
    head = textfit.shorten(f"{t('deck_status', lang)}: {kpi.status_text}", 2, _inner_pt(PANEL_W), 14, True)
    note = textfit.shorten(kpi.status_note, 1, _inner_pt(PANEL_W), 11)
    paras = [Para(head, 14, True, colour), Para(note, 11, False, colour, 2.0)]
    _fill_frame(box.text_frame, _fit_block(paras, PANEL_W, height), anchor=MSO_ANCHOR.MIDDLE)
    return BODY_TOP + height + 0.1


def _analyst_band(slide, kpi: KpiSlide, lang: str) -> None:
    """The analyst's conclusion (step 7) and actions (step 9) side by side under the chart; what
    does not fit is shortened here and kept whole in the speaker notes."""
    texts = [(key, " ".join(text.split())) for key, text in (("conclusion", kpi.conclusion), ("actions", kpi.actions))]
    texts = [(key, text) for key, text in texts if text]
    gap = 0.3
    width = (SLIDE_W - 2 * MARGIN - gap * (len(texts) - 1)) / len(texts)
    for i, (key, text) in enumerate(texts):
        paras = [Para(t("deck_" + key, lang), 13, True, ACCENT), Para(text, 12, False, DARK, 2.0)]
        _text_box(slide, MARGIN + i * (width + gap), BAND_TOP, width, BAND_H, _fit_block(paras, width, BAND_H))


def _method_slide(slide, deck: Deck, number: int) -> None:
    width = SLIDE_W - 2 * MARGIN
    _text_box(slide, MARGIN, 0.35, width, 0.9, [Para(t("deck_sources", deck.lang), 28, True, DARK)])
    paras = [Para(p, 16, False, DARK, 10.0) for p in deck.method]
    height = FOOT_TOP - 1.4
    _text_box(slide, MARGIN, 1.3, width, height, _fit_block(paras, width, height))
    caption = deck.slides[0].caption if deck.slides else caption_for(None, deck.lang)
    _footer(slide, caption, number)


def _footer(slide, caption: str, number: int) -> None:
    text, size = _fit(caption, 10.5, 0.4, (11.0, 10.0, 9.0))
    _text_box(slide, MARGIN, FOOT_TOP, 10.5, 0.4, [Para(text, size, False, GREY)])
    _text_box(
        slide, SLIDE_W - MARGIN - 1.0, FOOT_TOP, 1.0, 0.4, [Para(str(number), 11, False, GREY)], align=PP_ALIGN.RIGHT
    )


def _fit_block(paras: list[Para], width_in: float, height_in: float) -> list[Para]:
    """Shrink the paragraphs' fonts step by step (down to 70 %), then cut the longest paragraph,
    until the block's estimated height fits the box."""
    inner_w, inner_h = _inner_pt(width_in), (height_in - 2 * INSET) * 72
    for factor in (1.0, 0.93, 0.86, 0.79, 0.72):
        scaled = [replace(p, size=round(p.size * factor, 1), space_before=p.space_before * factor) for p in paras]
        if textfit.block_height(scaled, inner_w) <= inner_h:
            return scaled
    while scaled and textfit.block_height(scaled, inner_w) > inner_h:
        longest = max(range(len(scaled)), key=lambda i: _lines(scaled[i], inner_w))
        p = scaled[longest]
        lines = _lines(p, inner_w)
        if lines <= 1:
            scaled.pop(longest)
            continue
        cut = textfit.shorten(p.lead + p.text, lines - 1, inner_w, p.size, p.bold or bool(p.lead))
        scaled[longest] = (
            replace(p, text=cut[len(p.lead) :]) if cut.startswith(p.lead) else replace(p, lead="", text=cut)
        )
    return scaled


def _fit(text: str, width_in: float, height_in: float, sizes: tuple[float, ...], bold: bool = False):
    return textfit.fit_size(text, _inner_pt(width_in), (height_in - 2 * INSET) * 72, sizes, bold)


def _lines(p: Para, width_pt: float) -> int:
    return len(textfit.wrap(p.lead + p.text, width_pt, p.size, p.bold or bool(p.lead)))


def _inner_pt(width_in: float) -> float:
    return (width_in - 2 * INSET) * 72


def _text_box(slide, left, top, width, height, paras, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _fill_frame(box.text_frame, paras, anchor, align)
    return box


def _fill_frame(frame, paras: Sequence[Para], anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Inches(INSET))
    for i, p in enumerate(paras):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.line_spacing = 1.0
        if p.space_before:
            para.space_before = Pt(p.space_before)
        for text, bold in ((p.lead, True), (p.text, p.bold)):
            if text:
                run = para.add_run()
                run.text = text
                run.font.size = Pt(p.size)
                run.font.bold = bold
                run.font.name = FONT
                run.font.color.rgb = RGBColor.from_string(p.color)


def overflowing_boxes(pptx_bytes: bytes) -> list[str]:
    """Every text box (or shape with text) whose estimated text is taller than the box, or has a
    word wider than it, as 'slide N: text…' — empty when everything fits (the layout test)."""
    prs = Presentation(io.BytesIO(pptx_bytes))
    problems = []
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            frame = shape.text_frame
            inner_w = Emu(shape.width - frame.margin_left - frame.margin_right).pt
            inner_h = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
            paras = [_para_of(p) for p in frame.paragraphs]
            too_wide = any(textfit.text_width(w, p.size, p.bold) > inner_w for p in paras for w in p.text.split())
            if too_wide or textfit.block_height(paras, inner_w) > inner_h + 0.5:
                problems.append(f"slide {n}: {frame.text[:60]!r}")
    return problems


def _para_of(paragraph) -> Para:
    runs = paragraph.runs
    size = max((r.font.size.pt for r in runs if r.font.size is not None), default=18.0)
    bold = any(bool(r.font.bold) for r in runs)
    space = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
    return Para("".join(r.text for r in runs), size, bold, space_before=space)
