"""Step 3 of the staircase: compare with others.

Peer sets are Riket (its stored, population-weighted value), the county's municipalities, Kolada's
"Liknande kommuner <area>" group (the newest group year), SKR's kommungrupp and socio-economic
group, the precondition-adjusted neighbours, the analyst's own sets and all municipalities. Means of
sets are unweighted ("ovägt medel"), as Kolada's own group averages are.

Ranking rule (the KKiK quartiles, issue #3): over all reporting municipalities, rank 1 = best
(direction-aware, ties share the best rank: 1, 2, 2, 4), green when rank ≤ 0.25·n, red when
rank > 0.75·n, otherwise yellow; grey without a value. Honest quartiles (issue #10): direction
'none' ranks by value (highest = 1) with quartile 'none'; with fewer than MIN_QUARTILE_N (8)
municipalities with a value there is no quartile ('few': rank 1 of 1 is not red); when one value is
shared by at least NO_SPREAD_SHARE (half) of them, nobody gets a quartile ('no_spread', with
mode_value and mode_share: "ingen spridning: 98 % har 1"). Ties share the best rank, so a smaller
tie can still make the best class hold more than 25 %. `store.ranking.set_wide` applies the same
rule set-wide in SQL (tested to agree).

Precondition-adjusted neighbours ("Liknande förutsättningar"): a municipality's results depend on who
lives there, so besides Kolada's groups we offer the k = 7 municipalities nearest on standardised
precondition variables (z-scores over all municipalities with every variable, Euclidean distance).
The set depends on the municipality, the area and the year only — never on the KPI shown — so
Översikt, Jämför (and its "Varför liknande?"), Analystrappan, the deck and Excel all compare with the
same municipalities; a KPI's expected value is the mean of those of them that report it. Defaults
per area, each variable's newest year ≤ the chosen year:
- school areas (grundskola, förskola, anpassad skola, utbildning): N15820 parents with post-secondary
  education, N15902 newly arrived pupils, N01951 population (log10), N00954 degree of urbanisation;
- gymnasieskola: N17831 parents' education (gymnasium), N02926 foreign-born, N01951 (log10), N00954;
- everything else: N01982 adults 25–64 with post-secondary education, N02926 foreign-born,
  N00906 median earned income 20–64, N01951 (log10), N00954.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from i18n import t
from store import inputs as store_inputs
from store.inputs import Connection, PeerInputs
from store.queries import RIKET
from store.ranking import MIN_QUARTILE_N, NO_SPREAD_SHARE, area_for_kpi

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
LOG_VARIABLES = frozenset({"N01951"})  # population: size matters in proportion, not in persons
SIMILAR_Z = 0.5  # a variable "makes it similar" when the two z-scores differ by at most half a SD
N_NEIGHBOURS = 7
GROUP_SUFFIX = " (ovägt medel)"
RANK_COLUMNS = ["municipality_id", "value", "rank", "n", "percentile", "quartile", "mode_value", "mode_share"]


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


@dataclass(frozen=True)
class PeerSet:
    """One peer set. `neighbours` is set for the precondition neighbours ('grannar'): the same
    object explains the set wherever it is shown."""

    key: str
    label: str
    kind: str
    municipality_ids: tuple[str, ...]
    group_id: str | None = None
    neighbours: Neighbours | None = None


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


def variable_label(kpi_id: str, title: str | None = None, lang: str = "sv") -> str:
    """A short name for a precondition variable (the KPI title when none is set)."""
    key = f"precondition_{kpi_id}"
    short = t(key, lang)
    if short != key:
        return short
    return " ".join(title.split()) if title else kpi_id


def _num(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def rank_all(values: pd.DataFrame, direction: str) -> pd.DataFrame:
    """RANK_COLUMNS: rank (Int64, 1 = best), n, percentile (100 = best), the honest quartile
    (see the module docstring), mode_value and mode_share (the most common value and its share of
    n; equal counts: the better value)."""
    out = values[["municipality_id", "value"]].copy()
    v = out["value"].astype(float)
    n = int(v.notna().sum())
    rank = v.rank(method="min", ascending=(direction == "lower"))
    out["rank"] = rank.round().astype("Int64")
    out["n"] = n
    out["percentile"] = (100.0 * (n - rank) / (n - 1)) if n > 1 else rank.where(rank.isna(), 100.0)
    counts = (
        pd.DataFrame({"value": v, "rank": rank}).dropna().groupby("value").agg(c=("rank", "size"), r=("rank", "min"))
    )
    if len(counts):
        best = counts.sort_values(["c", "r"], ascending=[False, True]).iloc[0]
        mode_value, mode_share = float(best.name), float(best["c"]) / n
    else:
        mode_value = mode_share = np.nan
    r = rank.to_numpy()
    quartile = np.select(
        [
            np.isnan(r),
            np.full(len(r), direction not in ("higher", "lower")),
            np.full(len(r), n < MIN_QUARTILE_N),
            np.full(len(r), mode_share >= NO_SPREAD_SHARE),
            4 * r <= n,
            4 * r > 3 * n,
        ],
        ["grey", "none", "few", "no_spread", "green", "red"],
        "yellow",
    )
    out["quartile"] = quartile
    out["mode_value"] = np.where(v.notna(), mode_value, np.nan)
    out["mode_share"] = np.where(v.notna(), mode_share, np.nan)
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


def peer_mean(values: pd.DataFrame, peer: PeerSet, municipality_id: str, riket_value: float | None) -> float | None:
    """The set's unweighted mean of its members' values (Riket: its own stored value) — the same
    mean as PeerStats, for a comparison and an at_least_peers target."""
    if peer.key == "riket":
        return _num(riket_value)
    vals = values.loc[values["municipality_id"].isin(set(peer.municipality_ids)), "value"].astype(float).dropna()
    return float(vals.mean()) if len(vals) else None


def variables_for(area_id: str | None) -> tuple[str, ...]:
    """The precondition variables of an area, see the module docstring."""
    return AREA_VARIABLES.get(area_id or "", GENERAL_VARIABLES)


def nearest_neighbours(
    pre: pd.DataFrame,
    municipality_id: str,
    variables: tuple[str, ...],
    titles: pd.Series,
    variable_titles: pd.Series | None = None,
    k: int = N_NEIGHBOURS,
) -> Neighbours:
    """The k municipalities nearest on the standardised variables (`pre`: index municipality_id,
    one column per variable), with the variables each one is similar on."""
    if municipality_id not in pre.index:
        return Neighbours((), (), None, None)
    used = tuple(v for v in variables if v in pre.columns and not pd.isna(pre.at[municipality_id, v]))
    if not used:
        return Neighbours((), (), None, None)
    x = pre[list(used)].dropna().copy()
    for v in used:
        if v in LOG_VARIABLES:
            x[v] = np.log10(x[v].clip(lower=1))
    sd = x.std(ddof=0).replace(0, 1.0)
    z = (x - x.mean()) / sd
    others = z.drop(index=municipality_id, errors="ignore")
    diff = others - z.loc[municipality_id]
    dist = np.sqrt((diff**2).sum(axis=1)).sort_values(kind="stable").head(k)
    neighbours = tuple(
        Neighbour(
            municipality_id=mid,
            title=str(titles.get(mid, mid)),
            distance=float(d),
            similar_on=tuple(v for v in diff.loc[mid].abs().sort_values().index if abs(diff.at[mid, v]) <= SIMILAR_Z),
        )
        for mid, d in dist.items()
    )
    vt = variable_titles if variable_titles is not None else pd.Series(dtype=str)
    return Neighbours(used, neighbours, None, None, tuple(str(vt.get(v, v)) for v in used))


def with_expectation(nb: Neighbours, values: pd.DataFrame, municipality_id: str) -> Neighbours:
    """The neighbours with their values of one KPI (`values`: municipality_id, value), the expected
    value (the mean of those that report it) and the municipality's residual (own − expected)."""
    by_id = dict(zip(values["municipality_id"], values["value"]))
    members = tuple(dataclasses.replace(n, value=_num(by_id.get(n.municipality_id))) for n in nb.neighbours)
    reported = [n.value for n in members if n.value is not None]
    expected = float(np.mean(reported)) if reported else None
    own = _num(by_id.get(municipality_id))
    residual = own - expected if own is not None and expected is not None else None
    return dataclasses.replace(nb, neighbours=members, expected=expected, residual=residual)


