"""Text measurement for the deck: widths from Arial's metrics, PowerPoint-like wrapping, fitting."""

from __future__ import annotations

import pytest

from dashboard.export import textfit


@pytest.mark.parametrize(
    ("text", "size", "bold", "expected"),
    [
        # Liberation Sans advance widths (1/1000 em): R 722, i 222, k 500, e 556, t 278 → 2278
        ("Riket", 10, False, 22.78),
        # bold: R 722, i 278, k 556, e 556, t 333 → 2445
        ("Riket", 10, True, 24.45),
        # digits are all 556, the comma 278: "69,6" → 1946 at 20 pt
        ("69,6", 20, False, 38.92),
    ],
)
def test_text_width_uses_arial_metrics(text, size, bold, expected):
    assert textfit.text_width(text, size, bold) == pytest.approx(expected)


def test_wrap_breaks_between_words_at_the_width():
    # "aaa" is 3 × 556 = 1668 → 16,68 pt at 10 pt; a space 278 → "aaa aaa" = 36,14 pt
    assert textfit.wrap("aaa aaa aaa", 37, 10) == ["aaa aaa", "aaa"]


def test_wrap_cuts_a_word_wider_than_the_line():
    assert textfit.wrap("aaaaaa", 17, 10) == ["aaa", "aaa"]


def test_shorten_ends_with_ellipsis_and_fits():
    text = "ett två tre fyra fem sex sju åtta nio tio"
    short = textfit.shorten(text, 1, 60, 10)
    assert short.endswith("…") and len(textfit.wrap(short, 60, 10)) == 1


@pytest.mark.parametrize(
    ("text", "expected_size"),
    [
        ("Kort rubrik", 28.0),  # one line at the largest size
        ("Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor, andel (%)", 24.0),
    ],
)
def test_fit_size_takes_the_largest_size_that_fits(text, expected_size):
    # a 520 × 60 pt box: 28 pt holds 1 line (33,6 pt), 24 pt holds 2 lines (57,6 pt); the long
    # title is 1 144 pt wide at 28 pt bold (3 lines) and 980 pt at 24 pt (2 lines of ≤ 520)
    fitted, size = textfit.fit_size(text, 520, 60, (28.0, 24.0, 20.0), bold=True)
    assert (fitted, size) == (text, expected_size)


def test_fit_size_shortens_what_does_not_fit_at_the_smallest_size():
    fitted, size = textfit.fit_size("ord " * 80, 200, 30, (14.0, 12.0))
    assert size == 12.0 and fitted.endswith("…")
    assert textfit.block_height([textfit.Para(fitted, size)], 200) <= 30
