"""A municipality's goal follow-up for one year and period: every indicator judged against its own
target, then the colours rolled up (analysis.goals). One entry point, `follow_up`, serves the page,
the report and `python -m analysis followup`, so all three show the same colours.

An indicator is judged by the targets work's own functions (issue #10): its target is an
`analysis.target.Target` judged by `judge_target` on the follow-up year's value, and its colour is
`analysis.assessment.self_assessment` — the handbook's rule, worded by `analysis.wording`. So a goal's
indicator and the same KPI on Analystrappan with the same target get the same colour and the same
words. The other figures — trend, rank and honest quartile, Riket, the peer mean — come from the
same functions as the staircase's (trend, rank_all, peer_sets/peer_mean). A value older than the
follow-up year is shown with its year but not judged as that year's; a year outside the target's
period is white. An indicator without from_year/to_year has a target for every year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace

import pandas as pd

from analysis.assessment import Assessment, Reason, self_assessment
from analysis.goals import (
    GoalNode,
    GoalResult,
    IndicatorResult,
    SavedAssessment,
    previous_period,
    roll_up,
)
from analysis.peers import kpi_area, peer_mean, peer_sets, rank_all
from analysis.staircase import AnalysisError
from analysis.status import value_in
from analysis.target import Observed, Target, judge_target
from analysis.trend import trend
from store import goals as store_goals
from store import queries
from store.inputs import Connection
from store.write import FIRST_YEAR, LAST_YEAR

PEER_KEY = "liknande"  # at_least_peers compares with Kolada's "Liknande kommuner" of the KPI's area
DEFAULT_AREA = "kommunen"


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


# ---- what judging needs ----------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorFacts:
    """One KPI × gender for the municipality in the follow-up year: what its target is judged on."""

    kpi_id: str
    gender: str
    title: str
    unit: str
    direction: str
    own: pd.DataFrame  # year, value: the municipality's series
    riket: float | None
    rank: int | None
    n: int | None
    quartile: str | None
    peer_label: str | None = None
    peer_mean: float | None = None


def facts_from(
    inputs: store_goals.IndicatorInputs, municipality_id: str, keys: list[tuple[str, str]], year: int
) -> dict[tuple[str, str], IndicatorFacts]:
    """Each (kpi_id, gender) in the catalogue with its series, Riket and rank (pure)."""
    info = inputs.kpis.set_index("kpi_id")
    out: dict[tuple[str, str], IndicatorFacts] = {}
    for kpi_id, gender in dict.fromkeys(keys):
        if kpi_id not in info.index:
            continue
        k = info.loc[kpi_id]
        direction = str(k["direction"])
        mine = inputs.series[(inputs.series["kpi_id"] == kpi_id) & (inputs.series["gender"] == gender)]
        own = mine.loc[mine["municipality_id"] == municipality_id, ["year", "value"]].reset_index(drop=True)
        values = inputs.values[(inputs.values["kpi_id"] == kpi_id) & (inputs.values["gender"] == gender)]
        me = rank_all(values, direction)
        me = me[me["municipality_id"] == municipality_id]
        ranked = bool(len(me)) and not pd.isna(me["rank"].iloc[0])
        out[(kpi_id, gender)] = IndicatorFacts(
            kpi_id=kpi_id,
            gender=gender,
            title=" ".join(str(k["title"]).split()),
            unit=str(k["unit"] or "").strip(),
            direction=direction,
            own=own,
            riket=value_in(mine[mine["municipality_id"] == queries.RIKET], year),
            rank=int(me["rank"].iloc[0]) if ranked else None,
            n=int(me["n"].iloc[0]) if ranked else None,
            quartile=str(me["quartile"].iloc[0]) if ranked else None,
        )
    return out


def with_peer_means(
    con: Connection,
    facts: dict[tuple[str, str], IndicatorFacts],
    inputs: store_goals.IndicatorInputs,
    municipality_id: str,
    year: int,
    lang: str = "sv",
) -> dict[tuple[str, str], IndicatorFacts]:
    """The peer mean of the KPI's area's "Liknande kommuner" (Riket when the area has none), for
    the facts an at_least_peers target needs: peer sets are made in one place (analysis.peers)."""
    out = dict(facts)
    sets_by_area: dict[str, list] = {}
    for key, f in facts.items():
        area = kpi_area(con, f.kpi_id) or DEFAULT_AREA
        if area not in sets_by_area:
            sets_by_area[area] = peer_sets(con, municipality_id, area, year, f.gender, lang)
        sets = sets_by_area[area]
        chosen = next((p for p in sets if p.key == PEER_KEY), next(p for p in sets if p.key == "riket"))
        values = inputs.values[(inputs.values["kpi_id"] == f.kpi_id) & (inputs.values["gender"] == f.gender)]
        out[key] = replace(f, peer_label=chosen.label, peer_mean=peer_mean(values, chosen, municipality_id, f.riket))
    return out


# ---- judging one indicator -------------------------------------------------------------------------
def goal_target(node: GoalNode) -> Target:
    """An indicator's target as the targets work sees it; no years = every year."""
    return Target(
        type=str(node.target_type),
        value=node.target_value,
        high=node.target_high,
        from_year=node.from_year if node.from_year is not None else FIRST_YEAR,
        to_year=node.to_year if node.to_year is not None else LAST_YEAR,
        gender=node.gender or "T",
        kpi_id=node.kpi_id,
    )


