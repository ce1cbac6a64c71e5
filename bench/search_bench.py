"""The catalogue search: how long a search takes once the index is built (warm), against the old
title ILIKE query (store.queries.search_kpis, titles only, no stems, no ranking) in the same run.

On the store at TRAPPAN_DB (default data/trappan.duckdb; build it with `python -m loaders build`):
reads the catalogue with its value years (store.catalogue), builds the index once (cold cost, paid
once per store change in the dashboard), then times every query REPEAT times and prints the median
and the slowest, beside the ILIKE baseline over the whole catalogue. The goal: < 100 ms warm.

    python3 bench/search_bench.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import search  # noqa: E402
from store import queries  # noqa: E402
from store.catalogue import catalogue  # noqa: E402
from store.db import connect  # noqa: E402

QUERIES = (
    "nöjda med maten",
    "U23467",
    "n154",
    "äldreboende",
    "aldreboende",
    "behöriga yrkesprogram kommunala skolor",
    "kostnad grundskola per elev",
    "socialbidrag",
    "skolenkät",
    "förskolan barn per årsarbetare",
)


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, max) milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    con = connect(read_only=True)
    start = time.perf_counter()
    cat = catalogue(con)
    read_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    index = search.build_index(cat)
    build_ms = (time.perf_counter() - start) * 1000
    print(
        f"catalogue: {len(cat)} KPIs, {int(cat['first_year'].notna().sum())} with values; vocabulary {len(index.vocab)}"
    )
    print(f"cold: read {read_ms:.0f} ms, index {build_ms:.0f} ms (once per store change)\n")
    print(f"{'query':40} {'hits':>5} {'top':>7} {'median':>8} {'max':>8} {'ILIKE':>8} {'ILIKE hits':>10}  ratio")
    medians, ratios = [], []
    for text in QUERIES:
        hits = search.search(index, text, limit=None)
        median, slowest = timed(lambda q=text: search.search(index, q, limit=50), args.repeat)
        base = queries.search_kpis(con, text, limit=50, with_data_only=False)
        base_median, _ = timed(lambda q=text: queries.search_kpis(con, q, limit=50, with_data_only=False), args.repeat)
        top = hits["kpi_id"].iloc[0] if len(hits) else "–"
        medians.append(median)
        ratios.append(median / base_median)
        print(
            f"{text:40} {len(hits):5d} {top:>7} {median:6.1f}ms {slowest:6.1f}ms {base_median:6.1f}ms "
            f"{len(base):10d}  {median / base_median:4.2f}×"
        )
    con.close()
    print(
        f"\nwarm search: median of medians {statistics.median(medians):.1f} ms, slowest median {max(medians):.1f} ms "
        f"(goal < 100 ms); {statistics.median(ratios):.2f}× the ILIKE baseline's time"
    )


if __name__ == "__main__":
    main()
