"""Own files into the store: target values and local KPIs (values Kolada does not have).

Used by `python -m loaders import-targets / import-values` and by the dashboard's upload, so both
check a file the same way. Validation is all-or-nothing: every bad row is reported with the row
number a spreadsheet shows (the header is row 1, the first data row is row 2) and nothing is imported
while any row is bad.

File formats (CSV with `,` `;` or tab between columns, UTF-8 or Windows-1252; or XLSX, first sheet).
Column names are case-insensitive; numbers may use a decimal comma ("69,5") or point; a kommunkod
that Excel turned into a number (180) is read as "0180".

**Targets** (`import-targets`) — one row per target of a KPI × municipality × gender and period:

    kpi_id,municipality_id,gender,target_type,target_value,target_high,from_year,to_year,note
    N15419,1880,T,min,"75,0",,2024,2026,Mål i budget 2024
    U23467,2029,T,min,75,,2022,2026,Sektorsplan: 75 % nöjda med maten

- kpi_id: a KPI in the store; municipality_id: a kommunkod, `0000` Riket or a region id;
  gender: T, K or M (empty = T);
- target_type: `min` (value ≥ target_value), `max` (≤), `interval` (target_value ≤ value ≤
  target_high), `rank_top` (rank ≤ target_value among all municipalities), `quartile_top`,
  `at_least_riket`, `at_least_peers` (with `peer_key`, e.g. `liknande`; empty = the chosen set),
  `trajectory` (a straight line from the value in from_year to target_value in to_year). Empty =
  `min` where higher is better, `max` where lower is better; a KPI without a direction needs a type;
- from_year, to_year: the years the target judges (one of them alone = a one-year period); old files
  with only `year` import as a one-year period;
- target_value / target_high: numbers; note: optional text.
A row with the same KPI, municipality, gender and period as a target in force replaces it (the old
one is kept as history).

**Local KPI values** (`import-values`) — own KPIs such as a survey result or a Kommunkompassen score,
one row per value, the KPI's description repeated on each of its rows:

    kpi_id,kpi_title,unit,direction,year,municipality_id,gender,value
    EGEN-NKI1,Nöjd kund-index bygglov,index,higher,2023,1880,T,"71,0"

- kpi_id: must start with `EGEN-` or `L` and must not be a Kolada id (Kolada's start with N or U);
- kpi_title: required; unit: optional ("%", "index", "kr/inv" …); direction: `higher`, `lower` or
  `none` (or högre / lägre / ingen; empty = none) — whether a high value is good;
- optional `operating_area` (default "Egna nyckeltal") and `description`;
- year, municipality_id, gender and value as for targets. Title, unit and direction must be the same
  on every row of one kpi_id. The KPIs are stored with source 'local'.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from i18n import Coded, Message, Worded
from store import loads, queries, write
from store.db import Store

TARGET_REQUIRED = ["kpi_id", "municipality_id"]
TARGET_OPTIONAL = [
    "year",
    "from_year",
    "to_year",
    "gender",
    "target_type",
    "target_value",
    "target_high",
    "peer_key",
    "note",
]
VALUES_REQUIRED = ["kpi_id", "kpi_title", "year", "municipality_id", "value"]
VALUES_OPTIONAL = ["unit", "direction", "gender", "operating_area", "description"]
LOCAL_PREFIXES = ("EGEN-", "L")
LOCAL_AREA = "Egna nyckeltal"
FILE_SOURCE = "Egen fil"
_DIRECTIONS = {
    "higher": "higher",
    "högre": "higher",
    "lower": "lower",
    "lägre": "lower",
    "none": "none",
    "ingen": "none",
}
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_MUNI = re.compile(r"^\d{1,4}(?:\.0+)?$")
FIRST_DATA_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class RowError(Coded):
    """One problem in an uploaded file; `row` is the number a spreadsheet shows (header = 1) and
    `message` the problem as an i18n key with its values (i18n/messages.py), worded by the reader:
    `reason` in Swedish, `text(lang)` as "rad 3: …" / "row 3: …"."""

    row: int
    message: Message

    @property
    def reason(self) -> str:
        return self.message.text("sv")

    def reason_in(self, lang: str) -> str:
        return self.message.text(lang)

    def text(self, lang: str = "sv") -> str:
        return Message("row_error", row=self.row, reason=self.message).text(lang)

    def __str__(self) -> str:
        return self.text("sv")


class FileRejected(Worded, ValueError):
    """A file with at least one bad row; `errors` lists every one. Nothing was imported."""

    def __init__(self, path: str, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("file_rejected", path=path, n=len(errors))


class FileMissing(Worded, FileNotFoundError):
    """The file to read is not there."""


class FileUnreadable(Worded, ValueError):
    """Neither CSV (UTF-8 or Windows-1252) nor an Excel workbook that can be opened."""


@dataclass(frozen=True)
class ImportResult:
    load_run_id: int
    rows: int
    kpis: int = 0


# ---- reading ---------------------------------------------------------------------------------------
def read_table(path: Path | str) -> pd.DataFrame:
    """Every cell as text (empty cells ''), column names stripped and lower-case. Why text: a
    kommunkod must keep its leading zero and '69,5' must not become NaN before we can say which row."""
    p = Path(path)
    if not p.exists():
        raise FileMissing("file_missing", path=str(p))
    try:
        df = _read_cells(p)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:  # not CSV text, a broken workbook
        raise FileUnreadable("file_unreadable", path=p.name, detail=str(exc)[:200]) from exc
    df.columns = [str(c).strip().lower() for c in df.columns]
    return df.map(lambda v: str(v).strip())


def _read_cells(p: Path) -> pd.DataFrame:
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text else ""
    sep = max((";", ",", "\t"), key=first.count)
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)


# ---- cell checks -----------------------------------------------------------------------------------
def parse_number(text: str) -> float | None:
    """'69,5', '69.5', '1 234,5' → float; anything else → None."""
    t = text.replace("\u00a0", "").replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    try:
        v = float(t)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def parse_year(text: str) -> int | None:
    """'2025' or Excel's '2025.0' → 2025 when inside 1950–2100; anything else → None."""
    y = _YEAR.match(text)
    year = int(y.group(1)) if y else None
    return year if year is not None and 1950 <= year <= 2100 else None


