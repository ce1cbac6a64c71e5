"""A municipality's goal tree as one flat sheet: read, check as a whole, import, write back.

Used by `python -m loaders import-goals / export-goals` and by the page "Mål och uppföljning", so a
sheet is checked the same way everywhere. The reading rules are import-targets' (loaders.files):
CSV with `,` `;` or tab, UTF-8 or Windows-1252, or XLSX (first sheet); decimal comma; kommunkod 180
read as 0180; column names case-insensitive. One row per node:

    id,parent_id,kind,title,owner,municipality_id,kpi_id,gender,target_type,target_value,target_high,from_year,to_year,note
    V1,,vision,Leksand – en kommun att vara stolt över,Kommunfullmäktige,2029,,,,,,2020,2030,
    M1,V1,goal,Nöjda brukare i äldreomsorgen,Socialnämnden,2029,,,,,,2020,2023,
    I1,M1,indicator,,Socialnämnden,2029,U23467,T,min,75,,2020,2025,Sektorsplan: 75 % nöjda med maten

- kind: `vision`, `goal` (or `mål`) or `indicator` (or `indikator`); `parent_id` is empty only for a
  vision; a goal's parent is a vision or a goal, an indicator's a goal or a vision.
- municipality_id: the same kommunkod on every row (one sheet is one municipality's tree).
- indicators: `kpi_id` (a KPI in the store: Kolada's or an own KPI imported with import-values),
  gender T/K/M (empty = T), and a target: `target_type` one of min, max, interval, rank_top,
  quartile_top, at_least_riket, at_least_peers, trajectory, with `target_value` (min, max,
  trajectory; rank_top a whole number N; interval the lower bound and `target_high` the upper) and
  its validity `from_year`–`to_year` (trajectory: both, the line runs from the value observed in
  from_year to target_value in to_year). Visions and goals carry no KPI or target; their
  from_year–to_year is the period they are decided for.
- peer_key (optional column; older sheets lack it): the peer set of an at_least_peers target, one
  the municipality has in the KPI's area (store.inputs.peer_set_keys); empty = `liknande`, or `riket`
  where the area has no Liknande kommuner group — written into the stored node.
- The indicators' targets become the municipality's targets (store.goals): a target set elsewhere
  that would judge a year of an indicator differently, or two indicators giving one KPI two targets,
  are refused with the row named.

The whole file is checked first — unknown parent, a cycle, duplicate ids, an indicator without KPI
or target, an unknown KPI or municipality, a bad kind, type, number or year — and every bad row is
reported with its spreadsheet row number (header = row 1); nothing is imported while any row is bad.
Every problem is a code with its values (loaders.files.RowError), worded by whoever shows it.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from i18n import Message
from loaders.files import (
    FIRST_DATA_ROW,
    LOCAL_PREFIXES,
    FileRejected,
    RowError,
    _records,
    _sorted,
    conflict_fields,
    parse_kommunkod,
    parse_number,
    parse_year,
    read_table,
)
from store import goals as store_goals
from store import inputs as store_inputs
from store import queries, ranking, write
from store.db import Store
from store.fields import INDICATOR_ONLY, NODE_COLUMNS

# The sheet's columns are a node's (store.fields.NODE_COLUMNS, `id` for node_id) and the kommunkod.
SHEET_COLUMNS = [{"node_id": "id"}.get(c, c) for c in NODE_COLUMNS]
SHEET_COLUMNS.insert(SHEET_COLUMNS.index("owner") + 1, "municipality_id")
REQUIRED = ["id", "parent_id", "kind", "title", "municipality_id"]
OPTIONAL = [c for c in SHEET_COLUMNS if c not in REQUIRED]
KIND_WORDS = {
    "vision": "vision",
    "goal": "goal",
    "mål": "goal",
    "mal": "goal",
    "indicator": "indicator",
    "indikator": "indicator",
}
DEFAULT_AREA = "kommunen"  # a KPI in no area: the municipality's general peer sets (as analysis.followup)
MAX_ROWS = 5000  # a real tree has tens to a few hundred rows; more is a wrong file
FORMULA_START = ("=", "+", "-", "@")
TEXT_COLUMNS = ("id", "parent_id", "title", "owner", "note")


@dataclass(frozen=True)
class GoalSheet:
    """A checked sheet: the municipality and its nodes (columns store.fields.NODE_COLUMNS); `rows`:
    each node's spreadsheet row number (for messages about it)."""

    municipality_id: str
    nodes: pd.DataFrame
    rows: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GoalImportResult:
    municipality_id: str
    version_id: int
    nodes: int
    changed: bool
    replaced_version_id: int | None


