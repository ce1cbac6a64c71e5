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
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.export.errors import ExportError

FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
WIDTH, HEIGHT = 1000, 560  # CSS pixels of a standalone chart image; PNG is rendered at 2× this
PNG_SCALE = 2
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_DEBIAN_CHROMIUM = "/usr/bin/chromium"
NO_BROWSER = (
    "Diagrambilder (PNG, SVG, PDF) och presentationer kräver webbläsaren Chromium, men ingen hittades. "
    "Installera den (Debian/Ubuntu: apt-get install chromium) eller ange sökvägen i miljövariabeln "
    "BROWSER_PATH."
)


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
        raise ExportError(f"BROWSER_PATH pekar på {override}, men där finns ingen fil. {NO_BROWSER}")
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if Path(_DEBIAN_CHROMIUM).is_file():
        return _DEBIAN_CHROMIUM
    raise ExportError(NO_BROWSER)


def render_images(jobs: Sequence[ImageJob], tabs: int = 2) -> list[bytes]:
    """Every job's image bytes, in order, from one Chromium session (with `tabs` tabs rendering
    side by side)."""
    for job in jobs:
        if job.format not in FORMATS:
            raise ExportError(f"Okänt bildformat {job.format!r}; välj ett av {', '.join(FORMATS)}.")
    if not jobs:
        return []
    return _run(_render_all(list(jobs), chromium_path(), max(1, min(tabs, len(jobs)))))


def figure_image(fig: go.Figure, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """One figure as PNG (2× scale), SVG or PDF bytes: what a download button serves."""
    return render_images([ImageJob(fig, fmt, width, height)])[0]


def figure_images(
    fig: go.Figure, formats: Sequence[str] = FORMATS, width: int = WIDTH, height: int = HEIGHT
) -> dict[str, bytes]:
    """The figure in several formats from one browser start (the dashboard's three buttons)."""
    images = render_images([ImageJob(fig, f, width, height) for f in formats])
    return dict(zip(formats, images))


async def _render_all(jobs: list[ImageJob], browser: str, tabs: int) -> list[bytes]:
    import kaleido  # imported late: the CLI's --help and the error path should not pay for it
    from choreographer.errors import ChromeNotFoundError

    try:
        async with kaleido.Kaleido(n=tabs, mathjax=False, path=browser) as k:
            return list(await asyncio.gather(*(k.calc_fig(j.fig, opts=_opts(j)) for j in jobs)))
    except ChromeNotFoundError as exc:
        raise ExportError(NO_BROWSER) from exc
    except (OSError, RuntimeError) as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"Chromium ({browser}) kunde inte rita diagrammen: {exc}") from exc


def _opts(job: ImageJob) -> dict[str, Any]:
    return {"format": job.format, "width": job.width, "height": job.height, "scale": job.scale}


def _run(coro: Coroutine[Any, Any, list[bytes]]) -> list[bytes]:
    """asyncio.run, also when the caller already runs an event loop (then in a worker thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
