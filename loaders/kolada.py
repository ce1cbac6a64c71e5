"""A small client for the Kolada API v3 (https://api.kolada.se/v3), shaped by how the API behaves.

Why it looks like this:
- Kolada refuses more than 25 ids in one path segment and more than 5 000 rows a page (HTTP 422), so
  ids go in batches of at most 25 and every request asks `per_page=5000`; the client then follows the
  absolute `next_url` (v2 called it `next_page`) and sends no request that paging does not need.
- No rate limit is documented, but 429 and 5xx happen; urllib3's `Retry` retries them with backoff
  and honours `Retry-After`. A 500 is retried too, a bounded number of times.
- Nothing a server says can keep a fetch going for ever (a nightly job must end): one `Deadline` per
  fetch (default 10 min) bounds every request's timeout, every retry's wait and every page read;
  `Retry-After` is capped at 60 s; one listing has at most `max_pages` pages; a page body is read
  piece by piece and refused past 50 MB; `next_url` is followed only on the base URL's scheme, host
  and port, and redirects are not followed at all (Kolada does not use them).
- Anything that is not exactly the documented row shape (a missing field, truncated JSON) raises
  `KoladaError` before a single row reaches the store: a load is whole or nothing. `validate_values`
  then checks the rows' meaning (a finite value, a year 1950–2100, a known municipality, a KPI that
  was asked for) before anything is written; one bad row rejects the whole load.
- Every message is an i18n key with its values (i18n/messages.py, `fetch_*`): `str()` of an error is
  the Swedish sentence (CLI, load history), a page words it in its own language (`i18n.say`).
- Results are DataFrames in the store's shapes (observation: kpi_id, municipality_id, year, gender,
  value, status, count), so loaders/fetch.py only stages and writes.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import numpy as np
import pandas as pd
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

from i18n import Decimal, Message, Worded
from store.errors import InvalidInput

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
MAX_IDS = 25
PER_PAGE = 5000
GENDERS = ("T", "K", "M")
OBS_COLUMNS = ["kpi_id", "municipality_id", "year", "gender", "value", "status", "count"]
RETRY_STATUSES = (429, 500, 502, 503, 504)
DEFAULT_TIMEOUT = 600.0  # seconds one whole fetch may take (`python -m loaders fetch --timeout`)
RETRY_AFTER_CAP = 60.0  # the longest wait a server's Retry-After can ask for
MAX_PAGES = 200  # per listing; the largest real one (25 KPIs × 312 ids × 25 years) is 39 pages
MAX_PAGE_BYTES = 50 * 1024 * 1024  # a full 5 000-row page is about 1,3 MB
READ_CHUNK = 64 * 1024
YEAR_MIN, YEAR_MAX = 1950, 2100  # the same bounds as a file row's year (loaders/files.py)

Progress = Callable[[int, int, int], None]  # (batches done, batches in all, rows so far)


class KoladaError(Worded, RuntimeError):
    """Kolada answered, but not with what the documented API promises; nothing was written.
    Raised with an i18n key and its values: `KoladaError("fetch_no_kpis")`."""


class KoladaUnreachable(KoladaError):
    """No usable answer at all (no network, DNS, timeouts, retries used up)."""


class KoladaDeadline(KoladaUnreachable):
    """The fetch's total time ran out (a server that never answers, endless waits or pages)."""


class RowRejected(KoladaError):
    """A fetched row that is well formed but cannot be true; the whole load is refused.

    Carries the row's key and a reason code (`reason`, whose words are the key `fetch_row_<reason>`
    with the values in `detail`); `n_bad` counts every bad row of the load."""

    def __init__(
        self,
        kpi_id: object,
        municipality_id: object,
        year: object,
        reason: str,
        n_bad: int = 1,
        /,
        **detail: object,
    ):
        kpi_id, municipality_id, year = (
            v.item() if isinstance(v, np.generic) else v for v in (kpi_id, municipality_id, year)
        )
        self.kpi_id, self.municipality_id, self.year = kpi_id, municipality_id, year
        self.reason, self.n_bad = reason, n_bad
        super().__init__(
            "fetch_row_rejected",
            kpi=_shown(kpi_id),
            municipality=_shown(municipality_id),
            year=_shown(year),
            detail=Message(f"fetch_row_{reason}", **detail),
            more=Message("fetch_row_more", n=n_bad) if n_bad > 1 else "",
        )


