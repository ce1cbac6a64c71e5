"""A municipality's goal follow-up for one year and period: every indicator judged against its
target, then the colours rolled up (analysis.goals). One entry point, `follow_up`, serves the page,
the report and `python -m analysis followup`, so all three show the same colours.

One target, one colour: importing a tree registers each indicator's target as a target of the
municipality (store.goals), so Analystrappan, Översikt and the deck judge the KPI by the council's
target too. An indicator is judged through the same function as the staircase and the scorecard,
`analysis.status.kpi_status`: the target is `analysis.target.choose_target` among the targets for
its KPI and gender (the ones the tree version registered, and any set elsewhere — which may only
judge alike, store.write.judges_alike), judged by `judge_target` on the follow-up year's value, and
the colour is `analysis.assessment.self_assessment` — so `analysis followup` and `analysis staircase`
give the same met and status for the same KPI and year. Where no target covers the year, the
indicator's own target stands in (white, outside its period): a goal's indicator is never judged
by an area's rule, which the staircase would then use.

The other figures — trend, rank and honest quartile, Riket, the peer mean — come from the same
functions as the staircase's (trend, rank_all, peer_sets/peer_mean); an at_least_peers target
compares with its peer set (`peer_key`, default Liknande kommuner) of the KPI's area. A value older
than the follow-up year is shown with its year but not judged as that year's. An indicator without
from_year/to_year has a target for every year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

import pandas as pd

from analysis.assessment import Assessment, Reason
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
from analysis.status import kpi_status, value_in
from analysis.target import Target, choose_target, targets_from_frame
from store import goals as store_goals
from store import queries
from store.fields import NODE_COLUMNS, VALUE_COLUMNS, YEAR_COLUMNS
from store.inputs import Connection
from store.write import FIRST_YEAR, LAST_YEAR

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
    """One KPI × gender for the municipality in the follow-up year: what its target is judged on.
    `targets`: the targets for the KPI and gender the indicator may be judged by; `peer_means` and
    `peer_labels`: by peer key, for the sets an at_least_peers target names."""

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
    targets: tuple[Target, ...] = ()
    peer_means: Mapping[str, float | None] = field(default_factory=dict)
    peer_labels: Mapping[str, str] = field(default_factory=dict)


def facts_from(
    inputs: store_goals.IndicatorInputs, municipality_id: str, keys: list[tuple[str, str]], year: int
) -> dict[tuple[str, str], IndicatorFacts]:
    """Each (kpi_id, gender) in the catalogue with its series, Riket, rank and targets (pure)."""
    info = inputs.kpis.set_index("kpi_id")
    targets = targets_from_frame(inputs.targets)
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
            targets=tuple(x for x in targets if x.kpi_id == kpi_id and x.gender == gender),
        )
    return out


def with_peer_means(
    con: Connection,
    facts: dict[tuple[str, str], IndicatorFacts],
    wanted: Mapping[tuple[str, str], set[str]],
    inputs: store_goals.IndicatorInputs,
    municipality_id: str,
    year: int,
    lang: str = "sv",
) -> dict[tuple[str, str], IndicatorFacts]:
    """The means and names of the peer sets `wanted` by each (kpi_id, gender) — the sets of the
    KPI's area, made in one place (analysis.peers) as for the staircase."""
    out = dict(facts)
    sets_by_area: dict[str, list] = {}
    for key, keys in wanted.items():
        f = facts.get(key)
        if f is None or not keys:
            continue
        area = kpi_area(con, f.kpi_id) or DEFAULT_AREA
        if area not in sets_by_area:
            sets_by_area[area] = peer_sets(con, municipality_id, area, year, f.gender, lang)
        values = inputs.values[(inputs.values["kpi_id"] == f.kpi_id) & (inputs.values["gender"] == f.gender)]
        chosen = [p for p in sets_by_area[area] if p.key in keys]
        out[key] = replace(
            f,
            peer_means={p.key: peer_mean(values, p, municipality_id, f.riket) for p in chosen},
            peer_labels={p.key: p.label for p in chosen},
        )
    return out


# ---- judging one indicator -------------------------------------------------------------------------
def goal_target(node: GoalNode) -> Target:
    """An indicator's own target as the targets work sees it (what importing registered; no years =
    every year)."""
    peer = node.peer_key or (store_goals.DEFAULT_PEER_KEY if node.target_type == "at_least_peers" else None)
    return Target(
        type=str(node.target_type),
        value=node.target_value,
        high=node.target_high,
        from_year=node.from_year if node.from_year is not None else FIRST_YEAR,
        to_year=node.to_year if node.to_year is not None else LAST_YEAR,
        gender=node.gender or "T",
        peer_key=peer,
        kpi_id=node.kpi_id,
    )


def chosen_target(node: GoalNode, f: IndicatorFacts, year: int) -> Target:
    """The target the indicator is judged by: choose_target among the KPI's targets, else its own."""
    return choose_target(f.targets, node.gender or "T", int(year), goal_target(node)) or goal_target(node)


