"""Number formatting shared by the CLI, the narrative, the dashboard and the exports.

Why one place: Swedish readers expect a decimal comma, a (thin) space between thousands and a real
minus sign; every surface must print 69,6 the same way, and missing values as an en dash.
"""

from __future__ import annotations

import math
import re

from i18n import t

MISSING = "–"
MINUS = "−"
# A cell starting with one of these may be read as a formula by Excel or LibreOffice (CSV import,
# or an edited text cell): '=HYPERLINK(…)', "=cmd|' /C calc'!A0", '+1+1', '-2', '@SUM(A1)'.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _is_missing(x: float | None) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def fmt_number(x: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """69.6 -> '69,6'; 12345.6 -> '12 345,6'; -1.25 -> '−1,3' (sv); None/NaN -> '–'."""
    if _is_missing(x):
        return MISSING
    text = f"{abs(float(x)):,.{decimals}f}"
    if float(f"{abs(float(x)):.{decimals}f}") == 0:
        negative = False
    else:
        negative = float(x) < 0
    if lang == "sv":
        text = text.replace(",", " ").replace(".", ",")
        return (MINUS if negative else "") + text
    return ("-" if negative else "") + text


def fmt_signed(x: float | None, decimals: int = 1, lang: str = "sv") -> str:
    """'+4,0' / '−1,2' / '±0,0' — a change with its sign always shown."""
    if _is_missing(x):
        return MISSING
    body = fmt_number(abs(float(x)), decimals, lang)
    if body == fmt_number(0.0, decimals, lang):
        return "±" + body
    return ("+" if float(x) > 0 else (MINUS if lang == "sv" else "-")) + body


def unit_decimals(unit: str | None) -> int:
    """How many decimals a value of this unit is shown with, on every surface (page, chart, deck,
    Excel): kronor ('kr', 'kr/inv', 'kr/elev', …) and 'antal' whole, everything else one. Why by
    unit: Kolada stores costs with six decimals (111 601,558281 kr/elev) that no reader wants."""
    return 0 if is_kronor(unit) or (unit or "").strip().lower() == "antal" else 1


def is_kronor(unit: str | None) -> bool:
    """'kr', 'kronor', 'kr/inv', 'kr per barn 0-6 år' — not '1000 kr/…' or 'miljoner kronor'."""
    u = (unit or "").strip().lower()
    return u in ("kr", "kronor") or u.startswith(("kr/", "kr "))


def fmt_value(x: float | None, unit: str | None, decimals: int = 1, lang: str = "sv") -> str:
    """A value with its unit: '69,6 %', '235,2', '12 345 kr/inv' (kronor and 'antal' without decimals)."""
    unit = (unit or "").strip()
    if unit_decimals(unit) == 0:
        decimals = 0
    text = fmt_number(x, decimals, lang)
    if text == MISSING or not unit or unit == "antal":
        return text
    return f"{text} {unit}"


def diff_unit(unit: str | None, lang: str = "sv") -> str:
    """The unit of a difference: percentages differ in percentage points ('procentenheter')."""
    unit = (unit or "").strip()
    if unit == "%":
        return t("unit_pp", lang)
    return unit


def spreadsheet_text(value: object) -> object:
    """A text for a CSV cell that no spreadsheet runs as a formula: a leading = + - @, tab or line
    break gets an apostrophe in front (OWASP's advice; Excel shows the rest as text). Numbers and
    other values pass unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


# ---- text from data or people in Markdown --------------------------------------------------------
# What Markdown (CommonMark + GitHub's extensions) makes of plain text: links and images need [ ],
# HTML and autolinks < >, emphasis * _ ~, code `, math $, tables |, headings #, entities &, images !,
# and a backslash escapes. A backslash before each is CommonMark's escape: the character is shown and
# nothing is parsed. Parentheses, commas, % and the like stay as they are (without [ ] they make
# nothing), so '69,6 %' and 'andel (%) (N15419)' read the same in the Markdown text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!#$&~|])")
# Every ASCII punctuation character: all CommonMark allows to escape.
_EVERY_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured Markdown links bare addresses (http://…, www.…, name@host) in the parsed text,
# where escapes no longer count: an invisible word joiner (U+2060) there keeps them text.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md_escape(text: object, every_punctuation: bool = False) -> str:
    """Text from data or people (KPI titles, names, notes, a narrative) as literal Markdown, line
    breaks kept: no link, image, autolink, HTML, emphasis, heading or table cell is made of it.
    `every_punctuation` escapes every ASCII punctuation character instead (no address is then left
    to link, so no word joiner is needed) — the follow-up report's way with what people typed into
    a goal sheet; the default keeps '(%)' and '75,0 %' readable in the Markdown text. The one
    escaper of both analysis reports; dashboard.ui.plain builds Streamlit's on it."""
    if text is None:
        return ""
    if every_punctuation:
        return _EVERY_PUNCTUATION.sub(r"\\\1", str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


def md_text(text: object, every_punctuation: bool = False) -> str:
    """md_escape on one line (titles, names, cells): line breaks and runs of spaces become one space."""
    return md_escape(None if text is None else " ".join(str(text).split()), every_punctuation)
