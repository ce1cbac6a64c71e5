"""Step 3 of the staircase: compare with others.

Peer sets are Riket (its stored, population-weighted value), the county's municipalities, Kolada's
"Liknande kommuner <area>" group (the newest group year), SKR's kommungrupp and socio-economic
group, the precondition-adjusted neighbours, the analyst's own sets and all municipalities. Means of
sets are unweighted ("ovägt medel"), as Kolada's own group averages are.

Ranking rule (the KKiK quartiles, issue #3): over all reporting municipalities, rank 1 = best
(direction-aware, ties share the best rank: 1, 2, 2, 4), green when rank ≤ 0.25·n, red when
rank > 0.75·n, otherwise yellow; grey without a value; direction 'none' ranks by value (highest = 1)
with quartile 'none'. `store.ranking.set_wide` applies the same rule set-wide in SQL.

Precondition-adjusted neighbours: a municipality's results depend on who lives there, so besides
Kolada's groups we offer the k municipalities nearest on standardised precondition variables
(z-scores over all municipalities, Euclidean distance). Defaults per area, each variable's newest
year ≤ the chosen year:
- school areas (grundskola, förskola, anpassad skola, utbildning): N15820 parents with post-secondary
  education, N15902 newly arrived pupils, N01951 population (log10), N00954 degree of urbanisation;
- gymnasieskola: N17831 parents' education (gymnasium), N02926 foreign-born, N01951 (log10), N00954;
- everything else: N01982 adults 25–64 with post-secondary education, N02926 foreign-born,
  N00906 median earned income 20–64, N01951 (log10), N00954.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from store import queries, ranking

SCHOOL_VARIABLES = ("N15820", "N15902", "N01951", "N00954")
GYMNASIUM_VARIABLES = ("N17831", "N02926", "N01951", "N00954")
GENERAL_VARIABLES = ("N01982", "N02926", "N00906", "N01951", "N00954")
AREA_VARIABLES = {
    "grundskola": SCHOOL_VARIABLES,
    "forskola": SCHOOL_VARIABLES,
    "anpassad_skola": SCHOOL_VARIABLES,
    "utbildning": SCHOOL_VARIABLES,
    "gymnasieskola": GYMNASIUM_VARIABLES,
}
SHORT_LABELS = {
    "N15820": "föräldrarnas utbildning",
    "N15902": "nyinvandrade elever",
    "N01951": "folkmängd",
    "N00954": "tätortsgrad",
    "N17831": "föräldrarnas utbildning (gymnasiet)",
    "N02926": "utrikes födda",
    "N01982": "vuxnas eftergymnasiala utbildning",
    "N00906": "medianinkomst",
}
LOG_VARIABLES = frozenset({"N01951"})  # population: size matters in proportion, not in persons
SIMILAR_Z = 0.5  # a variable "makes it similar" when the two z-scores differ by at most half a SD
GROUP_SUFFIX = " (ovägt medel)"


@dataclass(frozen=True)
class PeerSet:
    key: str
    label: str
    kind: str
    municipality_ids: tuple[str, ...]
    group_id: str | None = None


@dataclass(frozen=True)
class PeerStats:
    key: str
    label: str
    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    own_value: float | None
    place: int | None
    n_in_set: int
    n_ranked: int = 0  # how many the place is out of: members with a value plus the municipality


@dataclass(frozen=True)
class Neighbour:
    municipality_id: str
    title: str
    distance: float
    similar_on: tuple[str, ...]
    value: float | None = None  # the neighbour's value of the KPI (year, gender), when a KPI was given


@dataclass(frozen=True)
class Neighbours:
    variables: tuple[str, ...]
    neighbours: tuple[Neighbour, ...]
    expected: float | None
    residual: float | None
    variable_titles: tuple[str, ...] = ()


def variable_label(kpi_id: str, title: str | None = None) -> str:
    """A short Swedish name for a precondition variable (the KPI title when none is set)."""
    return SHORT_LABELS.get(kpi_id) or (" ".join(title.split()) if title else kpi_id)


def _num(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def rank_all(values: pd.DataFrame, direction: str) -> pd.DataFrame:
    """municipality_id, value, rank (Int64, 1 = best), n, percentile (100 = best), quartile."""
    out = values[["municipality_id", "value"]].copy()
    v = out["value"].astype(float)
    n = int(v.notna().sum())
    rank = v.rank(method="min", ascending=(direction == "lower"))
    out["rank"] = rank.round().astype("Int64")
    out["n"] = n
    out["percentile"] = (100.0 * (n - rank) / (n - 1)) if n > 1 else rank.where(rank.isna(), 100.0)
    if direction == "none":
        quartile = np.where(v.isna(), "grey", "none")
    else:
        r = rank.to_numpy()
        quartile = np.select([np.isnan(r), 4 * r <= n, 4 * r > 3 * n], ["grey", "green", "red"], "yellow")
    out["quartile"] = quartile
    return out.reset_index(drop=True)


def _place(values: pd.DataFrame, ids: set[str], municipality_id: str, direction: str) -> tuple[int | None, int]:
    sub = values[values["municipality_id"].isin(ids | {municipality_id})]
    ranked = rank_all(sub, direction)
    own = ranked[ranked["municipality_id"] == municipality_id]
    n = int(ranked["n"].iloc[0]) if len(ranked) else 0
    if own.empty or pd.isna(own["rank"].iloc[0]):
        return None, n
    return int(own["rank"].iloc[0]), n


def peer_stats(
    values: pd.DataFrame, peer: PeerSet, municipality_id: str, direction: str, riket_value: float | None = None
) -> PeerStats:
    """Unweighted statistics of the set's members with a value, and the municipality's place among
    the members plus itself (1 = best). Riket: its stored value as the mean, n = 1."""
    own = values.loc[values["municipality_id"] == municipality_id, "value"]
    own_value = _num(own.iloc[0]) if len(own) else None
    if peer.key == "riket":
        rv = _num(riket_value)
        return PeerStats(peer.key, peer.label, 1 if rv is not None else 0, rv, None, None, None, own_value, None, 1)
    ids = set(peer.municipality_ids)
    vals = values.loc[values["municipality_id"].isin(ids), "value"].astype(float).dropna()
    if vals.empty:
        return PeerStats(peer.key, peer.label, 0, None, None, None, None, own_value, None, len(ids))
    place, n_ranked = _place(values, ids, municipality_id, direction)
    return PeerStats(
        key=peer.key,
        label=peer.label,
        n=len(vals),
        mean=float(vals.mean()),
        median=float(vals.median()),
        min=float(vals.min()),
        max=float(vals.max()),
        own_value=own_value,
        place=place,
        n_in_set=len(ids),
        n_ranked=n_ranked,
    )


def default_variables(con: duckdb.DuckDBPyConnection, kpi_id: str | None = None, area_id: str | None = None):
    """The precondition variables for an area (or for the KPI's area), see the module docstring."""
    if area_id is None and kpi_id is not None:
        areas = ranking.area_for_kpi(con, kpi_id)
        area_id = areas["area_id"].iloc[0] if len(areas) else None
    return AREA_VARIABLES.get(area_id or "", GENERAL_VARIABLES)


def precondition_neighbours(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    year: int,
    kpi_id: str | None = None,
    gender: str = "T",
    k: int = 7,
    variables: tuple[str, ...] | None = None,
    area_id: str | None = None,
) -> Neighbours:
    """The k municipalities nearest on standardised precondition variables (each variable's newest
    value in a year ≤ `year`, total population), with the KPI's expected value (the neighbours'
    unweighted mean in `year`/`gender`) and the municipality's residual (own − expected). With a
    KPI, only municipalities that report it are candidates, so the expectation rests on k values."""
    wanted = tuple(v for v in (variables or default_variables(con, kpi_id, area_id)) if v != kpi_id)
    pre = ranking.kpi_values_wide(con, year, "T", kpi_ids=list(wanted), newest_up_to_year=True)
    if municipality_id not in pre.index:
        return Neighbours((), (), None, None)
    used = tuple(v for v in wanted if v in pre.columns and not pd.isna(pre.at[municipality_id, v]))
    if not used:
        return Neighbours((), (), None, None)
    x = pre[list(used)].dropna()
    for v in used:
        if v in LOG_VARIABLES:
            x[v] = np.log10(x[v].clip(lower=1))
    sd = x.std(ddof=0).replace(0, 1.0)
    z = (x - x.mean()) / sd
    target_values = None
    if kpi_id is not None:
        target_values = ranking.kpi_values_wide(con, year, gender, kpi_ids=[kpi_id])
        target_values = target_values[kpi_id].dropna() if kpi_id in target_values.columns else pd.Series(dtype=float)
        candidates = z.index.intersection(target_values.index)
    else:
        candidates = z.index
    others = z.loc[candidates.drop(municipality_id, errors="ignore")]
    diff = others - z.loc[municipality_id]
    dist = np.sqrt((diff**2).sum(axis=1)).sort_values(kind="stable").head(k)
    titles = queries.municipalities(con).set_index("municipality_id")["title"]
    neighbours = tuple(
        Neighbour(
            municipality_id=mid,
            title=str(titles.get(mid, mid)),
            distance=float(d),
            similar_on=tuple(v for v in diff.loc[mid].abs().sort_values().index if abs(diff.at[mid, v]) <= SIMILAR_Z),
            value=_num(target_values.get(mid)) if target_values is not None else None,
        )
        for mid, d in dist.items()
    )
    expected = residual = None
    if target_values is not None and len(neighbours):
        expected = float(target_values.loc[[n.municipality_id for n in neighbours]].mean())
        own = target_values.get(municipality_id)
        residual = float(own) - expected if own is not None and not pd.isna(own) else None
    var_titles = ranking.kpi_titles(con, list(used)).set_index("kpi_id")["title"]
    return Neighbours(used, neighbours, expected, residual, tuple(str(var_titles.get(v, v)) for v in used))


def _strip(title: str) -> str:
    return title[: -len(GROUP_SUFFIX)] if title.endswith(GROUP_SUFFIX) else title


def _group_set(con: duckdb.DuckDBPyConnection, key: str, label: str, kind: str, group_id: str) -> PeerSet:
    members = tuple(queries.group_members(con, group_id)["municipality_id"])
    return PeerSet(key, label, kind, members, group_id)


def peer_sets(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    area_id: str,
    year: int | None = None,
    gender: str = "T",
    kpi_id: str | None = None,
    neighbours: Neighbours | None = None,
) -> list[PeerSet]:
    """riket, lan, liknande, kommungrupp, sekom, grannar, own sets, alla — the sets that exist.
    With `kpi_id`, the precondition neighbours are chosen among municipalities reporting it;
    a caller that has already computed them passes `neighbours` so they are not computed twice."""
    sets = [PeerSet("riket", "Riket", "riket", (queries.RIKET,))]
    groups = queries.municipality_groups(con, municipality_id, kinds=["county", "skr_kommungrupp", "sekom", "own"])
    county = groups[groups["kind"] == "county"]
    if len(county):
        g = county.iloc[0]
        sets.append(_group_set(con, "lan", _strip(g["title"]), "county", g["group_id"]))
    area = ranking.area_row(con, area_id)
    peer_area = area["peer_area"].iloc[0] if len(area) else None
    if isinstance(peer_area, str) and peer_area:
        lik = queries.liknande_group(con, municipality_id, peer_area)
        if len(lik):
            g = lik.iloc[0]
            label = f"Liknande kommuner {g['area']} ({int(g['year'])})"
            sets.append(_group_set(con, "liknande", label, "liknande", g["group_id"]))
    for kind, key, prefix in (("skr_kommungrupp", "kommungrupp", "SKR kommungrupp: "), ("sekom", "sekom", "")):
        rows = groups[groups["kind"] == kind]
        if len(rows):
            g = rows.iloc[0]
            sets.append(_group_set(con, key, prefix + _strip(g["title"]), kind, g["group_id"]))
    if year is None:
        years = queries.years_with_data(con)
        year = years[-1] if years else None
    if year is not None:
        nb = neighbours or precondition_neighbours(
            con, municipality_id, int(year), kpi_id, gender=gender, area_id=area_id
        )
        if nb.neighbours:
            ids = tuple(n.municipality_id for n in nb.neighbours)
            sets.append(PeerSet("grannar", f"Liknande förutsättningar ({len(ids)} närmaste)", "grannar", ids))
    for g in groups[groups["kind"] == "own"].itertuples():
        sets.append(_group_set(con, f"own:{g.group_id}", _strip(g.title), "own", g.group_id))
    all_ids = tuple(queries.municipalities(con)["municipality_id"])
    sets.append(PeerSet("alla", "Alla kommuner", "alla", all_ids))
    return sets