def _strip(title: str) -> str:
    return title[: -len(GROUP_SUFFIX)] if title.endswith(GROUP_SUFFIX) else title


def build_peer_sets(inp: PeerInputs, lang: str = "sv") -> list[PeerSet]:
    """riket, lan, liknande, kommungrupp, sekom, grannar, own sets, alla — the sets that exist, in
    that order; names of Kolada's groups and of own sets are kept as they are (data), the rest is
    worded in `lang`."""
    members = inp.members.groupby("group_id")["municipality_id"].apply(tuple).to_dict()

    def group_set(key: str, label: str, kind: str, g) -> PeerSet:
        return PeerSet(key, label, kind, members.get(g["group_id"], ()), g["group_id"])

    key = store_inputs.PEER_KEY_OF_KIND
    sets = [PeerSet("riket", t("riket", lang), "riket", (RIKET,))]
    county = inp.groups[inp.groups["kind"] == "county"]
    if len(county):
        sets.append(group_set(key["county"], _strip(county.iloc[0]["title"]), "county", county.iloc[0]))
    if len(inp.liknande):
        g = inp.liknande.iloc[0]
        label = t("peer_liknande", lang, area=g["area"], year=int(g["year"]))
        sets.append(group_set(key["liknande"], label, "liknande", g))
    kommungrupp = inp.groups[inp.groups["kind"] == "skr_kommungrupp"]
    if len(kommungrupp):
        g = kommungrupp.iloc[0]
        label = t("peer_kommungrupp", lang, name=_strip(g["title"]))
        sets.append(group_set(key["skr_kommungrupp"], label, "skr_kommungrupp", g))
    sekom = inp.groups[inp.groups["kind"] == "sekom"]
    if len(sekom):
        sets.append(group_set(key["sekom"], _strip(sekom.iloc[0]["title"]), "sekom", sekom.iloc[0]))
    titles = inp.municipalities.set_index("municipality_id")["title"]
    if inp.year is not None:
        nb = nearest_neighbours(
            inp.preconditions, inp.municipality_id, variables_for(inp.area_id), titles, inp.variable_titles
        )
        if nb.neighbours:
            ids = tuple(n.municipality_id for n in nb.neighbours)
            sets.append(PeerSet("grannar", t("peer_grannar", lang, n=len(ids)), "grannar", ids, neighbours=nb))
    for _, g in inp.groups[inp.groups["kind"] == "own"].iterrows():
        sets.append(group_set(store_inputs.own_peer_key(g["group_id"]), _strip(g["title"]), "own", g))
    sets.append(PeerSet("alla", t("peer_alla", lang), "alla", tuple(inp.municipalities["municipality_id"])))
    return sets


