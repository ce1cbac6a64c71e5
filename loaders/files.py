"""Own files into the store: target values and local KPIs (values Kolada does not have).

Used by `python -m loaders import-targets / import-values` and by the dashboard's upload, so both
check a file the same way. Validation is all-or-nothing: every bad row is reported with the row
number a spreadsheet shows (the header is row 1, the first data row is row 2) and nothing is imported
while any row is bad.

File formats (CSV with `,` `;` or tab between columns, UTF-8 or Windows-1252; or XLSX, first sheet).
Column names are case-insensitive; numbers may use a decimal comma ("69,5") or point; a kommunkod
that Excel turned into a number (180) is read as "0180".

**Target values** (`import-targets`) — one row per KPI × municipality × year × gender:

    kpi_id,municipality_id,year,gender,target_value,note
    N15419,1880,2025,T,"75,0",Mål i budget 2025

- kpi_id: a KPI in the store (Kolada's or a local one); municipality_id: a kommunkod, `0000` Riket
  or a region id; year: four digits; gender: T, K or M (empty = T); target_value: a number;
  note: optional text. A row with the same key as one already stored replaces it.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from store import queries, write

TARGET_REQUIRED = ["kpi_id", "municipality_id", "year", "target_value"]
TARGET_OPTIONAL = ["gender", "note"]
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
class RowError:
    """One problem in an uploaded file; `row` is the number a spreadsheet shows (header = 1)."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"rad {self.row}: {self.reason}"


class FileRejected(ValueError):
    """A file with at least one bad row; `errors` lists every one. Nothing was imported."""

    def __init__(self, path: str, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} fel, inget importerades")


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
        raise FileNotFoundError(f"Filen {p} finns inte.")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        df = pd.read_excel(p, dtype=str, keep_default_na=False, engine="openpyxl")
    else:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        first = text.splitlines()[0] if text else ""
        sep = max((";", ",", "\t"), key=first.count)
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    df.columns = [str(c).strip().lower() for c in df.columns]
    return df.map(lambda v: str(v).strip())


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
    return [RowError(1, f"kolumnen '{c}' saknas") for c in required if c not in df.columns]


def _key_errors(r: dict[str, str], kpi_ok: Callable[[str], str | None], munis: set[str]) -> tuple[tuple, list[str]]:
    """Parse and check kpi_id, municipality_id, year, gender of one row → (key, reasons)."""
    reasons = []
    kpi = r["kpi_id"]
    why = kpi_ok(kpi)
    if why:
        reasons.append(why)
    muni = parse_kommunkod(r["municipality_id"])
    if muni not in munis:
        reasons.append(f"okänd kommun/region '{r['municipality_id']}'" if muni else "municipality_id saknas")
    year = parse_year(r["year"])
    if year is None:
        reasons.append(f"ogiltigt år '{r['year']}'")
    gender = (r.get("gender") or "T").upper()
    if gender not in ("T", "K", "M"):
        reasons.append(f"ogiltigt kön '{r.get('gender')}' (T, K eller M)")
    return (kpi, muni, year, gender), reasons


def _duplicate_errors(keys: dict[int, tuple]) -> list[RowError]:
    """Every row whose key an earlier row already has."""
    first: dict[tuple, int] = {}
    errors = []
    for row, key in keys.items():
        if key in first:
            k = key
            errors.append(
                RowError(row, f"samma nyckel som rad {first[key]} ({k[0]}, {k[1]}, {k[2]}, {k[3]}) – dubblett")
            )
        else:
            first[key] = row
    return errors


def _records(df: pd.DataFrame, optional: list[str]) -> list[tuple[int, dict[str, str]]]:
    full = df.reindex(columns=list(dict.fromkeys([*df.columns, *optional])), fill_value="")
    return [(i + FIRST_DATA_ROW, r) for i, r in enumerate(full.to_dict("records"))]


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: e.row)