def parse_kommunkod(text: str) -> str:
    """A kommunkod as Kolada writes it: Excel's 180 or 180.0 → '0180'; other text is returned as is."""
    return text.split(".")[0].zfill(4) if _MUNI.match(text) else text


def _missing_columns(df: pd.DataFrame, required: list[str]) -> list[RowError]:
    return [RowError(1, Message("row_missing_column", column=c)) for c in required if c not in df.columns]


def _municipality_problem(text: str, muni: str) -> Message:
    return Message("row_unknown_municipality", value=text) if muni else Message("row_no_municipality")


def _key_errors(
    r: dict[str, str], kpi_ok: Callable[[str], Message | None], munis: set[str]
) -> tuple[tuple, list[Message]]:
    """Parse and check kpi_id, municipality_id, year, gender of one row → (key, reasons)."""
    reasons = []
    kpi = r["kpi_id"]
    why = kpi_ok(kpi)
    if why:
        reasons.append(why)
    muni = parse_kommunkod(r["municipality_id"])
    if muni not in munis:
        reasons.append(_municipality_problem(r["municipality_id"], muni))
    year = parse_year(r["year"])
    if year is None:
        reasons.append(Message("row_bad_year", value=r["year"]))
    gender = (r.get("gender") or "T").upper()
    if gender not in ("T", "K", "M"):
        reasons.append(Message("target_problem_gender", gender=r.get("gender")))
    return (kpi, muni, year, gender), reasons


def _duplicate_errors(keys: dict[int, tuple]) -> list[RowError]:
    """Every row whose key an earlier row already has."""
    first: dict[tuple, int] = {}
    errors = []
    for row, key in keys.items():
        if key in first:
            parts = ", ".join(str(k) for k in key)
            errors.append(RowError(row, Message("row_duplicate", first=first[key], key=parts)))
        else:
            first[key] = row
    return errors


def _records(df: pd.DataFrame, optional: list[str]) -> list[tuple[int, dict[str, str]]]:
    full = df.reindex(columns=list(dict.fromkeys([*df.columns, *optional])), fill_value="")
    return [(i + FIRST_DATA_ROW, r) for i, r in enumerate(full.to_dict("records"))]


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: e.row)


# ---- targets ---------------------------------------------------------------------------------------
def _year(text: str) -> int | None:
    m = _YEAR.match(text)
    return int(m.group(1)) if m else None


def _target_period(r: dict[str, str]) -> tuple[tuple[int, int] | None, list[Message]]:
    """(from_year, to_year) of one row: from_year/to_year when given (one of them = a one-year
    period), else the old files' `year` as a one-year period."""
    texts = {c: r.get(c, "") for c in ("from_year", "to_year", "year")}
    bad = [Message("row_bad_period_year", value=v, column=c) for c, v in texts.items() if v and _year(v) is None]
    if bad:
        return None, bad
    first, last, year = (_year(texts[c]) if texts[c] else None for c in ("from_year", "to_year", "year"))
    first, last = first or last or year, last or first or year
    if first is None:
        return None, [Message("target_problem_no_year")]
    return (first, last), []


