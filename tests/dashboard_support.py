"""Helpers for the dashboard tests and benchmark: a private copy of the full store, the app under
AppTest, and a real Streamlit server on 127.0.0.1.

Why a copy: readers share a store freely (any number of processes), but a test that saves
(Spara, imports) must not leave its work in the session's shared full store.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from store import versions

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"  # the Streamlit script (AppTest runs it)
SERVER = ROOT / "dashboard" / "serve.py"  # how Trappan is started: the script plus its start-up preparation
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def copy_store(source: Path, target_dir: Path) -> Path:
    """A separate store with the same published version and a copy of people's work."""
    target = target_dir / "trappan.duckdb"
    src, dst = versions.Layout(source), versions.Layout(target)
    with versions.load_lock(dst):
        versions.install(dst, source.resolve())
    if src.work_file.exists():
        with sqlite3.connect(src.work_file) as a, sqlite3.connect(dst.work_file) as b:
            a.backup(b)
    return target


@pytest.fixture(scope="session")
def app_store_path(full_store_path, tmp_path_factory) -> Path:
    """A copy of the full store that only the in-process AppTests open (read-write)."""
    return copy_store(full_store_path, tmp_path_factory.mktemp("app_store"))


def app_test(db: Path, monkeypatch, **params: str) -> AppTest:
    """The app from its entry point, pointed at `db`, with URL query parameters, after one run."""
    monkeypatch.setenv("TRAPPAN_DB", str(db))
    st.cache_data.clear()  # cached results are keyed on arguments, not on the store: start clean
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params.update(params)
    return at.run()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path, log_path: Path, timeout: float = 120, app: Path = SERVER) -> Iterator[str]:
    """`streamlit run dashboard/serve.py` (as scripts/run.sh starts Trappan; or another `app`) on
    127.0.0.1 and a free port; yields the base URL."""
    port = free_port()
    env = {**os.environ, "TRAPPAN_DB": str(db)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Streamlit did not start; see {log_path}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_until_idle(page, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has drawn the page and finished the current run: a page title is there
    and the app's script state has been 'notRunning' for a moment. Why the state attribute and not
    the 'Running…' indicator alone: with toolbarMode "minimal" that indicator can stay hidden
    during a run, and a screenshot then caught a page half drawn."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            const busy = document.querySelector('[data-testid="stStatusWidget"]') || state !== 'notRunning';
            const now = Date.now();
            if (busy) { window.__trappanIdleSince = null; return false; }
            window.__trappanIdleSince = window.__trappanIdleSince || now;
            return now - window.__trappanIdleSince > 700;
        }""",
        timeout=timeout_ms,
        polling=100,
    )


def full_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main container, not the body: grow the viewport to the content's
    height first so the screenshot holds the whole page."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const inner = main && main.firstElementChild;
            return Math.max(main ? main.scrollHeight : 0, inner ? inner.scrollHeight : 0, 800);
        }"""
    )
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 1000})
