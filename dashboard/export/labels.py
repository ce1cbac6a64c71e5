"""The words the exports print, in Swedish and English: status and quartile names, key-figure
labels, the caption. Kept together so the deck, the workbook and the images say the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

Lang = str  # 'sv' | 'en'

STATUS_WORD = {
    "green": ("Grön", "Green"),
    "yellow": ("Gul", "Yellow"),
    "red": ("Röd", "Red"),
    "white": ("Vit", "White"),
}
STATUS_MEANING = {
    "green": ("målet nås och utvecklingen försämras inte", "target met, development not worsening"),
    "yellow": ("målet nås inte helt men utvecklingen förbättras", "target not fully met but improving"),
    "red": ("målet nås inte och utvecklingen förbättras inte", "target not met and not improving"),
    "white": ("går inte att bedöma (saknar värde)", "not assessable (no value)"),
}
# Fill and text colours of the status badge: Okabe–Ito-like, readable for colour-blind viewers,
# and the word is always printed too.
STATUS_FILL = {"green": "009E73", "yellow": "F0C000", "red": "D55E00", "white": "FFFFFF"}
STATUS_TEXT = {"green": "FFFFFF", "yellow": "1F2937", "red": "FFFFFF", "white": "1F2937"}
QUARTILE_WORD = {
    "green": ("bästa 25 %", "best 25 %"),
    "yellow": ("mellersta 50 %", "middle 50 %"),
    "red": ("sämsta 25 %", "worst 25 %"),
    "grey": ("saknar värde", "no value"),
    "none": ("ingen riktning – rangordnat efter värde", "no direction – ranked by value"),
}
VERDICT_WORD = {
    "improving": ("förbättring", "improving"),
    "worsening": ("försämring", "worsening"),
    "stable": ("oförändrat", "stable"),
    "rising": ("ökning", "rising"),
    "falling": ("minskning", "falling"),
    "no_data": ("saknar jämförelseår", "no earlier year"),
}
GENDER_WORD = {"T": ("totalt", "total"), "K": ("kvinnor", "women"), "M": ("män", "men")}

WORDS = {
    "value": ("Värde", "Value"),
    "change": ("Förändring", "Change"),
    "since": ("sedan", "since"),
    "rank": ("Rangordning", "Rank"),
    "of": ("av", "of"),
    "quartile": ("Kvartil", "Quartile"),
    "target": ("Mål", "Target"),
    "no_target": ("inget eget mål", "no own target"),
    "target_met": ("nått", "met"),
    "target_not_met": ("ej nått", "not met"),
    "diff": ("skillnad", "difference"),
    "status": ("Självvärdering", "Self-assessment"),
    "saved_by": ("bedömd av", "assessed by"),
    "suggested": ("förslag från Trappan", "suggested by Trappan"),
    "conclusion": ("Slutsats", "Conclusion"),
    "actions": ("Åtgärder", "Actions"),
    "year": ("År", "Year"),
    "value_col": ("Värde", "Value"),
    "series_col": ("Serie", "Series"),
    "municipality": ("Kommun", "Municipality"),
    "area": ("Område", "Area"),
    "created": ("Skapad", "Created"),
    "sources": ("Källor och metod", "Sources and method"),
    "definition": ("Definition", "Definition"),
    "gender": ("Kön", "Gender"),
    "peer": ("Jämförelsegrupp", "Peer group"),
}


def word(key: str, lang: Lang = "sv", table: dict[str, tuple[str, str]] = WORDS) -> str:
    sv, en = table[key]
    return en if lang == "en" else sv


def caption(data_date: dt.date | None, lang: Lang = "sv") -> str:
    """'Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan' — the line under every chart."""
    when = data_date.isoformat() if data_date else "okänt datum" if lang != "en" else "unknown date"
    if lang == "en":
        return f"Source: Kolada (retrieved {when}), processing: Trappan"
    return f"Källa: Kolada (hämtad {when}), bearbetning: Trappan"


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
