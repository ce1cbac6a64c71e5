"""Step 8 of the staircase: the suggested self-assessment (Örebro kommun's rule).

- green:  the target is met and the development is not worsening;
- yellow: the target is not met but the development is improving — and, a case the rule leaves open,
          the target is met but the development is worsening (a warning, not a pass);
- red:    the target is not met and the development is not improving (stable or worsening);
- white:  no value, a KPI without a good/bad direction, or no trend to judge the development by.
Without an own target the reference is the chosen peer set's mean (by default Riket): "met" then
means at least as good as that reference. The reasons are returned as sentences, so the analyst can
see — and overrule — why.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.format import diff_unit, fmt_signed, fmt_value
from analysis.target import TargetGap, is_better_or_equal
from analysis.trend import Trend

_VERDICT_SV = {
    "improving": "förbättras",
    "worsening": "försämras",
    "stable": "är stabil",
    "rising": "ökar",
    "falling": "minskar",
    "no_data": "kan inte bedömas",
}
_VERDICT_EN = {
    "improving": "is improving",
    "worsening": "is worsening",
    "stable": "is stable",
    "rising": "is rising",
    "falling": "is falling",
    "no_data": "cannot be assessed",
}


@dataclass(frozen=True)
class SelfAssessment:
    status: str
    reasons: tuple[str, ...]
    reference: str


def verdict_text(verdict: str, lang: str = "sv") -> str:
    return (_VERDICT_SV if lang == "sv" else _VERDICT_EN).get(verdict, verdict)


def self_assessment(
    value: float | None,
    trend: Trend,
    direction: str,
    target: TargetGap | None = None,
    reference_value: float | None = None,
    reference_label: str = "Riket",
    lang: str = "sv",
    unit: str | None = None,
) -> SelfAssessment:
    sv = lang == "sv"
    if target is not None:
        reference = f"eget mål {target.target_year}" if sv else f"own target {target.target_year}"
        ref_value = target.target_value
    else:
        reference = reference_label
        ref_value = reference_value
    if value is None:
        return SelfAssessment("white", ("Inget värde att bedöma." if sv else "No value to assess.",), reference)
    if direction not in ("higher", "lower"):
        why = (
            "Nyckeltalet har ingen riktning (högre eller lägre är inte bättre) och kan inte bedömas."
            if sv
            else "The KPI has no direction (neither higher nor lower is better) and cannot be assessed."
        )
        return SelfAssessment("white", (why,), reference)
    if ref_value is None:
        why = f"Inget jämförelsevärde ({reference})." if sv else f"No reference value ({reference})."
        return SelfAssessment("white", (why,), reference)
    met = bool(is_better_or_equal(value, ref_value, direction))
    gap = value - ref_value
    du = diff_unit(unit, lang)
    gap_text = f"{fmt_signed(gap, 1, lang)}{' ' + du if du else ''}"
    own_target = target is not None
    val, ref = fmt_value(value, unit, 1, lang), fmt_value(ref_value, unit, 1, lang)
    if sv:
        if own_target:
            head = "Målet nås" if met else "Målet nås inte"
        else:
            head = f"Minst lika bra som {reference}" if met else f"Sämre än {reference}"
        reasons = [f"{head}: {val} mot {ref} ({gap_text}).", f"Utvecklingen {verdict_text(trend.verdict, lang)}."]
    else:
        if own_target:
            head = "Target met" if met else "Target not met"
        else:
            head = f"At least as good as {reference}" if met else f"Worse than {reference}"
        reasons = [
            f"{head}: {val} against {ref} ({gap_text}).",
            f"The development {verdict_text(trend.verdict, lang)}.",
        ]
    v = trend.verdict
    if v == "no_data":
        status = "white"
        reasons.append("Utan tidsserie går utvecklingen inte att bedöma." if sv else "Without a series, no trend.")
    elif met and v != "worsening":
        status = "green"
    elif met:
        status = "yellow"
        reasons.append(
            "Nivån räcker men utvecklingen går åt fel håll."
            if sv
            else "The level is enough, but it moves the wrong way."
        )
    elif v == "improving":
        status = "yellow"
    else:
        status = "red"
    return SelfAssessment(status, tuple(reasons), reference)
