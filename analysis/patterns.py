"""Step 4 of the staircase: patterns between KPIs across municipalities.

Correlations use one year's values of every KPI (pairwise complete municipalities, at least `min_n`
of them) so an analyst can see what tends to go together with the KPI — a hint to reflect on, not a
cause. The scatter marks the municipality and its peers and names outliers: |z| > 2 of either the
residual from the least-squares line or of y itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import twins
from store import queries, ranking
from store.inputs import Connection

OUTLIER_Z = 2.0
CORRELATION_COLUMNS = ["kpi_id", "title", "pearson", "spearman", "n"]


@dataclass(frozen=True)
class Correlations:
    """Step 4's list with the twins marked. `table`: CORRELATION_COLUMNS plus `twin_of` (the KPI id
    a row is a variant of — X itself or a stronger row — or None), strongest |r| first: `limit`
    rows that are no twins, and the twins met on the way down."""

    table: pd.DataFrame

    @property
    def twins(self) -> pd.DataFrame:
        return self.table[self.table["twin_of"].notna()]

    @property
    def without_twins(self) -> pd.DataFrame:
        return self.table[self.table["twin_of"].isna()]


def correlations(
    con: Connection,
    kpi_id: str,
    year: int,
    gender: str = "T",
    min_n: int = 30,
    limit: int | None = 50,
    without_twins: bool = True,
) -> pd.DataFrame:
    """kpi_id, title, pearson, spearman, n — every other KPI with ≥ min_n paired municipalities,
    sorted by |pearson| descending (at most `limit` rows). With `without_twins` (the default) the
    KPI's own variants and the variants of a stronger row are left out (analysis/twins.py)."""
    found = correlations_with_twins(con, kpi_id, year, gender, min_n, limit)
    table = found.without_twins if without_twins else found.table
    table = table[CORRELATION_COLUMNS] if limit is None else table[CORRELATION_COLUMNS].head(limit)
    return table.reset_index(drop=True)


def correlations_with_twins(
    con: Connection,
    kpi_id: str,
    year: int,
    gender: str = "T",
    min_n: int = 30,
    limit: int | None = 50,
) -> Correlations:
    """Every other KPI with ≥ min_n paired municipalities by |pearson|, each marked as a twin or not;
    see `Correlations`. Spearman is computed only for the rows returned (the slow part)."""
    wide = ranking.kpi_values_wide(con, year, gender)
    if kpi_id not in wide.columns:
        return Correlations(_empty())
    y = wide.pop(kpi_id)
    wide = wide.loc[y.dropna().index]
    y = y.dropna()
    if wide.empty or y.nunique() < 2:
        return Correlations(_empty())
    r, n = pairwise_pearson(wide.to_numpy(dtype=float), y.to_numpy(dtype=float))
    pearson = pd.Series(r, index=wide.columns)[(n >= min_n) & np.isfinite(r)]
    order = list(pearson.abs().sort_values(ascending=False, kind="stable").index)
    titles = dict(ranking.kpi_titles(con, [kpi_id, *order])[["kpi_id", "title"]].itertuples(index=False))
    twin_of = mark_twins(kpi_id, order, titles, pearson, wide, limit)
    shown = list(twin_of)
    top = wide[shown]
    out = pd.DataFrame(
        {
            "kpi_id": shown,
            "title": [titles.get(k) for k in shown],
            "pearson": pearson[shown].to_numpy(),
            "spearman": top.corrwith(y, method="spearman").to_numpy(),
            "n": top.notna().sum().astype(int).to_numpy(),
            "twin_of": [twin_of[k] for k in shown],
        }
    )
    return Correlations(out)