def judge_indicator(node: GoalNode, f: IndicatorFacts | None, year: int) -> IndicatorResult:
    """One indicator for the follow-up year; `f` None when its KPI is not in the store."""
    base = {"node_id": node.node_id, "kpi_id": node.kpi_id or "", "gender": node.gender or "T"}
    if f is None:
        why = Assessment("white", "unknown_kpi", (Reason("unknown_kpi", label=node.kpi_id),))
        return IndicatorResult(**base, year=None, value=None, met=None, status=why.status, basis=why.basis,
                               reasons=why.reasons)  # fmt: skip
    year = int(year)
    own = f.own.dropna()
    target = goal_target(node)
    tr = trend(own, f.direction, year, unit=f.unit)
    value = value_in(own, year)
    observed = Observed(
        year=year,
        value=value,
        direction=f.direction,
        rank=f.rank,
        n_ranked=f.n,
        quartile=f.quartile,
        riket=f.riket,
        peer_mean=f.peer_mean,
        start_value=value_in(own, target.from_year),
        slope=tr.slope,
    )
    judgement = judge_target(target, observed)
    label = f.peer_label if target.type == "at_least_peers" else None
    a = self_assessment(year, value, tr, f.direction, target, judgement, None, label)
    stale = value is None and tr.latest_year is not None and tr.latest_year < year
    return IndicatorResult(
        **base,
        year=tr.latest_year if stale else (year if value is not None else None),
        value=tr.latest_value if stale else value,
        met=judgement.met if value is not None else None,
        status=a.status,
        basis=a.basis,
        reasons=a.reasons,
        reference=judgement.reference,
        kpi_title=f.title,
        unit=f.unit,
        target_label=label,
        rank=f.rank if value is not None else None,
        n_ranked=f.n if value is not None else None,
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
    con: Connection, municipality_id: str, nodes: tuple[GoalNode, ...], year: int, lang: str = "sv"
) -> dict[str, IndicatorResult]:
    """Every indicator of the tree judged for `year`."""
    indicators = [n for n in nodes if n.kind == "indicator" and n.kpi_id]
    if not indicators:
        return {}
    keys = [(n.kpi_id, n.gender or "T") for n in indicators]
    inputs = store_goals.indicator_inputs(
        con, municipality_id, sorted({k for k, _g in keys}), sorted({g for _k, g in keys}), year
    )
    facts = facts_from(inputs, municipality_id, keys, year)
    wanted = {(n.kpi_id, n.gender or "T") for n in indicators if n.target_type == "at_least_peers"}
    peers = with_peer_means(con, {k: v for k, v in facts.items() if k in wanted}, inputs, municipality_id, year, lang)
    facts |= peers
    return {n.node_id: judge_indicator(n, facts.get((n.kpi_id, n.gender or "T")), year) for n in indicators}


def follow_up(
    con: Connection,
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
    indicators = judge_all(con, municipality_id, nodes, int(year), lang)
    goals = roll_up(nodes, indicators, saved_for(assessments, int(year), period))
    prev_year, prev_period = previous_period(int(year), period)
    prev_indicators = indicators if prev_year == int(year) else judge_all(con, municipality_id, nodes, prev_year, lang)
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


def reason_dict(r: Reason) -> dict:
    """A reason as its code and the numbers it names (fields without a value left out)."""
    return {k: _number(v) for k, v in asdict(r).items() if v is not None}


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
                    "reasons": [reason_dict(r) for r in ind.reasons],
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
