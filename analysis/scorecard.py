"""The Översikt page's and the deck's table: one row per KPI of an area for one municipality, and
the full ranking of one KPI.

Why set-wide: ranks come from `store.ranking.set_wide` (DuckDB window functions over every
municipality), so a scorecard of 20 KPIs costs one query, not 20 rankings in Python. The status of
each row is `analysis.status.kpi_status` — the same function, on the same figures, as the staircase,
so Översikt, Analystrappan and the deck agree for the same view.
"""

from __future__ import annotations

import pandas as pd

from analysis.peers import PeerSet, build_peer_sets, peer_mean, rank_all, variables_for
from analysis.status import kpi_status
from analysis.target import rule_target, targets_from_frame
from store import inputs as store_inputs
from store import queries
from store.inputs import Connection

SCORECARD_COLUMNS = [
    "kpi_id",
    "title",
    "unit",
    "direction",
    "year",  # the year of the value shown: the chosen year, or an older one when stale
    "value",
    "stale",  # True when the newest value is older than the chosen year: not ranked, not assessed
    "change_abs",
    "previous_year",
    "verdict",
    "verdict_from_year",
    "rank",
    "n",
    "percentile",
    "quartile",
    "mode_value",
    "mode_share",
    "riket",
    "diff_riket",
    "peer_label",
    "peer_mean",
    "diff_peer",
    "target",  # analysis.target.Target or None
    "target_label",  # the peer set an at_least_peers target names
    "target_value",
    "target_met",
    "judgement",  # analysis.target.Judgement or None
    "status",
    "basis",
    "reasons",  # tuple of analysis.assessment.Reason (worded by analysis.wording at the edge)
]


def _sets(con: Connection, municipality_id: str, area_id: str, year: int, lang: str) -> list[PeerSet]:
    return build_peer_sets(
        store_inputs.peer_inputs(con, municipality_id, area_id, int(year), variables_for(area_id)), lang
    )


def scorecard(
    con: Connection,
    municipality_id: str,
    area_id: str,
    year: int,
    gender: str = "T",
    peer_key: str = "liknande",
    headline_only: bool = True,
    lang: str = "sv",
) -> pd.DataFrame:
    """One row per KPI of the area (headline set, or every KPI with data); see SCORECARD_COLUMNS.
    `year` is the year assessed; a KPI whose newest value is older shows that value and its year."""
    inp = store_inputs.area_inputs(con, municipality_id, area_id, int(year), gender, headline_only)
    if inp.kpis.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    return compute_scorecard(
        inp, _sets(con, municipality_id, area_id, year, lang), municipality_id, year, gender, peer_key
    )


def compute_scorecard(
    inp: store_inputs.AreaInputs, sets: list[PeerSet], municipality_id: str, year: int, gender: str, peer_key: str
) -> pd.DataFrame:
    """The pure part of `scorecard`."""
    year = int(year)
    by_key = {p.key: p for p in sets}
    peer = by_key.get(peer_key) or by_key["riket"]
    targets = targets_from_frame(inp.targets)
    rule = rule_target(inp.rules, year, gender)
    rows = []
    for k in inp.kpis.itertuples():
        kw = inp.ranked[inp.ranked["kpi_id"] == k.kpi_id]
        own = kw[kw["municipality_id"] == municipality_id].sort_values("year")
        this_year = kw[kw["year"] == year][["municipality_id", "value"]]
        rk = inp.riket[(inp.riket["kpi_id"] == k.kpi_id) & (inp.riket["year"] == year)]["value"]
        riket_value = float(rk.iloc[0]) if len(rk) else None
        means = {p.key: peer_mean(this_year, p, municipality_id, riket_value) for p in sets}
        mine = own[own["year"] == year]
        r = mine.iloc[0] if len(mine) else None
        status = kpi_status(
            year=year,
            series=own[["year", "value"]],
            direction=k.direction,
            unit=k.unit,
            targets=[t for t in targets if t.kpi_id == k.kpi_id],
            rule=rule,
            gender=gender,
            rank=None if r is None else int(r["rank"]),
            n_ranked=None if r is None else int(r["n"]),
            quartile=None if r is None else str(r["quartile"]),
            riket=riket_value,
            peer_means=means,
            peer_labels={p.key: p.label for p in sets},
            peer_key=peer.key,
        )
        tr, value, j = status.trend, status.value, status.judgement
        mean = means.get(peer.key)
        rows.append(
            {
                "kpi_id": k.kpi_id,
                "title": " ".join(str(k.title).split()),
                "unit": k.unit,
                "direction": k.direction,
                "year": tr.latest_year,
                "value": tr.latest_value,
                "stale": value is None and tr.latest_year is not None,
                "change_abs": tr.change_abs,
                "previous_year": tr.previous_year,
                "verdict": tr.verdict,
                "verdict_from_year": tr.verdict_from_year,
                "rank": None if r is None else int(r["rank"]),
                "n": None if r is None else int(r["n"]),
                "percentile": None if r is None else r["percentile"],
                "quartile": "grey" if r is None else r["quartile"],
                "mode_value": None if r is None else r["mode_value"],
                "mode_share": None if r is None else r["mode_share"],
                "riket": riket_value,
                "diff_riket": value - riket_value if value is not None and riket_value is not None else None,
                "peer_label": peer.label,
                "peer_mean": mean,
                "diff_peer": value - mean if value is not None and mean is not None else None,
                "target": status.target,
                "target_label": status.target_label,
                "target_value": status.target.value if status.target else None,
                "target_met": None if j is None else j.met,
                "judgement": j,
                "status": status.assessment.status,
                "basis": status.assessment.basis,
                "reasons": status.assessment.reasons,
            }
        )
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    out["rank"] = out["rank"].astype("Int64")
    out["n"] = out["n"].astype("Int64")
    return out


def ranking(con: Connection, kpi_id: str, year: int, gender: str = "T") -> pd.DataFrame:
    """municipality_id, title, value, rank, n, percentile, quartile, mode_value, mode_share — all
    290 municipalities (those without a value last, quartile 'grey'), sorted by rank."""
    info = queries.kpi_info(con, [kpi_id])
    direction = str(info["direction"].iloc[0]) if len(info) else "none"
    munis = queries.municipalities(con)[["municipality_id", "title"]]
    values = queries.values_for_year(con, kpi_id, year, gender)[["municipality_id", "value"]]
    allv = munis.merge(values, on="municipality_id", how="left")
    ranked = rank_all(allv, direction).merge(munis, on="municipality_id")
    ranked = ranked.sort_values(["rank", "municipality_id"], na_position="last", kind="stable")
    cols = ["municipality_id", "title", "value", "rank", "n", "percentile", "quartile", "mode_value", "mode_share"]
    return ranked[cols].reset_index(drop=True)
