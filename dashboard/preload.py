"""Plotly.js in the page's first second: an ASGI middleware for dashboard/serve.py.

Streamlit's frontend imports its chart chunk (Plotly.js, a 4,7 MB script that takes the browser
0,5–1 s to evaluate on this machine) only when the first chart message arrives, so a cold first
chart waited for that evaluation after the server had already sent it. Every page Streamlit serves
is the same index.html; this middleware adds one tag to it,
`<script type="module" crossorigin src="./static/js/PlotlyChart.<hash>.js">`, right after
Streamlit's own module script: the browser fetches the chunk with the frontend and evaluates it while
the page waits for the server, and the later import of the same URL finds it ready. The chunk is
Streamlit's own file, found by name; where a Streamlit version names it otherwise, nothing is added
and everything works as before. Pages only: static files, media and Streamlit's /_stcore endpoints
pass through untouched.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"
CHART_CHUNK = "PlotlyChart.*.js"  # the name carries a content hash
# Streamlit's routes that are not pages (streamlit/web/server/starlette/starlette_app.py).
NOT_PAGES = ("/_stcore/", "/media/", "/component/", "/static/", "/app/static/")
HEAD_END = b"</head>"


def chart_tags(static_js: Path = STATIC_JS) -> bytes:
    """The script tag(s) for Streamlit's chart chunk, relative like Streamlit's own ('./static/…',
    so a server.baseUrlPath works the same); b'' when the chunk is not found."""
    names = sorted(p.name for p in static_js.glob(CHART_CHUNK))
    return "".join(f'<script type="module" crossorigin src="./static/js/{n}"></script>' for n in names).encode()


def with_tags(html: bytes, tags: bytes) -> bytes:
    """`html` with `tags` before its </head> (after Streamlit's own module script, so the frontend
    starts first); unchanged when there is no </head> or nothing to add."""
    if not tags or HEAD_END not in html:
        return html
    return html.replace(HEAD_END, tags + HEAD_END, 1)


def is_page(path: str, base_url_path: str = "") -> bool:
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    route = path[len(base) :] if base and path.startswith(base) else path
    return not route.startswith(NOT_PAGES)


class EarlyCharts:
    """Adds `chart_tags()` to the HTML of every page response."""

    def __init__(self, app: ASGIApp, tags: bytes | None = None) -> None:
        self.app = app
        self.tags = chart_tags() if tags is None else tags

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not self.tags
            or not is_page(scope["path"], st.get_option("server.baseUrlPath"))
        ):
            await self.app(scope, receive, send)
            return
        # The page uncompressed (7,9 KB), so the tag can be added; Streamlit gzips it otherwise.
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body: list[bytes] = []

        async def send_page(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers:
                    start = message  # held until the whole body is there
                    return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = with_tags(b"".join(body), self.tags)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_page)