# ---- checking --------------------------------------------------------------------------------------
def _unguard(text: str) -> str:
    """A sheet written by export_sheet as CSV protects text starting with = + - @ with an apostrophe
    (so a spreadsheet never runs it); reading takes the apostrophe off again."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


def _err(at: int, key: str, **values: object) -> RowError:
    return RowError(at, Message(key, **values))


def validate_goals(
    df: pd.DataFrame, kpi_ids: set[str], municipality_ids: set[str]
) -> tuple[GoalSheet | None, list[RowError]]:
    """(the checked sheet, every problem) — the sheet is None when any row is bad."""
    errors = [_err(1, "row_missing_column", column=c) for c in REQUIRED if c not in df.columns]
    if errors:
        return None, errors
    records = [(n, r) for n, r in _records(df, OPTIONAL) if any(str(v).strip() for v in r.values())]
    if not records:
        return None, [_err(FIRST_DATA_ROW, "row_no_rows")]
    if len(records) > MAX_ROWS:
        return None, [_err(FIRST_DATA_ROW, "goals_err_too_many", n=len(records), max=MAX_ROWS)]

    rows: dict[str, tuple[int, dict]] = {}  # node id → (row number, parsed node)
    municipality: str | None = None  # the first row's: one sheet is one municipality's tree
    for n, raw in records:
        r = {k: _unguard(str(v)) for k, v in raw.items()}
        node, reasons = _parse_row(r, kpi_ids, municipality_ids)
        errors += [RowError(n, why) for why in reasons]
        if node["municipality_id"] in municipality_ids:
            municipality = municipality or node["municipality_id"]
            if node["municipality_id"] != municipality:
                errors.append(_err(n, "goals_err_other_municipality", id=node["municipality_id"], first=municipality))
        if not node["node_id"]:
            continue
        if node["node_id"] in rows:
            errors.append(_err(n, "goals_err_duplicate", id=node["node_id"], row=rows[node["node_id"]][0]))
            continue
        rows[node["node_id"]] = (n, node)
    errors += _structure_errors(rows)
    if errors or municipality is None:
        return None, _sorted(list(dict.fromkeys(errors)))
    sheet = GoalSheet(
        municipality, _node_frame([node for _n, node in rows.values()]), {k: n for k, (n, _) in rows.items()}
    )
    errors = _tree_target_errors(sheet)
    return (None, errors) if errors else (sheet, [])


def _tree_target_errors(sheet: GoalSheet) -> list[RowError]:
    """Two indicators that give one KPI and gender different targets for a shared year."""
    targets = dict(store_goals.tree_targets(sheet.municipality_id, sheet.nodes))
    return [
        _err(
            sheet.rows[node],
            "goals_err_tree_conflict",
            kpi=targets[node].kpi_id,
            gender=targets[node].gender,
            row=sheet.rows[earlier],
            id=earlier,
        )  # fmt: skip
        for node, earlier in store_goals.tree_conflicts(list(targets.items()))
    ]


def _node_frame(nodes: list[dict]) -> pd.DataFrame:
    """Columns store.goals.NODE_COLUMNS: text as str or None, target values float, years Int64."""
    df = pd.DataFrame(nodes, dtype=object).reindex(columns=store_goals.NODE_COLUMNS)
    df = df.astype(object).where(df.notna(), None)
    for col in ("target_value", "target_high"):
        df[col] = pd.to_numeric(df[col]).astype("float64")
    for col in ("from_year", "to_year"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    return df


def _parse_row(r: dict[str, str], kpi_ids: set[str], municipality_ids: set[str]) -> tuple[dict, list[Message]]:
    """One row's cells → (node fields, reasons it is bad). Tree structure is checked afterwards."""
    reasons: list[Message] = []
    kind = KIND_WORDS.get(r["kind"].lower())
    if kind is None:
        reasons.append(Message("goals_err_kind", kind=r["kind"]) if r["kind"] else Message("goals_err_no_kind"))
    node_id = r["id"]
    if not node_id:
        reasons.append(Message("goals_err_no_id"))
    muni = parse_kommunkod(r["municipality_id"])
    if muni not in municipality_ids:
        reasons.append(
            Message("goals_err_municipality", id=r["municipality_id"]) if muni else Message("row_no_municipality")
        )
    years = {}
    for col in ("from_year", "to_year"):
        years[col] = parse_year(r[col]) if r[col] else None
        if r[col] and years[col] is None:
            reasons.append(Message("goals_err_year", column=col, value=r[col]))
    if years["from_year"] and years["to_year"] and years["from_year"] > years["to_year"]:
        reasons.append(Message("target_problem_years_reversed", **years))
    node = dict.fromkeys(NODE_COLUMNS) | {
        "node_id": node_id,
        "parent_id": r["parent_id"] or None,
        "kind": kind,
        "title": r["title"] or None,
        "owner": r["owner"] or None,
        "municipality_id": muni,
        "from_year": years["from_year"],
        "to_year": years["to_year"],
        "note": r["note"] or None,
    }
    if kind == "indicator":
        reasons += _indicator(r, node, kpi_ids)
    elif kind is not None:
        if not r["title"]:
            reasons.append(Message("goals_err_no_title"))
        stray = [c for c in INDICATOR_ONLY if r[c]]
        if stray:
            reasons.append(Message("goals_err_not_indicator", columns=", ".join(stray)))
    return node, reasons


