"""Immutable statistics versions on disk: where they live, how one is published, who still reads one.

Beside TRAPPAN_DB (default `data/trappan.duckdb`):

    data/trappan.duckdb                 symlink to the published version, swapped in one rename
    data/trappan.versions/000007.duckdb a complete, checkpointed DuckDB file, never written again
    data/trappan.lock                   flock held by the one load that runs (build, fetch, imports)
    data/trappan-work.sqlite            people's work (store.work), unless TRAPPAN_WORK_DB says otherwise

Why: a DuckDB file has one writer and its readers must be other processes' read-only opens, so a
dashboard that keeps a file open blocks every load. With versions a load writes a NEW file beside the
published one and publishes it with one atomic rename of the symlink; every reader keeps the version
it opened until its next refresh. A reader holds a shared flock ("lease") on its version file; an old
version is deleted only when that lock can be taken exclusively, i.e. when nobody reads it any more.
Loads are serialised with an flock with a deadline, so two first starts make one store, and a load
that was killed leaves only files the next load removes (`remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreError

VERSION_NAME = re.compile(r"^(\d{6})\.duckdb$")
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
LOAD_LOCK_TIMEOUT = 600.0  # seconds a load waits for another one (a nightly fetch behind a build)


class LoadBusy(StoreError):
    """Another load held the lock until the deadline."""


@dataclass(frozen=True)
class Layout:
    """The files of one store, all derived from TRAPPAN_DB so a test can point it at a temp folder."""

    db: Path

    @property
    def folder(self) -> Path:
        return self.db.parent

    @property
    def stem(self) -> str:
        return self.db.name.removesuffix(".duckdb")

    @property
    def versions_dir(self) -> Path:
        return self.folder / f"{self.stem}.versions"

    @property
    def lock_file(self) -> Path:
        return self.folder / f"{self.stem}.lock"

    @property
    def work_file(self) -> Path:
        return self.folder / f"{self.stem}-work.sqlite"

    def version_file(self, number: int) -> Path:
        return self.versions_dir / f"{number:06d}.duckdb"


def version_number(path: Path) -> int | None:
    m = VERSION_NAME.match(path.name)
    return int(m.group(1)) if m else None


# ---- what is at TRAPPAN_DB ---------------------------------------------------------------------------
def is_duckdb_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return False
    return len(head) == 12 and head[8:12] == DUCKDB_MAGIC


def current(layout: Layout) -> Path | None:
    """The published version file, or None when nothing is published (no file or a plain file at
    TRAPPAN_DB: an older store or something else, see `store.legacy`)."""
    if not layout.db.is_symlink():
        return None
    target = Path(os.readlink(layout.db))
    if not target.is_absolute():
        target = layout.folder / target
    return target


def state(layout: Layout) -> str:
    """'missing', 'published', 'dangling' (symlink to a lost version), 'plain' (a regular file)."""
    if layout.db.is_symlink():
        target = current(layout)
        return "published" if target is not None and target.exists() else "dangling"
    if layout.db.exists():
        return "plain"
    return "missing"


def versions(layout: Layout) -> list[Path]:
    """Every complete version file, oldest first."""
    if not layout.versions_dir.is_dir():
        return []
    found = [(version_number(p), p) for p in layout.versions_dir.iterdir()]
    return [p for n, p in sorted((n, p) for n, p in found if n is not None)]


# ---- the load lock --------------------------------------------------------------------------------
@contextlib.contextmanager
def load_lock(layout: Layout, timeout: float = LOAD_LOCK_TIMEOUT) -> Iterator[None]:
    """Exclusive right to write a new version (and to clean up). The lock dies with its process, so a
    killed load never leaves the store locked."""
    layout.folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LoadBusy("store_busy", path=str(layout.db), seconds=round(timeout)) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing releases the flock


# ---- leases --------------------------------------------------------------------------------------
class Lease:
    """A shared flock on one version file, held while a reader has it attached."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd: int | None = fd
        self.path = path

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def lease(layout: Layout, attempts: int = 20) -> Lease:
    """Lease the published version. Why the loop: between reading the symlink and taking the lock a
    newer version may be published and the old one collected; then read the symlink again."""
    for _ in range(attempts):
        target = current(layout)
        if target is None:
            raise StoreError("store_missing", path=str(layout.db))
        try:
            fd = os.open(target, os.O_RDONLY)
        except FileNotFoundError:
            if current(layout) == target:
                raise StoreError("store_dangling", path=str(layout.db), target=str(target)) from None
            continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        try:
            same = os.stat(target).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return Lease(fd, target)
        os.close(fd)
    raise StoreError("store_lease_failed", path=str(layout.db))


