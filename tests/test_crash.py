"""kill -9 at random moments of every kind of load: the store still opens, the statistics and the
targets are as before the load or as after it (never a half), nothing of people's work is lost,
`status` works, and the next run cleans up and finishes the job.

Each kind is first run to the end once on a copy (how long it takes from "ready" to "done", and what
"after" looks like); then KILLS copies are killed at seeded random moments in [0, 1,2 × that time],
one in each of KILLS equal slices, so early, middle and late kills all happen. The build is given a
newer snapshot than the store was built from, so "after" differs from "before" for it too.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from loaders import cli
from store import queries, versions, write
from store.db import Store, connect
from tests.dashboard_support import ROOT, copy_store
from tests.fake_kolada import serving, snapshot_values

KILLS = 4  # random kill moments per kind of load
SEED = 12
SAVES = 40  # Spara clicks in one "save" process


def fingerprint(path: Path) -> dict[str, object]:
    """What a load may change, as numbers: the statistics and the targets in force."""
    con = connect(path)
    try:
        n, total, kpis = con.execute(
            "SELECT count(*), round(sum(value), 2), count(DISTINCT kpi_id) FROM observation"
        ).fetchone()
        return {
            "values": n,
            "sum": total,
            "kpis_with_values": kpis,
            "catalogue": con.execute("SELECT count(*) FROM kpi").fetchone()[0],
            "targets_in_force": con.execute("SELECT count(*) FROM target WHERE ended_at IS NULL").fetchone()[0],
        }
    finally:
        con.close()


def people(path: Path) -> dict[str, object]:
    """People's work made before the load; no load may lose any of it."""
    s = Store(path)
    try:
        return {
            "assessment": queries.assessments(s, "1880", latest_only=False)["conclusion"].tolist()[-1:],
            "own": queries.municipality_groups(s, "1880", kinds=["own"])["title"].tolist(),
            "direction": queries.kpi_info(s, ["N15820"])["direction"].item(),
            "rule": queries.area_rules(s, "1880")["area_id"].tolist(),
        }
    finally:
        s.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory, small_snapshot) -> Path:
    """A small store with people's work in it, copied for every run."""
    from loaders.build import build

    path = tmp_path_factory.mktemp("crash_base") / "trappan.duckdb"
    build(path, snapshot=small_snapshot)
    s = Store(path)
    write.save_assessment(s, write.Assessment("1880", "N15419", 2019, "T", "red", "Anna", conclusion="före lasten"))
    write.save_own_group(s, "Mälardalen", ["1980", "0380"], "Anna", "1880")
    write.set_direction(s, "N15820", "lower", "prövar", "Anna")
    write.set_area_rule(s, "1880", "grundskola", "at_least_riket", "Anna")
    s.close()
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, small_snapshot) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("crash_inputs")
    newer = folder / "newer_snapshot"  # Kolada revised N15419 and dropped N15820's values
    shutil.copytree(small_snapshot, newer)
    obs = pd.read_parquet(small_snapshot / "observation.parquet")
    obs = obs[obs["kpi_id"] != "N15820"].copy()
    obs.loc[obs["kpi_id"] == "N15419", "value"] += 1.0
    obs.to_parquet(newer / "observation.parquet", index=False)
    munis = pd.read_parquet(ROOT / "data" / "snapshot" / "municipality.parquet")
    kommuner = sorted(munis.loc[munis["type"] == "K", "municipality_id"])
    values = folder / "egna.csv"
    lines = ["kpi_id,kpi_title,unit,direction,year,municipality_id,gender,value"]
    lines += [f"EGEN-K{k},Eget {k},index,higher,{y},{m},T,{k + y % 7}" for k in range(4) for y in range(2016, 2023)
              for m in kommuner]  # fmt: skip
    values.write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = folder / "mal.csv"
    lines = ["kpi_id,municipality_id,year,gender,target_value,note"]
    lines += [f"N15419,{m},{y},T,{70 + y % 5},budget" for m in kommuner[:60] for y in range(2020, 2025)]
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"build": newer, "import-values": values, "import-targets": targets}


def start(kind: str, db: Path, arg: str | None, env: dict[str, str]) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "tests.crash_driver", kind, str(db), *([arg] if arg else [])]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    assert line == "ready", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def run_to_end(kind: str, db: Path, arg: str | None, env: dict[str, str]) -> float:
    proc = start(kind, db, arg, env)
    started = time.monotonic()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and out.strip() == "done", err
    return time.monotonic() - started


