"""Concurrency benchmark: prints figures, asserts nothing about time.

    python3 bench/concurrency_bench.py [--sessions 10] [--seconds 15] [--think 1.0]

One dashboard server process = one `store.db.Store` shared by its sessions. SESSIONS threads play
sessions that each open the Nyckeltal page again and again (its store reads, uncached: KPI facts,
the trend for the municipality and its peers, the year's values, Riket, the data date, targets and
saved assessments) for a random grundskola headline KPI and municipality, with a refresh of the stamp
at every page as the dashboard does at every rerun, and a person's pause between clicks (uniform in
[0,5; 1,5] × THINK seconds; `--think 0` hammers without pause, a stress figure, not a person).
Three phases, all in one run:

1. idle: the sessions alone — the baseline;
2. loading: the same while `loaders fetch` (another process, a fake Kolada on 127.0.0.1 serving
   348 000 changed values) fetches and publishes a new version — reader p95 against the baseline,
   errors, and how many pages already came from the new version; the fetch prints its network time
   and its publish time (copy the version, apply the changes, check the key, checkpoint, rename);
3. two servers: a second Store on the same files saves an assessment while the first one's sessions
   read, and each server's next page shows the other's save.
Before the phases, the same pages one at a time on one thread: each query's share of a page (wall and
thread CPU, median) — the page's own cost, which concurrency and the machine's load then multiply.
Every phase also prints the bench process's CPU per page and the machine's load average and CPU
pressure (/proc/pressure/cpu, share of time something waited for a CPU): on a shared machine a
high p95 with an unchanged CPU per page is waiting, not work.
Goal (issue #12): reader p95 < 50 ms, no errors.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from bench.loader_bench import fmt, pick_kpis  # noqa: E402
from store import queries, write  # noqa: E402
from store.db import SNAPSHOT_DIR, Store  # noqa: E402
from tests.fake_kolada import FakeKolada, snapshot_values  # noqa: E402

YEARS = list(range(2013, 2023))
FETCH = """
import json, sys, time
from loaders.kolada import KoladaClient
from store import loads
from store.db import Store
store, kpis = Store(sys.argv[1]), sys.argv[3].split(",")
client = KoladaClient(base=sys.argv[2])
t0 = time.perf_counter()
values = client.values(kpis, list(range(2013, 2023)))
t1 = time.perf_counter()
with loads.running(store, "bench", "fetch") as run:
    changed = loads.publish_values(store, run, "bench", "fetch", values, None, "bench")
