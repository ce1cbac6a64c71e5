"""Steps 1–4 and 8 of the staircase for one municipality × KPI × year × gender, in one object.

Why one entry point: the CLI, the Analystrappan page and the deck must show the same numbers, so they
all call `staircase()` and format its result; nothing downstream recomputes a figure.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analysis.assessment import SelfAssessment, self_assessment
from analysis.patterns import CORRELATION_COLUMNS, correlations
from analysis.peers import Neighbours, PeerStats, peer_sets, peer_stats, precondition_neighbours, rank_all
from analysis.target import GenderGap, TargetGap, gender_gap, target_gap
from analysis.trend import Trend, trend
from store import queries, ranking

DEFAULT_AREA = "kommunen"


class AnalysisError(ValueError):
    """Bad input (unknown KPI or municipality, bad gender): a plain message for the person."""


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
    value: float | None
    series: pd.DataFrame
    trend: Trend
    target: TargetGap | None
    gender_gap: GenderGap | None
    rank: pd.Series | None
    peers: tuple[PeerStats, ...]
    peer_key: str
    neighbours: Neighbours | None
    correlations: pd.DataFrame
    assessment: SelfAssessment
    narrative: str
    area_id: str = DEFAULT_AREA
    riket_value: float | None = None


def _value(df: pd.DataFrame, year: int) -> float | None:
    row = df.loc[df["year"] == year, "value"]
    return float(row.iloc[0]) if len(row) and not pd.isna(row.iloc[0]) else None


def kpi_area(con: duckdb.DuckDBPyConnection, kpi_id: str) -> str:
    """The dashboard area a KPI belongs to (its operating area first); 'kommunen' otherwise."""
    areas = ranking.area_for_kpi(con, kpi_id)
    return str(areas["area_id"].iloc[0]) if len(areas) else DEFAULT_AREA


def choose_target(targets: pd.DataFrame, gender: str, year: int) -> pd.Series | None:
    """The min/max target whose period holds the year (interim: issue #10 brings every kind)."""
    t = targets[(targets["gender"] == gender) & targets["target_type"].isin(["min", "max"])]
    t = t[(t["from_year"] <= year) & (t["to_year"] >= year)]
    if t.empty:
        return None
    return t.sort_values("to_year").iloc[0].rename({"to_year": "year"})


def staircase(
    con: duckdb.DuckDBPyConnection,
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
        raise AnalysisError(f"Okänt kön {gender!r}: välj T (totalt), K (kvinnor) eller M (män).")
    info = queries.kpi_info(con, [kpi_id])
    if info.empty:
        raise AnalysisError(f"Nyckeltalet {kpi_id} finns inte i katalogen.")
    title = queries.municipality_title(con, municipality_id)
    if title is None:
        raise AnalysisError(f"Kommunkoden {municipality_id} finns inte.")
    k = info.iloc[0]
    direction = str(k["direction"])
    unit = str(k["unit"] or "").strip()
    area_id = area_id or kpi_area(con, kpi_id)
    year = int(year)

    raw = queries.series(con, kpi_id, [municipality_id, queries.RIKET], genders=("T", "K", "M"))
    own_all = raw[raw["municipality_id"] == municipality_id]
    own = own_all[own_all["gender"] == gender]
    riket = raw[(raw["municipality_id"] == queries.RIKET) & (raw["gender"] == gender)]
    tr = trend(own, direction, year)
    value = _value(own, year)
    riket_value = _value(riket, year)

    tgt = None
    chosen = choose_target(queries.targets(con, municipality_id, [kpi_id]), gender, year)
    if chosen is not None:
        tgt = target_gap(value, float(chosen["target_value"]), int(chosen["year"]), direction, tr.slope)
    value_k = _value(own_all[own_all["gender"] == "K"], year)
    value_m = _value(own_all[own_all["gender"] == "M"], year)
    gg = gender_gap(value_k, value_m, direction) if value_k is not None or value_m is not None else None

    values = queries.values_for_year(con, kpi_id, year, gender)
    ranked = rank_all(values, direction)
    mine = ranked[ranked["municipality_id"] == municipality_id]
    rank = mine.iloc[0][["rank", "n", "percentile", "quartile"]] if len(mine) else None

    neighbours = precondition_neighbours(con, municipality_id, year, kpi_id, gender, area_id=area_id)
    sets = peer_sets(con, municipality_id, area_id, year, gender, kpi_id=kpi_id, neighbours=neighbours)
    stats = tuple(peer_stats(values, p, municipality_id, direction, riket_value) for p in sets)
    keys = [p.key for p in sets]
    peer_key = peer_key if peer_key in keys else "riket"
    chosen_set = sets[keys.index(peer_key)]
    chosen_stats = stats[keys.index(peer_key)]

    series = raw[raw["municipality_id"] == municipality_id].copy()
    series = pd.concat([series, riket], ignore_index=True)
    if peer_key != "riket":
        peer_obs = queries.observations(con, [kpi_id], municipality_ids=chosen_set.municipality_ids, genders=[gender])
        pm = peer_obs.groupby("year", as_index=False)["value"].mean()
        pm = pm.assign(municipality_id="peer_mean", title=chosen_set.label, gender=gender)
        series = pd.concat([series, pm], ignore_index=True)
    series = series[["municipality_id", "title", "year", "gender", "value"]].reset_index(drop=True)

    assessment = self_assessment(value, tr, direction, tgt, chosen_stats.mean, chosen_stats.label, lang=lang, unit=unit)
    s = Staircase(
        municipality_id=municipality_id,
        municipality_title=title,
        kpi_id=kpi_id,
        kpi_title=" ".join(str(k["title"]).split()),
        unit=unit,
        direction=direction,
        year=year,
        gender=gender,
        value=value,
        series=series,
        trend=tr,
        target=tgt,
        gender_gap=gg,
        rank=rank,
        peers=stats,
        peer_key=peer_key,
        neighbours=neighbours,
        correlations=correlations(con, kpi_id, year, gender, limit=10)
        if patterns
        else pd.DataFrame(columns=CORRELATION_COLUMNS),
        assessment=assessment,
        narrative="",
        area_id=area_id,
        riket_value=riket_value,
    )
    from analysis.narrative import narrative

    return dataclasses.replace(s, narrative=narrative(s, lang))


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


def staircase_to_dict(s: Staircase) -> dict:
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
            "target": dataclasses.asdict(s.target) if s.target else None,
            "gender_gap": dataclasses.asdict(s.gender_gap) if s.gender_gap else None,
            "rank": {k: _plain(v) for k, v in s.rank.items()} if s.rank is not None else None,
            "peers": [dataclasses.asdict(p) for p in s.peers],
            "peer_key": s.peer_key,
            "neighbours": dataclasses.asdict(s.neighbours) if s.neighbours else None,
            "correlations": _records(s.correlations),
            "assessment": dataclasses.asdict(s.assessment),
            "narrative": s.narrative,
        }
    )