def no_leftovers(db: Path) -> None:
    layout = versions.Layout(db)
    assert all(versions.version_number(p) is not None for p in layout.versions_dir.iterdir())
    assert not list(db.parent.glob("*.wal")) and not list(db.parent.glob(".*link-*"))


def moments(rng: random.Random, took: float) -> list[float]:
    """One random moment in each of KILLS equal slices of [0, 1,2 × took]."""
    width = 1.2 * took / KILLS
    return [rng.uniform(i * width, (i + 1) * width) for i in range(KILLS)]


def finish(kind: str, db: Path, arg: str | None, base_url: str) -> None:
    """The next run, in this process: it must clean up after the killed one and do the load."""
    from loaders import files
    from loaders.build import build
    from loaders.fetch import FetchRequest, fetch
    from loaders.kolada import KoladaClient

    store = Store(db)
    if kind == "build":
        build(db, snapshot=Path(arg))
    elif kind == "fetch":
        client = KoladaClient(base=base_url, backoff_factor=0.01)
        fetch(store, FetchRequest(kpi_ids=("N15419", "N15505", "N15820"), years=tuple(range(2015, 2023))), client)
    elif kind == "import-values":
        files.import_values(store, arg)
    else:
        files.import_targets(store, arg)
    store.close()


def check_killed_store(db: Path, before: dict, after: dict, people_before: dict, monkeypatch, capsys) -> str:
    """The checks after every kill; returns 'before' or 'after'."""
    state = fingerprint(db)
    assert state in (before, after), (state, before, after)
    assert people(db) == people_before
    monkeypatch.setenv("TRAPPAN_DB", str(db))
    assert cli.main(["status"]) == 0, capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err
    return "before" if state == before else "after"


@pytest.mark.parametrize("kind", ["build", "fetch", "import-values", "import-targets"])
def test_a_killed_load_leaves_the_store_before_or_after_and_the_next_run_finishes(
    kind, base, inputs, small_snapshot, tmp_path, monkeypatch, capsys
):
    rng = random.Random(f"{SEED}-{kind}")
    env = {**os.environ}
    arg = None if kind == "fetch" else str(inputs[kind])
    served = snapshot_values(["N15419", "N15505", "N15820"], list(range(2015, 2023)))
    served["value"] = served["value"] + 0.5  # every fetched value differs from the snapshot's
    with serving(served) as fake:
        env["KOLADA_BASE_URL"] = fake.base_url
        reference = copy_store(base, tmp_path / "reference")
        before, people_before = fingerprint(reference), people(reference)
        took = run_to_end(kind, reference, arg, env)
        after = fingerprint(reference)
        assert after != before  # the load must change something, or the test proves nothing
        seen = []
        for i, moment in enumerate(moments(rng, took)):
            db = copy_store(base, tmp_path / f"kill{i}")
            proc = start(kind, db, arg, env)
            time.sleep(moment)
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
            seen.append(check_killed_store(db, before, after, people_before, monkeypatch, capsys))
            gc.collect()  # readers of the checks release their leases
            finish(kind, db, arg, fake.base_url)
            assert fingerprint(db) == after
            assert people(db) == people_before
            runs = queries.load_runs(Store(db))
            assert "running" not in set(runs["outcome"])
            gc.collect()
            no_leftovers(db)
    print(f"{kind}: {took:.2f} s to the end; states after {KILLS} kills: {seen}")


def test_killed_saves_lose_no_finished_save_and_leave_no_half(base, tmp_path, monkeypatch, capsys):
    """A dashboard's Spara, 40 in a row, killed midway: every save that returned is there whole."""
    rng = random.Random(f"{SEED}-save")
    reference = copy_store(base, tmp_path / "reference")
    took = run_to_end("save", reference, str(SAVES), dict(os.environ))
    for i, moment in enumerate(moments(rng, took)):
        db = copy_store(base, tmp_path / f"kill{i}")
        proc = start("save", db, str(SAVES), dict(os.environ))
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        saved = queries.assessments(Store(db), "1880", latest_only=False)
        mine = saved[saved["author"] == "Krock"].sort_values("assessment_id")["conclusion"].tolist()
        assert mine == [f"sparning {n}" for n in range(len(mine))]  # in order, none half-written
        assert "före lasten" in saved["conclusion"].tolist()
        monkeypatch.setenv("TRAPPAN_DB", str(db))
        assert cli.main(["status"]) == 0
        capsys.readouterr()