def _indicator(r: dict[str, str], node: dict, kpi_ids: set[str]) -> list[Message]:
    """Fill an indicator's KPI, gender and target into `node`; return what is wrong with them."""
    reasons = []
    kpi = r["kpi_id"]
    kpi = kpi.upper() if kpi not in kpi_ids and kpi.upper() in kpi_ids else kpi  # 'n15419' is N15419
    if not kpi:
        reasons.append(Message("goals_err_no_kpi"))
    elif kpi not in kpi_ids:
        local = kpi.upper().startswith(LOCAL_PREFIXES)
        reasons.append(Message("goals_err_local_kpi" if local else "row_unknown_kpi", kpi=r["kpi_id"]))
    gender = (r["gender"] or "T").upper()
    kind = r["target_type"].strip().lower()
    value = parse_number(r["target_value"]) if r["target_value"] else None
    high = parse_number(r["target_high"]) if r["target_high"] else None
    for col, parsed in (("target_value", value), ("target_high", high)):
        if r[col] and parsed is None:
            reasons.append(Message("goals_err_number", column=col, value=r[col]))
    if not kind:
        reasons.append(Message("goals_err_no_target"))
    # The targets work's own check (store.write.target_problems), so a goal's target and a target
    # imported with import-targets are refused for the same reasons in the same words. Years are
    # optional here (empty = every year); their order is checked for every row in _parse_row.
    row = write.TargetRow(kpi, "", gender, kind, value, high, node["from_year"] or write.FIRST_YEAR,
                          node["to_year"] or write.LAST_YEAR)  # fmt: skip
    skip = {"years_range", "years_reversed"}
    if r["target_value"]:
        skip.add("value_missing")  # a cell that is no number is reported above
    if r["target_high"]:
        skip.add("high_missing")
    codes = [c for c in write.target_problems(row) if c not in skip and (kind or c != "type")]
    if kind == "trajectory" and not (node["from_year"] and node["to_year"]):
        codes.append("trajectory_years")
    fields = asdict(row) | {"from_year": node["from_year"] or "–", "to_year": node["to_year"] or "–"}
    reasons += [Message(f"target_problem_{c}", **fields) for c in dict.fromkeys(codes)]
    if kind in write.TARGET_TYPES:
        if kind not in write.VALUE_TYPES and r["target_value"]:
            reasons.append(Message("goals_err_no_value_wanted", type=kind, column="target_value"))
        if kind != "interval" and r["target_high"]:
            reasons.append(Message("goals_err_no_value_wanted", type=kind, column="target_high"))
        if kind != "at_least_peers" and r["peer_key"]:
            reasons.append(Message("goals_err_no_value_wanted", type=kind, column="peer_key"))
    node.update(kpi_id=kpi or None, gender=gender, target_type=kind or None, target_value=value, target_high=high,
                peer_key=r["peer_key"].strip() or None)  # fmt: skip
    return reasons


