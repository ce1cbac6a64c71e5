"""A fake Kolada API v3 on 127.0.0.1 for tests and the loader benchmark: real sockets, real JSON.

It serves rows from the committed snapshot in the v3 shape (one row per KPI × municipality × period
with a `values` list whose gender order varies), pages by `page`/`per_page` with an absolute
`next_url` (or v2's `next_page`), and answers 422 for more than 25 ids in a segment or
`per_page` > 5000, as Kolada does. Faults are injected per request:

    server.faults.append(Fault("429", path_contains="/data/", times=1, retry_after=1))
    server.faults.append(Fault("500", page=3, times=None))   # page 3 fails forever

Kinds: "429" (with Retry-After), "500", "503", "slow" (waits `delay` s before answering), "truncate"
(a valid HTTP reply whose JSON body is cut in half), "cut" (the connection closes mid-body),
"missing_field" (the first row lacks `period`), "deep" (100 000 `[`: JSON nested past Python's recursion
limit). `server.requests` logs every request received.

Hostile kinds, each something a server could do to keep a nightly fetch running for ever or to slip
a row in that cannot be true:
"hang" (accepts, reads the request, never answers), "endless_next" (every page links a next page,
past the data, without end), "endless_body" (a 200 whose body never ends), "drip" (a 200 whose body
comes one byte every `delay` s, for ever), "foreign_next" (the next link points at `target`, another
origin), "redirect" (a 302 to `target`), "row" (the page carries `row` as well — see `data_row`).
A Retry-After of 100000 is `Fault("429", retry_after=100000)`.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import duckdb
import pandas as pd

from loaders.kolada import KoladaClient
from store.db import SNAPSHOT_DIR

MAX_IDS = 25
MAX_PER_PAGE = 5000
_DATA = re.compile(r"^/data/kpi/(?P<kpi>[^/]+)(?:/municipality/(?P<muni>[^/]+))?(?:/year/(?P<year>[^/]+))?$")
_META = re.compile(r"^/(?P<entity>kpi|kpi_groups|municipality|municipality_groups)(?:/(?P<ids>[^/]+))?$")


@dataclass
class Fault:
    kind: str
    path_contains: str = ""
    page: int | None = None
    times: int | None = 1  # None: forever
    retry_after: int = 1
    delay: float = 2.0
    target: str = ""  # foreign_next / redirect: where the link points
    row: dict | None = None  # row: the extra data row served on the faulty page

    def matches(self, path: str, page: int) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        return self.path_contains in path and (self.page is None or self.page == page)


@dataclass
class Logged:
    path: str
    query: dict[str, str]
    status: int


@dataclass
class FakeKolada:
    """Start with `start()` (returns the base URL, ending in /v3), stop with `stop()`."""

    observations: pd.DataFrame  # kpi_id, municipality_id, year, gender, value
    kpis: pd.DataFrame = field(default_factory=lambda: pd.read_parquet(SNAPSHOT_DIR / "kpi.parquet"))
    municipalities: pd.DataFrame = field(default_factory=lambda: pd.read_parquet(SNAPSHOT_DIR / "municipality.parquet"))
    max_rows_per_page: int = MAX_PER_PAGE  # a cap below 5000 makes small data span many pages
    legacy_next_page: bool = False  # v2 spelling of the next link
    updated: dict[tuple[str, str, int], str] = field(default_factory=dict)  # row → date it changed
    deleted: set[tuple[str, str, int, str]] = field(default_factory=set)  # served with isdeleted=true
    faults: list[Fault] = field(default_factory=list)
    requests: list[Logged] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # ends hung, endless and dripping replies at stop()
        self._cache: dict[tuple[str, str | None], list[dict]] = {}
        self._rows: dict[str, list[tuple[str, int, list[dict]]]] = {}
        obs = self.observations.sort_values(["kpi_id", "municipality_id", "year", "gender"])
        grouped: dict[tuple[str, str, int], list[dict]] = {}  # one pass; insertion keeps the sorted order
        for kpi, muni, year, gen, v in zip(
            obs["kpi_id"], obs["municipality_id"], obs["year"], obs["gender"], obs["value"]
        ):
            entry = {"gender": gen, "count": 1, "status": "", "value": float(v), "isdeleted": False}
            grouped.setdefault((kpi, muni, int(year)), []).append(entry)
        for (kpi, muni, year), entries in grouped.items():
            rot = (int(muni) + year) % len(entries)  # Kolada's gender order varies
            self._rows.setdefault(kpi, []).append((muni, year, entries[rot:] + entries[:rot]))
        self._meta: dict[str, list[dict]] | None = None  # built on the first metadata request

    # ---- life cycle -----------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                fake._handle(self)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v3"

    def count(self, path_contains: str = "") -> int:
        with self._lock:
            return sum(1 for r in self.requests if path_contains in r.path)

    # ---- answering ------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path = parts.path.removeprefix("/v3")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        log = Logged(path, query, 0)  # logged on arrival: a reply the client gave up on still counts
        with self._lock:
            self.requests.append(log)
        try:
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", MAX_PER_PAGE))
        except ValueError:
            return self._send(h, log, 422, {"error": "page and per_page must be integers"})
        fault = self._take_fault(path, page)
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault and fault.kind == "hang":
            self._stopping.wait()  # the socket stays open and silent until the fake stops
            return
        if fault and fault.kind in ("endless_body", "drip"):
            return self._send_forever(h, log, fault)
        if fault and fault.kind == "redirect":
            return self._send(h, log, 302, {"error": "moved"}, {"Location": fault.target})
        if fault and fault.kind in ("429", "500", "503"):
            headers = {"Retry-After": str(fault.retry_after)} if fault.kind != "500" else {}
            return self._send(h, log, int(fault.kind), {"error": "injected"}, headers)
        if per_page > MAX_PER_PAGE or per_page < 1 or page < 1:
            return self._send(h, log, 422, {"error": f"per_page must be 1-{MAX_PER_PAGE}"})
        m = _DATA.match(path)
        meta = _META.match(path)
        segments = [s for s in (m.groups() if m else (meta["ids"],) if meta else ()) if s]
        if any(len(s.split(",")) > MAX_IDS for s in segments):
            return self._send(h, log, 422, {"error": f"at most {MAX_IDS} ids per segment"})
        if m:
            cache_key = (path, query.get("from_date"))
            rows = self._cache.get(cache_key)
            if rows is None:  # every page of one listing filters once, as a database would
                rows = self._cache[cache_key] = self._data_rows(m, query.get("from_date"))
        elif meta:
            rows = self._meta_rows(meta["entity"], meta["ids"])
        else:
            return self._send(h, log, 404, {"error": "not found"})
        size = min(per_page, self.max_rows_per_page)
        chunk = rows[(page - 1) * size : page * size]
        if fault and fault.kind == "row" and fault.row is not None:
            chunk = [*chunk, fault.row]
        more = page * size < len(rows) or bool(fault and fault.kind == "endless_next")
        link = self._link(parts.path, query, page + 1) if more else None
        if link and fault and fault.kind == "foreign_next":
            link = fault.target.rstrip("/") + path + "?" + urlencode({**query, "page": page + 1})
        body: dict = {"count": len(chunk), "values": chunk}
        body["next_page" if self.legacy_next_page else "next_url"] = link
        body["previous_url"] = self._link(parts.path, query, page - 1) if page > 1 else None
        if fault and fault.kind == "missing_field" and chunk:
            body["values"] = [{k: v for k, v in chunk[0].items() if k != "period"}, *chunk[1:]]
        self._send(h, log, 200, body, fault=fault.kind if fault else None)

    def _send_forever(self, h: BaseHTTPRequestHandler, log: Logged, fault: Fault) -> None:
        """A 200 without Content-Length whose JSON never ends: fast (endless_body) or one byte every
        `delay` s (drip), until the client hangs up or the fake stops."""
        log.status = 200
        row = json.dumps(data_row("N15419", "1880", 2019, 69.6)).encode() + b", "
        piece = row * (64 * 1024 // len(row)) if fault.kind == "endless_body" else b" "
        try:
            h.send_response(200)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.end_headers()
            h.wfile.write(b'{"count": 1, "values": [')
            while not self._stopping.is_set():
                h.wfile.write(piece)
                h.wfile.flush()
                if fault.kind == "drip":
                    self._stopping.wait(fault.delay)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should
        h.close_connection = True

    def _take_fault(self, path: str, page: int) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.matches(path, page):
                    if f.times is not None:
                        f.times -= 1
                    return f
        return None

    def _link(self, path: str, query: dict[str, str], page: int) -> str:
        q = {**query, "page": page, "per_page": query.get("per_page", MAX_PER_PAGE)}
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}?{urlencode(q)}"

    def _data_rows(self, m: re.Match, from_date: str | None) -> list[dict]:
        munis = set(m["muni"].split(",")) if m["muni"] else None
        years = {int(y) for y in m["year"].split(",")} if m["year"] else None
        out = []
        for kpi in m["kpi"].split(","):
            for muni, year, entries in self._rows.get(kpi, []):
                if (munis is not None and muni not in munis) or (years is not None and year not in years):
                    continue
                if from_date and self.updated.get((kpi, muni, year), "2024-08-31") < from_date:
                    continue
                values = list(entries)
                values += [
                    {"gender": g, "count": 1, "status": "", "value": None, "isdeleted": True}
                    for g in ("T", "K", "M")
                    if (kpi, muni, year, g) in self.deleted
                ]
                out.append({"values": values, "kpi": kpi, "period": year, "municipality": muni})
        return out

    def _metadata(self) -> dict[str, list[dict]]:
        """The /kpi, /municipality and group listings, built once when first asked for (most tests
        ask only for values, and building them is most of a fake's start-up time)."""
        with self._lock:
            if self._meta is None:
                meta = {
                    "kpi": [
                        {k: _plain(v) for k, v in r.items() if k != "retired"}
                        for r in self.kpis.rename(columns={"kpi_id": "id"}).to_dict("records")
                        if str(r.get("retired")) != "True"  # Kolada no longer serves retired KPIs
                    ],
                    "municipality": [
                        {"id": r["municipality_id"], "title": r["title"], "type": r["type"]}
                        for r in self.municipalities.to_dict("records")
                    ],
                    "kpi_groups": _group_rows(
                        SNAPSHOT_DIR / "kpi_group.parquet", SNAPSHOT_DIR / "kpi_group_member.parquet"
                    ),
                    "municipality_groups": _group_rows(
                        SNAPSHOT_DIR / "municipality_group.parquet", SNAPSHOT_DIR / "municipality_group_member.parquet"
                    ),
                }
                self._meta = meta
            return self._meta

    def _meta_rows(self, entity: str, ids: str | None) -> list[dict]:
        rows = self._metadata()[entity]
        if ids is None:
            return rows
        wanted = set(ids.split(","))
        return [r for r in rows if r["id"] in wanted]

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        log: Logged,
        status: int,
        body: dict,
        headers: dict[str, str] | None = None,
        fault: str | None = None,
    ) -> None:
        log.status = status
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        length = len(data)
        if fault == "truncate":
            data = data[: len(data) // 2]
            length = len(data)
        elif fault == "deep":  # nested deeper than a recursive JSON parser can go
            data = b"[" * 100_000
            length = len(data)
        elif fault == "cut":
            data = data[: len(data) // 2]
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json; charset=utf-8")
            h.send_header("Content-Length", str(length))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (read timeout) before the slow reply came
        if fault == "cut":
            h.close_connection = True


@contextlib.contextmanager
def serving(observations: pd.DataFrame, **options) -> Iterator[FakeKolada]:
    """A started fake for the length of a `with` block."""
    fake = FakeKolada(observations, **options)
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


def fast_client(fake: FakeKolada, **options) -> KoladaClient:
    """A client for tests: retries wait 0, 0,02, 0,04 … s (Retry-After is still honoured)."""
    return KoladaClient(base=fake.base_url, **{"backoff_factor": 0.01, "read_timeout": 5.0, **options})


def data_row(kpi: object, municipality: object, period: object, value: object, gender: str = "T") -> dict:
    """One v3 data row with a single value, as Kolada shapes it (for Fault("row", row=...))."""
    entry = {"gender": gender, "count": 1, "status": "", "value": value, "isdeleted": False}
    return {"values": [entry], "kpi": kpi, "period": period, "municipality": municipality}


def _plain(v: object) -> object:
    """Parquet values → JSON values as the API sends them (dates as text, booleans as booleans)."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    if v in ("True", "False"):  # the snapshot stores Kolada's booleans as text
        return v == "True"
    return v


def _group_rows(groups: Path, members: Path) -> list[dict]:
    g = pd.read_parquet(groups)
    m = pd.read_parquet(members).sort_values(["group_id", "position"])
    id_col = "kpi_id" if "kpi_id" in m.columns else "municipality_id"
    by_group = {
        gid: [{"member_id": a, "member_title": b} for a, b in zip(sub[id_col], sub["member_title"])]
        for gid, sub in m.groupby("group_id")
    }
    return [{"id": gid, "title": t, "members": by_group.get(gid, [])} for gid, t in zip(g["group_id"], g["title"])]


def snapshot_values(
    kpi_ids: list[str], years: list[int] | None = None, municipality_ids: list[str] | None = None
) -> pd.DataFrame:
    """The snapshot's rows of these KPIs (optionally only some years and municipalities)."""
    return (
        duckdb.execute(
            "SELECT kpi_id, municipality_id, CAST(year AS INTEGER) AS year, gender, value FROM read_parquet(?) "
            "WHERE list_contains(?, kpi_id) AND (? IS NULL OR list_contains(?, CAST(year AS INTEGER))) "
            "AND (? IS NULL OR list_contains(?, municipality_id))",
            [
                str(SNAPSHOT_DIR / "observation.parquet"),
                kpi_ids,
                None if years is None else 1,
                list(years or []),
                None if municipality_ids is None else 1,
                list(municipality_ids or []),
            ],
        )
        .df()
        .sort_values(["kpi_id", "municipality_id", "year", "gender"], ignore_index=True)
    )
