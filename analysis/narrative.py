"""A draft text for steps 1–4 and 8 that the analyst edits (Swedish by default, English on request).

Why generated: the analyst starts from correct numbers in correct words (decimal comma,
"procentenheter" for differences of percentages, names rather than ids) and spends the time on
reflection, not on copying figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.assessment import verdict_text
from analysis.format import diff_unit, fmt_number, fmt_signed, fmt_value

if TYPE_CHECKING:
    from analysis.staircase import Staircase

QUARTILE_SV = {"green": "grön", "yellow": "gul", "red": "röd", "grey": "grå", "none": "ingen färg"}
QUARTILE_EN = {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey", "none": "no colour"}
STATUS_SV = {"green": "grön", "yellow": "gul", "red": "röd", "white": "vit"}
GENDER_SV = {"T": "totalt", "K": "kvinnor/flickor", "M": "män/pojkar"}
GENDER_EN = {"T": "total", "K": "women/girls", "M": "men/boys"}


def _diff(x: float | None, unit: str, lang: str) -> str:
    du = diff_unit(unit, lang)
    return f"{fmt_number(abs(x), 1, lang)}{' ' + du if du else ''}" if x is not None else "–"


def _more_less(x: float, lang: str) -> str:
    if lang == "sv":
        return "högre än" if x > 0 else ("lägre än" if x < 0 else "samma som")
    return "higher than" if x > 0 else ("lower than" if x < 0 else "the same as")


def narrative(s: Staircase, lang: str = "sv") -> str:
    """Paragraphs for trend, target/groups, peers, patterns and the suggested assessment."""
    sv = lang == "sv"
    u, t = s.unit, s.trend
    v = lambda x: fmt_value(x, u, 1, lang)  # noqa: E731
    name = s.municipality_title
    parts: list[str] = []
    if s.value is None:
        parts.append(
            f"{name} saknar värde för ”{s.kpi_title}” {s.year}."
            if sv
            else f"{name} has no value for “{s.kpi_title}” in {s.year}."
        )
    else:
        p = (
            f"”{s.kpi_title}” i {name} var {v(s.value)} år {s.year}"
            if sv
            else f"“{s.kpi_title}” in {name} was {v(s.value)} in {s.year}"
        )
        if t.change_abs is not None:
            p += f", {_diff(t.change_abs, u, lang)} {_more_less(t.change_abs, lang)} {t.previous_year} ({v(t.previous_value)})"
        if t.change_vs_3y is not None:
            p += (
                f" och {_diff(t.change_vs_3y, u, lang)} {_more_less(t.change_vs_3y, lang)} snittet för de tre åren före "
                f"({v(t.mean_3y_before)})"
                if sv
                else f" and {_diff(t.change_vs_3y, u, lang)} {_more_less(t.change_vs_3y, lang)} the mean of the three "
                f"years before ({v(t.mean_3y_before)})"
            )
        p += "."
        if t.slope is not None:
            du = diff_unit(u, lang)
            p += (
                f" Trenden över {t.slope_years} år är {fmt_signed(t.slope, 1, lang)}{' ' + du if du else ''} per år;"
                f" utvecklingen {verdict_text(t.verdict, lang)}."
                if sv
                else f" The {t.slope_years}-year trend is {fmt_signed(t.slope, 1, lang)}{' ' + du if du else ''} per year;"
                f" the development {verdict_text(t.verdict, lang)}."
            )
        parts.append(p)
    parts.extend(_groups(s, lang))
    parts.extend(_peers(s, lang))
    if len(s.correlations):
        top = s.correlations.head(3)
        lq = "”" if sv else "“"
        items = ", ".join(
            f"{lq}{' '.join(str(r.title).split())}” (r = {fmt_number(r.pearson, 2, lang)}, n = {r.n})"
            for r in top.itertuples()
        )
        parts.append(
            f"Starkast samband över kommunerna {s.year}: {items}. Samband är ledtrådar, inte orsaker."
            if sv
            else f"Strongest correlations across municipalities in {s.year}: {items}. Correlations are hints, not causes."
        )
    a = s.assessment
    status = STATUS_SV.get(a.status, a.status) if sv else a.status
    parts.append(
        f"Förslag till självvärdering: {status} (jämfört med {a.reference}). " + " ".join(a.reasons)
        if sv
        else f"Suggested self-assessment: {status} (against {a.reference}). " + " ".join(a.reasons)
    )
    return "\n\n".join(parts)


def _groups(s: Staircase, lang: str) -> list[str]:
    sv, u = lang == "sv", s.unit
    out = []
    if s.target is not None and s.target.gap_abs is not None:
        g = s.target
        met = ("nås" if g.met else "nås inte") if sv else ("is met" if g.met else "is not met")
        out.append(
            f"Målet för {g.target_year} är {fmt_value(g.target_value, u, 1, lang)} och {met} "
            f"({fmt_signed(g.gap_abs, 1, lang)} {diff_unit(u, lang)})."
            if sv
            else f"The target for {g.target_year} is {fmt_value(g.target_value, u, 1, lang)} and {met} "
            f"({fmt_signed(g.gap_abs, 1, lang)} {diff_unit(u, lang)})."
        )
    gg = s.gender_gap
    if gg is not None and gg.gap is not None and s.gender == "T":
        worse = {"K": "kvinnorna/flickorna", "M": "männen/pojkarna"} if sv else {"K": "women/girls", "M": "men/boys"}
        tail = ""
        if gg.worse:
            tail = f"; {worse[gg.worse]} har det sämre värdet" if sv else f"; {worse[gg.worse]} fare worse"
        out.append(
            f"Kvinnor/flickor {fmt_value(gg.value_k, u, 1, lang)}, män/pojkar {fmt_value(gg.value_m, u, 1, lang)}: "
            f"skillnaden K − M är {fmt_signed(gg.gap, 1, lang)} {diff_unit(u, lang)}{tail}."
            if sv
            else f"Women/girls {fmt_value(gg.value_k, u, 1, lang)}, men/boys {fmt_value(gg.value_m, u, 1, lang)}: "
            f"the gap K − M is {fmt_signed(gg.gap, 1, lang)} {diff_unit(u, lang)}{tail}."
        )
    return out


def _peers(s: Staircase, lang: str) -> list[str]:
    sv, u = lang == "sv", s.unit
    out = []
    if s.rank is not None and s.rank["rank"] is not None and str(s.rank["rank"]) != "<NA>":
        q = s.rank["quartile"]
        qname = (QUARTILE_SV if sv else QUARTILE_EN).get(q, q)
        out.append(
            f"Bland {int(s.rank['n'])} kommuner med värde hamnar {s.municipality_title} på plats {int(s.rank['rank'])} "
            f"av {int(s.rank['n'])} ({qname} kvartil)."
            if sv
            else f"Among {int(s.rank['n'])} municipalities with a value, {s.municipality_title} ranks "
            f"{int(s.rank['rank'])} of {int(s.rank['n'])} ({qname} quartile)."
        )
    bits = []
    for p in s.peers:
        if p.mean is None or p.key == "alla":
            continue
        if p.key == "riket":
            bits.append(f"Riket: {fmt_value(p.mean, u, 1, lang)}")
        else:
            place = ""
            if p.place:
                place = (
                    f", {s.municipality_title} plats {p.place} av {p.n_ranked}"
                    if sv
                    else f", rank {p.place} of {p.n_ranked}"
                )
            avg = "i snitt" if sv else "on average"
            bits.append(f"{p.label}: {fmt_value(p.mean, u, 1, lang)} {avg}{place}")
    if bits:
        out.append("; ".join(bits) + ".")
    nb = s.neighbours
    if nb is not None and nb.neighbours and nb.expected is not None:
        names = ", ".join(n.title for n in nb.neighbours)
        res = nb.residual
        if sv:
            txt = (
                f"De {len(nb.neighbours)} kommuner som mest liknar {s.municipality_title} i förutsättningar ({names}) "
                f"har i snitt {fmt_value(nb.expected, u, 1, lang)}"
            )
            if res is not None:
                txt += f"; {s.municipality_title} ligger {_diff(res, u, lang)} {'över' if res > 0 else 'under'} det förväntade"
        else:
            txt = (
                f"The {len(nb.neighbours)} municipalities most like {s.municipality_title} in preconditions ({names}) "
                f"average {fmt_value(nb.expected, u, 1, lang)}"
            )
            if res is not None:
                txt += f"; {s.municipality_title} is {_diff(res, u, lang)} {'above' if res > 0 else 'below'} that"
        out.append(txt + ".")
    return out