def _structure_errors(rows: dict[str, tuple[int, dict]]) -> list[RowError]:
    """Parents that do not exist or have the wrong kind, and cycles (every row of one is named)."""
    errors = []
    for n, node in rows.values():
        parent, kind = node["parent_id"], node["kind"]
        if kind == "vision":
            if parent:
                errors.append(_err(n, "goals_err_vision_parent", parent=parent))
            continue
        if not parent:
            if kind is not None:
                errors.append(_err(n, "goals_err_no_parent"))
            continue
        if parent not in rows:
            errors.append(_err(n, "goals_err_unknown_parent", parent=parent))
            continue
        if rows[parent][1]["kind"] == "indicator":
            errors.append(_err(n, "goals_err_parent_indicator", parent=parent))
    for cycle in _cycles({k: v[1]["parent_id"] for k, v in rows.items()}):
        path = " → ".join([*cycle, cycle[0]])
        errors += [_err(rows[node_id][0], "goals_err_cycle", path=path) for node_id in cycle]
    return errors


def _cycles(parent_of: dict[str, str | None]) -> list[list[str]]:
    """Each cycle of the parent links once, in link order starting at its first node in the sheet."""
    state: dict[str, int] = {}  # 1 on the current walk, 2 done
    order = {node: i for i, node in enumerate(parent_of)}
    found = []
    for start in parent_of:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            first = min(cycle, key=order.__getitem__)
            i = cycle.index(first)
            found.append(cycle[i:] + cycle[:i])
        for w in walk:
            state[w] = 2
    return found


# ---- importing -------------------------------------------------------------------------------------
def read_sheet(con: duckdb.DuckDBPyConnection, path: Path | str) -> GoalSheet:
    """Read and check a sheet against the store's KPIs, municipalities, peer sets and targets;
    FileRejected when bad."""
    p = Path(path)
    kpi_table = queries.kpi_ids(con)
    munis = set(queries.municipalities(con, types=("K", "L"))["municipality_id"]) - {queries.RIKET}
    sheet, errors = validate_goals(read_table(p), set(kpi_table["kpi_id"]), munis)
    if sheet is not None:
        sheet, errors = check_against_store(con, sheet)
    if errors:
        raise FileRejected(str(p), errors)
    assert sheet is not None
    return sheet


def check_against_store(con: duckdb.DuckDBPyConnection, sheet: GoalSheet) -> tuple[GoalSheet | None, list[RowError]]:
    """What only the store can tell: an at_least_peers indicator's peer set must exist for the
    municipality in the KPI's area (empty: Liknande kommuner of that area, Riket where it has none —
    written into the node, so the stored tree says which set it compares with), and no target set
    elsewhere (the Data page, import-targets) may judge a year of an indicator differently: the
    council's target is the municipality's target (store.write.judges_alike)."""
    nodes = sheet.nodes.copy()
    errors: list[RowError] = []
    keys_by_area: dict[str, list[str]] = {}
    for i, node in nodes[nodes["target_type"] == "at_least_peers"].iterrows():
        areas = ranking.area_for_kpi(con, str(node["kpi_id"]))
        area = str(areas["area_id"].iloc[0]) if len(areas) else DEFAULT_AREA
        if area not in keys_by_area:
            keys_by_area[area] = store_inputs.peer_set_keys(con, sheet.municipality_id, area)
        keys = keys_by_area[area]
        key = node["peer_key"]
        if key is None:
            nodes.at[i, "peer_key"] = store_goals.DEFAULT_PEER_KEY if store_goals.DEFAULT_PEER_KEY in keys else "riket"
        elif key not in keys:
            errors.append(
                _err(sheet.rows[node["node_id"]], "goals_err_peer_key", peer=key, area=area, keys=", ".join(keys))
            )
    own = [
        s
        for s in write.stored_targets(queries.targets(con, sheet.municipality_id).to_dict("records"))
        if s.goal_version_id is None
    ]
    for node_id, row in store_goals.tree_targets(sheet.municipality_id, nodes):
        for other in write.conflicts(row, own):
            fields = conflict_fields(row, other)
            errors.append(_err(sheet.rows[node_id], "goals_err_own_target_conflict", **fields))
    return (None, _sorted(errors)) if errors else (replace(sheet, nodes=nodes), [])


