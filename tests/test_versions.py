"""The life of statistics versions: first starts, leftovers of killed loads, old versions collected
only when no reader leases them, a copy published on a replica, and `status` on a partial history."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from loaders import cli
from loaders.build import build
from store import versions, work, write
from store.db import Store, StoreError, connect
from tests.dashboard_support import ROOT

FIRST_START = "import sys; from pathlib import Path; from loaders.build import ensure_built; " \
    "ensure_built(Path(sys.argv[1]), snapshot=Path(sys.argv[2]))"  # fmt: skip


def test_two_first_starts_at_once_make_one_store(tmp_path, small_snapshot):
    db = tmp_path / "trappan.duckdb"
    procs = [
        subprocess.Popen([sys.executable, "-c", FIRST_START, str(db), str(small_snapshot)], cwd=ROOT,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    layout = versions.Layout(db)
    assert [p.name for p in versions.versions(layout)] == ["000001.duckdb"]
    runs = Store(db).execute("SELECT source, outcome FROM load_run").fetchall()
    assert runs == [(write.SNAPSHOT_SOURCE, "ok")]


def test_the_next_load_removes_what_killed_loads_left(small_store, small_store_path, monkeypatch, capsys):
    layout = versions.Layout(small_store_path)
    junk = [
        layout.versions_dir / "tmp-4242-1.duckdb",  # a version being written when its load was killed
        layout.versions_dir / "tmp-4242-1.duckdb.wal",
        small_store_path.with_name("small.duckdb.building-4242"),  # the one-file layout's killed build
        small_store_path.with_name("small.duckdb.wal"),  # a log beside the symlink: never ours
        small_store_path.with_name(".small.duckdb.link-4242"),
    ]
    for p in junk:
        p.write_bytes(b"\0" * 4096)
    with small_store.work.transaction(work.load_run) as conn:  # a fetch whose process is gone
        conn.execute(
            work.load_run.insert().values(source="Kolada API v3", request="kpi=N15419", started_at=work.now(),
                                          outcome="running", host=work.this_host(), pid=2**22 + 12345)
        )  # fmt: skip
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["status"]) == 0  # a partial history: no crash, the running row is listed
    assert "running: Kolada API v3 (kpi=N15419)" in capsys.readouterr().out
    assert all(p.exists() for p in junk)  # status only reads
    assert cli.main(["import-targets", str(ROOT / "data" / "examples" / "targets.csv")]) == 0
    assert not [p for p in junk if p.exists()]
    runs = small_store.execute("SELECT outcome, message FROM load_run WHERE request = 'kpi=N15419'").fetchall()
    assert runs == [("failed", "avbruten: processen avslutades innan laddningen var klar")]


def test_an_old_version_is_removed_only_when_no_reader_leases_it(small_store_path, small_snapshot):
    layout = versions.Layout(small_store_path)
    first = versions.current(layout)
    reader = connect(small_store_path)
    build(small_store_path, snapshot=small_snapshot)
    assert first.exists()  # leased by the reader: kept
    assert reader.execute("SELECT count(*) FROM observation").fetchone()[0] > 0
    reader.close()
    del reader
    gc.collect()
    build(small_store_path, snapshot=small_snapshot)
    assert [p.name for p in versions.versions(layout)] == ["000003.duckdb"]


def test_a_replica_publishes_the_loading_servers_version(small_store_path, tmp_path, monkeypatch, capsys):
    replica = tmp_path / "replica" / "trappan.duckdb"
    copy = tmp_path / "nightly-copy.duckdb"
    copy.write_bytes(small_store_path.read_bytes())  # what scp of the symlink gives: the version file
    monkeypatch.setenv("TRAPPAN_DB", str(replica))
    assert cli.main(["publish", str(copy)]) == 0
    assert "Publicerade" in capsys.readouterr().out
    assert replica.is_symlink() and versions.current(versions.Layout(replica)).name == "000001.duckdb"
    ours, theirs = connect(replica), connect(small_store_path)
    query = "SELECT count(*), sum(value) FROM observation"
    assert ours.execute(query).fetchone() == theirs.execute(query).fetchone()


@pytest.mark.parametrize(("content", "message"), [(b"PK\x03\x04 a zip", "ingen Trappan-version")])
def test_publish_refuses_what_is_not_a_version(tmp_path, monkeypatch, capsys, content, message):
    bad = tmp_path / "x.duckdb"
    bad.write_bytes(content)
    monkeypatch.setenv("TRAPPAN_DB", str(tmp_path / "trappan.duckdb"))
    assert cli.main(["publish", str(bad)]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "trappan.duckdb").exists()


def test_a_load_waits_for_another_until_its_deadline(small_store, small_store_path):
    layout = versions.Layout(small_store_path)
    with versions.load_lock(layout):  # another load holds the lock
        with pytest.raises(StoreError, match="En annan laddning .* pågår"):
            build(small_store_path, snapshot=small_store_path.parent, lock_timeout=0.3)
    assert os.path.exists(layout.lock_file)


def test_a_new_work_database_beside_existing_statistics_learns_their_runs(small_store_path, monkeypatch):
    """E.g. a move to PostgreSQL: the first load adds the version's runs, and ids continue above them."""
    layout = versions.Layout(small_store_path)
    work.forget_open(work.default_url(layout.work_file))
    layout.work_file.unlink()
    for extra in ("-wal", "-shm"):
        layout.work_file.with_name(layout.work_file.name + extra).unlink(missing_ok=True)
    store = Store(small_store_path)
    assert store.execute("SELECT count(*) FROM load_run").fetchone()[0] == 0
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["import-targets", str(ROOT / "data" / "examples" / "targets.csv")]) == 0
    runs = store.execute("SELECT load_run_id, source, outcome FROM load_run ORDER BY 1").fetchall()
    assert runs == [(1, write.SNAPSHOT_SOURCE, "ok"), (2, "Egen fil", "ok")]
