"""The Översikt page's and the deck's table: one row per KPI of an area for one municipality, and
the full ranking of one KPI.

Why set-wide: ranks come from `store.ranking.set_wide` (DuckDB window functions over every
municipality), so a scorecard of 20 KPIs costs one query, not 20 rankings in Python.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analysis.assessment import self_assessment
from analysis.peers import peer_sets, rank_all
from analysis.staircase import choose_target
from analysis.target import target_gap
from analysis.trend import trend
from store import queries
from store import ranking as store_ranking

SCORECARD_COLUMNS = [
    "kpi_id",
    "title",
    "unit",
    "direction",
    "year",
    "value",
    "change_abs",
    "verdict",
    "rank",
    "n",
    "percentile",
    "quartile",
    "riket",
    "diff_riket",
    "peer_label",
    "peer_mean",
    "diff_peer",
    "target_value",
    "target_met",
    "status",
    "status_reason",
]


def scorecard(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    area_id: str,
    year: int,
    gender: str = "T",
    peer_key: str = "liknande",
    headline_only: bool = True,
    lang: str = "sv",
) -> pd.DataFrame:
    """One row per KPI of the area (headline set, or every KPI with data); see SCORECARD_COLUMNS.
    `year` is the newest year considered; each KPI shows its latest year ≤ `year` with a value."""
    kpis = queries.area_kpis(con, area_id, headline_only=headline_only)
    kpis = kpis[kpis["n_values"] > 0] if not headline_only else kpis
    if kpis.empty:
        return pd.DataFrame(columns=SCORECARD_COLUMNS)
    ids = list(kpis["kpi_id"])
    wide = store_ranking.set_wide(con, ids)
    wide = wide[(wide["gender"] == gender) & (wide["year"] <= int(year))]
    sets = {p.key: p for p in peer_sets(con, municipality_id, area_id, year, gender)}
    peer = sets.get(peer_key) or sets["riket"]
    riket = queries.observations(con, ids, municipality_ids=[queries.RIKET], genders=[gender])
    targets = queries.targets(con, municipality_id, ids)
    rows = []
    for k in kpis.itertuples():
        kw = wide[wide["kpi_id"] == k.kpi_id]
        own = kw[kw["municipality_id"] == municipality_id].sort_values("year")
        tr = trend(own[["year", "value"]], k.direction, year)
        row = {"kpi_id": k.kpi_id, "title": " ".join(str(k.title).split()), "unit": k.unit, "direction": k.direction}
        row |= {"year": tr.latest_year, "value": tr.latest_value, "change_abs": tr.change_abs, "verdict": tr.verdict}
        last = own[own["year"] == tr.latest_year]
        if len(last):
            r = last.iloc[0]
            row |= {"rank": int(r["rank"]), "n": int(r["n"]), "percentile": r["percentile"], "quartile": r["quartile"]}
        else:
            row |= {"rank": None, "n": None, "percentile": None, "quartile": "grey"}
        rk = riket[(riket["kpi_id"] == k.kpi_id) & (riket["year"] == tr.latest_year)]["value"]
        riket_value = float(rk.iloc[0]) if len(rk) else None
        if peer.key == "riket":
            peer_mean = riket_value
        else:
            pv = kw[(kw["year"] == tr.latest_year) & kw["municipality_id"].isin(peer.municipality_ids)]["value"]
            peer_mean = float(pv.mean()) if len(pv) else None
        value = tr.latest_value
        row |= {
            "riket": riket_value,
            "diff_riket": value - riket_value if value is not None and riket_value is not None else None,
            "peer_label": peer.label,
            "peer_mean": peer_mean,
            "diff_peer": value - peer_mean if value is not None and peer_mean is not None else None,
        }
        chosen = choose_target(targets[targets["kpi_id"] == k.kpi_id], gender, tr.latest_year or int(year))
        tgt = None
        if chosen is not None:
            tgt = target_gap(value, float(chosen["target_value"]), int(chosen["year"]), k.direction, tr.slope)
        row |= {"target_value": tgt.target_value if tgt else None, "target_met": tgt.met if tgt else None}
        a = self_assessment(value, tr, k.direction, tgt, peer_mean, peer.label, lang=lang, unit=k.unit)
        row |= {"status": a.status, "status_reason": " ".join(a.reasons)}
        rows.append(row)
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    out["rank"] = out["rank"].astype("Int64")
    out["n"] = out["n"].astype("Int64")
    return out


def ranking(con: duckdb.DuckDBPyConnection, kpi_id: str, year: int, gender: str = "T") -> pd.DataFrame:
    """municipality_id, title, value, rank, n, percentile, quartile — all 290 municipalities (those
    without a value last, quartile 'grey'), sorted by rank."""
    info = queries.kpi_info(con, [kpi_id])
    direction = str(info["direction"].iloc[0]) if len(info) else "none"
    munis = queries.municipalities(con)[["municipality_id", "title"]]
    values = queries.values_for_year(con, kpi_id, year, gender)[["municipality_id", "value"]]
    allv = munis.merge(values, on="municipality_id", how="left")
    ranked = rank_all(allv, direction).merge(munis, on="municipality_id")
    ranked = ranked.sort_values(["rank", "municipality_id"], na_position="last", kind="stable")
    return ranked[["municipality_id", "title", "value", "rank", "n", "percentile", "quartile"]].reset_index(drop=True)
