"""Download buttons under every chart: PNG (2×), SVG, PDF and the numbers as Excel.

Nothing is rendered while the page runs: each button gets a callable (Streamlit's deferred download
data), run on its own thread only when that button is clicked, so a page with ten charts costs ten
registrations, not forty Chromium renders. The images come from one Chromium per server process
(`st.cache_resource`), started by the first click (~2 s) and warm after that (~0,3 s per image).
`on_click="ignore"`: a download does not rerun the page.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from analysis.format import md_text
from dashboard.export.errors import ExportError
from dashboard.export.images import MIME, ImageSession, chromium_path
from i18n import say, t

log = logging.getLogger("trappan.dashboard")
for _chatty in ("kaleido", "choreographer"):  # a line per tab and temp dir at INFO: noise in the app's log
    logging.getLogger(_chatty).setLevel(logging.WARNING)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_FORMATS = ("png", "svg", "pdf")


@st.cache_resource(show_spinner=False)
def image_session() -> ImageSession:
    """The process's Chromium for chart images (closed when the process ends)."""
    return ImageSession(tabs=2)


def render_image(fig: go.Figure, fmt: str) -> bytes:
    """The chart as `fmt` from the warm session. A session whose browser failed or died is
    dropped and one fresh session tried, so one crash does not break every later download."""
    try:
        return _files().chart_image(fig, fmt, image_session())
    except ExportError:
        image_session.clear()
        return _files().chart_image(fig, fmt, image_session())


def file_name(name: str, ext: str) -> str:
    """'trappan_<name>_<kommun>_<år>.<ext>' from the current view (ASCII, no spaces)."""
    view = st.session_state.get("view")
    parts = ["trappan", name]
    if view is not None:
        parts += [view.municipality_title, str(view.year)]
    return "_".join(_slug(p) for p in parts if p) + f".{ext}"


def view_link() -> str:
    """The address that reopens this view: the page's URL with the query string state.write_url
    keeps in the address bar (only the query string where the URL is unknown, e.g. under AppTest)."""
    params = "&".join(f"{k}={v}" for k, v in st.query_params.to_dict().items())
    base = (st.context.url or "").split("?")[0]
    return f"{base}?{params}" if params else base


def chart_downloads(fig: go.Figure, key: str, name: str, lang: str = "sv") -> None:
    """Four small buttons under a chart. Without Chromium the image buttons are disabled and a
    plain message says how to install it; the Excel button still works."""
    try:
        chromium_path()
        missing = ""
    except ExportError as exc:
        missing = str(say(exc, lang))
    link = view_link()
    row = st.container(horizontal=True, gap="small")
    for fmt in IMAGE_FORMATS:
        row.download_button(
            t(f"dl_{fmt}", lang),
            data=_deferred(lambda fmt=fmt: render_image(fig, fmt), name, fmt),
            file_name=file_name(name, fmt),
            mime=MIME[fmt],
            key=f"dl_{fmt}_{key}",
            help=missing or t(f"dl_{fmt}_help", lang),
            on_click="ignore",
            type="tertiary",
            icon=":material/download:" if fmt == "png" else None,
            disabled=bool(missing),
        )
    row.download_button(
        t("dl_xlsx", lang),
        data=_deferred(lambda: _files().chart_workbook(fig, lang, link), name, "xlsx"),
        file_name=file_name(name, "xlsx"),
        mime=XLSX_MIME,
        key=f"dl_xlsx_{key}",
        help=t("dl_xlsx_help", lang),
        on_click="ignore",
        type="tertiary",
    )
    if missing:
        st.caption(md_text(missing))


def _files():
    """dashboard.export.chart_files, imported on the first download: it brings openpyxl (~0,2 s),
    which a page's first draw does not need."""
    from dashboard.export import chart_files

    return chart_files


def _deferred(make: Callable[[], bytes], name: str, fmt: str) -> Callable[[], bytes]:
    """The callable Streamlit runs on click; failures are logged in full (the browser only gets
    Streamlit's generic 'failed to generate' notice)."""

    def run() -> bytes:
        try:
            return make()
        except Exception:
            log.exception("Download %s of chart %s failed", fmt, name)
            raise

    return run


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
