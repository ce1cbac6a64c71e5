"""Follow-up report speed: a 30-indicator goal tree (Leksand's example, 14 indicators, plus 16 KKiK
indicators with `quartile_top`) on a copy of the full store, against a baseline of the same run:
the per-KPI analysis the council deck does for the same 30 KPIs (one staircase each, no patterns).

    python3 bench/followup_bench.py     # prints seconds and ratios; nothing is asserted

Goal (issue #11): the report (PPTX + Excel) of 30 indicators in < 15 s on this 2-core machine,
measured as the command a user runs (`python -m dashboard.export followup …`, a fresh process).
The store is built from the snapshot into a temporary folder, so the real one is never written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.followup import follow_up  # noqa: E402
from analysis.staircase import staircase  # noqa: E402
from dashboard.export.followup import FollowupRequest, build_followup  # noqa: E402
from loaders import files, goals  # noqa: E402
from loaders.build import build  # noqa: E402
from store.db import Store  # noqa: E402

EXAMPLES = ROOT / "data" / "examples" / "goals"
KKIK_EXTRA = (
    "N00647 N09805 N11102 N15436 N15452 N15485 N15659 N17467 N18409 U07514 U21401 U28532 U28570 U31402 U31462 U40455"
).split()


def tree_sheet(path: Path) -> Path:
    """Leksand's example plus a goal with 16 KKiK indicators: 30 indicators in all."""
    rows = [
        f"K{i};MK;indicator;;Kommunstyrelsen;2029;{k};T;quartile_top;;;2020;2025;" for i, k in enumerate(KKIK_EXTRA)
    ]
    text = (EXAMPLES / "leksand_sektorsplan.csv").read_text(encoding="utf-8")
    text += "MK;V1;goal;Kommunens kvalitet i korthet;Kommunstyrelsen;2029;;;;;;2020;2023;\n" + "\n".join(rows) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def timed(label: str, fn, base: float | None = None):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / base:.2f} × baseline)" if base else ""
    print(f"{label:<58}{seconds:7.2f} s{ratio}")
    return result, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "trappan.duckdb"
        _r, _s = timed("building the store from the snapshot (not part of the figures)", lambda: build(store))
        con = Store(store)
        try:
            files.import_values(con, EXAMPLES / "leksand_egna_nyckeltal.csv")
            result = goals.import_goals(con, tree_sheet(Path(tmp) / "leksand30.csv"))
            kpis = sorted(set(goals.store_goals.goal_tree(con, "2029")["kpi_id"].dropna()))
            print(f"Leksand (2029) 2022, helår: {result.nodes} rows, {len(kpis)} KPIs as indicators")
            _r, base = timed(
                "baseline: one staircase per KPI (the council deck's analysis)",
                lambda: [staircase(con, "2029", k, 2022, "T", patterns=False) for k in kpis],
            )
            timed("follow_up (helår; its period before is the same year)", lambda: follow_up(con, "2029", 2022), base)
            timed("follow_up (delår; also judges helår of the year before)",
                  lambda: follow_up(con, "2029", 2022, "delar"), base)  # fmt: skip
            files_, _s = timed(
                "report: follow-up + PPTX + Excel, in process",
                lambda: build_followup(con, FollowupRequest("2029", 2022)),
                base,
            )
            print(
                f"{'':<58}{files_.slides} slides, {len(files_.pptx) // 1024} KiB PPTX, {len(files_.xlsx) // 1024} KiB XLSX"
            )
        finally:
            con.close()
        cmd = [sys.executable, "-m", "dashboard.export", "followup", "--municipality", "2029", "--year", "2022",
               "--period", "helar", "--out", str(Path(tmp) / "r.pptx"), "--xlsx", str(Path(tmp) / "r.xlsx")]  # fmt: skip
        env = {**os.environ, "TRAPPAN_DB": str(store)}
        _r, wall = timed(
            "the command a user runs (fresh process, both files)",
            lambda: subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True),
            base,
        )
        print(f"goal < 15 s for 30 indicators: {'met' if wall < 15 else 'NOT met'} ({wall:.1f} s)")


if __name__ == "__main__":
    main()
