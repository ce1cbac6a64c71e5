"""Loader benchmark: prints figures, asserts nothing about time.

    python3 bench/loader_bench.py            # build + fake-API figures
    python3 bench/loader_bench.py --no-build # only the fake-API part

1. `python -m loaders build` of the full snapshot in a subprocess: seconds, peak memory (the child's
   ru_maxrss), rows/s and the DuckDB file size. Goal (issue #7): under 30 s on a 2-core machine.
2. A fake Kolada v3 (tests/fake_kolada.py, 127.0.0.1) serving 290 municipalities × 40 KPIs × 10 years
   × T/K/M of real snapshot values (the 40 gender-divided KPIs with every cell filled 2013–2022):
   requests our client makes vs the theoretical minimum (ceil(API rows / 5 000), at least one per
   25-id segment) vs a per-municipality client that asks one request per KPI × municipality, as naive
   clients do. The naive client is timed on its first NAIVE_SAMPLE requests and extrapolated.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import requests  # noqa: E402

from loaders.kolada import PER_PAGE, KoladaClient, batches  # noqa: E402
from store import write  # noqa: E402
from store.db import SNAPSHOT_DIR, connect  # noqa: E402
from tests.fake_kolada import FakeKolada, snapshot_values  # noqa: E402

YEARS = list(range(2013, 2023))
N_KPIS = 40
NAIVE_SAMPLE = 200


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")


def bench_build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "trappan.duckdb"
        env = {**os.environ, "TRAPPAN_DB": str(db)}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "loaders", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB
        con = connect(db, read_only=True)
        rows = con.execute("SELECT count(*) FROM observation").fetchone()[0]
        con.close()
        size_mib = db.stat().st_size / 2**20
    print("== python -m loaders build (full snapshot, subprocess) ==")
    print(f"rows                 {fmt(rows, 0)}")
    print(f"seconds              {fmt(seconds)}   (goal < 30 s; ratio to goal {fmt(seconds / 30, 2)})")
    print(f"rows/s               {fmt(rows / seconds, 0)}")
    print(f"peak memory (RSS)    {fmt(peak_mib, 0)} MiB")
    print(
        f"DuckDB file          {fmt(size_mib)} MiB  (snapshot Parquet "
        f"{fmt((SNAPSHOT_DIR / 'observation.parquet').stat().st_size / 2**20)} MiB)"
    )
    print()


def pick_kpis() -> list[str]:
    """The 40 gender-divided KPIs that have every kommun × year × T/K/M cell in 2013–2022."""
    rows = duckdb.execute(
        """
        SELECT o.kpi_id FROM read_parquet(?) o JOIN read_parquet(?) m USING (municipality_id)
        WHERE m.type = 'K' AND o.year BETWEEN 2013 AND 2022
        GROUP BY o.kpi_id HAVING count(DISTINCT o.gender) = 3 AND count(*) = 290 * 10 * 3
        ORDER BY o.kpi_id LIMIT ?
        """,
        [str(SNAPSHOT_DIR / "observation.parquet"), str(SNAPSHOT_DIR / "municipality.parquet"), N_KPIS],
    ).fetchall()
    return [r[0] for r in rows]


def bench_fetch() -> None:
    kpis = pick_kpis()
    munis = duckdb.execute(
        "SELECT municipality_id FROM read_parquet(?) WHERE type = 'K' ORDER BY 1",
        [str(SNAPSHOT_DIR / "municipality.parquet")],
    ).fetchall()
    munis = [m[0] for m in munis]
    served = snapshot_values(kpis, YEARS, munis)
    api_rows = len(served[["kpi_id", "municipality_id", "year"]].drop_duplicates())
    fake = FakeKolada(served)
    fake.start()
    try:
        print(f"== fake Kolada v3: {len(munis)} kommuner × {len(kpis)} KPIs × {len(YEARS)} years × T/K/M ==")
        print(f"values served        {fmt(len(served), 0)} in {fmt(api_rows, 0)} API rows")
        minimum = max(math.ceil(api_rows / PER_PAGE), len(batches(kpis)))
        # Ours: KPIs in segments of 25, the year list in one segment, all municipalities (no segment).
        client = KoladaClient(base=fake.base_url)
        started = time.perf_counter()
        df = client.values(kpis, YEARS)
        t_ours = time.perf_counter() - started
        ours = fake.count()
        # Ours, when the person names all 290 municipalities: 12 municipality segments per KPI segment.
        before = fake.count()
        client_m = KoladaClient(base=fake.base_url)
        started = time.perf_counter()
        df_m = client_m.values(kpis, YEARS, munis)
        t_ours_m = time.perf_counter() - started
        ours_m = fake.count() - before
        # Naive: one request per KPI × municipality (all years in one segment), NAIVE_SAMPLE of them.
        naive_total = len(kpis) * len(munis)
        session = requests.Session()
        started = time.perf_counter()
        for i in range(NAIVE_SAMPLE):
            k, m = kpis[i // len(munis)], munis[i % len(munis)]
            session.get(
                f"{fake.base_url}/data/kpi/{k}/municipality/{m}/year/{','.join(map(str, YEARS))}",
                params={"per_page": PER_PAGE},
                timeout=30,
            ).raise_for_status()
        t_naive_sample = time.perf_counter() - started
        t_naive = t_naive_sample / NAIVE_SAMPLE * naive_total
        # Writing the fetched rows: an empty store, then the same rows again (0 changed).
        with tempfile.TemporaryDirectory() as tmp:
            con = connect(Path(tmp) / "bench.duckdb")
            run = write.start_load_run(con, "bench", "fetch")
            started = time.perf_counter()
            first = write.commit_load(con, run, df)
            t_write = time.perf_counter() - started
            run2 = write.start_load_run(con, "bench", "fetch again")
            started = time.perf_counter()
            second = write.commit_load(con, run2, df)
            t_rewrite = time.perf_counter() - started
            con.close()
    finally:
        fake.stop()
    print(f"values fetched       {fmt(len(df), 0)} (all {len(munis)} named: {fmt(len(df_m), 0)})")
    print(
        f"theoretical minimum  {minimum} requests (ceil({api_rows} / {PER_PAGE}), ≥ {len(batches(kpis))} KPI segments)"
    )
    print(f"our client           {ours} requests, {fmt(t_ours, 2)} s  (ratio to minimum {fmt(ours / minimum, 2)})")
    print(f"  naming 290 kommuner {ours_m} requests, {fmt(t_ours_m, 2)} s  (ratio {fmt(ours_m / minimum, 2)})")
    print(
        f"per-municipality     {naive_total} requests (KPI × kommun), ≈ {fmt(t_naive, 0)} s extrapolated from "
        f"{NAIVE_SAMPLE} measured in {fmt(t_naive_sample, 2)} s  (ratio {fmt(naive_total / minimum, 0)})"
    )
    print(
        f"store write          {fmt(first, 0)} rows in {fmt(t_write, 2)} s; same rows again: {second} changed in "
        f"{fmt(t_rewrite, 2)} s"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--no-build", action="store_true")
    args = p.parse_args()
    if not args.no_build:
        bench_build()
    bench_fetch()


if __name__ == "__main__":
    main()
