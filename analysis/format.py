"""Number formatting shared by the CLI, the narrative, the dashboard and the exports.

Why one place: Swedish readers expect a decimal comma, a (thin) space between thousands and a real
minus sign; every surface must print 69,6 the same way, and missing values as an en dash.
"""

from __future__ import annotations

import math
import re

from i18n import STRINGS, t

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
    return f"{text} {unit_text(unit, lang)}"


def diff_unit(unit: str | None, lang: str = "sv") -> str:
    """The unit of a difference: percentages differ in percentage points ('procentenheter')."""
    unit = (unit or "").strip()
    if unit == "%":
        return t("unit_pp", lang)
    return unit_text(unit, lang)


def unit_text(unit: str | None, lang: str = "sv") -> str:
    """A KPI's unit as the reader reads it: Kolada's own words in Swedish ('kr/elev'), English words
    in English ('SEK/pupil', 'percentage points'; i18n/units.py). A unit not in the table is put
    together from its words ('kr/inv 1-12 år' → 'SEK/inhabitant aged 1-12'); one with a word the
    table lacks stays Kolada's, whole — never half translated. Decimals and tolerances are decided
    on Kolada's unit (unit_decimals), so call this only where the unit is shown."""
    unit = (unit or "").strip()
    if lang != "en" or not unit:
        return unit
    whole = STRINGS.get(f"unit:{unit}")
    if whole is not None:
        return whole[1]
    return _composed_unit(unit) or unit


_THOUSANDS = re.compile(r"(?<![\d])(\d{1,3})((?: \d{3})+)(?![\d])")  # '100 000' → '100000'
_AGES = re.compile(r"^\d+(-\d+|\+)$")  # '0-18', '65+'
_PLURAL = {"child": "children", "woman": "women", "employed person": "employed people"}


def _composed_unit(unit: str) -> str | None:
    """'antal/1000 inv 0-18 år' → 'per 1,000 inhabitants aged 0-18'; None when a word is unknown."""
    parts = [p.strip() for p in unit.rstrip(".").split("/")]
    if not all(parts):
        return None
    words = [_unit_phrase(p) for p in parts]
    if any(w is None for w in words):
        return None
    head = parts[0].split()
    if len(parts) > 1 and head == ["antal"]:  # 'antal/1000 inv': a count per something
        return "per " + "/".join(words[1:])
    if len(head) > 1 and head[0] == "antal":  # 'antal vårddygn/1000 inv': care days per …
        words[0] = _plural(_unit_phrase(" ".join(head[1:])) or "")
    return "/".join(words)


def _unit_phrase(part: str) -> str | None:
    """One side of a unit's '/' in English words; a noun after a number other than 1 in plural
    ('1000 vuxna invånare' → '1,000 adult inhabitants')."""
    spaced = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), part)
    tokens = re.sub(r"(\d)([^\d\s+-])", r"\1 \2", spaced).split()
    out: list[str] = []
    plural_from: int | None = None  # where the words counted by the last number start

    def close_plural() -> None:
        nonlocal plural_from
        if plural_from is not None and len(out) > plural_from:
            out[-1] = _plural(out[-1])
        plural_from = None

    i = 0
    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 0, -1):  # the longest known phrase first
            word = STRINGS.get("unitword:" + " ".join(tokens[i : i + size]))
            if word is not None and (size > 1 or not tokens[i].isdigit()):
                out.append(word[1])
                i += size
                break
        else:
            token = tokens[i]
            close_plural()
            if token.isdigit():
                out.append(f"{int(token):,}")
                plural_from = len(out) if int(token) != 1 else None
            elif _AGES.match(token) and i + 1 < len(tokens) and tokens[i + 1] == "år":
                out.append(f"aged {token}")
                i += 1
            elif _AGES.match(token):
                out.append(token)
            else:
                return None
            i += 1
    close_plural()
    return " ".join(out)


def _plural(word: str) -> str:
    if word in _PLURAL:
        return _PLURAL[word]
    return word if word.endswith("s") or not word[-1:].isalpha() else word + "s"


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
# Every run of whitespace but a no-break space: '50\u00a0%' stays whole on one line.
_SPACES = re.compile(r"[^\S\u00a0]+")


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
    return md_escape(None if text is None else _SPACES.sub(" ", str(text)).strip(), every_punctuation)
