"""A small client for the Kolada API v3 (https://api.kolada.se/v3), shaped by how the API behaves.

Why it looks like this:
- Kolada refuses more than 25 ids in one path segment and more than 5 000 rows a page (HTTP 422), so
  ids go in batches of at most 25 and every request asks `per_page=5000`; the client then follows the
  absolute `next_url` (v2 called it `next_page`) and sends no request that paging does not need.
- No rate limit is documented, but 429 and 5xx happen; urllib3's `Retry` retries them with backoff
  and honours `Retry-After`. A 500 is retried too, a bounded number of times.
- Anything that is not exactly the documented row shape (a missing field, truncated JSON) raises
  `KoladaError` before a single row reaches the store: a load is whole or nothing.
- Results are DataFrames in the store's shapes (observation: kpi_id, municipality_id, year, gender,
  value, status, count), so loaders/fetch.py only stages and writes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pandas as pd
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
MAX_IDS = 25
PER_PAGE = 5000
GENDERS = ("T", "K", "M")
OBS_COLUMNS = ["kpi_id", "municipality_id", "year", "gender", "value", "status", "count"]
RETRY_STATUSES = (429, 500, 502, 503, 504)

Progress = Callable[[int, int, int], None]  # (batches done, batches in all, rows so far)


class KoladaError(RuntimeError):
    """Kolada answered, but not with what the documented API promises; nothing was written."""


class KoladaUnreachable(KoladaError):
    """No usable answer at all (no network, DNS, timeouts, retries used up)."""


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
    pages_requested: int = 0

    def __post_init__(self) -> None:
        self.base = self.base.rstrip("/")
        retry = Retry(
            total=self.retries,
            connect=self.retries,
            read=self.retries,
            status=self.retries,
            backoff_factor=self.backoff_factor,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        self.session.headers["Accept"] = "application/json"

    def close(self) -> None:
        self.session.close()

    # ---- HTTP ---------------------------------------------------------------------------------
    def _get(self, url: str, params: dict[str, str | int] | None = None) -> dict:
        self.pages_requested += 1
        try:
            resp = self.session.get(url, params=params, timeout=(self.connect_timeout, self.read_timeout))
            body = resp.content
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise KoladaUnreachable(
                f"Kolada kan inte nås ({self.base}): {_reason(exc)}. Inget ändrades – den inbyggda datan används."
            ) from exc
        except requests.RequestException as exc:  # e.g. a body cut off mid-transfer
            raise KoladaError(f"Svaret från Kolada avbröts ({url}): {_reason(exc)}. Inget ändrades.") from exc
        if resp.status_code in RETRY_STATUSES:
            raise KoladaUnreachable(
                f"Kolada svarade {resp.status_code} även efter {self.retries} nya försök ({resp.url}). "
                "Inget ändrades – den inbyggda datan används."
            )
        if resp.status_code != 200:
            raise KoladaError(f"Kolada svarade {resp.status_code} på {resp.url}: {body[:200].decode(errors='replace')}")
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise KoladaError(
                f"Svaret från Kolada är inte giltig JSON (avkortat eller trasigt, {len(body)} byte från {resp.url}). "
                "Inget ändrades."
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            raise KoladaError(f"Svaret från Kolada saknar listan 'values' ({resp.url}). Inget ändrades.")
        return data

    def pages(self, path: str, params: dict[str, str | int] | None = None) -> Iterator[list[dict]]:
        """Every page of one listing: first `path?per_page=5000`, then the server's next link verbatim."""
        url: str | None = f"{self.base}/{path.lstrip('/')}"
        query: dict[str, str | int] | None = {"per_page": PER_PAGE, **(params or {})}
        seen: set[str] = set()
        while url:
            if url in seen:  # a next link pointing back would page forever
                raise KoladaError(f"Kolada pekar tillbaka på en sida som redan hämtats ({url}). Inget ändrades.")
            seen.add(url)
            data = self._get(url, query)
            yield data["values"]
            nxt = data.get("next_url", data.get("next_page"))
            if nxt is not None and not isinstance(nxt, str):
                raise KoladaError(f"Ogiltig länk till nästa sida från Kolada: {nxt!r}")
            url = urljoin(url, nxt) if nxt else None
            query = None  # the next link already carries page, per_page and from_date

    def _listing(self, entity: str, ids: Sequence[str] | None) -> list[dict]:
        paths = [entity] if ids is None else [f"{entity}/{','.join(b)}" for b in batches(ids)]
        return [row for p in paths for page in self.pages(p) for row in page]

    # ---- metadata -----------------------------------------------------------------------------
    def kpis(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        """/kpi rows as Kolada names them (id, title, description, ...), ready for transform.kpi_catalogue."""
        rows = self._listing("kpi", ids)
        for i, r in enumerate(rows):
            _require(r, {"id": str, "title": str}, f"/kpi rad {i + 1}")
        return pd.DataFrame(rows, columns=sorted({k for r in rows for k in r} | {"id", "title"}))

    def municipalities(self, ids: Sequence[str] | None = None) -> pd.DataFrame:
        """id, title, type — the shape transform.municipalities expects."""
        rows = self._listing("municipality", ids)
        for i, r in enumerate(rows):
            _require(r, {"id": str, "title": str, "type": str}, f"/municipality rad {i + 1}")
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
            _require(r, {"id": str, "title": str, "members": list}, f"/{entity} rad {i + 1}")
            out.append((r["id"], r["title"]))
            for m in r["members"]:
                _require(m, {"member_id": str}, f"/{entity} rad {i + 1}, medlem")
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
            raise KoladaError(f"Okänd nyckeltalsgrupp hos Kolada: {', '.join(missing)}")
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
            raise KoladaError("Inga nyckeltal att hämta.")
        if not years and not municipality_ids:
            raise KoladaError(
                "Kolada v3 kräver år eller kommuner för att hämta värden (ange --years eller --municipality)."
            )
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


def _reason(exc: BaseException) -> str:
    """The innermost cause, short: 'Read timed out', 'Connection refused', ..."""
    text = str(exc)
    for marker in ("Read timed out", "Connection refused", "Max retries exceeded", "IncompleteRead"):
        if marker in text:
            return {
                "Read timed out": "svarade inte i tid",
                "Connection refused": "anslutningen nekades",
                "Max retries exceeded": "för många misslyckade försök",
                "IncompleteRead": "svaret avbröts",
            }[marker]
    return text[:200]


def _require(row: object, fields: dict[str, type | tuple[type, ...]], where: str) -> None:
    if not isinstance(row, dict):
        raise KoladaError(f"Oväntat svar från Kolada ({where}): en rad är inte ett objekt.")
    for name, kind in fields.items():
        if name not in row:
            raise KoladaError(f"Oväntat svar från Kolada ({where}): fältet '{name}' saknas.")
        value = row[name]
        # bool is an int in Python; a period, count or value of `true` is still wrong.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise KoladaError(f"Oväntat svar från Kolada ({where}): fältet '{name}' har fel typ ({value!r}).")


_ROW_FIELDS = {"kpi": str, "period": int, "municipality": str, "values": list}
_ENTRY_FIELDS = {
    "gender": str,
    "value": (int, float, type(None)),
    "isdeleted": bool,
    "count": (int, type(None)),
    "status": (str, type(None)),
}


def parse_data_rows(rows: list[dict]) -> pd.DataFrame:
    """v3 data rows → kpi_id, municipality_id, year, gender, value, status, count.

    Each row is one KPI × municipality × period with a `values` list (T, and K/M when divided, in any
    order). Entries with isdeleted=true are dropped; a null value is kept as missing (NULL, never 0);
    an empty status becomes NULL. Any deviation from the shape raises KoladaError."""
    out: list[tuple] = []
    for i, row in enumerate(rows):
        where = f"datarad {i + 1}"
        _require(row, _ROW_FIELDS, where)
        for entry in row["values"]:
            _require(entry, _ENTRY_FIELDS, f"{where}, {row['kpi']} {row['municipality']} {row['period']}")
            if entry["gender"] not in GENDERS:
                raise KoladaError(f"Oväntat kön {entry['gender']!r} från Kolada ({where}).")
            if entry["isdeleted"]:
                continue
            value = entry["value"]
            out.append(
                (
                    row["kpi"],
                    row["municipality"],
                    row["period"],
                    entry["gender"],
                    None if value is None else float(value),
                    entry["status"] or None,
                    entry["count"],
                )
            )
    df = pd.DataFrame(out, columns=OBS_COLUMNS)
    df["year"] = df["year"].astype("int16")
    df["value"] = df["value"].astype("float64")
    df["count"] = df["count"].astype("Int32")
    df["status"] = df["status"].astype("object")
    return df
