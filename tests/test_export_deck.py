"""Drawing the council deck: 16:9, slide order, one chart per KPI, notes, caption, and text that
fits its boxes. Uses hand-built decks with real numbers (the analysis is tested elsewhere)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches, Pt

from dashboard.export.deck import CHART_H, CHART_H_SHORT, CHART_PX, overflowing_boxes, render_pptx
from tests.export_samples import LONG_TITLE, png, sample_deck, sample_slide

CAPTION = "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"
LONG_TEXT = (
    "Resultaten har förbättrats efter satsningen på läsförståelse, men skillnaderna mellan skolorna är stora. " * 12
)


@pytest.fixture(scope="module")
def deck(full_store):
    return sample_deck(
        full_store,
        (
            sample_slide(full_store, "N15419", conclusion="Förbättring sedan 2018 men under liknande kommuner."),
            sample_slide(full_store, "N15505", title=LONG_TITLE, conclusion=LONG_TEXT),
            sample_slide(full_store, "N15436"),
        ),
    )


@pytest.fixture(scope="module")
def prs(deck):
    data = render_pptx(deck, [png(*CHART_PX)] * len(deck.slides))
    return Presentation(io.BytesIO(data)), data


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def test_is_16_by_9(prs):
    p, _ = prs
    assert (p.slide_width, p.slide_height) == (Inches(13.333), Inches(7.5))


def test_title_slide_each_kpi_and_the_method_slide(prs):
    p, _ = prs
    firsts = [_texts(s)[0] for s in p.slides]
    assert len(p.slides) == 5
    assert firsts[0] == "Grundskola – Örebro"
    assert firsts[1] == "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor, andel (%)"
    assert firsts[4] == "Källor och metod"


def test_one_picture_on_each_kpi_slide_only(prs):
    p, _ = prs
    pictures = [sum(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes) for s in p.slides]
    assert pictures == [0, 1, 1, 1, 0]


def test_kpi_definition_is_in_the_speaker_notes(prs):
    p, _ = prs
    notes = p.slides[1].notes_slide.notes_text_frame.text
    assert "(N15419)" in notes and "Andel elever med godkänt betyg i alla ämnen" in notes


def test_every_kpi_slide_has_the_caption(prs):
    p, _ = prs
    assert [CAPTION in _texts(s) for s in list(p.slides)[1:4]] == [True, True, True]


def test_status_word_is_written_not_only_coloured(prs):
    p, _ = prs
    assert any(t.startswith("Självvärdering: Gul – målet nås inte helt") for t in _texts(p.slides[1]))


def test_saved_conclusion_is_on_the_slide(prs):
    p, _ = prs
    assert any("Förbättring sedan 2018 men under liknande kommuner." in t for t in _texts(p.slides[1]))


def test_no_text_box_overflows(prs):
    _, data = prs
    assert overflowing_boxes(data) == []


def test_a_long_title_is_set_smaller_not_cut(prs):
    p, _ = prs
    title = p.slides[2].shapes[0].text_frame.paragraphs[0].runs[0]
    assert title.font.size < Pt(28)


def test_overflow_check_finds_an_overfull_box():
    p = Presentation()
    box = p.slides.add_slide(p.slide_layouts[6]).shapes.add_textbox(Inches(1), Inches(1), Inches(2), Inches(0.5))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text, run.font.size = LONG_TEXT, Pt(12)
    out = io.BytesIO()
    p.save(out)
    assert len(overflowing_boxes(out.getvalue())) == 1


def test_a_conclusion_too_long_for_the_slide_is_whole_in_the_notes(prs):
    p, _ = prs
    on_slide = " ".join(_texts(p.slides[2]))
    notes = " ".join(p.slides[2].notes_slide.notes_text_frame.text.split())
    assert "…" in on_slide and " ".join(LONG_TEXT.split()) in notes


def test_the_reasons_for_the_status_are_on_the_slide(prs):
    p, _ = prs
    assert any("Skäl: Sämre än Riket: 69,6 % mot 73,4 %" in t for t in _texts(p.slides[1]))


def test_the_chart_is_lower_when_the_analyst_text_takes_the_band_under_it(prs):
    p, _ = prs
    heights = [sh.height for s in list(p.slides)[1:4] for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert heights == [Inches(CHART_H_SHORT), Inches(CHART_H_SHORT), Inches(CHART_H)]
