"""Estimate how much room text takes on a slide, so the deck never overflows its boxes.

PowerPoint does not tell python-pptx how large text renders, and "shrink text on overflow" is only
applied when a person opens and edits the box. So we measure ourselves: Arial advance widths
(taken from Liberation Sans, which is metric-compatible with Arial) per character, greedy word
wrapping like PowerPoint's, and a line height of 1.2 × the font size. Unknown characters count as
wide, so the estimate errs on the side of fitting.
"""

from __future__ import annotations

from dataclasses import dataclass

_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-–—+−%()[]/&'\"*=<>_#@åäöÅÄÖéÉüÜ§€°·…"
# Advance widths in 1/1000 em, in the order of _CHARS (Liberation Sans Regular and Bold).
_REGULAR = (
    "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 "
    "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 "
    "556 556 556 556 556 556 556 556 556 556 278 278 278 278 278 278 556 333 556 1000 584 584 889 333 333 278 "
    "278 278 667 191 355 389 584 584 584 556 556 1015 556 556 556 667 667 778 556 667 556 722 556 556 400 278 1000"
)
_BOLD = (
    "556 611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 "
    "722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 "
    "556 556 556 556 556 556 556 556 556 556 278 278 278 333 333 333 611 333 556 1000 584 584 889 333 333 333 "
    "333 278 722 238 474 389 584 584 584 556 556 975 556 556 611 722 722 778 556 667 611 722 556 556 400 278 1000"
)
_WIDTHS = {
    False: dict(zip(_CHARS, map(int, _REGULAR.split()))),
    True: dict(zip(_CHARS, map(int, _BOLD.split()))),
}
_WIDTHS[False]["\u00a0"] = _WIDTHS[False][" "]  # no-break space: keeps "73,6 %" on one line
_WIDTHS[True]["\u00a0"] = _WIDTHS[True][" "]
_UNKNOWN_WIDTH = 1000  # an unmeasured character counts as a full em: errs towards fitting
LINE_HEIGHT = 1.2  # × font size; Arial's single line spacing is ≈ 1.15
ELLIPSIS = "…"


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of text in points."""
    widths = _WIDTHS[bold]
    return sum(widths.get(c, _UNKNOWN_WIDTH) for c in text) * size_pt / 1000


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap as PowerPoint does it: breaks at ordinary spaces only (a no-break space
    holds a number to its unit), explicit newlines start new lines, and a word longer than the
    line is broken between characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size_pt, bold) <= width_pt:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while text_width(word, size_pt, bold) > width_pt and len(word) > 1:
                cut = max(1, _longest_prefix(word, width_pt, size_pt, bold))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, width_pt: float, size_pt: float, bold: bool) -> int:
    n = 0
    while n < len(word) and text_width(word[: n + 1], size_pt, bold) <= width_pt:
        n += 1
    return n


@dataclass(frozen=True)
class Para:
    """One paragraph of a text box: the deck writes exactly these runs, the estimate measures them."""

    text: str
    size: float
    bold: bool = False
    color: str = "1F2937"  # hex RGB
    space_before: float = 0.0  # points
    lead: str = ""  # a bold label run before the text ("Värde 2019: "); measured as bold


def block_height(paras: list[Para] | tuple[Para, ...], width_pt: float) -> float:
    """Height in points the paragraphs take when wrapped to width_pt."""
    return sum(
        p.space_before + len(wrap(p.lead + p.text, width_pt, p.size, p.bold or bool(p.lead))) * p.size * LINE_HEIGHT
        for p in paras
        if p.lead or p.text
    )


def shorten(text: str, max_lines: int, width_pt: float, size_pt: float, bold: bool = False) -> str:
    """The text cut at a word boundary (with an ellipsis) so it wraps to at most max_lines."""
    if len(wrap(text, width_pt, size_pt, bold)) <= max_lines:
        return text
    words = text.split(" ")
    while words:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:–-") + ELLIPSIS
        if len(wrap(candidate, width_pt, size_pt, bold)) <= max_lines:
            return candidate
    return ELLIPSIS


def lines_that_fit(height_pt: float, size_pt: float) -> int:
    return int(height_pt // (size_pt * LINE_HEIGHT))


def fit_size(
    text: str, width_pt: float, height_pt: float, sizes: tuple[float, ...], bold: bool = False, max_lines: int = 99
) -> tuple[str, float]:
    """The largest of `sizes` (descending) at which the text fits the box (and max_lines); at the
    smallest size the text is shortened instead. Returns (text, size)."""
    for size in sizes:
        if len(wrap(text, width_pt, size, bold)) <= min(max_lines, lines_that_fit(height_pt, size)):
            return text, size
    size = sizes[-1]
    return shorten(text, max(1, min(max_lines, lines_that_fit(height_pt, size))), width_pt, size, bold), size
