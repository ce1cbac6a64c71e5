"""Step 4 of the staircase: patterns between KPIs across municipalities.

Correlations use one year's values of every KPI (pairwise complete municipalities, at least `min_n`
of them) so an analyst can see what tends to go together with the KPI — a hint to reflect on, not a
cause. The scatter marks the municipality and its peers and names outliers: |z| > 2 of either the
residual from the least-squares line or of y itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from store import queries, ranking

OUTLIER_Z = 2.0
CORRELATION_COLUMNS = ["kpi_id", "title", "pearson", "spearman", "n"]


def correlations(
    con: duckdb.DuckDBPyConnection,
    kpi_id: str,
    year: int,
    gender: str = "T",
    min_n: int = 30,
    limit: int | None = 50,
) -> pd.DataFrame:
    """kpi_id, title, pearson, spearman, n — every other KPI with ≥ min_n paired municipalities,
    sorted by |pearson| descending (at most `limit` rows)."""
    wide = ranking.kpi_values_wide(con, year, gender)
    if kpi_id not in wide.columns:
        return pd.DataFrame(columns=CORRELATION_COLUMNS)
    y = wide.pop(kpi_id)
    wide = wide.loc[y.dropna().index]
    y = y.dropna()
    if wide.empty or y.nunique() < 2:
        return pd.DataFrame(columns=CORRELATION_COLUMNS)
    r, n = pairwise_pearson(wide.to_numpy(dtype=float), y.to_numpy(dtype=float))
    pearson = pd.Series(r, index=wide.columns)[(n >= min_n) & np.isfinite(r)]
    order = pearson.abs().sort_values(ascending=False, kind="stable").index
    if limit is not None:
        order = order[:limit]
    top = wide[order]  # Spearman (ranks per pair) only where it is shown: the slow part
    out = pd.DataFrame(
        {"pearson": pearson[order], "spearman": top.corrwith(y, method="spearman"), "n": top.notna().sum()}
    )
    out = out.rename_axis("kpi_id").reset_index()
    titles = ranking.kpi_titles(con, list(out["kpi_id"]))[["kpi_id", "title"]]
    out = out.merge(titles, on="kpi_id", how="left")
    out["n"] = out["n"].astype(int)
    return out[CORRELATION_COLUMNS]


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
    con: duckdb.DuckDBPyConnection,
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
