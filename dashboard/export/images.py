"""Static chart images (PNG, SVG, PDF) rendered by kaleido 1.x in the system's Chromium.

Starting Chromium is the expensive part (about 2 s), so every function here renders a whole batch
of figures in ONE browser session: a deck of 20 charts costs one start, not 20. Kaleido finds the
browser through choreographer, which honours the BROWSER_PATH environment variable; we resolve it
ourselves first (BROWSER_PATH, then `chromium`/`google-chrome` on PATH, then /usr/bin/chromium) so
that a missing browser becomes a plain Swedish message instead of kaleido's advice to download one
(which this project never does). MathJax is switched off: it would be fetched from a CDN, and our
charts use no LaTeX.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.export.errors import ExportError
from i18n import Message

FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
WIDTH, HEIGHT = 1000, 560  # CSS pixels of a standalone chart image; PNG is rendered at 2× this
PNG_SCALE = 2
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_DEBIAN_CHROMIUM = "/usr/bin/chromium"
NO_BROWSER = Message("err_no_browser")


@dataclass(frozen=True)
class ImageJob:
    """One figure to render. `scale` multiplies the pixel size (only PNG has pixels)."""

    fig: go.Figure
    format: str = "png"
    width: int = WIDTH
    height: int = HEIGHT
    scale: float = PNG_SCALE


def chromium_path() -> str:
    """The Chromium kaleido will drive, or ExportError with what to do about it."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        if Path(override).is_file():
            return override
        raise ExportError("err_browser_path", path=override, no_browser=NO_BROWSER)
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if Path(_DEBIAN_CHROMIUM).is_file():
        return _DEBIAN_CHROMIUM
    raise ExportError(NO_BROWSER)


class ImageSession:
    """One Chromium for many images. The browser starts in a background thread as soon as the
    session is made, so a deck's analysis and the browser start overlap; `submit` queues a figure
    from any thread and returns a future of its bytes. Use as a context manager (closes Chromium).
    A long-lived session also suits the dashboard: a download then costs a render, not a start."""

    def __init__(self, tabs: int = 2) -> None:
        browser = chromium_path()  # a missing browser is reported before anything starts
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="trappan-kaleido", daemon=True)
        self._thread.start()
        self._opened = asyncio.run_coroutine_threadsafe(_open_kaleido(browser, max(1, tabs)), self._loop)

    def submit(self, job: ImageJob) -> concurrent.futures.Future[bytes]:
        if job.format not in FORMATS:
            raise ExportError("err_image_format", format=job.format, formats=", ".join(FORMATS))
        return asyncio.run_coroutine_threadsafe(self._render(job), self._loop)

    async def _render(self, job: ImageJob) -> bytes:
        k = await asyncio.wrap_future(self._opened)
        try:
            return await k.calc_fig(job.fig, opts=_opts(job))
        except (OSError, RuntimeError) as exc:
            raise ExportError("err_chart_failed", error=exc) from exc

    def close(self) -> None:
        try:
            if self._opened.exception() is None:
                asyncio.run_coroutine_threadsafe(self._opened.result().__aexit__(None, None, None), self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def __enter__(self) -> ImageSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


async def _open_kaleido(browser: str, tabs: int):
    import kaleido  # imported late: the CLI's --help and the error path should not pay for it
    from choreographer.errors import ChromeNotFoundError

    try:
        k = kaleido.Kaleido(n=tabs, mathjax=False, path=browser)
        await k.__aenter__()
    except ChromeNotFoundError as exc:
        raise ExportError(NO_BROWSER) from exc
    except (OSError, RuntimeError) as exc:
        raise ExportError("err_browser_failed", browser=browser, error=exc) from exc
    return k


def render_images(jobs: Sequence[ImageJob], tabs: int = 2) -> list[bytes]:
    """Every job's image bytes, in order, from one Chromium session."""
    for job in jobs:
        if job.format not in FORMATS:
            raise ExportError("err_image_format", format=job.format, formats=", ".join(FORMATS))
    if not jobs:
        return []
    with ImageSession(min(tabs, len(jobs))) as session:
        futures = [session.submit(job) for job in jobs]
        return [f.result() for f in futures]


def figure_image(fig: go.Figure, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """One figure as PNG (2× scale), SVG or PDF bytes: what a download button serves."""
    return render_images([ImageJob(fig, fmt, width, height)])[0]


def figure_images(
    fig: go.Figure, formats: Sequence[str] = FORMATS, width: int = WIDTH, height: int = HEIGHT
) -> dict[str, bytes]:
    """The figure in several formats from one browser start (the dashboard's three buttons)."""
    images = render_images([ImageJob(fig, f, width, height) for f in formats])
    return dict(zip(formats, images))


def _opts(job: ImageJob) -> dict[str, Any]:
    return {"format": job.format, "width": job.width, "height": job.height, "scale": job.scale}
