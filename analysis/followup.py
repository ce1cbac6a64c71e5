"""A municipality's goal follow-up for one year and period: every indicator judged against its own
target, then the colours rolled up (analysis.goals). One entry point, `follow_up`, serves the page,
the report and `python -m analysis followup`, so all three show the same colours.

An indicator is judged on the value of the follow-up year. Its other numbers — trend, rank and
quartile, Riket and the peer mean — are computed by the staircase's own functions (rank_all,
peer_sets/peer_stats, trend), so they are the figures Analystrappan shows. The status is the handbook's rule: green = target met and the development does
not go the wrong way; yellow = not met but improving (or met but worsening); red = not met and not
improving; white = nothing to judge (no value for the year, the year outside the target's period,
a comparison an undirected KPI cannot make, no series to judge the development by). A value older
than the follow-up year is shown with its year but not judged as that year's.

The direction a target judges in is the target's own where it has one (min: higher is better, max:
lower, trajectory: towards the target, interval: back inside), so "75 % nöjda" judges a KPI Kolada
gives no direction; rank_top, quartile_top, at_least_riket and at_least_peers need the KPI's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from analysis.goals import (
    GoalNode,
    GoalResult,
    IndicatorResult,
    Reason,
    SavedAssessment,
    previous_period,
    roll_up,
)
from analysis.peers import peer_sets, peer_stats, rank_all
from analysis.staircase import AnalysisError, kpi_area
from analysis.trend import trend
from store import goals as store_goals
from store import queries

PEER_KEY = "liknande"  # at_least_peers compares with Kolada's "Liknande kommuner" of the KPI's area


class FollowUpError(AnalysisError):
    """Bad input (unknown municipality, no tree, a bad period): a plain message for the person."""


@dataclass(frozen=True)
class FollowUp:
    municipality_id: str
    municipality_title: str
    year: int
    period: str
    version_id: int
    nodes: tuple[GoalNode, ...]
    goals: tuple[GoalResult, ...]  # every vision and goal, depth first in sheet order
    indicators: Mapping[str, IndicatorResult]  # by node id
    previous: Mapping[str, str]  # node id → status in the period before (when there was one)
    previous_period: tuple[int, str]


# ---- what judging needs, read in one batch ----------------------------------------------------------
@dataclass(frozen=True)
class IndicatorFacts:
    """One KPI × gender for the municipality: what its target is judged on. The numbers come from
    the same functions as the staircase's (rank_all, peer_sets/peer_stats, trend), so the goal page
    and Analystrappan agree; they are read for all indicators at once because a tree has many."""

    kpi_id: str
    gender: str
    title: str
    unit: str
    direction: str
    own: pd.DataFrame  # year, value: the municipality's series
    value: float | None  # in the follow-up year
    riket: float | None
    rank: int | None
    n: int | None
    quartile: str | None
    peer_label: str | None = None
    peer_mean: float | None = None


def gather_facts(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    keys: list[tuple[str, str]],
    year: int,
    peers_for: set[tuple[str, str]] = frozenset(),
) -> dict[tuple[str, str], IndicatorFacts]:
    """Facts for each (kpi_id, gender) that is in the catalogue; `peers_for` the keys that need the
    peer mean (at_least_peers: Kolada's "Liknande kommuner" of the KPI's area, else Riket, as the
    staircase's default)."""
    kpis = sorted({k for k, _g in keys})
    genders = sorted({g for _k, g in keys})
    info = queries.kpi_info(con, kpis).set_index("kpi_id")
    series = queries.observations(con, kpis, [municipality_id, queries.RIKET], genders=genders)
    all_values = queries.observations(con, kpis, years=[year], genders=genders, types=("K",))
    out: dict[tuple[str, str], IndicatorFacts] = {}
    for kpi_id, gender in dict.fromkeys(keys):
        if kpi_id not in info.index:
            continue
        k = info.loc[kpi_id]
        direction = str(k["direction"])
        mine = series[(series["kpi_id"] == kpi_id) & (series["gender"] == gender)]
        own = mine.loc[mine["municipality_id"] == municipality_id, ["year", "value"]].reset_index(drop=True)
        riket_rows = mine.loc[(mine["municipality_id"] == queries.RIKET) & (mine["year"] == year), "value"]
        values = all_values[(all_values["kpi_id"] == kpi_id) & (all_values["gender"] == gender)]
        ranked = rank_all(values, direction)
        me = ranked[ranked["municipality_id"] == municipality_id]
        has_rank = len(me) and not pd.isna(me["rank"].iloc[0])
        value_rows = own.loc[own["year"] == year, "value"]
        facts = IndicatorFacts(
            kpi_id=kpi_id,
            gender=gender,
            title=" ".join(str(k["title"]).split()),
            unit=str(k["unit"] or "").strip(),
            direction=direction,
            own=own,
            value=float(value_rows.iloc[0]) if len(value_rows) else None,
            riket=float(riket_rows.iloc[0]) if len(riket_rows) else None,
            rank=int(me["rank"].iloc[0]) if has_rank else None,
            n=int(me["n"].iloc[0]) if has_rank else None,
            quartile=str(me["quartile"].iloc[0]) if has_rank else None,
        )
        if (kpi_id, gender) in peers_for:
            area_id = kpi_area(con, kpi_id)
            sets = peer_sets(con, municipality_id, area_id or "kommunen", year, gender)
            chosen = next((p for p in sets if p.key == PEER_KEY), sets[0])
            stats = peer_stats(values, chosen, municipality_id, direction, facts.riket)
            facts = replace(facts, peer_label=stats.label, peer_mean=stats.mean)
        out[(kpi_id, gender)] = facts
    return out


# ---- judging one indicator (the seam to the targets work, issue #10) -------------------------------
def _effective_direction(node: GoalNode, kpi_direction: str, start: float | None, value: float | None) -> str:
    """The direction the target judges in (module docstring)."""
    kind = node.target_type
    if kind == "min":
        return "higher"
    if kind == "max":
        return "lower"
    if kind == "trajectory":
        if start is None or node.target_value is None or node.target_value == start:
            return kpi_direction
        return "higher" if node.target_value > start else "lower"
    if kind == "interval":
        if value is None:
            return kpi_direction
        if value < node.target_value:
            return "higher"
        if value > node.target_high:
            return "lower"
        return "none"
    return kpi_direction


def _at_least(value: float, reference: float, direction: str) -> bool:
    return value >= reference if direction == "higher" else value <= reference


def _judge_target(node: GoalNode, f: IndicatorFacts, year: int) -> tuple[bool | None, float | None, Reason]:
    """(met, the reference judged against, the reason) for one indicator's target in `year`."""
    kind, value, direction = node.target_type, f.value, f.direction
    facts: dict[str, object] = {"type": kind, "value": value, "target": node.target_value, "high": node.target_high}
    if kind == "min":
        return value >= node.target_value, node.target_value, Reason(_met_code(value >= node.target_value), facts)
    if kind == "max":
        return value <= node.target_value, node.target_value, Reason(_met_code(value <= node.target_value), facts)
    if kind == "interval":
        met = node.target_value <= value <= node.target_high
        return met, node.target_value if value < node.target_value else node.target_high, Reason(_met_code(met), facts)
    if kind == "trajectory":
        start_row = f.own.loc[f.own["year"] == node.from_year, "value"].dropna()
        if start_row.empty:
            return None, None, Reason("no_start_value", {"type": kind, "from_year": node.from_year})
        start = float(start_row.iloc[0])
        point = start + (node.target_value - start) * (year - node.from_year) / (node.to_year - node.from_year)
        met = _at_least(value, point, "higher" if node.target_value >= start else "lower")
        facts |= {"reference": point, "start": start, "from_year": node.from_year, "to_year": node.to_year}
        return met, point, Reason(_met_code(met), facts)
    if direction not in ("higher", "lower"):
        return None, None, Reason("no_direction", {"type": kind})
    if kind in ("rank_top", "quartile_top"):
        if f.rank is None:
            return None, None, Reason("no_reference", {"type": kind})
        facts |= {"rank": f.rank, "n": f.n, "quartile": f.quartile}
        met = f.rank <= int(node.target_value) if kind == "rank_top" else f.quartile == "green"
        return met, float(node.target_value) if kind == "rank_top" else None, Reason(_met_code(met), facts)
    reference, label = (f.riket, None) if kind == "at_least_riket" else (f.peer_mean, f.peer_label)
    if reference is None:
        return None, None, Reason("no_reference", {"type": kind})
    met = _at_least(value, reference, direction)
    facts |= {"reference": reference, "peer": label}
    return met, reference, Reason(_met_code(met), facts)


def _met_code(met: bool) -> str:
    return "target_met" if met else "target_not_met"


def _handbook_status(met: bool, verdict: str) -> str:
    """Step 8's rule (Örebro's handbook) once the target is judged."""
    if verdict == "no_data":
        return "white"
    if met:
        return "yellow" if verdict == "worsening" else "green"
    return "yellow" if verdict == "improving" else "red"


def _white(base: dict, basis: str, why: Reason, year: int | None = None, value: float | None = None) -> IndicatorResult:
    return IndicatorResult(**base, year=year, value=value, met=None, status="white", basis=basis, reasons=(why,))


def judge_indicator(node: GoalNode, f: IndicatorFacts | None, year: int) -> IndicatorResult:
    """One indicator for the follow-up year; `f` None when its KPI is not in the store."""
    base = {"node_id": node.node_id, "kpi_id": node.kpi_id or "", "gender": node.gender or "T"}
    if f is None:
        return _white(base, "unknown_kpi", Reason("unknown_kpi", {"kpi": node.kpi_id}))
    base |= {"kpi_title": f.title, "unit": f.unit}
    own = f.own.dropna()
    if f.value is None:
        older = own[own["year"] < year].sort_values("year")
        if older.empty:
            return _white(base, "no_value", Reason("no_value", {"year": year}))
        value_year, value = int(older["year"].iloc[-1]), float(older["value"].iloc[-1])
        why = Reason("stale_value", {"year": year, "value_year": value_year, "value": value})
        return _white(base, "stale_value", why, value_year, value)
    if (node.from_year is not None and year < node.from_year) or (node.to_year is not None and year > node.to_year):
        why = Reason("outside_period", {"year": year, "from_year": node.from_year, "to_year": node.to_year})
        return _white(base, "outside_period", why, year, f.value)
    met, reference, reason = _judge_target(node, f, year)
    if met is None:
        return _white(base, reason.code, reason, year, f.value)
    start = reason.values.get("start")
    direction = _effective_direction(node, f.direction, start if isinstance(start, float) else None, f.value)
    tr = trend(own, direction, year)
    development = Reason(f"trend_{tr.verdict}", {"change": tr.change_vs_3y, "year": tr.latest_year})
    return IndicatorResult(
        **base,
        year=year,
        value=f.value,
        met=bool(met),
        status=_handbook_status(bool(met), tr.verdict),
        basis="own_target",
        reasons=(reason, development if tr.verdict != "no_data" else Reason("no_trend", {})),
        reference=reference,
    )


# ---- the whole follow-up ---------------------------------------------------------------------------
def tree_nodes(tree: pd.DataFrame) -> tuple[GoalNode, ...]:
    """store.goals.goal_tree rows as GoalNodes (missing cells as None)."""
    clean = tree.astype(object).where(tree.notna(), None)
    return tuple(
        GoalNode(
            node_id=str(r["node_id"]),
            parent_id=r["parent_id"],
            kind=str(r["kind"]),
            title=r["title"],
            owner=r["owner"],
            kpi_id=r["kpi_id"],
            gender=r["gender"],
            target_type=r["target_type"],
            target_value=None if r["target_value"] is None else float(r["target_value"]),
            target_high=None if r["target_high"] is None else float(r["target_high"]),
            from_year=None if r["from_year"] is None else int(r["from_year"]),
            to_year=None if r["to_year"] is None else int(r["to_year"]),
            note=r["note"],
        )
        for r in clean.to_dict("records")
    )


def saved_for(assessments: pd.DataFrame, year: int, period: str) -> dict[str, SavedAssessment]:
    """The newest saved assessment per goal for one period (store.goals.goal_assessments rows)."""
    df = assessments[(assessments["year"] == year) & (assessments["period"] == period)]
    df = df.astype(object).where(df.notna(), None)
    out: dict[str, SavedAssessment] = {}
    for r in df.sort_values(["saved_at", "goal_assessment_id"]).to_dict("records"):
        out[str(r["node_id"])] = SavedAssessment(
            node_id=str(r["node_id"]),
            status=str(r["status"]),
            author=str(r["author"]),
            saved_at=r["saved_at"],
            version_id=int(r["version_id"]),
            status_suggested=r["status_suggested"],
            reason=r["reason"],
            actions=r["actions"],
        )
    return out


def judge_all(
    con: duckdb.DuckDBPyConnection, municipality_id: str, nodes: tuple[GoalNode, ...], year: int
) -> dict[str, IndicatorResult]:
    """Every indicator of the tree judged for `year`."""
    indicators = [n for n in nodes if n.kind == "indicator" and n.kpi_id]
    keys = [(n.kpi_id, n.gender or "T") for n in indicators]
    peers = {(n.kpi_id, n.gender or "T") for n in indicators if n.target_type == "at_least_peers"}
    facts = gather_facts(con, municipality_id, keys, year, peers) if keys else {}
    return {n.node_id: judge_indicator(n, facts.get((n.kpi_id, n.gender or "T")), year) for n in indicators}


def follow_up(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    year: int,
    period: str = "helar",
    version_id: int | None = None,
    lang: str = "sv",
) -> FollowUp:
    """The follow-up of the municipality's current tree (or `version_id`) for a year and period,
    with the statuses of the period before for "change since"."""
    if period not in store_goals.PERIODS:
        raise FollowUpError(f"Okänd period {period!r}: välj delar (delårsrapport) eller helar (årsredovisning).")
    title = queries.municipality_title(con, municipality_id)
    if title is None:
        raise FollowUpError(f"Kommunkoden {municipality_id} finns inte.")
    tree = store_goals.goal_tree(con, municipality_id, version_id)
    if tree.empty:
        raise FollowUpError(
            f"{title} ({municipality_id}) har ingen målkedja"
            + (f" i version {version_id}" if version_id is not None else "")
            + ". Importera en med: python -m loaders import-goals FIL"
        )
    nodes = tree_nodes(tree)
    assessments = store_goals.goal_assessments(con, municipality_id)
    indicators = judge_all(con, municipality_id, nodes, int(year))
    goals = roll_up(nodes, indicators, saved_for(assessments, int(year), period))
    prev_year, prev_period = previous_period(int(year), period)
    prev_indicators = indicators if prev_year == int(year) else judge_all(con, municipality_id, nodes, prev_year)
    prev_goals = roll_up(nodes, prev_indicators, saved_for(assessments, prev_year, prev_period))
    previous = {g.node.node_id: g.status for g in prev_goals} | {k: v.status for k, v in prev_indicators.items()}
    return FollowUp(
        municipality_id=municipality_id,
        municipality_title=title,
        year=int(year),
        period=period,
        version_id=int(tree["version_id"].iloc[0]),
        nodes=nodes,
        goals=goals,
        indicators=indicators,
        previous=previous,
        previous_period=(prev_year, prev_period),
    )


def _number(x: object) -> object:
    if x is None:
        return None
    if isinstance(x, float | int) and not isinstance(x, bool):
        return None if x != x else x  # NaN → None
    return x


def follow_up_to_dict(f: FollowUp) -> dict:
    """The JSON contract of `python -m analysis followup` (issue #11), exactly these keys."""
    by_id = {n.node_id: n for n in f.nodes}
    goals = []
    for g in f.goals:
        inds = []
        for ind in g.indicators:
            node = by_id[ind.node_id]
            inds.append(
                {
                    "kpi_id": ind.kpi_id,
                    "gender": ind.gender,
                    "year": ind.year,
                    "value": _number(ind.value),
                    "target": {
                        "type": node.target_type,
                        "value": node.target_value,
                        "high": node.target_high,
                        "from_year": node.from_year,
                        "to_year": node.to_year,
                        "met": ind.met,
                    },
                    "status": ind.status,
                    "reasons": [{"code": r.code, **{k: _number(v) for k, v in r.values.items()}} for r in ind.reasons],
                }
            )
        goals.append(
            {
                "id": g.node.node_id,
                "parent_id": g.node.parent_id,
                "kind": g.node.kind,
                "title": g.node.title,
                "owner": g.node.owner,
                "status": g.status,
                "suggested_status": g.suggested,
                "status_counts": g.counts.as_dict(),
                "indicators": inds,
            }
        )
    return {"municipality_id": f.municipality_id, "year": f.year, "period": f.period, "goals": goals}
