"""Trappan's server: `streamlit run dashboard/serve.py` (what scripts/run.sh starts).

The same app as `streamlit run dashboard/app.py`, started as Streamlit's `st.App` for two head starts
on a cold start (bench/dashboard_bench.py measures the first chart from the server's start):

- its start-up hook (lifespan) begins dashboard/startup.prepare(): the imports, the store's opening
  and Plotly's first figure happen while the browser loads Streamlit's frontend, not in its first run;
- dashboard/preload.EarlyCharts has the browser fetch and evaluate Streamlit's chart chunk
  (Plotly.js) with the frontend, not after the first chart has arrived.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import preload, startup  # noqa: E402


@contextlib.asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    startup.configure_logging()
    startup.start()  # on a thread: the server answers at once, the preparation runs beside it
    yield None


app = st.App(Path(__file__).with_name("app.py"), lifespan=lifespan, middleware=[Middleware(preload.EarlyCharts)])