# ---- targets ---------------------------------------------------------------------------------------
def validate_targets(
    df: pd.DataFrame, kpi_ids: set[str], municipality_ids: set[str]
) -> tuple[pd.DataFrame, list[RowError]]:
    """(rows ready for store.write.replace_targets, every problem). The frame is empty when any row is bad."""
    errors = _missing_columns(df, TARGET_REQUIRED)
    if errors:
        return pd.DataFrame(columns=write.TARGET_COLUMNS), errors
    if df.empty:
        return pd.DataFrame(columns=write.TARGET_COLUMNS), [RowError(FIRST_DATA_ROW, "filen har inga rader")]

    def kpi_ok(k: str) -> str | None:
        return None if k in kpi_ids else (f"okänt nyckeltal '{k}'" if k else "kpi_id saknas")

    rows, keys = [], {}
    for n, r in _records(df, TARGET_OPTIONAL):
        key, reasons = _key_errors(r, kpi_ok, municipality_ids)
        value = parse_number(r["target_value"])
        if value is None:
            reasons.append(f"målvärdet '{r['target_value']}' är inget tal")
        if reasons:
            errors += [RowError(n, why) for why in reasons]
            continue
        keys[n] = key
        rows.append((*key, value, r["note"] or None))
    errors += _duplicate_errors(keys)
    if errors:
        return pd.DataFrame(columns=write.TARGET_COLUMNS), _sorted(errors)
    clean = pd.DataFrame(rows, columns=[*write.OBS_KEY, "target_value", "note"])
    return clean, []


def import_targets(con: duckdb.DuckDBPyConnection, path: Path | str) -> ImportResult:
    """Read, validate, then write every row with its own load_run; a bad file raises FileRejected."""
    p = Path(path)
    kpi_table, munis = _known_ids(con)
    clean, errors = validate_targets(read_table(p), set(kpi_table["kpi_id"]), munis)
    if errors:
        raise FileRejected(str(p), errors)
    clean["source"] = p.name
    run_id = write.start_load_run(con, FILE_SOURCE, f"import-targets {p.name}")
    try:
        n = write.replace_targets(con, clean, run_id)
    except BaseException as exc:
        write.finish_load_run(con, run_id, "failed", 0, str(exc)[:500])
        raise
    write.finish_load_run(con, run_id, "ok", n, f"{n} målvärden")
    return ImportResult(run_id, n)


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
        return *empty, [RowError(FIRST_DATA_ROW, "filen har inga rader")]

    def kpi_ok(k: str) -> str | None:
        if not k:
            return "kpi_id saknas"
        if k in kolada_kpi_ids:
            return f"'{k}' är ett Kolada-nyckeltal; egna nyckeltal behöver ett eget id (t.ex. EGEN-{k})"
        if not k.upper().startswith(LOCAL_PREFIXES):
            return f"eget nyckeltal '{k}' måste börja med EGEN- eller L"
        return None

    rows, keys, kpis = [], {}, {}
    for n, r in _records(df, VALUES_OPTIONAL):
        key, reasons = _key_errors(r, kpi_ok, municipality_ids)
        value = parse_number(r["value"])
        if value is None:
            reasons.append(f"värdet '{r['value']}' är inget tal")
        direction = _DIRECTIONS.get((r["direction"] or "none").lower())
        if direction is None:
            reasons.append(f"okänd riktning '{r['direction']}' (higher, lower eller none)")
        if not r["kpi_title"]:
            reasons.append("kpi_title saknas")
        meta = (r["kpi_title"], r["unit"], direction, r["operating_area"] or LOCAL_AREA, r["description"])
        if not reasons and key[0] in kpis and kpis[key[0]][1] != meta:
            reasons.append(f"titel, enhet, riktning eller område skiljer sig från rad {kpis[key[0]][0]} för {key[0]}")
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


def import_values(con: duckdb.DuckDBPyConnection, path: Path | str) -> ImportResult:
    """Read, validate, then write KPIs and values in one transaction with their own load_run."""
    p = Path(path)
    kpi_table, munis = _known_ids(con)
    kolada = set(kpi_table.loc[kpi_table["source"] == "kolada", "kpi_id"])
    values, kpis, errors = validate_local_values(read_table(p), kolada, munis, p.name)
    if errors:
        raise FileRejected(str(p), errors)
    run_id = write.start_load_run(con, FILE_SOURCE, f"import-values {p.name}")
    try:
        n = write.commit_load(con, run_id, values, kpis, f"{len(values)} värden, {len(kpis)} egna nyckeltal")
    except BaseException as exc:
        write.finish_load_run(con, run_id, "failed", 0, str(exc)[:500])
        raise
    return ImportResult(run_id, n, len(kpis))


def _known_ids(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, set[str]]:
    """(every KPI: kpi_id, source; every municipality/region/Riket id) — what a file may name."""
    return queries.kpi_ids(con), set(queries.municipalities(con, types=("K", "L"))["municipality_id"])
