"""Export speed: a 20-chart deck with one browser session against the naive way (a new kaleido
start per chart), and the wall time of the deck command a user runs.

    python3 bench/export_bench.py            # prints seconds per chart, the ratio, the totals

Goal (issue #5): the 20-chart deck in < 15 s. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kaleido  # noqa: E402

from dashboard.export.build import build_files  # noqa: E402
from dashboard.export.content import DeckRequest, deck_content  # noqa: E402
from dashboard.export.deck import CHART_PX, chart_job, render_pptx  # noqa: E402
from dashboard.export.images import PNG_SCALE, chromium_path, render_images  # noqa: E402
from store import queries  # noqa: E402
from store.db import connect  # noqa: E402

DECK_COMMAND = "deck --municipality 1880 --area grundskola --year 2019"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--charts", type=int, default=20)
    ap.add_argument("--naive", type=int, default=20, help="how many charts to export the naive way")
    args = ap.parse_args()
    con = connect(read_only=True)
    kpis = queries.area_kpis(con, "grundskola")
    kpis = kpis[(kpis["first_year"] <= 2019) & (kpis["last_year"] >= 2019)]["kpi_id"].head(args.charts).tolist()
    req = DeckRequest("1880", 2019, kpi_ids=tuple(kpis), area_id="grundskola")

    t0 = time.perf_counter()
    deck = deck_content(con, req)
    t_content = time.perf_counter() - t0
    jobs = [chart_job(s) for s in deck.slides]

    t0 = time.perf_counter()
    pngs = render_images(jobs)
    t_batch = time.perf_counter() - t0

    t0 = time.perf_counter()
    render_pptx(deck, pngs)
    t_pptx = time.perf_counter() - t0

    naive = jobs[: args.naive]
    browser = chromium_path()
    t0 = time.perf_counter()
    for job in naive:
        opts = {"format": "png", "width": job.width, "height": job.height, "scale": job.scale}
        kaleido.calc_fig_sync(job.fig, opts=opts, kopts={"mathjax": False, "path": browser})
    t_naive = time.perf_counter() - t0

    n = len(jobs)
    print(f"{n} charts (Örebro 1880, grundskola, 2019), PNG {CHART_PX[0]}×{CHART_PX[1]} at {PNG_SCALE}×")
    print(f"  one browser session : {t_batch / n:6.2f} s per chart   ({t_batch:5.1f} s in all)")
    print(f"  naive, new start    : {t_naive / len(naive):6.2f} s per chart   ({t_naive:5.1f} s for {len(naive)})")
    print(f"  speed-up            : {t_naive / len(naive) / (t_batch / n):6.1f} ×")
    print(f"  analysis + content  : {t_content:6.2f} s;  pptx drawing {t_pptx:.2f} s")
    print(f"  one after the other : {t_content + t_batch + t_pptx:6.2f} s")

    t0 = time.perf_counter()
    build_files(con, req, workbook=False)
    t_deck = time.perf_counter() - t0
    print(f"  20-chart deck, build_files (charts render while the analysis runs): {t_deck:.2f} s   (goal < 15 s)")
    con.close()

    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "dashboard.export", *DECK_COMMAND.split(), "--out", str(Path(tmp) / "deck.pptx")]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
        t_cmd = time.perf_counter() - t0
        status = "ok" if done.returncode == 0 else f"FAILED: {done.stderr.strip()}"
        print(f"  `python -m dashboard.export {DECK_COMMAND}`: {t_cmd:.2f} s wall ({status})")


if __name__ == "__main__":
    main()
