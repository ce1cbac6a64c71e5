"""The words only the exports print (key-figure labels, the closing slide's method text), in
Swedish and English. Words the app also shows — quartiles, statuses, verdicts, genders, the
caption — come from the one i18n layer (i18n/), so the deck and the dashboard say the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from dashboard.charts import STATUS_COLOURS

# Status badge fill and text colour: the dashboard's colour-blind-safe status colours (red reads
# red); the word is always printed too, so the colour never carries the meaning alone. Dark text on
# green (6:1; white would be 3,4:1), white on red (5,2:1).
STATUS_FILL = {k: v.lstrip("#").upper() for k, v in STATUS_COLOURS.items()}
STATUS_TEXT = {"green": "1F2937", "yellow": "1F2937", "red": "FFFFFF", "white": "1F2937"}


def method_paragraphs(lang: str = "sv", dates: Sequence[dt.date] = ()) -> tuple[str, ...]:
    """The closing slide: where the numbers come from and how ranks, quartiles, peer groups and
    the self-assessment are defined."""
    when = ", ".join(d.isoformat() for d in dates) or "–"
    if lang == "en":
        return (
            f"Source: Kolada, the Swedish municipalities' and regions' database (RKA), kolada.se. Retrieved {when}.",
            "Rank: municipalities with a value are ranked 1 = best in the KPI's direction (higher or lower is "
            "better); equal values share the best rank. '177 of 290' means place 177 among 290 municipalities.",
            "Quartile: best 25 % (green), middle 50 % (yellow), worst 25 % (red) of all municipalities with a value; "
            "grey = no value. KPIs without a direction are ranked by value and not coloured.",
            "Peer groups: Riket = Kolada's national value; similar municipalities = Kolada's group of municipalities "
            "with similar preconditions for the area; a group's value is the unweighted mean of its members.",
            "Self-assessment (step 8 of the analysis staircase): green = target met and not worsening; yellow = target "
            "not fully met but improving; red = target not met and not improving; white = not assessable. Without an "
            "own target the comparison is with the chosen peer group.",
            "Ranks, quartiles, group means and changes are Trappan's own processing of Kolada's data.",
        )
    return (
        f"Källa: Kolada, Kommun- och landstingsdatabasen (RKA), kolada.se. Hämtad {when}.",
        "Rangordning: kommunerna med värde rangordnas 1 = bäst efter nyckeltalets riktning (högre eller lägre är "
        "bättre); lika värden delar bästa plats. ”177 av 290” betyder plats 177 bland 290 kommuner med värde.",
        "Kvartil: bästa 25 % (grön), mellersta 50 % (gul) och sämsta 25 % (röd) bland alla kommuner med värde; "
        "grå = saknar värde. Nyckeltal utan riktning rangordnas efter värde och färgas inte.",
        "Jämförelsegrupper: Riket = Koladas värde för hela landet; Liknande kommuner = Koladas grupp av kommuner "
        "med liknande förutsättningar inom området. En grupps värde är det ovägda medelvärdet av medlemmarnas värden.",
        "Självvärdering (steg 8 i Analystrappan): grön = målet nås och utvecklingen försämras inte; gul = målet nås "
        "inte helt men utvecklingen förbättras; röd = målet nås inte och utvecklingen förbättras inte; vit = går inte "
        "att bedöma. Utan eget mål jämförs med den valda jämförelsegruppen.",
        "Rangordningar, kvartiler, gruppmedelvärden och förändringar är egen bearbetning (Trappan) av Koladas data.",
    )