class Deadline:
    """The one clock of a fetch. Shared by reference with every copy urllib3 makes of the Retry, so
    retries, request timeouts and page reads all answer to the same end time; `attempt` is the
    current request's read timeout and `why` keeps what stopped the fetch early (e.g. a Retry-After
    longer than the time left) for the message."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.ends = time.monotonic() + self.seconds
        self.attempt = 0.0
        self.why: Message | None = None

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def passed(self) -> bool:
        return self.remaining() <= 0


class _GaveUp(Exception):
    """The reason inside urllib3's MaxRetryError when waiting would overrun the deadline."""


class BoundedRetry(Retry):
    """urllib3's Retry with bounds a server cannot lift: Retry-After is capped at `retry_after_cap`
    (urllib3's own cap is 6 h), and no retry starts past the fetch's deadline. When the wait alone
    would overrun it — or, after a timeout, the wait plus another full timeout — it gives up at once
    instead of sleeping: a server that was silent once is likely to be silent again."""

    def __init__(self, *args, deadline: Deadline | None = None, retry_after_cap: float = RETRY_AFTER_CAP, **kw):
        super().__init__(*args, **kw)
        self.deadline = deadline
        self.retry_after_cap = retry_after_cap

    def new(self, **kw) -> BoundedRetry:
        kw.setdefault("deadline", self.deadline)
        kw.setdefault("retry_after_cap", self.retry_after_cap)
        return super().new(**kw)

    def parse_retry_after(self, retry_after: str) -> float:
        return min(super().parse_retry_after(retry_after), self.retry_after_cap)

    def get_retry_after(self, response) -> float | None:
        try:
            return super().get_retry_after(response)
        except InvalidHeader:  # not a number or a date: back off as if none was sent
            return None

    def is_exhausted(self) -> bool:
        return super().is_exhausted() or (self.deadline is not None and self.deadline.passed())

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        if self.deadline is None:
            return new
        wait = new.get_retry_after(response) if response is not None and self.respect_retry_after_header else None
        wait = wait or new.get_backoff_time()
        silent = isinstance(error, urllib3.exceptions.TimeoutError)
        if wait + (self.deadline.attempt if silent else 0.0) >= self.deadline.remaining():
            asked = response.headers.get("Retry-After") if response is not None else None
            if asked:
                self.deadline.why = Message("fetch_why_retry_after", seconds=_shown(asked, 20))
            elif silent:
                self.deadline.why = Message("fetch_why_silent", seconds=Decimal(round(self.deadline.attempt, 1)))
            else:
                self.deadline.why = Message("fetch_why_backoff", seconds=Decimal(round(wait, 1)))
            raise MaxRetryError(_pool, url or "", _GaveUp(str(self.deadline.why)))
        return new


