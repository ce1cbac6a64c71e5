"""The deck's status colours and its closing slide's method text. Every word — the method text
included — comes from the one i18n layer (i18n/), so the deck and the dashboard say the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dashboard.charts import STATUS_COLOURS
from i18n import t

# Status badge fill and text colour: the dashboard's colour-blind-safe status colours (red reads
# red); the word is always printed too, so the colour never carries the meaning alone. Dark text on
# green (6:1; white would be 3,4:1), white on red (5,2:1).
STATUS_FILL = {k: v.lstrip("#").upper() for k, v in STATUS_COLOURS.items()}
STATUS_TEXT = {"green": "1F2937", "yellow": "1F2937", "red": "FFFFFF", "white": "1F2937"}


METHOD_KEYS = (
    "method_source",
    "method_rank",
    "method_quartile",
    "method_peers",
    "method_trend",
    "method_assessment",
    "method_targets",
    "method_processing",
)


def method_paragraphs(lang: str = "sv", dates: Sequence[dt.date] = ()) -> tuple[str, ...]:
    """The closing slide: where the numbers come from and how ranks, quartiles, peer groups, the
    trend and the self-assessment are defined, with every threshold (the words live in i18n)."""
    when = ", ".join(d.isoformat() for d in dates) or "–"
    return tuple(t(key, lang, dates=when) for key in METHOD_KEYS)