# ---- writing and publishing ------------------------------------------------------------------------
def new_tmp(layout: Layout) -> Path:
    """A name for a version being written; only `remove_leftovers` (under the lock) deletes such files."""
    layout.versions_dir.mkdir(parents=True, exist_ok=True)
    return layout.versions_dir / f"tmp-{os.getpid()}-{time.time_ns()}.duckdb"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(layout: Layout, tmp: Path) -> Path:
    """Give a finished, checkpointed tmp file its version number and swap the symlink to it. The
    caller holds the load lock. Each step is a rename, so a kill at any moment leaves either the old
    or the new version published, never a half."""
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    numbers = [version_number(p) or 0 for p in versions(layout)]
    target = layout.version_file(max(numbers, default=0) + 1)
    os.rename(tmp, target)
    link_tmp = layout.folder / f".{layout.db.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    os.symlink(os.path.relpath(target, layout.folder), link_tmp)
    os.replace(link_tmp, layout.db)
    _fsync_dir(layout.versions_dir)
    _fsync_dir(layout.folder)
    return target


def install(layout: Layout, source: Path) -> Path:
    """Publish a version file made elsewhere (a replica's nightly copy). The caller holds the lock."""
    tmp = new_tmp(layout)
    shutil.copyfile(source, tmp)
    return publish(layout, tmp)


# ---- cleaning up -----------------------------------------------------------------------------------
def collect_garbage(layout: Layout) -> list[Path]:
    """Delete versions older than the published one that no reader leases. Only older ones: a version
    published after we read the symlink must never be taken for an old one."""
    target = current(layout)
    newest = version_number(target) if target is not None else None
    if newest is None:
        return []
    removed = []
    for path in versions(layout):
        n = version_number(path)
        if n is None or n >= newest:
            continue
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            path.unlink(missing_ok=True)
            for extra in (path.with_name(path.name + ".wal"),):
                extra.unlink(missing_ok=True)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


def remove_leftovers(layout: Layout) -> list[Path]:
    """What killed loads leave behind: half-written versions, their write-ahead logs and spill
    folders, a stray link, the old layout's `*.building-<pid>` files and a `.wal` beside the symlink.
    Only call with the load lock held: then no load is writing any of these."""
    removed: list[Path] = []
    candidates: list[Path] = []
    if layout.versions_dir.is_dir():
        candidates += [p for p in layout.versions_dir.iterdir() if version_number(p) is None]
    if layout.folder.is_dir():
        candidates += list(layout.folder.glob(f"{layout.db.name}.building-*"))
        candidates += list(layout.folder.glob(f".{layout.db.name}.link-*"))
        if layout.db.is_symlink():
            candidates.append(layout.db.with_name(layout.db.name + ".wal"))
    for p in candidates:
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.ENOENT,):
                raise
    return removed


def set_aside(layout: Layout, why: str) -> Path:
    """Move whatever is at TRAPPAN_DB out of the way (never delete what a person may want back)."""
    aside = layout.db.with_name(f"{layout.db.name}.{why}-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(layout.db, aside)
    wal = layout.db.with_name(layout.db.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    return aside