def base_url() -> str:
    return (os.environ.get("KOLADA_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def batches(ids: Iterable[str], size: int = MAX_IDS) -> list[list[str]]:
    """Unique ids in first-seen order, cut into path segments of at most `size` (Kolada's limit)."""
    unique = list(dict.fromkeys(str(i) for i in ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


@dataclass
class KoladaClient:
    """One HTTP session with retries; `pages_requested` counts the pages asked for (retries excluded)."""

    base: str = field(default_factory=base_url)
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 4
    backoff_factor: float = 1.0  # waits 0, 2, 4, 8 s between the 4 retries (urllib3: factor × 2^(n-1))
    timeout: float = DEFAULT_TIMEOUT  # seconds for one whole fetch; `start_deadline` restarts the clock
    retry_after_cap: float = RETRY_AFTER_CAP
    max_pages: int = MAX_PAGES
    max_page_bytes: int = MAX_PAGE_BYTES
    pages_requested: int = 0

    def __post_init__(self) -> None:
        self.base = self.base.rstrip("/")
        self.deadline = Deadline(self.timeout)
        retry = BoundedRetry(
            total=self.retries,
            connect=self.retries,
            read=self.retries,
            status=self.retries,
            backoff_factor=self.backoff_factor,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            redirect=0,
            deadline=self.deadline,
            retry_after_cap=self.retry_after_cap,
        )
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers["Accept"] = "application/json"

    def close(self) -> None:
        self.session.close()

    def start_deadline(self, seconds: float | None = None) -> None:
        """Restart the fetch's clock (`seconds`, else the client's `timeout`); the Retry shares it."""
        if seconds is not None:
            if not (math.isfinite(seconds) and seconds > 0):
                raise InvalidInput("fetch_bad_timeout", seconds=repr(seconds))
            self.timeout = float(seconds)
        self.deadline.seconds = self.timeout
        self.deadline.ends = time.monotonic() + self.timeout
        self.deadline.why = None

    # ---- HTTP ---------------------------------------------------------------------------------
    def _deadline_error(self, detail: Message | None = None) -> KoladaDeadline:
        why = self.deadline.why or detail
        return KoladaDeadline(
            "fetch_deadline",
            seconds=Decimal(self.deadline.seconds),
            why=Message("fetch_because", why=why) if why else "",
        )

    def _get(self, url: str, params: dict[str, str | int] | None = None) -> dict:
        """One page: the request and every read of its body inside the deadline, the body capped."""
        left = self.deadline.remaining()
        if left <= 0:
            raise self._deadline_error()
        self.pages_requested += 1
        timeout = (min(self.connect_timeout, left), min(self.read_timeout, left))
        self.deadline.attempt = timeout[1]
        try:
            with self.session.get(url, params=params, timeout=timeout, stream=True, allow_redirects=False) as resp:
                status, where = resp.status_code, resp.url
                if status in RETRY_STATUSES:
                    if self.deadline.why or self.deadline.passed():
                        raise self._deadline_error()
                    raise KoladaUnreachable(
                        "fetch_status_after_retries", status=status, retries=self.retries, url=where
                    )
                if resp.is_redirect:
                    location = _shown(resp.headers.get("Location"), 120)
                    raise KoladaError("fetch_redirect", location=location, status=status)
                if status != 200:
                    head = self._read_body(resp, where, limit=200)
                    raise KoladaError("fetch_status", status=status, url=where, body=head.decode(errors="replace"))
                body = self._read_body(resp, where)
        except (requests.ConnectionError, requests.Timeout, ReadTimeoutError) as exc:
            if self.deadline.why or self.deadline.passed():
                raise self._deadline_error(Message("fetch_why_last_call", reason=_reason(exc))) from exc
            raise KoladaUnreachable("fetch_unreachable", url=self.base, reason=_reason(exc)) from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:  # a body cut off mid-transfer
            raise KoladaError("fetch_cut_off", url=url, reason=_reason(exc)) from exc
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: [[[[… nested deeper than Python goes
            raise KoladaError("fetch_not_json", size=len(body), url=where) from exc
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            raise KoladaError("fetch_no_values", url=where)
        return data

    def _read_body(self, resp: requests.Response, where: str, limit: int | None = None) -> bytes:
        """The body piece by piece: each piece is what one socket read gave (read1), so a server that
        sends forever is stopped at `max_page_bytes` and one that trickles is stopped by the deadline
        (a plain read would wait for a whole 64 KiB). With `limit`, just the first bytes (an error text)."""
        cap = self.max_page_bytes if limit is None else limit
        declared = resp.headers.get("Content-Length", "")
        if limit is None and declared.isdigit() and int(declared) > cap:
            raise KoladaError(self._too_big(where, int(declared)))
        body = bytearray()
        while len(body) <= cap:
            piece = resp.raw.read1(READ_CHUNK, decode_content=True)
            if not piece:
                return bytes(body)
            body += piece
            if self.deadline.passed():
                raise self._deadline_error(Message("fetch_why_unfinished", size=len(body)))
        if limit is not None:
            return bytes(body[:limit])
        raise KoladaError(self._too_big(where, len(body)))

    def _too_big(self, where: str, size: int) -> Message:
        return Message("fetch_too_big", mb=self.max_page_bytes // (1024 * 1024), size=size, url=where)

    def pages(self, path: str, params: dict[str, str | int] | None = None) -> Iterator[list[dict]]:
        """Every page of one listing: first `path?per_page=5000`, then the server's next link verbatim —
        at most `max_pages` of them, and only on the base URL's own scheme, host and port."""
        url: str | None = f"{self.base}/{path.lstrip('/')}"
        query: dict[str, str | int] | None = {"per_page": PER_PAGE, **(params or {})}
        seen: set[str] = set()
        while url:
            if url in seen:  # a next link pointing back would page forever
                raise KoladaError("fetch_page_loop", url=_shown(url, 120))
            if len(seen) >= self.max_pages:
                raise KoladaError("fetch_too_many_pages", max=self.max_pages, path=path.lstrip("/"))
            seen.add(url)
            data = self._get(url, query)
            yield data["values"]
            nxt = data.get("next_url", data.get("next_page"))
            if nxt is not None and not isinstance(nxt, str):
                raise KoladaError("fetch_bad_next", link=_shown(nxt))
            url = urljoin(url, nxt) if nxt else None
            if url and _origin(url) != _origin(self.base):
                raise KoladaError("fetch_foreign_next", url=_shown(url, 120), base=self.base)
            query = None  # the next link already carries page, per_page and from_date

    def _listing(self, entity: str, ids: Sequence[str] | None) -> list[dict]:
        """Every row of /entity or /entity/{ids}; with ids, a row for an id not asked for is refused."""
        paths = [entity] if ids is None else [f"{entity}/{','.join(b)}" for b in batches(ids)]
        rows = [row for p in paths for page in self.pages(p) for row in page]
        if ids is not None:
            asked = set(ids)
            extra = [r.get("id") for r in rows if isinstance(r, dict) and r.get("id") not in asked]
            if extra:
                raise KoladaError("fetch_not_asked", entity=entity, ids=", ".join(_shown(e) for e in extra[:3]))
        return rows

    # ---- metadata -----------------------------------------------------------------------------
    def kpis(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        """/kpi rows as Kolada names them (id, title, description, ...), ready for transform.kpi_catalogue."""
        rows = self._listing("kpi", ids)
        for i, r in enumerate(rows):
            _require(r, {"id": str, "title": str}, "fetch_where_row", entity="kpi", row=i + 1)
        return pd.DataFrame(rows, columns=sorted({k for r in rows for k in r} | {"id", "title"}))

    def municipalities(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        """id, title, type — the shape transform.municipalities expects."""
        rows = self._listing("municipality", ids)
        for i, r in enumerate(rows):
            _require(r, {"id": str, "title": str, "type": str}, "fetch_where_row", entity="municipality", row=i + 1)
        return pd.DataFrame(rows, columns=["id", "title", "type"])

    def kpi_groups(self, ids: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(group_id, title), (group_id, kpi_id, position) — e.g. GKPI118 resolves to the KKiK KPIs."""
        groups, members = self._groups("kpi_groups", ids)
        members = members.rename(columns={"member_id": "kpi_id"})
        members["position"] = members.groupby("group_id").cumcount()
        return groups, members

    def municipality_groups(self, ids: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(group_id, title), (group_id, municipality_id) — input to transform.municipality_groups."""
        groups, members = self._groups("municipality_groups", ids)
        return groups, members.rename(columns={"member_id": "municipality_id"})

    def _groups(self, entity: str, ids: Sequence[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = self._listing(entity, ids)
        out, mem = [], []
        for i, r in enumerate(rows):
            _require(r, {"id": str, "title": str, "members": list}, "fetch_where_row", entity=entity, row=i + 1)
            out.append((r["id"], r["title"]))
            for m in r["members"]:
                _require(m, {"member_id": str}, "fetch_where_member", entity=entity, row=i + 1)
                mem.append((r["id"], m["member_id"]))
        return (
            pd.DataFrame(out, columns=["group_id", "title"]),
            pd.DataFrame(mem, columns=["group_id", "member_id"]),
        )

    def kpi_group_members(self, group_ids: Sequence[str]) -> list[str]:
        """The KPI ids of the given KPI groups, in the groups' order, without repeats."""
        groups, members = self.kpi_groups(group_ids)
        missing = sorted(set(group_ids) - set(groups["group_id"]))
        if missing:
            raise KoladaError("fetch_unknown_group", ids=", ".join(missing))
        odd = [k for k in members["kpi_id"] if not _ID.fullmatch(k)]
        if odd:  # a member becomes an asked-for KPI and a path segment: it must look like an id
            raise KoladaError("fetch_bad_group_member", id=_shown(odd[0]))
        return list(dict.fromkeys(members["kpi_id"]))

    # ---- values -------------------------------------------------------------------------------
    def value_paths(
        self,
        kpi_ids: Sequence[str],
        years: Sequence[int] | None = None,
        municipality_ids: Sequence[str] | None = None,
    ) -> list[str]:
        """One path per combination of id batches: /data/kpi/{≤25}[/municipality/{≤25}][/year/{≤25}]."""
        if not kpi_ids:
            raise KoladaError("fetch_no_kpis")
        if not years and not municipality_ids:
            raise KoladaError("fetch_need_years")
        paths = []
        for k in batches(kpi_ids):
            for m in batches(municipality_ids) if municipality_ids else [None]:
                for y in batches([str(int(y)) for y in years]) if years else [None]:
                    p = f"data/kpi/{','.join(k)}"
                    if m:
                        p += f"/municipality/{','.join(m)}"
                    if y:
                        p += f"/year/{','.join(y)}"
                    paths.append(p)
        return paths

    def values(
        self,
        kpi_ids: Sequence[str],
        years: Sequence[int] | None = None,
        municipality_ids: Sequence[str] | None = None,
        from_date: str | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """All values asked for, in the store's observation shape; isdeleted entries dropped."""
        paths = self.value_paths(kpi_ids, years, municipality_ids)
        params = {"from_date": from_date} if from_date else None
        frames, n_rows = [], 0
        for i, path in enumerate(paths):
            for page in self.pages(path, params):
                frame = parse_data_rows(page)
                frames.append(frame)
                n_rows += len(frame)
                if progress:
                    progress(i, len(paths), n_rows)
            if progress:
                progress(i + 1, len(paths), n_rows)
        if not frames:
            return parse_data_rows([])
        return pd.concat(frames, ignore_index=True)


_CAUSES = {  # a marker in the innermost cause's text → its words (i18n key)
    "Read timed out": "fetch_cause_timeout",
    "Connection refused": "fetch_cause_refused",
    "Max retries exceeded": "fetch_cause_retries",
    "IncompleteRead": "fetch_cause_incomplete",
}


def _reason(exc: BaseException) -> Message:
    """The innermost cause, short: 'Read timed out', 'Connection refused', ... in words; another
    cause as its own (library) text."""
    text = str(exc)
    key = next((key for marker, key in _CAUSES.items() if marker in text), None)
    return Message(key) if key else Message("fetch_cause_other", text=text[:200])


def _shown(value: object, width: int = 40) -> str:
    """A value from a server, quoted and cut short, for a message: it stays visibly text."""
    if isinstance(value, np.generic):
        value = value.item()
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= width else text[: width - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in; a bad port never matches."""
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        port = -1
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _require(row: object, fields: dict[str, type | tuple[type, ...]], where: str, /, **at: object) -> None:
    """Refuse a row that lacks a field or has one of the wrong type; `where` (an i18n key) and `at`
    say which row — worded only when the row is refused."""
    if not isinstance(row, dict):
        raise KoladaError("fetch_shape_not_object", where=Message(where, **at))
    for name, kind in fields.items():
        if name not in row:
            raise KoladaError("fetch_shape_missing", where=Message(where, **at), field=name)
        value = row[name]
        # bool is an int in Python; a period, count or value of `true` is still wrong.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise KoladaError("fetch_shape_type", where=Message(where, **at), field=name, value=_shown(value))


_ROW_FIELDS = {"kpi": str, "period": int, "municipality": str, "values": list}
_ENTRY_FIELDS = {
    "gender": str,
    "value": (int, float, str, type(None)),  # a string is refused below with the row's name
    "isdeleted": bool,
    "count": (int, type(None)),
    "status": (str, type(None)),
}


def _entry_value(row: dict, entry: dict) -> float | None:
    """The value as a float, or None (missing). NaN and Infinity are valid JSON to Python's parser and
    "inf" is a string: both would turn into a value nobody published, so they reject the load here —
    later a NaN could no longer be told apart from a missing value."""
    value = entry["value"]
    if value is None:
        return None
    key = (row["kpi"], row["municipality"], row["period"])
    if isinstance(value, str) or isinstance(value, bool):
        raise RowRejected(*key, "value_not_number", value=_shown(value))
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise RowRejected(*key, "value_not_finite", value=_shown(value))
    return number


def parse_data_rows(rows: list[dict]) -> pd.DataFrame:
    """v3 data rows → kpi_id, municipality_id, year, gender, value, status, count.

    Each row is one KPI × municipality × period with a `values` list (T, and K/M when divided, in any
    order). Entries with isdeleted=true are dropped; a null value is kept as missing (NULL, never 0);
    an empty status becomes NULL. Any deviation from the shape raises KoladaError, a non-finite value
    RowRejected. Year and count keep Python's width (int64 or wider): `validate_values` checks them
    before they are narrowed to the store's types — year 40000 must not become −25536."""
    out: list[tuple] = []
    for i, row in enumerate(rows):
        _require(row, _ROW_FIELDS, "fetch_where_data", row=i + 1)
        at = {"row": i + 1, "kpi": _shown(row["kpi"]), "municipality": _shown(row["municipality"])}
        at["period"] = _shown(row["period"])
        for entry in row["values"]:
            _require(entry, _ENTRY_FIELDS, "fetch_where_entry", **at)
            if entry["gender"] not in GENDERS:
                where = Message("fetch_where_data", row=i + 1)
                raise KoladaError("fetch_gender", gender=_shown(entry["gender"]), where=where)
            if entry["isdeleted"]:
                continue
            out.append(
                (
                    row["kpi"],
                    row["municipality"],
                    row["period"],
                    entry["gender"],
                    _entry_value(row, entry),
                    entry["status"] or None,
                    entry["count"],
                )
            )
    df = pd.DataFrame(out, columns=OBS_COLUMNS)
    for col in ("year", "count"):  # wide ints; a number beyond int64 stays an object and is refused later
        if df[col].dtype == object and all(isinstance(v, int) and -(2**63) <= v < 2**63 for v in df[col].dropna()):
            df[col] = df[col].astype("Int64" if col == "count" else "int64")
    df["value"] = df["value"].astype("float64")
    df["status"] = df["status"].astype("object")
    return df


def validate_values(
    values: pd.DataFrame,
    asked_kpis: Collection[str],
    known_municipalities: Collection[str],
    *,
    asked_years: Collection[int] | None = None,
    asked_municipalities: Collection[str] | None = None,
) -> pd.DataFrame:
    """Check fetched rows like a file's rows, then narrow them to the store's types.

    Every row must have a KPI that was asked for, a municipality the store knows (and, when given,
    one that was asked for), a year 1950–2100 (and, when given, one that was asked for), a finite
    value or none (NaN = missing), a gender T/K/M and a count 0–2^31 or none. The year is checked on
    its full width BEFORE the cast to int16. One bad row rejects all: RowRejected names the first bad
    row (kpi, municipality, year) and why, and counts the rest. Returns a copy with year int16 and
    count Int32 — exactly what the store's staging expects. Used by loaders/fetch.py before anything
    is written, and by the store's publishing path."""
    df = values.reindex(columns=OBS_COLUMNS)
    year_ok = _whole_in_range(df["year"], YEAR_MIN, YEAR_MAX)
    count_ok = df["count"].isna() | _whole_in_range(df["count"], 0, 2**31 - 1)
    number = pd.to_numeric(df["value"], errors="coerce")
    value_ok = (df["value"].isna() | number.notna()) & ~np.isinf(number.fillna(0).to_numpy(dtype="float64"))
    checks = [  # (reason code, rows that pass, the values that word a failing row's problem)
        ("kpi_not_asked", df["kpi_id"].isin(set(asked_kpis)), lambda r: {}),
        ("municipality_unknown", df["municipality_id"].isin(set(known_municipalities)), lambda r: {}),
        (
            "municipality_not_asked",
            df["municipality_id"].isin(set(asked_municipalities)) if asked_municipalities else True,
            lambda r: {},
        ),
        ("year_out_of_range", year_ok, lambda r: {"year": _shown(r["year"]), "low": YEAR_MIN, "high": YEAR_MAX}),
        (
            "year_not_asked",
            ~year_ok | df["year"].isin(set(asked_years)) if asked_years else True,
            lambda r: {"year": _shown(r["year"])},
        ),
        ("value_not_finite", value_ok, lambda r: {"value": _shown(r["value"])}),
        ("gender_unknown", df["gender"].isin(GENDERS), lambda r: {"gender": _shown(r["gender"])}),
        ("count_invalid", count_ok, lambda r: {"count": _shown(r["count"])}),
    ]
    bad = pd.Series(False, index=df.index)
    for _code, ok, _say in checks:
        bad |= ~pd.Series(ok, index=df.index).astype(bool)
    if bad.any():
        first = df.loc[bad].iloc[0]
        for code, ok, say in checks:
            if not bool(pd.Series(ok, index=df.index).astype(bool).loc[first.name]):
                raise RowRejected(
                    first["kpi_id"], first["municipality_id"], first["year"], code, int(bad.sum()), **say(first)
                )
    out = df.copy()
    out["year"] = out["year"].astype("int16")
    out["value"] = number.astype("float64")
    out["count"] = out["count"].astype("Int32")
    return out


def _whole_in_range(column: pd.Series, low: int, high: int) -> pd.Series:
    """Whole numbers low..high, judged on the values as they are (no cast that could wrap them)."""
    if pd.api.types.is_integer_dtype(column):
        return column.between(low, high).fillna(False).astype(bool)
    if pd.api.types.is_float_dtype(column):
        x = column.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            return pd.Series(np.isfinite(x) & (np.mod(x, 1) == 0) & (x >= low) & (x <= high), index=column.index)
    return column.map(
        lambda v: (
            isinstance(v, (int, np.integer, float, np.floating))
            and not isinstance(v, bool)
            and math.isfinite(v)
            and float(v).is_integer()
            and low <= v <= high
        )
    ).astype(bool)
