"""Steps 1–4 and 8 of the staircase for one municipality × KPI × year × gender, in one object.

Why one entry point: the CLI, the Analystrappan page and the deck must show the same numbers, so they
all call `staircase()` and format its result; nothing downstream recomputes a figure. `staircase()`
reads its inputs with the store's read step (`store.inputs`) and then only computes: the peer sets
(`analysis.peers`, the one place they are made), ranks, and the status (`analysis.status`, the same
function the Översikt scorecard uses).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.assessment import Assessment
from analysis.patterns import CORRELATION_COLUMNS, correlations
from analysis.peers import (
    Neighbours,
    PeerStats,
    build_peer_sets,
    kpi_area,
    peer_stats,
    rank_all,
    variables_for,
    with_expectation,
)
from analysis.status import kpi_status, value_in
from analysis.target import GenderGap, Judgement, Target, gender_gap, rule_target, targets_from_frame
from analysis.trend import Trend
from analysis.wording import reason_text
from i18n import Worded
from store import inputs as store_inputs
from store.inputs import Connection
from store.queries import RIKET

DEFAULT_AREA = "kommunen"
LINE_TARGETS = frozenset({"min", "max", "interval", "trajectory"})  # a target with a value to draw


class AnalysisError(Worded, ValueError):
    """Bad input (unknown KPI or municipality, bad gender): an i18n key and its values
    (i18n/errors.py) for the person, in their language."""


@dataclass(frozen=True)
class Staircase:
    municipality_id: str
    municipality_title: str
    kpi_id: str
    kpi_title: str
    unit: str
    direction: str
    year: int
    gender: str
    value: float | None  # the value of `year` itself; an older one is in trend.latest_value (stale)
    series: pd.DataFrame
    trend: Trend
    target: Target | None
    gender_gap: GenderGap | None
    rank: pd.Series | None
    peers: tuple[PeerStats, ...]
    peer_key: str
    neighbours: Neighbours | None
    correlations: pd.DataFrame
    assessment: Assessment
    narrative: str
    area_id: str = DEFAULT_AREA
    riket_value: float | None = None
    judgement: Judgement | None = None
    target_label: str | None = None  # the peer set named by an at_least_peers target
    gender_status: str = "ok"  # 'ok', 'missing_year' (K/M exist, not this year), 'not_divided'

    @property
    def target_point(self) -> tuple[int, float] | None:
        """(year, value) of the target for the chart: the bound, the interval's lower bound or
        the trajectory's point for the year; None for comparisons (their line is drawn already)."""
        j = self.judgement
        if self.target is None or self.target.type not in LINE_TARGETS or j is None or j.reference is None:
            return None
        return self.year, float(j.reference)

    @property
    def stale(self) -> bool:
        """The newest value is older than the year: shown with its year, neither ranked nor assessed."""
        return self.value is None and self.trend.latest_year is not None and self.trend.latest_year < self.year


def _gender_status(own_all: pd.DataFrame, year: int) -> str:
    km = own_all[own_all["gender"].isin(["K", "M"])]
    if km.empty:
        return "not_divided"
    return "ok" if (km["year"] == year).any() else "missing_year"


def staircase(
    con: Connection,
    municipality_id: str,
    kpi_id: str,
    year: int,
    gender: str = "T",
    peer_key: str = "liknande",
    lang: str = "sv",
    area_id: str | None = None,
    patterns: bool = True,
) -> Staircase:
    """Steps 1–4 and 8 for one KPI. `patterns=False` skips step 4's correlations (most of the time
    a staircase takes), for callers such as the council deck that never show them."""
    if gender not in ("T", "K", "M"):
        raise AnalysisError("err_unknown_gender", gender=gender)
    area_id = area_id or kpi_area(con, kpi_id) or DEFAULT_AREA
    inp = store_inputs.kpi_inputs(con, municipality_id, kpi_id, int(year), gender, area_id)
    if inp.kpi is None:
        raise AnalysisError("err_unknown_kpi", kpi=kpi_id)
    if inp.municipality_title is None:
        raise AnalysisError("err_unknown_municipality", municipality=municipality_id)
    sets = build_peer_sets(
        store_inputs.peer_inputs(con, municipality_id, area_id, int(year), variables_for(area_id)), lang
    )
    keys = [p.key for p in sets]
    chosen = sets[keys.index(peer_key if peer_key in keys else "riket")]
    peer_series = None
    if chosen.key != "riket":
        peer_series = store_inputs.peer_mean_series(con, kpi_id, chosen.municipality_ids, gender)
    corr = correlations(con, kpi_id, int(year), gender, limit=10) if patterns else None
    s = compute_staircase(inp, sets, chosen.key, peer_series, corr)
    from analysis.narrative import narrative

    return dataclasses.replace(s, narrative=narrative(s, lang))


