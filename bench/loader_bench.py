"""Loader benchmark: prints figures, asserts nothing about time.

    python3 bench/loader_bench.py            # build + fake-API figures
    python3 bench/loader_bench.py --no-build # only the fake-API part (a store is still built once)

1. `python -m loaders build` of the full snapshot in a subprocess: seconds, peak memory (that child's
   ru_maxrss, from wait4) and the size of the published version, against a baseline measured in the
   same run: a bare `CREATE TABLE AS SELECT * FROM read_parquet(...)` of the snapshot's values, also
   in a subprocess. Goals (issue #12): build < 5 s, version < 150 MiB, peak < 1 GiB on 2 cores.
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
from store import loads  # noqa: E402
from store.db import SNAPSHOT_DIR, Store, connect  # noqa: E402
from tests.fake_kolada import FakeKolada, snapshot_values  # noqa: E402

YEARS = list(range(2013, 2023))
N_KPIS = 40
NAIVE_SAMPLE = 200


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",")


BARE_CTAS = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
    "con.execute('CREATE TABLE observation AS SELECT * FROM read_parquet(?)', [sys.argv[2]]); con.close()"
)


def timed_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of one child process, measured by wait4 for that child alone."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024  # Linux: KiB


def bench_build(folder: Path) -> Path:
    db = folder / "trappan.duckdb"
    env = {**os.environ, "TRAPPAN_DB": str(db)}
    bare = folder / "bare.duckdb"
    snapshot = SNAPSHOT_DIR / "observation.parquet"
    t_bare, peak_bare = timed_child([sys.executable, "-c", BARE_CTAS, str(bare), str(snapshot)], env)
    size_bare = bare.stat().st_size / 2**20
    bare.unlink()
    t_build, peak_build = timed_child([sys.executable, "-m", "loaders", "build"], env)
    version = db.resolve()
    size = version.stat().st_size / 2**20
    con = connect(db)
    rows = con.execute("SELECT count(*) FROM observation").fetchone()[0]
    con.close()
    print("== python -m loaders build (full snapshot, subprocess) vs a bare CREATE TABLE AS (same run) ==")
    print(f"rows                 {fmt(rows, 0)}")
    print(
        f"seconds              {fmt(t_build, 2)}   bare CTAS {fmt(t_bare, 2)}  (ratio {fmt(t_build / t_bare, 2)}; goal < 5 s)"
    )
    print(
        f"version file         {fmt(size)} MiB   bare CTAS {fmt(size_bare)} MiB  (ratio {fmt(size / size_bare, 2)}; goal < 150 MiB)"
    )
    print(f"peak memory (RSS)    {fmt(peak_build, 0)} MiB   bare CTAS {fmt(peak_bare, 0)} MiB  (goal < 1024 MiB)")
    print(f"snapshot Parquet     {fmt(snapshot.stat().st_size / 2**20)} MiB")
    print()
    return db


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


def bench_fetch(db: Path) -> None:
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
        # Publishing the fetched rows as a new version of the full store, then the same rows again.
        store = Store(db)
        started = time.perf_counter()
        with loads.running(store, "bench", "fetch") as run:
            first = loads.publish_values(store, run, "bench", "fetch", df, None, "bench")
        t_write = time.perf_counter() - started
        started = time.perf_counter()
        with loads.running(store, "bench", "fetch again") as run:
            second = loads.publish_values(store, run, "bench", "fetch again", df, None, "bench")
        t_rewrite = time.perf_counter() - started
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
        f"new version          {fmt(first, 0)} rows changed, published in {fmt(t_write, 2)} s; same rows again: "
        f"{second} changed, nothing published, {fmt(t_rewrite, 2)} s"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--no-build", action="store_true", help="skip the build figures (a store is built quietly)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.no_build:
            db = folder / "trappan.duckdb"
            subprocess.run([sys.executable, "-m", "loaders", "build"], cwd=ROOT, check=True, capture_output=True,
                           env={**os.environ, "TRAPPAN_DB": str(db)})  # fmt: skip
        else:
            db = bench_build(folder)
        bench_fetch(db)


if __name__ == "__main__":
    main()
