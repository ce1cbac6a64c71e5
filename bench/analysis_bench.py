"""Set-wide ranks, quartiles and trends: DuckDB window functions against plain pandas.

Builds ~10 million synthetic observations (KPIs × 290 municipalities × 23 years × 3 genders, 4 %
missing so windows meet gaps, values rounded to one decimal so ranks tie), then computes for every
KPI × year × gender the direction-aware rank (ties share the best rank), n, percentile, quartile,
the change against the previous year with a value and the least-squares slope over the last five
calendar years — once with `store.ranking.set_wide` (the query the product uses) and once with a
straightforward vectorised pandas implementation (groupby rank/count/shift, slope by unstacking
years). Each runs in its own process so peak memory (ru_maxrss) is its own; the results are checked
identical. Prints seconds and peak memory; the goal is ≥ 5× faster than pandas and < 2 s on 2 cores.

    python3 bench/analysis_bench.py [--kpis 520] [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.ranking import MIN_QUARTILE_N, NO_SPREAD_SHARE  # noqa: E402 - after the path

KEYS = ["kpi_id", "municipality_id", "year", "gender"]
N_YEARS = 5
YEARS = range(2000, 2023)


def make_data(out: Path, n_kpis: int, seed: int = 7) -> int:
    rng = np.random.default_rng(seed)
    kpis = [f"B{i:05d}" for i in range(n_kpis)]
    munis = [f"{i:04d}" for i in range(114, 114 + 290)]
    idx = pd.MultiIndex.from_product([kpis, munis, list(YEARS), ["T", "K", "M"]], names=KEYS)
    obs = idx.to_frame(index=False)
    keep = rng.random(len(obs)) >= 0.04
    obs = obs[keep].reset_index(drop=True)
    level = rng.normal(50, 15, n_kpis)[obs["kpi_id"].str[1:].astype(int).to_numpy()]
    obs["value"] = np.round(level + rng.normal(0, 8, len(obs)), 1)
    obs["year"] = obs["year"].astype("int16")
    obs.to_parquet(out / "observation.parquet", index=False)
    pd.DataFrame({"kpi_id": kpis, "direction": rng.choice(["higher", "lower", "none"], n_kpis)}).to_parquet(
        out / "kpi.parquet", index=False
    )
    pd.DataFrame({"municipality_id": munis, "type": "K"}).to_parquet(out / "municipality.parquet", index=False)
    return len(obs)


def run_duckdb(data: Path, threads: int) -> tuple[pd.DataFrame, float, float]:
    """Seconds to compute the set-wide table inside DuckDB, and seconds to also fetch it to pandas."""
    import duckdb

    from store.ranking import set_wide_relation

    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    for t in ("observation", "kpi", "municipality"):
        con.read_parquet(str(data / f"{t}.parquet")).to_table(t)
    start = time.perf_counter()
    set_wide_relation(con, n_years=N_YEARS).to_table("set_wide_result")
    computed = time.perf_counter() - start
    out = con.table("set_wide_result").to_arrow_table().to_pandas()  # as store.ranking.set_wide fetches
    return out, computed, time.perf_counter() - start


def run_pandas(data: Path) -> tuple[pd.DataFrame, float, float]:
    obs = pd.read_parquet(data / "observation.parquet")
    kpi = pd.read_parquet(data / "kpi.parquet")
    start = time.perf_counter()
    df = obs.merge(kpi, on="kpi_id", how="left")
    df["year"] = df["year"].astype(int)
    group = df.groupby(["kpi_id", "year", "gender"], sort=False)
    key = df["value"].where(df["direction"] == "lower", -df["value"])
    df["rank"] = key.groupby([df["kpi_id"], df["year"], df["gender"]], sort=False).rank(method="min").astype(int)
    df["n"] = group["value"].transform("count")
    df["percentile"] = np.where(df["n"] > 1, 100.0 * (df["n"] - df["rank"]) / (df["n"] - 1).clip(lower=1), 100.0)
    ties = df.groupby(["kpi_id", "year", "gender", "value"], sort=False)["value"].transform("size")
    mode_n = ties.groupby([df["kpi_id"], df["year"], df["gender"]], sort=False).transform("max")
    df["quartile"] = np.select(
        [
            df["direction"] == "none",
            df["n"] < MIN_QUARTILE_N,
            mode_n >= NO_SPREAD_SHARE * df["n"],
            4 * df["rank"] <= df["n"],
            4 * df["rank"] > 3 * df["n"],
        ],
        ["none", "few", "no_spread", "green", "red"],
        "yellow",
    )
    df = df.sort_values(["kpi_id", "municipality_id", "gender", "year"], kind="stable")
    df["previous_value"] = df.groupby(["kpi_id", "municipality_id", "gender"], sort=False)["value"].shift(1)
    df["change_abs"] = df["value"] - df["previous_value"]
    # slope over calendar years [y-4, y]: unstack years to columns, sum over the window with NaN as absent
    wide = df.set_index(["kpi_id", "municipality_id", "gender", "year"])["value"].unstack("year")
    years = wide.columns.to_numpy(dtype=float)
    y = wide.to_numpy()
    present = ~np.isnan(y)
    x = np.where(present, years[None, :], 0.0)
    y0 = np.where(present, y, 0.0)
    slopes = np.full(y.shape, np.nan)
    for j in range(y.shape[1]):
        lo = max(0, j - N_YEARS + 1)
        n = present[:, lo : j + 1].sum(1)
        sx, sy = x[:, lo : j + 1].sum(1), y0[:, lo : j + 1].sum(1)
        sxy, sxx = (x[:, lo : j + 1] * y0[:, lo : j + 1]).sum(1), (x[:, lo : j + 1] ** 2).sum(1)
        den = n * sxx - sx * sx
        with np.errstate(invalid="ignore", divide="ignore"):
            slopes[:, j] = np.where((n >= 2) & (den != 0), (n * sxy - sx * sy) / den, np.nan)
    slope = pd.DataFrame(slopes, index=wide.index, columns=wide.columns).stack().rename("slope")
    df = df.join(slope, on=["kpi_id", "municipality_id", "gender", "year"])
    df.loc[df["value"].isna(), "slope"] = np.nan
    out = df[
        ["kpi_id", "municipality_id", "year", "gender", "value", "rank", "n", "percentile", "quartile"]
        + ["previous_value", "change_abs", "slope"]
    ]
    seconds = time.perf_counter() - start
    return out, seconds, seconds


def child(impl: str, data: Path, threads: int) -> None:
    result, computed, fetched = run_duckdb(data, threads) if impl == "duckdb" else run_pandas(data)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.to_parquet(data / f"result_{impl}.parquet", index=False)
    print(f"{computed:.3f} {fetched:.3f} {peak_mb:.0f}")


def compare(a: pd.DataFrame, b: pd.DataFrame) -> None:
    a = a.sort_values(KEYS).reset_index(drop=True)
    b = b.sort_values(KEYS).reset_index(drop=True)
    assert len(a) == len(b), (len(a), len(b))
    for c in KEYS + ["quartile"]:
        assert (a[c].astype(str) == b[c].astype(str)).all(), c
    for c in ["rank", "n"]:
        assert (a[c].astype(int) == b[c].astype(int)).all(), c
    for c in ["value", "percentile", "previous_value", "change_abs", "slope"]:
        x, y = a[c].astype(float).to_numpy(), b[c].astype(float).to_numpy()
        assert (np.isnan(x) == np.isnan(y)).all(), c
        assert np.allclose(x[~np.isnan(x)], y[~np.isnan(y)], rtol=1e-9, atol=1e-9), c


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--kpis", type=int, default=520)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--child", choices=["duckdb", "pandas"])
    p.add_argument("--data", type=Path)
    args = p.parse_args()
    if args.child:
        child(args.child, args.data, args.threads)
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        rows = make_data(data, args.kpis)
        print(f"{rows:,} synthetic observations ({args.kpis} KPIs × 290 kommuner × 23 år × 3 kön, 4 % saknas)")
        figures = {}
        for impl in ("duckdb", "pandas"):
            cmd = [sys.executable, __file__, "--child", impl, "--data", str(data), "--threads", str(args.threads)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
            figures[impl] = tuple(float(x) for x in out)
        compare(pd.read_parquet(data / "result_duckdb.parquet"), pd.read_parquet(data / "result_pandas.parquet"))
        (d_s, d_fetch, d_mb), (p_s, _, p_mb) = figures["duckdb"], figures["pandas"]
        print("results identical (ranks, n, quartiles exact; percentile, change, slope within 1e-9)")
        print(f"DuckDB ({args.threads} threads), result table in DuckDB: {d_s:.2f} s")
        print(f"DuckDB, result also fetched into pandas:       {d_fetch:.2f} s  (peak RSS {d_mb:.0f} MB)")
        print(f"pandas (same results from the same data):      {p_s:.2f} s  (peak RSS {p_mb:.0f} MB)")
        print(
            f"DuckDB is {p_s / d_s:.1f}× faster computing, {p_s / d_fetch:.1f}× including the fetch; "
            f"peak memory pandas/DuckDB {p_mb / d_mb:.1f}×"
        )
        real = ROOT / "data" / "trappan.duckdb"
        if real.exists():
            from store.db import connect
            from store.ranking import set_wide

            con = connect(real, read_only=True)
            start = time.perf_counter()
            n = len(set_wide(con))
            print(
                f"the real store (data/trappan.duckdb), every KPI: {n:,} municipal values in {time.perf_counter() - start:.2f} s"
            )
            con.close()
        print(f"(load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: the machine is shared)")


if __name__ == "__main__":
    main()