def _target_type(text: str, direction: str | None) -> tuple[str | None, Message | None]:
    """(type, problem): an empty type is `min` where higher is better and `max` where lower is;
    a KPI without a direction needs the type written out (which way is the target?)."""
    kind = text.strip().lower()
    if kind:
        return (kind, None) if kind in write.TARGET_TYPES else (None, Message("target_problem_type", target_type=kind))
    if direction in ("higher", "lower"):
        return ("min" if direction == "higher" else "max"), None
    return None, Message("target_problem_needs_type")


def validate_targets(
    df: pd.DataFrame, kpi_directions: Mapping[str, str], municipality_ids: set[str]
) -> tuple[pd.DataFrame, list[RowError]]:
    """(rows ready for store.write.replace_targets, every problem). The frame is empty when any
    row is bad. `kpi_directions`: every known KPI id → its direction (what an empty type means)."""
    empty = pd.DataFrame(columns=write.TARGET_COLUMNS)
    required = TARGET_REQUIRED + ([] if "target_type" in df.columns else ["target_value"])
    errors = _missing_columns(df, required)
    if not {"year", "from_year", "to_year"} & set(df.columns):
        errors.append(RowError(1, Message("row_missing_year_column")))
    if errors:
        return empty, errors
    if df.empty:
        return empty, [RowError(FIRST_DATA_ROW, Message("row_no_rows"))]
    rows, keys = [], {}
    for n, r in _records(df, TARGET_OPTIONAL):
        reasons: list[Message] = []
        kpi = r["kpi_id"]
        if kpi not in kpi_directions:
            reasons.append(Message("row_unknown_kpi", kpi=kpi) if kpi else Message("row_no_kpi"))
        muni = r["municipality_id"]
        if _MUNI.match(muni):
            muni = muni.split(".")[0].zfill(4)
        if muni not in municipality_ids:
            reasons.append(_municipality_problem(r["municipality_id"], muni))
        gender = (r["gender"] or "T").upper()
        if gender not in ("T", "K", "M"):
            reasons.append(Message("target_problem_gender", gender=r["gender"]))
        period, why = _target_period(r)
        reasons += why
        kind, why_type = _target_type(r["target_type"], kpi_directions.get(kpi))
        if why_type and kpi in kpi_directions:
            reasons.append(why_type)
        numbers = {}
        for col in ("target_value", "target_high"):
            numbers[col] = parse_number(r[col]) if r[col] else None
            if r[col] and numbers[col] is None:
                reasons.append(Message(f"row_{col}_not_number", value=r[col]))
        if not reasons and kind is not None and period is not None:
            row = write.TargetRow(
                kpi, muni, gender, kind, numbers["target_value"], numbers["target_high"], *period,
                r["peer_key"] or None, r["note"] or None,
            )  # fmt: skip
            reasons += [Message(f"target_problem_{code}", **asdict(row)) for code in write.target_problems(row)]
        if reasons:
            errors += [RowError(n, why) for why in reasons]
            continue
        keys[n] = (kpi, muni, gender, *period)
        rows.append(asdict(row))
    errors += _duplicate_errors(keys)
    if errors:
        return empty, _sorted(errors)
    return pd.DataFrame(rows, columns=write.TARGET_COLUMNS), []


def import_targets(store: Store, path: Path | str, lock_timeout: float | None = None) -> ImportResult:
    """Read, validate, then write every row with its own load_run; a bad file raises FileRejected.
    The targets and the run's 'ok' are one transaction of the work store."""
    p = Path(path)
    kpi_table, munis = _known_ids(store)
    directions = dict(zip(kpi_table["kpi_id"], kpi_table["direction"]))
    clean, errors = validate_targets(read_table(p), directions, munis)
    errors = errors or goal_target_conflicts(store, clean)
    if errors:
        raise FileRejected(str(p), errors)
    with loads.running(store, FILE_SOURCE, f"import-targets {p.name}", **_timeout(lock_timeout)) as run_id:
        n = write.replace_targets(store, clean, run_id, source=p.name)
    return ImportResult(run_id, n)


def goal_target_conflicts(con: Store, clean: pd.DataFrame) -> list[RowError]:
    """Rows (validate_targets' output, one per file row) that a goal tree's target in force would
    judge differently for a shared year: the council's target is the municipality's (store.write.judges_alike)."""
    errors, tree = [], {}
    for i, record in enumerate(clean.to_dict("records")):
        row = write.TargetRow.of(record)
        if row.municipality_id not in tree:
            stored = write.stored_targets(queries.targets(con, row.municipality_id).to_dict("records"))
            tree[row.municipality_id] = [x for x in stored if x.goal_version_id is not None]
        for other in write.conflicts(row, tree[row.municipality_id]):
            errors.append(RowError(FIRST_DATA_ROW + i, Message("target_conflict_goal", **conflict_fields(row, other))))
    return errors