def kpi_area(con: Connection, kpi_id: str) -> str | None:
    """The dashboard area a KPI belongs to (its operating area first), None when it has none."""
    areas = area_for_kpi(con, kpi_id)
    return str(areas["area_id"].iloc[0]) if len(areas) else None


def peer_sets(
    con: Connection,
    municipality_id: str,
    area_id: str,
    year: int | None = None,
    gender: str = "T",
    lang: str = "sv",
) -> list[PeerSet]:
    """Every peer set of the municipality in the area and year — the one place they are made.
    `gender` is accepted for callers' cache keys; no set depends on it."""
    return build_peer_sets(store_inputs.peer_inputs(con, municipality_id, area_id, year, variables_for(area_id)), lang)


def precondition_neighbours(
    con: Connection,
    municipality_id: str,
    year: int,
    kpi_id: str | None = None,
    gender: str = "T",
    area_id: str | None = None,
) -> Neighbours:
    """The precondition neighbours of the municipality for the area (the KPI's area when none is
    given) and year — the same set peer_sets calls 'grannar' — with the KPI's expected value."""
    area_id = area_id or (kpi_area(con, kpi_id) if kpi_id else None) or ""
    sets = peer_sets(con, municipality_id, area_id, year)
    nb = next((p.neighbours for p in sets if p.key == "grannar"), None) or Neighbours((), (), None, None)
    if kpi_id is None:
        return nb
    from store import queries

    return with_expectation(nb, queries.values_for_year(con, kpi_id, int(year), gender), municipality_id)
