"""The read step of the analysis: everything one computation needs, gathered into dataclasses of
DataFrames, so `analysis/` computes on plain frames and never holds a connection or SQL.

Why a separate step: the staircase, the Översikt scorecard and the deck must give one answer for
the same view; they do when they read the same inputs here and run the same pure functions on
them. Each function reads with the table names of the store contract (see store/queries.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from store import queries, ranking

Connection = duckdb.DuckDBPyConnection  # what analysis/ entry points pass through, without importing duckdb


@dataclass(frozen=True)
class PeerInputs:
    """What the peer sets of one municipality, area and year are made of.

    groups: group_id, title, kind, area, year — its county, SKR groups and own sets;
    liknande: the newest "Liknande kommuner <area>" group (0 or 1 row, same columns);
    members: group_id, municipality_id of those groups; municipalities: municipality_id, title (all
    kommuner); preconditions: index municipality_id, one column per precondition variable (each
    variable's newest value in a year ≤ the year, total); variable_titles: kpi_id → title."""

    municipality_id: str
    area_id: str
    year: int | None
    groups: pd.DataFrame
    liknande: pd.DataFrame
    members: pd.DataFrame
    municipalities: pd.DataFrame
    preconditions: pd.DataFrame
    variable_titles: pd.Series


# The keys of the peer sets (analysis.peers.build_peer_sets makes the sets; a target's peer_key, the
# URL's jmf and the goal sheet's peer_key name one): Kolada's groups by kind, the analyst's own sets
# as own:<group id>, and the sets made without a group.
PEER_KEY_OF_KIND = {"county": "lan", "liknande": "liknande", "skr_kommungrupp": "kommungrupp", "sekom": "sekom"}
GROUP_KINDS = ["county", "skr_kommungrupp", "sekom", "own"]


def own_peer_key(group_id: str) -> str:
    return f"own:{group_id}"


def peer_groups(con: Connection, municipality_id: str, area_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups, liknande) of PeerInputs: the municipality's county, SKR and own groups, and the
    newest Liknande kommuner group of the area's peer area (0 or 1 row)."""
    groups = queries.municipality_groups(con, municipality_id, kinds=GROUP_KINDS)
    area = ranking.area_row(con, area_id)
    peer_area = area["peer_area"].iloc[0] if len(area) else None
    liknande = (
        queries.liknande_group(con, municipality_id, peer_area)
        if isinstance(peer_area, str) and peer_area
        else groups.iloc[0:0]
    )
    return groups, liknande


def peer_set_keys(con: Connection, municipality_id: str, area_id: str) -> list[str]:
    """The keys of the peer sets the municipality has in the area (any year): riket, its groups'
    (lan, liknande, kommungrupp, sekom), grannar, its own sets and alla — what a target's peer_key
    may name (checked when a goal sheet is read)."""
    groups, liknande = peer_groups(con, municipality_id, area_id)
    kinds = set(groups["kind"]) | set(liknande["kind"])
    keys = ["riket", *(key for kind, key in PEER_KEY_OF_KIND.items() if kind in kinds), "grannar"]
    keys += [own_peer_key(g) for g in groups.loc[groups["kind"] == "own", "group_id"]]
    return [*keys, "alla"]


def peer_inputs(
    con: Connection, municipality_id: str, area_id: str, year: int | None, variables: Sequence[str]
) -> PeerInputs:
    if year is None:
        years = queries.years_with_data(con)
        year = years[-1] if years else None
    groups, liknande = peer_groups(con, municipality_id, area_id)
    ids = list(groups["group_id"]) + list(liknande["group_id"])
    pre = (
        ranking.kpi_values_wide(con, int(year), "T", kpi_ids=list(variables), newest_up_to_year=True)
        if year is not None
        else pd.DataFrame()
    )
    return PeerInputs(
        municipality_id=municipality_id,
        area_id=area_id,
        year=None if year is None else int(year),
        groups=groups,
        liknande=liknande,
        members=ranking.group_memberships(con, ids),
        municipalities=queries.municipalities(con)[["municipality_id", "title"]],
        preconditions=pre,
        variable_titles=ranking.kpi_titles(con, list(variables)).set_index("kpi_id")["title"],
    )


@dataclass(frozen=True)
class KpiInputs:
    """One KPI for one municipality, year and gender.

    kpi: the `kpi` row (title, unit, direction, is_divided_by_gender, ...); series: municipality_id,
    title, year, gender, value for the municipality (T, K, M) and Riket (the gender asked for);
    values: municipality_id, title, county_id, value — every kommun with a value in the year;
    targets: store.queries.targets rows in force for the KPI; rules: the area's target rule in force
    (0 or 1 row of store.queries.area_rules)."""

    municipality_id: str
    municipality_title: str | None
    kpi: pd.Series | None
    year: int
    gender: str
    area_id: str
    series: pd.DataFrame
    values: pd.DataFrame
    targets: pd.DataFrame
    rules: pd.DataFrame


def kpi_inputs(con: Connection, municipality_id: str, kpi_id: str, year: int, gender: str, area_id: str) -> KpiInputs:
    info = queries.kpi_info(con, [kpi_id])
    raw = queries.series(con, kpi_id, [municipality_id, queries.RIKET], genders=("T", "K", "M"))
    own = raw[raw["municipality_id"] == municipality_id]
    riket = raw[(raw["municipality_id"] == queries.RIKET) & (raw["gender"] == gender)]
    return KpiInputs(
        municipality_id=municipality_id,
        municipality_title=queries.municipality_title(con, municipality_id),
        kpi=None if info.empty else info.iloc[0],
        year=int(year),
        gender=gender,
        area_id=area_id,
        series=pd.concat([own, riket], ignore_index=True),
        values=queries.values_for_year(con, kpi_id, int(year), gender),
        targets=queries.targets(con, municipality_id, [kpi_id]),
        rules=queries.area_rules(con, municipality_id, area_id),
    )


def peer_mean_series(con: Connection, kpi_id: str, municipality_ids: Sequence[str], gender: str) -> pd.DataFrame:
    """year, value — the unweighted mean of the given municipalities' values, per year."""
    obs = queries.observations(con, [kpi_id], municipality_ids=list(municipality_ids), genders=[gender])
    return obs.groupby("year", as_index=False)["value"].mean()


@dataclass(frozen=True)
class AreaInputs:
    """An area's KPIs for one municipality (the scorecard): kpis: store.queries.area_kpis rows;
    ranked: store.ranking.set_wide rows of those KPIs for the gender up to the year (every
    municipality: ranks, peer means and the own series come from it); riket: kpi_id, year, value;
    targets: own targets in force for those KPIs; rules: the area's rule in force (0 or 1 row)."""

    kpis: pd.DataFrame
    ranked: pd.DataFrame
    riket: pd.DataFrame
    targets: pd.DataFrame
    rules: pd.DataFrame


def area_inputs(
    con: Connection, municipality_id: str, area_id: str, year: int, gender: str, headline_only: bool
) -> AreaInputs:
    kpis = queries.area_kpis(con, area_id, headline_only=headline_only)
    kpis = kpis[kpis["n_values"] > 0] if not headline_only else kpis
    ids = list(kpis["kpi_id"])
    wide = ranking.set_wide(con, ids) if ids else pd.DataFrame(columns=ranking.SET_WIDE_COLUMNS)
    wide = wide[(wide["gender"] == gender) & (wide["year"] <= int(year))]
    riket = queries.observations(con, ids, municipality_ids=[queries.RIKET], genders=[gender])
    return AreaInputs(
        kpis=kpis,
        ranked=wide,
        riket=riket[["kpi_id", "year", "value"]],
        targets=queries.targets(con, municipality_id, ids),
        rules=queries.area_rules(con, municipality_id, area_id),
    )