t2 = time.perf_counter()
print(json.dumps({"fetch_s": t1 - t0, "publish_s": t2 - t1, "changed": changed}))
"""


def _serve(served, conn, stop) -> None:
    """The fake Kolada in a process of its own and at the lowest CPU priority: serving 348 000 values
    must not compete with the sessions for this process's interpreter lock or for this machine's two
    cores, as Kolada (another organisation's server) does not in real life. The fetch itself (the
    client parsing the pages, the new version's copy and publish) runs at normal priority."""
    os.nice(19)
    fake = FakeKolada(served)
    conn.send(fake.start())
    stop.wait()
    fake.stop()


# The Nyckeltal page's store reads for a KPI, a municipality and its 7 peers.
PAGE: list[tuple[str, Callable[[duckdb.DuckDBPyConnection, str, str, list[str]], object]]] = [
    ("kpi_info", lambda cur, kpi, muni, peers: queries.kpi_info(cur, [kpi])),
    ("series", lambda cur, kpi, muni, peers: queries.series(cur, kpi, [muni, *peers], ("T",))),
    (
        "observations",
        lambda cur, kpi, muni, peers: queries.observations(cur, [kpi], [muni, *peers, queries.RIKET], [2019], ["T"]),
    ),
    ("values_for_year", lambda cur, kpi, muni, peers: queries.values_for_year(cur, kpi, 2019)),
    ("data_date", lambda cur, kpi, muni, peers: queries.data_date(cur, kpi)),
    ("targets", lambda cur, kpi, muni, peers: queries.targets(cur, muni, [kpi])),
    ("assessments", lambda cur, kpi, muni, peers: queries.assessments(cur, muni, kpi)),
]


def process_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def machine_load() -> str:
    """The 1-minute load average and, where the kernel has it, the share of the last 10 s in which
    some task waited for a CPU."""
    text = f"load {fmt(os.getloadavg()[0], 2)}"
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        text += f", CPU pressure {fmt(float(some.split()[1].split('=')[1]), 0)} %"
    except (OSError, IndexError, ValueError):
        pass
    return text


def breakdown(store: Store, kpis: list[str], municipalities: list[str], pages: int = 60) -> float:
    """The page one at a time on this thread: each read's median wall and thread-CPU ms (the
    thread's CPU misses DuckDB's worker threads; the wall does not). Returns the page's median wall."""
    rng = random.Random(12)
    wall: dict[str, list[float]] = {"stamp + reader": []} | {name: [] for name, _ in PAGE}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    totals: list[float] = []
    for i in range(pages + 10):
        kpi, muni = rng.choice(kpis), rng.choice(municipalities)
        peers = rng.sample(municipalities, 7)
        w0, c0 = time.perf_counter(), time.thread_time()
        store.stamp()
        cur = store.reader().cursor()
        steps = [("stamp + reader", time.perf_counter() - w0, time.thread_time() - c0)]
        for name, read in PAGE:
            w, c = time.perf_counter(), time.thread_time()
            read(cur, kpi, muni, peers)
            steps.append((name, time.perf_counter() - w, time.thread_time() - c))
        cur.close()
        if i >= 10:  # the first pages read their blocks from disk
            totals.append((time.perf_counter() - w0) * 1000)
            for name, w, c in steps:
                wall[name].append(w * 1000)
                cpu[name].append(c * 1000)
    print(f"== one page at a time, one thread ({pages} pages; median ms per read) ==")
    for name in wall:
        print(
            f"  {name:<16} wall {fmt(statistics.median(wall[name]), 2):>6}   thread CPU {fmt(statistics.median(cpu[name]), 2):>6}"
        )
    page = statistics.median(totals)
    print(f"  {'page':<16} wall {fmt(page, 2):>6}   ({machine_load()})")
    return page


class Sessions:
    """SESSIONS threads reading pages until stopped; latencies in ms, errors, versions seen."""

    def __init__(self, store: Store, n: int, kpis: list[str], municipalities: list[str], think: float) -> None:
        self.store, self.n, self.kpis, self.munis, self.think = store, n, kpis, municipalities, think
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.versions: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def page(self, rng: random.Random) -> str:
        stamp = self.store.stamp()  # every rerun: which version, which revision of people's work
        kpi, muni = rng.choice(self.kpis), rng.choice(self.munis)
        peers = rng.sample(self.munis, 7)
        cur = self.store.reader().cursor()
        try:
            for _name, read in PAGE:
                read(cur, kpi, muni, peers)
        finally:
            cur.close()
        return stamp.version

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        self._stop.wait(rng.uniform(0, self.think))  # people do not all click at the same instant
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                version = self.page(rng)
            except Exception as exc:  # counted and shown, never hidden
                with self._lock:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            ms = (time.perf_counter() - started) * 1000
            with self._lock:
                self.latencies.append(ms)
                self.versions[version] = self.versions.get(version, 0) + 1
            self._stop.wait(rng.uniform(0.5, 1.5) * self.think)

    def __enter__(self) -> Sessions:
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(self.n)]
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


