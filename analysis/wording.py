"""Words for the analysis's codes: statuses, reasons, targets, trend lines, quartile notes.

Why one module: the page, the deck, the Markdown report and the narrative must say the same thing
for the same code; every text comes from the i18n layer (`i18n/analysis.py`) with Swedish numbers
(analysis.format). Pages and exports call these at the edge; the analysis itself returns codes.
"""

from __future__ import annotations

import math

from analysis.assessment import Assessment, Reason
from analysis.format import diff_unit, fmt_number, fmt_signed, fmt_value, unit_decimals
from analysis.target import Judgement, Target
from analysis.trend import Trend
from i18n import t

STATUSES = ("green", "yellow", "red", "white")


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def value_text(x: float | None, unit: str | None, lang: str = "sv") -> str:
    return fmt_value(x, unit, 1, lang)


def diff_text(x: float | None, unit: str | None, lang: str = "sv") -> str:
    """'+4,0 procentenheter' / '−3,8' — a signed difference in the unit of a difference."""
    if _missing(x):
        return "–"
    if (unit or "").strip() == "antal":  # counts: whole numbers, no unit word (as fmt_value)
        return fmt_signed(x, 0, lang)
    du = diff_unit(unit, lang)
    return f"{fmt_signed(x, unit_decimals(unit), lang)} {du}".strip()


def is_information(status: str, basis: str, direction: str) -> bool:
    """An undirected KPI without a target is information, not a status (the deck says so)."""
    return status == "white" and basis == "no_target" and direction not in ("higher", "lower")


def status_label(status: str | None, lang: str = "sv", short: bool = False, information: bool = False) -> str:
    """'Grön – målen bedöms uppnås …' (the handbook's sentence) or 'Grön'; 'Information' for an
    undirected KPI without a target."""
    s = "information" if information else (status if status in STATUSES else "white")
    return t(f"status_short_{s}" if short else f"status_{s}", lang)


def basis_text(basis: str, lang: str = "sv") -> str:
    return t(f"basis_{basis}", lang)


def target_text(target: Target | None, unit: str | None, lang: str = "sv", peer_label: str | None = None) -> str:
    """'minst 80,0 % (2019–2022)', 'minst medel för Liknande kommuner grundskola (2024) – områdets
    regel'; 'inget mål att bedöma mot' without a target."""
    if target is None:
        return t("basis_no_target", lang)
    values = {
        "value": value_text(target.value, unit, lang),
        "high": value_text(target.high, unit, lang),
        "n": fmt_number(target.value, 0, lang),
        "label": peer_label or t("peer_chosen", lang),
        "from_year": target.from_year,
        "to_year": target.to_year,
    }
    text = t(f"target_{target.type}", lang, **values)
    if target.basis == "area_rule":
        return text + t("target_rule_suffix", lang)
    if target.type != "trajectory":
        period = str(target.from_year) if target.from_year == target.to_year else f"{target.from_year}–{target.to_year}"
        text += f" ({period})"
    return text


def met_text(judgement: Judgement | None, lang: str = "sv") -> str:
    """'nås' / 'nås inte' / 'kan inte bedömas' — never a claim without a target."""
    if judgement is None:
        return "–"
    if judgement.met is None:
        return t("target_unjudged", lang)
    return t("target_met" if judgement.met else "target_not_met", lang)


def change_line(tr: Trend, unit: str | None, lang: str = "sv") -> str | None:
    """'sedan 2018: +4,0 procentenheter' — the change since the previous year with a value."""
    if tr.change_abs is None or tr.previous_year is None:
        return None
    return t("trend_since", lang, year=tr.previous_year, change=diff_text(tr.change_abs, unit, lang))


def development_line(tr: Trend, unit: str | None, lang: str = "sv", verdict: str | None = None) -> str | None:
    """'utveckling 2016–2019: försämras (−1,5 mot medel 2016–2018)' — the multi-year verdict,
    labelled with its years so it never reads as the change since last year."""
    if tr.verdict == "no_data" or tr.latest_year is None:
        return None
    first = tr.verdict_from_year or tr.previous_year
    words = t(f"dev_{verdict or tr.verdict}", lang)
    line = t("trend_development", lang, from_year=first, to_year=tr.latest_year, verdict=words)
    if tr.change_vs_3y is not None and tr.verdict_from_year is not None:
        ref = (
            str(tr.verdict_from_year)
            if tr.verdict_from_year == tr.reference_to_year
            else f"{tr.verdict_from_year}–{tr.reference_to_year}"
        )
        line += t("trend_vs_mean", lang, change=diff_text(tr.change_vs_3y, unit, lang), years=ref)
    return line


