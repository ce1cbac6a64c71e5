"""Chart download speed: one image from a fresh Chromium (what a download would cost without the
process's warm session) against the warm session dashboard/downloads.py keeps, per format, and
the chart's Excel file.

    python3 bench/download_bench.py          # prints seconds and the cold/warm ratio

Goal (issue #5): a download click answers in well under a second once the session is warm; the
page never renders images on a rerun (deferred download data), so page speed is unchanged.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.export.build import chart_figure  # noqa: E402
from dashboard.export.chart_files import chart_image, chart_workbook  # noqa: E402
from dashboard.export.content import DeckRequest  # noqa: E402
from dashboard.export.images import FORMATS, ImageSession  # noqa: E402
from store.db import connect  # noqa: E402


def seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    con = connect(read_only=True)
    fig = chart_figure(con, DeckRequest("1880", 2019, kpi_ids=("N15419",)))
    cold = seconds(lambda: chart_image(fig, "png"), args.repeats)
    print(f"cold PNG (new Chromium each time): {cold:.2f} s")
    with ImageSession() as session:
        t0 = time.perf_counter()
        chart_image(fig, "png", session)
        print(f"first PNG of a new session (start + render): {time.perf_counter() - t0:.2f} s")
        for fmt in FORMATS:
            warm = seconds(lambda fmt=fmt: chart_image(fig, fmt, session), args.repeats)
            print(f"warm {fmt.upper()}: {warm:.2f} s  (cold/warm = {cold / warm:.1f}×)")
    print(f"XLSX: {seconds(lambda: chart_workbook(fig), args.repeats):.3f} s")


if __name__ == "__main__":
    main()