def report(label: str, s: Sessions, seconds: float, cpu_s: float) -> None:
    lat = s.latencies
    print(
        f"{label:<9} {len(lat):>6} pages in {fmt(seconds)} s ({fmt(len(lat) / seconds, 0)}/s)   "
        f"p50 {fmt(statistics.median(lat) if lat else 0)} ms   p95 {fmt(p95(lat))} ms   max {fmt(max(lat, default=0))} ms"
        f"   errors {len(s.errors)}"
    )
    print(f"          CPU per page {fmt(cpu_s * 1000 / max(len(lat), 1))} ms (this process); {machine_load()}")
    for e in sorted(set(s.errors))[:5]:
        print(f"          error: {e}")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--seconds", type=float, default=15.0, help="length of the idle phase")
    p.add_argument("--think", type=float, default=1.0, help="mean pause between a session's clicks, s")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "trappan.duckdb"
        env = {**os.environ, "TRAPPAN_DB": str(db)}
        print("building the full store …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "loaders", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        server_a, server_b = Store(db), Store(db)
        area = queries.area_kpis(server_a, "grundskola", headline_only=True)
        munis = queries.municipalities(server_a)["municipality_id"].tolist()
        kpis = pick_kpis()
        served = snapshot_values(kpis, YEARS, munis)
        served["value"] = served["value"] + 0.1  # every served value is a change
        ctx = multiprocessing.get_context("spawn")
        here, there = ctx.Pipe()
        stop = ctx.Event()
        kolada = ctx.Process(target=_serve, args=(served, there, stop), daemon=True)
        kolada.start()
        base_url = here.recv()
        try:
            print(
                f"== {args.sessions} sessions, Nyckeltal page reads (pause ~{fmt(args.think)} s), "
                "one server process, full store =="
            )
            with Sessions(server_a, args.sessions, area["kpi_id"].tolist(), munis, args.think):
                time.sleep(2.0)  # warm-up, not counted: the first page of each KPI reads its blocks from disk
            alone = breakdown(server_a, area["kpi_id"].tolist(), munis)
            cpu0 = process_cpu()
            with Sessions(server_a, args.sessions, area["kpi_id"].tolist(), munis, args.think) as idle:
                time.sleep(args.seconds)
            report("idle", idle, args.seconds, process_cpu() - cpu0)
            print(
                f"          p50 {fmt(statistics.median(idle.latencies) / alone, 2)} × and p95 "
                f"{fmt(p95(idle.latencies) / alone, 2)} × one page alone"
            )

            cpu0 = process_cpu()
            with Sessions(server_a, args.sessions, area["kpi_id"].tolist(), munis, args.think) as busy:
                started = time.perf_counter()
                out = subprocess.run(
                    [sys.executable, "-c", FETCH, str(db), base_url, ",".join(kpis)],
                    cwd=ROOT, env=env, check=True, capture_output=True, text=True,
                )  # fmt: skip
                time.sleep(1.0)  # a moment on the new version
                loading_s = time.perf_counter() - started
            report("loading", busy, loading_s, process_cpu() - cpu0)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"          p95 ratio to idle {fmt(p95(busy.latencies) / max(p95(idle.latencies), 1e-9), 2)}; "
                f"pages per version: {dict(sorted(busy.versions.items()))}"
            )
            print(
                f"fetch     {fmt(figures['changed'], 0)} changed values: network {fmt(figures['fetch_s'], 2)} s, "
                f"publish (new version: copy, apply, key check, checkpoint, rename) {fmt(figures['publish_s'], 2)} s"
            )

            cpu0 = process_cpu()
            with Sessions(server_a, args.sessions, area["kpi_id"].tolist(), munis, args.think) as sharing:
                saves = []
                for server, who in ((server_a, "Anna på server A"), (server_b, "Bo på server B")):
                    started = time.perf_counter()
                    write.save_assessment(server, write.Assessment("1880", kpis[0], 2019, "T", "yellow", who))
                    saves.append((who, (time.perf_counter() - started) * 1000))
                time.sleep(1.0)
            report("2 servers", sharing, 1.0, process_cpu() - cpu0)
            seen_a = set(queries.assessments(server_a, "1880", latest_only=False)["author"])
            seen_b = set(queries.assessments(server_b, "1880", latest_only=False)["author"])
            for who, ms in saves:
                print(f"          save by {who}: {fmt(ms)} ms")
            print(
                f"          server A sees {sorted(seen_a)}; server B sees {sorted(seen_b)}"
                f" ({'both saves on both servers' if seen_a == seen_b == {w for w, _ in saves} else 'MISSING'})"
            )
        finally:
            stop.set()
            kolada.join(timeout=30)
        print(f"(snapshot: {fmt((SNAPSHOT_DIR / 'observation.parquet').stat().st_size / 2**20)} MiB Parquet)")


if __name__ == "__main__":
    main()
