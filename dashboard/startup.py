"""What the server prepares at start-up, before the first browser connects.

A cold start used to do it all in the first visitor's run: import pandas, DuckDB, SQLAlchemy, Plotly
and the analysis (~0,9 s on this 2-core machine), open the store, load Plotly's validators and the
map's boundaries. `streamlit run dashboard/serve.py` starts `prepare()` on a thread as the server
comes up, so this happens while the browser starts and loads Streamlit's frontend (~1,5 s), and the
first run only computes its page. Nothing here depends on a view: the caches a page reads
(dashboard/cached.py) fill as before, keyed on the session's stamp. Light on purpose (no pandas or
Streamlit at import): app.py imports it before anything else.

`streamlit run dashboard/app.py` works as before, without the head start.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
import time

log = logging.getLogger("trappan.dashboard")

_started = threading.Event()
_done = threading.Event()
_start_lock = threading.Lock()
# What app.py and the start page (views/1_Oversikt.py) import, in their order.
FIRST_RUN_MODULES = (
    "plotly.graph_objects",
    "plotly.io",
    "i18n",
    "dashboard.freshness",
    "dashboard.state",
    "dashboard.connection",
    "store.db",
    "analysis.format",
    "analysis.wording",
    "dashboard.cached",
    "dashboard.charts",
    "dashboard.map_panel",
    "dashboard.ui",
)
WAIT_SECONDS = 60  # a preparation stuck longer than this is not waited for: the run imports on its own


def configure_logging() -> None:
    """The app's log lines (app.py's first run, or the server's start-up before it)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def prepare() -> bool:
    """Import what the first page needs in the order app.py imports it, read the map's boundaries,
    open the reader of the store (TRAPPAN_DB) when a version is published, and
    make one chart so Plotly's validators and narwhals' pandas support are loaded. True when the
    store was opened; a first start (nothing published) is left to the visitor's run, which builds
    the store with its progress shown."""
    _imports()
    from dashboard import connection, maps
    from store import versions
    from store.db import db_path

    maps.geometry()
    _first_chart()
    if versions.state(versions.Layout(db_path())) == "missing":
        return False
    connection.store().reader()
    return True


def start() -> None:
    """`prepare()` once per process on its own thread, for the server's start-up (dashboard/serve.py).
    A failure is logged and changes nothing: the first run then does the work itself."""
    with _start_lock:
        if _started.is_set():
            return
        _started.set()
    threading.Thread(target=_prepare_logged, name="trappan-startup", daemon=True).start()


def wait() -> None:
    """Called by app.py before its own imports: when a preparation is under way, let it finish
    instead of importing the same modules side by side on two threads."""
    if _started.is_set():
        _done.wait(WAIT_SECONDS)


def _prepare_logged() -> None:
    began = time.perf_counter()
    try:
        opened = prepare()
        # Everything imported and read so far lives as long as the server: out of the garbage
        # collector's reach, a full collection (50–250 ms measured, and it stops every session's
        # thread) no longer walks the modules, the map's geometry and the statistics' small tables.
        gc.freeze()
        log.info(
            "Prepared at start-up in %.2f s (store %s)", time.perf_counter() - began, "open" if opened else "missing"
        )
    except Exception:
        log.exception("Start-up preparation failed; the first visitor's run does it instead")
    finally:
        _done.set()


def _imports() -> None:
    for name in FIRST_RUN_MODULES:
        importlib.import_module(name)


def _first_chart() -> None:
    """Plotly loads a trace type's validators, and narwhals its pandas support, at the first figure
    made from pandas columns (~0,15 s): do it here rather than in the first page's chart."""
    import pandas as pd
    import plotly.graph_objects as go
    import plotly.io as pio

    names, values = pd.Series(["a", "b"]), pd.Series([1.0, 2.0])
    fig = go.Figure(
        [
            go.Bar(x=names, y=values, marker={"color": ["#000000", "#ffffff"]}, text=names, hovertemplate="%{y}"),
            go.Scatter(x=names, y=values, mode="lines+markers", customdata=names),
        ]
    )
    pio.to_json(fig, validate=False)
