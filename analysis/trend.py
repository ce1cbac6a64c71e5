"""Step 1 of the staircase: how has the value developed over the years?

Two figures, labelled so they cannot contradict each other silently:
- the change since the previous year with a value ("sedan 2018: +4,0"), and
- the development over several years ("utveckling 2016–2019: försämras"): the latest value against
  the mean of the (up to) three years with values before it (`change_vs_3y`; without earlier years,
  against the previous year). It is 'stable' while that change stays inside a tolerance band of 2 %
  of the reference level (e.g. ±1,4 procentenheter around 71 %), but never narrower than an absolute
  floor: 0,5 for percentages and percentage points, 1 for counts ('antal'), 0,1 (one step of
  Kolada's one-decimal values) otherwise — so a KPI near zero (U15461, a deviation of a few
  percentage points) is not 'worsening' because of a change that rounding could make. Outside the
  band it is 'improving'/'worsening' for direction higher/lower and 'rising'/'falling' for 'none'.
  `movement` says the same without a direction ('up', 'down', 'stable'), so a target can say which
  way is wanted for a KPI that has no direction of its own.
One mean over three years, not the last step alone, so one odd year does not flip the verdict.
The slope (least squares, per year) uses the calendar years latest − n_years + 1 … latest, the same
window as `store.ranking.set_wide`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TOLERANCE_SHARE = 0.02
TOLERANCE_FLOOR = {"%": 0.5, "procentenheter": 0.5, "antal": 1.0}
DEFAULT_TOLERANCE_FLOOR = 0.1
REFERENCE_YEARS = 3


@dataclass(frozen=True)
class Trend:
    latest_year: int | None
    latest_value: float | None
    previous_year: int | None
    previous_value: float | None
    change_abs: float | None
    change_pct: float | None
    mean_3y_before: float | None
    change_vs_3y: float | None
    slope: float | None
    slope_years: int
    verdict: str
    tolerance: float
    movement: str = "no_data"  # 'up', 'down', 'stable' or 'no_data': the verdict without a direction
    verdict_from_year: int | None = None  # the development compares verdict_from_year..latest_year
    reference_to_year: int | None = None  # the last year of the reference (mean of the years before)


def tolerance_floor(unit: str | None) -> float:
    """The narrowest band around 'stable', in the KPI's own unit (see the module docstring)."""
    return TOLERANCE_FLOOR.get((unit or "").strip(), DEFAULT_TOLERANCE_FLOOR)


def least_squares_slope(years: np.ndarray, values: np.ndarray) -> float | None:
    """Slope per year of the least-squares line; None with fewer than two points."""
    if len(years) < 2:
        return None
    x = years.astype(float) - years.mean()
    denom = float((x * x).sum())
    if denom == 0:
        return None
    return float((x * (values.astype(float) - values.mean())).sum() / denom)


def movement(change: float | None, tolerance: float) -> str:
    if change is None:
        return "no_data"
    if abs(change) <= tolerance:
        return "stable"
    return "up" if change > 0 else "down"


def verdict_for(move: str, direction: str | None) -> str:
    """'up'/'down'/'stable' in words of a direction: improving/worsening, or rising/falling without one."""
    if move in ("no_data", "stable"):
        return move
    up = move == "up"
    if direction == "higher":
        return "improving" if up else "worsening"
    if direction == "lower":
        return "worsening" if up else "improving"
    return "rising" if up else "falling"


def trend(
    series: pd.DataFrame, direction: str, year: int | None = None, n_years: int = 5, unit: str | None = None
) -> Trend:
    """Trend of one municipality/gender series (columns year, value) evaluated at `year`
    (the latest year ≤ `year` with a value; every year when `year` is None)."""
    s = series[["year", "value"]].dropna()
    s = s.assign(year=s["year"].astype(int), value=s["value"].astype(float)).sort_values("year")
    if year is not None:
        s = s[s["year"] <= int(year)]
    s = s.drop_duplicates("year", keep="last")
    if s.empty:
        return Trend(None, None, None, None, None, None, None, None, None, 0, "no_data", 0.0)
    latest_year, latest_value = int(s["year"].iloc[-1]), float(s["value"].iloc[-1])
    before = s.iloc[:-1]
    previous_year = int(before["year"].iloc[-1]) if len(before) else None
    previous_value = float(before["value"].iloc[-1]) if len(before) else None
    change_abs = latest_value - previous_value if previous_value is not None else None
    change_pct = (
        100.0 * change_abs / abs(previous_value) if change_abs is not None and previous_value not in (None, 0) else None
    )
    last3 = before.tail(REFERENCE_YEARS)
    mean_3y = float(last3["value"].mean()) if len(last3) else None
    change_vs_3y = latest_value - mean_3y if mean_3y is not None else None
    window = s[s["year"] > latest_year - n_years]
    slope = least_squares_slope(window["year"].to_numpy(), window["value"].to_numpy())
    level = mean_3y if mean_3y is not None else previous_value
    tolerance = max(TOLERANCE_SHARE * abs(level), tolerance_floor(unit)) if level is not None else 0.0
    change = change_vs_3y if change_vs_3y is not None else change_abs
    move = movement(change, tolerance)
    return Trend(
        latest_year=latest_year,
        latest_value=latest_value,
        previous_year=previous_year,
        previous_value=previous_value,
        change_abs=change_abs,
        change_pct=change_pct,
        mean_3y_before=mean_3y,
        change_vs_3y=change_vs_3y,
        slope=slope,
        slope_years=len(window) if slope is not None else 0,
        verdict=verdict_for(move, direction),
        tolerance=tolerance,
        movement=move,
        verdict_from_year=int(last3["year"].iloc[0]) if len(last3) else None,
        reference_to_year=int(last3["year"].iloc[-1]) if len(last3) else None,
    )