def check_upload(con: duckdb.DuckDBPyConnection, name: str, data: bytes) -> GoalSheet:
    """An uploaded sheet (the page's file uploader) checked like a file on disk; FileRejected when bad."""
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".csv", ".xlsx", ".xlsm") else ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return read_sheet(con, path)
        except FileRejected as exc:
            raise FileRejected(name, exc.errors) from None


def store_sheet(store: Store, sheet: GoalSheet, source: str, imported_by: str | None = None) -> GoalImportResult:
    """Make a checked sheet the municipality's tree in the work store (the former one kept as a
    version); the same nodes again change nothing."""
    done = store_goals.replace_goal_tree(
        store, sheet.municipality_id, sheet.nodes, source=source, imported_by=imported_by
    )
    return GoalImportResult(
        sheet.municipality_id, done.version_id, len(sheet.nodes), done.changed, done.replaced_version_id
    )


def import_goals(store: Store, path: Path | str, imported_by: str | None = None) -> GoalImportResult:
    """Check the whole sheet, then store it. A bad sheet raises FileRejected and the stored tree is
    untouched."""
    p = Path(path)
    return store_sheet(store, read_sheet(store, p), p.name, imported_by)


# ---- writing the sheet back ------------------------------------------------------------------------
def sheet_frame(municipality_id: str, tree: pd.DataFrame) -> pd.DataFrame:
    """A stored tree (store.goals.goal_tree) as the sheet's columns, in sheet order: what export
    writes and import reads back to the same tree."""
    df = tree.sort_values("position") if "position" in tree.columns else tree
    out = df.rename(columns={"node_id": "id"}).assign(municipality_id=municipality_id).reindex(columns=SHEET_COLUMNS)
    return out.astype(object).where(out.notna(), None).reset_index(drop=True)


def sheet_csv(frame: pd.DataFrame) -> bytes:
    """The sheet as CSV (`;`, decimal comma, UTF-8 with BOM so Excel opens it as Swedish). Text that
    starts like a formula gets a leading apostrophe, which reading removes again."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(SHEET_COLUMNS)
    for row in frame.reindex(columns=SHEET_COLUMNS).itertuples(index=False):
        w.writerow([_csv_cell(col, v) for col, v in zip(SHEET_COLUMNS, row)])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(col: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{int(value)}" if value.is_integer() else repr(value).replace(".", ",")
    text = str(value)
    return "'" + text if col in TEXT_COLUMNS and text.startswith(FORMULA_START) else text


def sheet_xlsx(frame: pd.DataFrame) -> bytes:
    """The sheet as XLSX: numbers as numbers, every text cell stored as text (never a formula)."""
    from openpyxl import Workbook  # heavy: imported when a sheet is written, not when the page opens
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Målkedja"
    for c, name in enumerate(SHEET_COLUMNS, start=1):
        ws.cell(row=1, column=c, value=name).font = Font(bold=True)
    for r, row in enumerate(frame.reindex(columns=SHEET_COLUMNS).itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            if hasattr(value, "item"):
                value = value.item()
            if isinstance(value, float) and value.is_integer() and SHEET_COLUMNS[c - 1] in ("from_year", "to_year"):
                value = int(value)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store '=…' as a formula
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_sheet(con: duckdb.DuckDBPyConnection, municipality_id: str, fmt: str = "xlsx") -> bytes:
    """The municipality's current tree as a sheet that import-goals reads back unchanged."""
    frame = sheet_frame(municipality_id, store_goals.goal_tree(con, municipality_id))
    return sheet_xlsx(frame) if fmt == "xlsx" else sheet_csv(frame)
