"""A draft text for steps 1–4 and 8 that the analyst edits (Swedish by default, English on request).

Why generated: the analyst starts from correct numbers in correct words (decimal comma,
"procentenheter" for differences of percentages, names rather than ids, the basis of every
judgement) and spends the time on reflection, not on copying figures. Every word comes from the
i18n layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.format import fmt_number
from analysis.wording import (
    basis_text,
    development_line,
    diff_text,
    gender_note,
    quartile_text,
    reasons_text,
    status_label,
    value_text,
)
from i18n import t

if TYPE_CHECKING:
    from analysis.staircase import Staircase


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _more_less(x: float, lang: str) -> str:
    return t("nar_higher" if x > 0 else ("nar_lower" if x < 0 else "nar_same"), lang)


def _abs_diff(x: float, unit: str, lang: str) -> str:
    return diff_text(abs(x), unit, lang).lstrip("+")


def narrative(s: Staircase, lang: str = "sv") -> str:
    """Paragraphs for trend, target/groups, peers, patterns and the suggested assessment."""
    u, tr = s.unit, s.trend
    v = lambda x: value_text(x, u, lang)  # noqa: E731
    name = s.municipality_title
    parts: list[str] = []
    if s.value is None:
        if s.stale:
            parts.append(
                t(
                    "nar_stale",
                    lang,
                    name=name,
                    kpi=s.kpi_title,
                    year=s.year,
                    value=v(tr.latest_value),
                    latest=tr.latest_year,
                )
            )
        else:
            parts.append(t("nar_no_value", lang, name=name, kpi=s.kpi_title, year=s.year))
    else:
        p = t("nar_value", lang, kpi=s.kpi_title, name=name, value=v(s.value), year=s.year)
        if tr.change_abs is not None:
            p += t(
                "nar_change",
                lang,
                diff=_abs_diff(tr.change_abs, u, lang),
                more_less=_more_less(tr.change_abs, lang),
                year=tr.previous_year,
                value=v(tr.previous_value),
            )
        p += "."
        dev = development_line(tr, u, lang)
        if dev:
            p += " " + _capital(dev)
            if tr.slope is not None:
                p += t("nar_slope", lang, n=tr.slope_years, slope=diff_text(tr.slope, u, lang))
            p += "."
        parts.append(p)
    parts.extend(_groups(s, lang))
    parts.extend(_peers(s, lang))
    if len(s.correlations):
        top = s.correlations.head(3)
        items = ", ".join(
            t("nar_corr_item", lang, title=" ".join(str(r.title).split()), r=fmt_number(r.pearson, 2, lang), n=r.n)
            for r in top.itertuples()
        )
        parts.append(t("nar_corr", lang, year=s.year, items=items))
    a = s.assessment
    parts.append(
        t(
            "nar_assessment",
            lang,
            status=_lower(status_label(a.status, lang, short=True)),
            basis=basis_text(a.basis, lang),
            reasons=reasons_text(a, u, lang),
        )
    )
    return "\n\n".join(parts)


def _groups(s: Staircase, lang: str) -> list[str]:
    u = s.unit
    gg = s.gender_gap
    if gg is not None and gg.gap is not None and s.gender == "T":
        tail = t(f"nar_gender_worse_{gg.worse}", lang) if gg.worse else ""
        return [
            t(
                "nar_gender",
                lang,
                k=value_text(gg.value_k, u, lang),
                m=value_text(gg.value_m, u, lang),
                gap=diff_text(gg.gap, u, lang),
            )
            + tail
            + "."
        ]
    if s.gender == "T" and s.gender_status == "missing_year":
        return [gender_note(s.gender_status, s.year, lang)]
    return []


def _peers(s: Staircase, lang: str) -> list[str]:
    u = s.unit
    out = []
    if s.rank is not None and str(s.rank["rank"]) not in ("<NA>", "nan", "None"):
        q = quartile_text(s.rank["quartile"], lang, s.rank.get("mode_value"), s.rank.get("mode_share"), u)
        n, rank = int(s.rank["n"]), int(s.rank["rank"])
        out.append(t("nar_rank", lang, n=n, name=s.municipality_title, rank=rank, quartile=_lower(q)))
    bits = []
    for p in s.peers:
        if p.mean is None or p.key == "alla":
            continue
        if p.key == "riket":
            bits.append(f"{p.label}: {value_text(p.mean, u, lang)}")
        else:
            place = t("nar_place", lang, name=s.municipality_title, place=p.place, n=p.n_ranked) if p.place else ""
            bits.append(t("nar_peer_mean", lang, label=p.label, mean=value_text(p.mean, u, lang)) + place)
    if bits:
        out.append("; ".join(bits) + ".")
    nb = s.neighbours
    if nb is not None and nb.neighbours and nb.expected is not None:
        names = ", ".join(n.title for n in nb.neighbours)
        txt = t(
            "nar_neighbours",
            lang,
            n=len(nb.neighbours),
            name=s.municipality_title,
            names=names,
            expected=value_text(nb.expected, u, lang),
        )
        if nb.residual is not None:
            key = "nar_residual_above" if nb.residual > 0 else "nar_residual_below"
            txt += t(key, lang, name=s.municipality_title, diff=_abs_diff(nb.residual, u, lang))
        out.append(txt + ".")
    return out
