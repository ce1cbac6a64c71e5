"""Step 2 of the staircase: the gap to the municipality's own target, and between women and men.

Signs are kept simple for the narrative: gap_abs = value − target (positive = above the target),
`met` is direction-aware (None when the direction is 'none' or there is no value), and
years_to_target is how many years the current slope needs to close the gap (0 when met, None when the
slope points away from the target or is unknown).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetGap:
    target_value: float
    target_year: int
    gap_abs: float | None
    gap_rel: float | None
    met: bool | None
    years_to_target: float | None


def is_better_or_equal(value: float, reference: float, direction: str) -> bool | None:
    """Direction-aware 'at least as good as'; None when the direction says nothing about good/bad."""
    if direction == "higher":
        return value >= reference
    if direction == "lower":
        return value <= reference
    return None


def target_gap(
    value: float | None, target_value: float, target_year: int, direction: str, slope: float | None
) -> TargetGap:
    if value is None:
        return TargetGap(float(target_value), int(target_year), None, None, None, None)
    gap = float(value) - float(target_value)
    rel = 100.0 * gap / abs(target_value) if target_value else None
    met = is_better_or_equal(float(value), float(target_value), direction)
    years: float | None = None
    if met:
        years = 0.0
    elif met is False and slope:
        needed = -gap / slope  # years until value + slope·t reaches the target
        years = needed if needed > 0 else None
    return TargetGap(float(target_value), int(target_year), gap, rel, met, years)


@dataclass(frozen=True)
class GenderGap:
    value_k: float | None
    value_m: float | None
    gap: float | None
    worse: str | None


def gender_gap(value_k: float | None, value_m: float | None, direction: str) -> GenderGap:
    """gap = K − M; `worse` names the group with the worse value ('K'/'M'), None when equal or 'none'."""
    if value_k is None or value_m is None:
        return GenderGap(value_k, value_m, None, None)
    gap = float(value_k) - float(value_m)
    worse = None
    if gap != 0 and direction in ("higher", "lower"):
        k_better = (gap > 0) == (direction == "higher")
        worse = "M" if k_better else "K"
    return GenderGap(float(value_k), float(value_m), gap, worse)