def quartile_text(quartile: str | None, lang: str = "sv", mode_value=None, mode_share=None, unit=None) -> str:
    """The word beside a quartile colour; a KPI without spread says why: 'Ingen spridning: 98 % har 1'."""
    q = quartile if isinstance(quartile, str) else "grey"
    if q == "no_spread" and not _missing(mode_share) and not _missing(mode_value):
        share = f"{fmt_number(100.0 * float(mode_share), 0, lang)} %"
        mode = float(mode_value)
        value = fmt_value(mode, unit, 0 if mode.is_integer() else 1, lang)
        return t("quartile_no_spread_detail", lang, share=share, value=value)
    key = f"quartile_{q}"
    text = t(key, lang)
    return text if text != key else t("quartile_grey", lang)


def reason_text(r: Reason, unit: str | None, lang: str = "sv") -> str:
    """One reason in words; every reason names its basis (a target, a comparison, the years)."""
    v = lambda x: value_text(x, unit, lang)  # noqa: E731
    if r.code == "no_value":
        return t("reason_no_value", lang, year=r.year)
    if r.code == "stale_value":
        return t("reason_stale_value", lang, year=r.year, value=v(r.value))
    if r.code == "no_target":
        return t("reason_no_target", lang)
    if r.code == "comparison":
        return t(
            "reason_comparison",
            lang,
            label=r.label or "",
            value=v(r.value),
            reference=v(r.reference),
            gap=diff_text(r.gap, unit, lang),
        )
    if r.code == "target":
        target = Target(
            r.target_type or "min",
            r.target_value,
            r.high,
            r.from_year or 0,
            r.to_year or 0,
            basis=r.basis or "own_target",
        )
        described = target_text(target, unit, lang, r.label)
        if r.met is None:
            return t("reason_target_unjudged", lang, target=described, why=t(f"why_{r.detail}", lang, year=r.from_year))
        key = "reason_target_met" if r.met else "reason_target_not_met"
        return t(key, lang, target=described, judged=_judged_against(r, unit, lang))
    if r.code == "development":
        return t(
            "reason_development", lang, from_year=r.from_year, to_year=r.to_year, verdict=t(f"dev_{r.verdict}", lang)
        )
    return t(f"reason_{r.code}", lang)


def _judged_against(r: Reason, unit: str | None, lang: str) -> str:
    """'69,6 % mot 80,0 % (−10,4 procentenheter)' or 'plats 12 (bland de 10 bästa)'."""
    if r.target_type == "rank_top":
        return t("judged_rank", lang, rank=fmt_number(r.value, 0, lang))
    if r.target_type == "quartile_top":
        return t("judged_quartile", lang, value=value_text(r.value, unit, lang))
    if r.target_type == "interval":
        return t("judged_interval", lang, value=value_text(r.value, unit, lang), gap=diff_text(r.gap, unit, lang))
    if r.target_type == "trajectory":
        return t(
            "judged_line",
            lang,
            value=value_text(r.value, unit, lang),
            reference=value_text(r.reference, unit, lang),
            gap=diff_text(r.gap, unit, lang),
        )
    return t(
        "judged_against",
        lang,
        value=value_text(r.value, unit, lang),
        reference=value_text(r.reference, unit, lang),
        gap=diff_text(r.gap, unit, lang),
    )


def reasons_text(a: Assessment, unit: str | None, lang: str = "sv", skip: tuple[str, ...] = ()) -> str:
    """The reasons in words; a table whose other columns already say it may `skip` codes (e.g.
    'no_target' beside a target column, 'comparison' beside the difference columns)."""
    return " ".join(reason_text(r, unit, lang) for r in a.reasons if r.code not in skip)


def gender_note(status: str, year: int, lang: str = "sv") -> str:
    """Why no women/men figures: the KPI is not divided by gender, or only this year lacks them."""
    return t("kpi_gender_missing_year", lang, year=year) if status == "missing_year" else t("kpi_not_by_gender", lang)