def conflict_fields(row: write.TargetRow, other: write.StoredTarget) -> dict[str, object]:
    """The placeholders of a message about `row` meeting a stored target that judges it otherwise."""
    o = other.row
    bound = "".join(
        f"{sep}{format(float(v), 'g').replace('.', ',')}"
        for sep, v in ((" ", o.target_value), ("–", o.target_high))
        if v is not None
    )
    return {
        "kpi": row.kpi_id,
        "gender": row.gender,
        "from_year": row.from_year,
        "to_year": row.to_year,
        "target_id": other.target_id,
        "target": o.target_type + bound + (f" {o.peer_key}" if o.peer_key else ""),
        "other_from": o.from_year,
        "other_to": o.to_year,
        "node": other.goal_node_id or "",
    }


def _timeout(lock_timeout: float | None) -> dict[str, float]:
    return {} if lock_timeout is None else {"lock_timeout": lock_timeout}


# ---- local KPI values ------------------------------------------------------------------------------
def validate_local_values(
    df: pd.DataFrame, kolada_kpi_ids: set[str], municipality_ids: set[str], file_name: str = "fil"
) -> tuple[pd.DataFrame, pd.DataFrame, list[RowError]]:
    """(observations, kpi rows with source 'local', every problem); both frames empty when any row is bad."""
    empty = pd.DataFrame(columns=write.OBS_COLUMNS), pd.DataFrame(columns=["kpi_id"])
    errors = _missing_columns(df, VALUES_REQUIRED)
    if errors:
        return *empty, errors
    if df.empty:
        return *empty, [RowError(FIRST_DATA_ROW, Message("row_no_rows"))]

    def kpi_ok(k: str) -> Message | None:
        if not k:
            return Message("row_no_kpi")
        if k in kolada_kpi_ids:
            return Message("row_kolada_kpi", kpi=k)
        if not k.upper().startswith(LOCAL_PREFIXES):
            return Message("row_local_prefix", kpi=k)
        return None

    rows, keys, kpis = [], {}, {}
    for n, r in _records(df, VALUES_OPTIONAL):
        key, reasons = _key_errors(r, kpi_ok, municipality_ids)
        value = parse_number(r["value"])
        if value is None:
            reasons.append(Message("row_value_not_number", value=r["value"]))
        direction = _DIRECTIONS.get((r["direction"] or "none").lower())
        if direction is None:
            reasons.append(Message("row_bad_direction", value=r["direction"]))
        if not r["kpi_title"]:
            reasons.append(Message("row_no_title"))
        meta = (r["kpi_title"], r["unit"], direction, r["operating_area"] or LOCAL_AREA, r["description"])
        if not reasons and key[0] in kpis and kpis[key[0]][1] != meta:
            reasons.append(Message("row_kpi_differs", row=kpis[key[0]][0], kpi=key[0]))
        if reasons:
            errors += [RowError(n, why) for why in reasons]
            continue
        kpis.setdefault(key[0], (n, meta))
        keys[n] = key
        rows.append((*key, value, None, None))
    errors += _duplicate_errors(keys)
    if errors:
        return *empty, _sorted(errors)
    values = pd.DataFrame(rows, columns=write.OBS_COLUMNS)
    divided = set(values.loc[values["gender"] != "T", "kpi_id"])
    kpi = pd.DataFrame(
        [
            {
                "kpi_id": k,
                "title": title,
                "unit": unit or None,
                "direction": direction,
                "direction_reason": f"angiven i {file_name}",
                "operating_area": area,
                "description": desc or None,
                "is_divided_by_gender": k in divided,
                "municipality_type": "K",
                "retired": False,
                "source": "local",
            }
            for k, (_n, (title, unit, direction, area, desc)) in kpis.items()
        ]
    )
    return values, kpi, []


def import_values(store: Store, path: Path | str, lock_timeout: float | None = None) -> ImportResult:
    """Read, validate, then publish a new version with the KPIs and values, under their own load_run."""
    p = Path(path)
    kpi_table, munis = _known_ids(store)
    kolada = set(kpi_table.loc[kpi_table["source"] == "kolada", "kpi_id"])
    values, kpis, errors = validate_local_values(read_table(p), kolada, munis, p.name)
    if errors:
        raise FileRejected(str(p), errors)
    request = f"import-values {p.name}"
    with loads.running(store, FILE_SOURCE, request, **_timeout(lock_timeout)) as run_id:
        message = Message("load_values", n=len(values), kpis=len(kpis))
        n = loads.publish_values(store, run_id, FILE_SOURCE, request, values, kpis, message)
    return ImportResult(run_id, n, len(kpis))


def _known_ids(store: Store) -> tuple[pd.DataFrame, set[str]]:
    """(every KPI: kpi_id, source; every municipality/region/Riket id) — what a file may name."""
    return queries.kpi_ids(store), set(queries.municipalities(store, types=("K", "L"))["municipality_id"])