def compute_staircase(
    inp: store_inputs.KpiInputs,
    sets: list,
    peer_key: str,
    peer_series: pd.DataFrame | None = None,
    corr: pd.DataFrame | None = None,
) -> Staircase:
    """The pure part of `staircase`: every figure from the inputs the store read."""
    k = inp.kpi
    direction = str(k["direction"])
    unit = str(k["unit"] or "").strip()
    year, gender, municipality_id = inp.year, inp.gender, inp.municipality_id
    raw = inp.series
    own_all = raw[raw["municipality_id"] == municipality_id]
    own = own_all[own_all["gender"] == gender]
    riket = raw[raw["municipality_id"] == RIKET]
    riket_value = value_in(riket, year)

    ranked = rank_all(inp.values, direction)
    mine = ranked[ranked["municipality_id"] == municipality_id]
    rank = mine.iloc[0][["rank", "n", "percentile", "quartile", "mode_value", "mode_share"]] if len(mine) else None
    stats = tuple(peer_stats(inp.values, p, municipality_id, direction, riket_value) for p in sets)
    by_key = {p.key: p for p in stats}

    status = kpi_status(
        year=year,
        series=own[["year", "value"]],
        direction=direction,
        unit=unit,
        targets=targets_from_frame(inp.targets),
        rule=rule_target(inp.rules, year, gender),
        gender=gender,
        rank=None if rank is None or pd.isna(rank["rank"]) else int(rank["rank"]),
        n_ranked=None if rank is None else int(rank["n"]),
        quartile=None if rank is None else str(rank["quartile"]),
        riket=riket_value,
        peer_means={p.key: p.mean for p in stats},
        peer_labels={p.key: p.label for p in stats},
        peer_key=peer_key,
    )
    value_k, value_m = (
        value_in(own_all[own_all["gender"] == "K"], year),
        value_in(own_all[own_all["gender"] == "M"], year),
    )
    gg = gender_gap(value_k, value_m, direction) if value_k is not None or value_m is not None else None

    nb_set = next((p for p in sets if p.key == "grannar"), None)
    neighbours = with_expectation(nb_set.neighbours, inp.values, municipality_id) if nb_set is not None else None

    series = pd.concat([own_all, riket], ignore_index=True)
    chosen = next(p for p in sets if p.key == peer_key)
    if peer_series is not None and len(peer_series):
        pm = peer_series.assign(municipality_id="peer_mean", title=chosen.label, gender=gender)
        series = pd.concat([series, pm], ignore_index=True)
    series = series[["municipality_id", "title", "year", "gender", "value"]].reset_index(drop=True)
    return Staircase(
        municipality_id=municipality_id,
        municipality_title=str(inp.municipality_title),
        kpi_id=str(k["kpi_id"]),
        kpi_title=" ".join(str(k["title"]).split()),
        unit=unit,
        direction=direction,
        year=year,
        gender=gender,
        value=status.value,
        series=series,
        trend=status.trend,
        target=status.target,
        gender_gap=gg,
        rank=None if status.value is None else rank,
        peers=stats,
        peer_key=by_key[peer_key].key,
        neighbours=neighbours,
        correlations=corr if corr is not None else pd.DataFrame(columns=CORRELATION_COLUMNS),
        assessment=status.assessment,
        narrative="",
        area_id=inp.area_id,
        riket_value=riket_value,
        judgement=status.judgement,
        target_label=status.target_label,
        gender_status=_gender_status(own_all, year),
    )


def _plain(x):
    """JSON-ready scalars: numpy → Python, NaN/NA → None."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def _records(df: pd.DataFrame) -> list[dict]:
    return [_plain(r) for r in df.astype(object).to_dict(orient="records")]


def target_dict(s: Staircase) -> dict | None:
    """The JSON contract's `target`: type, value, high, from_year, to_year, met — plus the basis
    (own_target/area_rule), the peer set of at_least_peers, what it was judged against and why."""
    if s.target is None:
        return None
    g, j = s.target, s.judgement
    return {
        "type": g.type,
        "value": g.value,
        "high": g.high,
        "from_year": g.from_year,
        "to_year": g.to_year,
        "met": None if j is None else j.met,
        "basis": g.basis,
        "peer_key": g.peer_key,
        "reference": None if j is None else j.reference,
        "gap": None if j is None else j.gap,
        "reason": None if j is None else j.reason,
        "note": g.note,
    }


def assessment_dict(a: Assessment, unit: str, lang: str = "sv") -> dict:
    """The JSON contract's `assessment`: status, basis and the reasons as codes with their numbers
    (only the fields a reason uses) and, for convenience, the words in `lang`."""
    reasons = []
    for r in a.reasons:
        fields = {k: v for k, v in dataclasses.asdict(r).items() if v is not None}
        reasons.append({**fields, "text": reason_text(r, unit, lang)})
    return {"status": a.status, "basis": a.basis, "reasons": reasons}


def staircase_to_dict(s: Staircase, lang: str = "sv") -> dict:
    """Every figure of the staircase as plain JSON types (for the CLI and exports)."""
    return _plain(
        {
            "municipality_id": s.municipality_id,
            "municipality_title": s.municipality_title,
            "kpi_id": s.kpi_id,
            "kpi_title": s.kpi_title,
            "unit": s.unit,
            "direction": s.direction,
            "area_id": s.area_id,
            "year": s.year,
            "gender": s.gender,
            "value": s.value,
            "riket_value": s.riket_value,
            "series": _records(s.series),
            "trend": dataclasses.asdict(s.trend),
            "target": target_dict(s),
            "gender_gap": dataclasses.asdict(s.gender_gap) if s.gender_gap else None,
            "rank": {k: _plain(v) for k, v in s.rank.items()} if s.rank is not None else None,
            "peers": [dataclasses.asdict(p) for p in s.peers],
            "peer_key": s.peer_key,
            "neighbours": dataclasses.asdict(s.neighbours) if s.neighbours else None,
            "correlations": _records(s.correlations),
            "assessment": assessment_dict(s.assessment, s.unit, lang),
            "narrative": s.narrative,
        }
    )