def judge_indicator(node: GoalNode, f: IndicatorFacts | None, year: int) -> IndicatorResult:
    """One indicator for the follow-up year; `f` None when its KPI is not in the store."""
    base = {"node_id": node.node_id, "kpi_id": node.kpi_id or "", "gender": node.gender or "T"}
    if f is None:
        why = Assessment("white", "unknown_kpi", (Reason("unknown_kpi", label=node.kpi_id),))
        return IndicatorResult(**base, year=None, value=None, met=None, status=why.status, basis=why.basis,
                               reasons=why.reasons, target=goal_target(node))  # fmt: skip
    year = int(year)
    s = kpi_status(
        year,
        f.own.dropna(),
        f.direction,
        f.unit,
        f.targets,
        goal_target(node),  # stands in where no target covers the year (judged: outside its period)
        base["gender"],
        f.rank,
        f.n,
        f.quartile,
        f.riket,
        f.peer_means,
        f.peer_labels,
        "",  # no comparison set: an indicator always has a target
    )
    tr, value, judgement = s.trend, s.value, s.judgement
    stale = value is None and tr.latest_year is not None and tr.latest_year < year
    return IndicatorResult(
        **base,
        year=tr.latest_year if stale else (year if value is not None else None),
        value=tr.latest_value if stale else value,
        met=judgement.met if value is not None and judgement is not None else None,
        status=s.assessment.status,
        basis=s.assessment.basis,
        reasons=s.assessment.reasons,
        reference=judgement.reference if judgement is not None else None,
        kpi_title=f.title,
        unit=f.unit,
        target_label=s.target_label,
        rank=f.rank if value is not None else None,
        n_ranked=f.n if value is not None else None,
        target=s.target,
    )


# ---- the whole follow-up ---------------------------------------------------------------------------
def tree_nodes(tree: pd.DataFrame) -> tuple[GoalNode, ...]:
    """store.goals.goal_tree rows as GoalNodes (missing cells as None; GoalNode's fields are
    store.fields.NODE_COLUMNS)."""
    clean = tree.astype(object).where(tree.notna(), None)
    nodes = []
    for r in clean.to_dict("records"):
        node = {c: r[c] for c in NODE_COLUMNS} | {"node_id": str(r["node_id"]), "kind": str(r["kind"])}
        node |= {c: None if node[c] is None else float(node[c]) for c in VALUE_COLUMNS}
        node |= {c: None if node[c] is None else int(node[c]) for c in YEAR_COLUMNS}
        nodes.append(GoalNode(**node))
    return tuple(nodes)


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
    con: Connection,
    municipality_id: str,
    version_id: int,
    nodes: tuple[GoalNode, ...],
    year: int,
    lang: str = "sv",
) -> dict[str, IndicatorResult]:
    """Every indicator of the tree version judged for `year`."""
    indicators = [n for n in nodes if n.kind == "indicator" and n.kpi_id]
    if not indicators:
        return {}
    keys = [(n.kpi_id, n.gender or "T") for n in indicators]
    inputs = store_goals.indicator_inputs(
        con, municipality_id, version_id, sorted({k for k, _g in keys}), sorted({g for _k, g in keys}), year
    )
    facts = facts_from(inputs, municipality_id, keys, year)
    wanted: dict[tuple[str, str], set[str]] = {}
    for n in indicators:
        key = (n.kpi_id, n.gender or "T")
        if key in facts:
            target = chosen_target(n, facts[key], year)
            if target.type == "at_least_peers" and target.peer_key:
                wanted.setdefault(key, set()).add(target.peer_key)
    facts = with_peer_means(con, facts, wanted, inputs, municipality_id, year, lang)
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
        raise FollowUpError("err_unknown_period", period=period)
    title = queries.municipality_title(con, municipality_id)
    if title is None:
        raise FollowUpError("err_unknown_municipality", municipality=municipality_id)
    tree = store_goals.goal_tree(con, municipality_id, version_id)
    if tree.empty:
        if version_id is None:
            raise FollowUpError("err_no_tree", title=title, municipality=municipality_id)
        raise FollowUpError("err_no_tree_version", title=title, municipality=municipality_id, version=version_id)
    nodes = tree_nodes(tree)
    version = int(tree["version_id"].iloc[0])
    assessments = store_goals.goal_assessments(con, municipality_id)
    indicators = judge_all(con, municipality_id, version, nodes, int(year), lang)
    goals = roll_up(nodes, indicators, saved_for(assessments, int(year), period))
    prev_year, prev_period = previous_period(int(year), period)
    prev_indicators = (
        indicators if prev_year == int(year) else judge_all(con, municipality_id, version, nodes, prev_year, lang)
    )
    prev_goals = roll_up(nodes, prev_indicators, saved_for(assessments, prev_year, prev_period))
    previous = {g.node.node_id: g.status for g in prev_goals} | {k: v.status for k, v in prev_indicators.items()}
    return FollowUp(
        municipality_id=municipality_id,
        municipality_title=title,
        year=int(year),
        period=period,
        version_id=version,
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
            target = ind.target or goal_target(by_id[ind.node_id])  # the one judged by, as in the staircase's JSON
            inds.append(
                {
                    "kpi_id": ind.kpi_id,
                    "gender": ind.gender,
                    "year": ind.year,
                    "value": _number(ind.value),
                    "target": {
                        "type": target.type,
                        "value": target.value,
                        "high": target.high,
                        "from_year": target.from_year,
                        "to_year": target.to_year,
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
