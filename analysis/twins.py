"""KPI families: the same measure published in variants ("hemkommun" / "lägeskommun", "kommunala
skolor" / "alla skolor", "(exkl. nyinvandrade och okänd bakgrund)", "kommunal regi" / "enskild regi").

Why: in step 4 a KPI's strongest correlates are otherwise its own variants (N15419 against its
"hemkommun" and "exkl. nyinvandrade" versions: r = 0,96), which says nothing an analyst does not
know. Two KPIs are twins when
- their titles are the same once the variant words are taken out (`family_key`), or
- their titles are near-identical (`title_similarity` ≥ SIMILAR_TITLE) and their values move together
  (|r| > TWIN_R) — "examen inom 3 år" beside "inom 4 år" at r = 0,97 is the same information twice.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

TWIN_R = 0.95
SIMILAR_TITLE = 0.85

# Variant words, longest first; each is cut out wherever it stands in a lower-cased title.
VARIANTS: tuple[str, ...] = (
    r"\(?exkl\.? nyinvandrade och okänd bakgr(?:und|\.)?\)?",
    r"\(?exkl\.? nyinvandrade\)?",
    r"kommunala skolor",
    r"fristående skolor",
    r"alla skolor",
    r"alla huvudmän",
    r"(?:i )?kommunal(?:a)? (?:grundskola|gymnasieskola|förskola)",
    r"(?:i )?fristående (?:grundskola|gymnasieskola|förskola)",
    r"kommunal regi",
    r"enskild regi",
    r"alla regiformer",
    r"hemkommun",
    r"lägeskommun",
    r"kommunalförbund",
)
_VARIANT = re.compile(r"\b(?:" + "|".join(VARIANTS) + r")(?=\W|$)")
_RETIRED = re.compile(r"\(\s*(?:-\s*\d{4}|\d{4}\s*-)\s*\)")  # "(-2024)": left Kolada's catalogue that year
_NOT_WORD = re.compile(r"[^\w%]+")


@lru_cache(maxsize=16384)
def _plain(title: str) -> str:
    text = _RETIRED.sub(" ", str(title).lower())
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=16384)
def family_key(title: str) -> str:
    """The title without its variant words, punctuation and retirement year: equal keys, one family."""
    text = _RETIRED.sub(" ", str(title).lower())
    text = _VARIANT.sub(" ", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def title_similarity(a: str, b: str) -> float:
    """0–1, how alike two titles read (difflib's ratio on the plain lower-case words)."""
    return SequenceMatcher(None, _plain(a), _plain(b), autojunk=False).ratio()


def titles_alike(a: str, b: str) -> bool:
    """title_similarity ≥ SIMILAR_TITLE, with difflib's cheap upper bounds first (most pairs fail them)."""
    m = SequenceMatcher(None, _plain(a), _plain(b), autojunk=False)
    return m.real_quick_ratio() >= SIMILAR_TITLE and m.quick_ratio() >= SIMILAR_TITLE and m.ratio() >= SIMILAR_TITLE


def are_twins(title_a: str, title_b: str, r: float | None) -> bool:
    """Same family, or near-identical titles with values that move together (|r| > TWIN_R)."""
    if family_key(title_a) == family_key(title_b):
        return True
    return r is not None and abs(r) > TWIN_R and titles_alike(title_a, title_b)