def mark_twins(
    kpi_id: str,
    order: list[str],
    titles: dict[str, str],
    pearson: pd.Series,
    wide: pd.DataFrame,
    limit: int | None,
) -> dict[str, str | None]:
    """Walk down the KPIs by |r| with X until `limit` are kept; each is a twin of X or of a kept KPI
    (analysis/twins.are_twins), else kept. The r between two candidates is computed only for titles
    alike enough to need it. Returns {kpi_id: twin_of or None} in walking order."""
    kept: list[str] = []
    marked: dict[str, str | None] = {}
    x_title = titles.get(kpi_id, "")
    for k in order:
        if limit is not None and len(kept) >= limit:
            break
        title = titles.get(k, "")
        twin = kpi_id if twins.are_twins(x_title, title, float(pearson[k])) else None
        for other in kept if twin is None else ():
            other_title = titles.get(other, "")
            if twins.family_key(title) == twins.family_key(other_title):
                twin = other
            elif twins.titles_alike(title, other_title):
                r, _ = pairwise_pearson(wide[[other]].to_numpy(dtype=float), wide[k].to_numpy(dtype=float))
                twin = other if twins.are_twins(title, other_title, float(r[0])) else None
            if twin is not None:
                break
        marked[k] = twin
        if twin is None:
            kept.append(k)
    return marked


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*CORRELATION_COLUMNS, "twin_of"])


def pairwise_pearson(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pearson r of y with every column of x over the rows where both have a value, in one
    vectorised pass (per-column pandas `corrwith` took most of a staircase's time).
    Returns (r, n); r is NaN where a column is constant over its paired rows."""
    mask = ~np.isnan(x)
    n = mask.sum(axis=0)
    xs = np.where(mask, x, 0.0)
    ys = np.where(mask, y[:, None], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = xs.sum(axis=0) / n
        my = ys.sum(axis=0) / n
        dx = np.where(mask, xs - mx, 0.0)
        dy = np.where(mask, ys - my, 0.0)
        sxy = (dx * dy).sum(axis=0)
        sxx = (dx * dx).sum(axis=0)
        syy = (dy * dy).sum(axis=0)
        r = sxy / np.sqrt(sxx * syy)
    r[(sxx <= 1e-12 * np.maximum(1.0, np.abs(mx) ** 2 * n)) | (syy <= 0)] = np.nan
    return np.clip(r, -1.0, 1.0), n


@dataclass(frozen=True)
class Scatter:
    points: pd.DataFrame
    pearson: float | None
    spearman: float | None
    n: int
    slope: float | None
    intercept: float | None


def _z(s: pd.Series) -> pd.Series:
    sd = s.std(ddof=0)
    return (s - s.mean()) / sd if sd and not np.isnan(sd) else s * 0.0


def scatter_points(
    xy: pd.DataFrame, municipality_id: str, peer_ids: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, float | None, float | None, float | None, float | None]:
    """Pure part of `scatter`: xy has municipality_id, title, x, y (paired values)."""
    pts = xy.dropna(subset=["x", "y"]).reset_index(drop=True)
    peers = set(peer_ids) - {municipality_id}
    pts["role"] = np.where(
        pts["municipality_id"] == municipality_id, "self", np.where(pts["municipality_id"].isin(peers), "peer", "other")
    )
    slope = intercept = pearson = spearman = None
    if len(pts) >= 3 and pts["x"].nunique() > 1:
        slope, intercept = (float(c) for c in np.polyfit(pts["x"], pts["y"], 1))
        pearson = float(pts["x"].corr(pts["y"]))
        spearman = float(pts["x"].corr(pts["y"], method="spearman"))
        resid = pts["y"] - (intercept + slope * pts["x"])
        pts["outlier"] = (_z(resid).abs() > OUTLIER_Z) | (_z(pts["y"]).abs() > OUTLIER_Z)
    else:
        pts["outlier"] = False
    return pts[["municipality_id", "title", "x", "y", "role", "outlier"]], pearson, spearman, slope, intercept


def scatter(
    con: Connection,
    kpi_x: str,
    kpi_y: str,
    year: int,
    gender: str,
    municipality_id: str,
    peer_ids: tuple[str, ...] = (),
) -> Scatter:
    """Paired values of two KPIs in one year, with the municipality ('self'), its peers and outliers."""
    obs = queries.observations(con, [kpi_x, kpi_y], years=[year], genders=[gender])
    wide = obs.pivot_table(index=["municipality_id", "title"], columns="kpi_id", values="value").reset_index()
    wide["x"] = wide[kpi_x] if kpi_x in wide.columns else np.nan
    wide["y"] = wide[kpi_y] if kpi_y in wide.columns else np.nan
    pts, pearson, spearman, slope, intercept = scatter_points(
        wide[["municipality_id", "title", "x", "y"]], municipality_id, peer_ids
    )
    return Scatter(pts, pearson, spearman, len(pts), slope, intercept)
