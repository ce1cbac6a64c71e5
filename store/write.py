"""The one place that writes the store.

Every write is all-or-nothing (store.db.transaction) and values from people or files are bound
parameters or registered DataFrames, never formatted into SQL. A load first records a `load_run`
row on its own, so a load that fails later still leaves a row saying what failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from store.db import transaction

SNAPSHOT_SOURCE = "Kolada via open-numbers dump, 2024-08"
GOAL_TABLES = ("goal_tree_version", "goal_node", "goal_assessment")  # people's work: store/goals.py
OBS_KEY = ["kpi_id", "municipality_id", "year", "gender"]
OBS_COLUMNS = [*OBS_KEY, "value", "status", "count"]
# A newer value for a key replaces the stored one, and the row then belongs to the newer load.
_OBS_REPLACE = (
    "ON CONFLICT (kpi_id, municipality_id, year, gender) DO UPDATE SET value = excluded.value, "
    "status = excluded.status, count = excluded.count, load_run_id = excluded.load_run_id"
)
KPI_CATALOGUE_FIELDS = [
    "title",
    "description",
    "operating_area",
    "perspective",
    "is_divided_by_gender",
    "municipality_type",
    "auspice",
    "unit",
    "publication_date",
    "prel_publication_date",
    "publ_period",
    "has_ou_data",
    "retired",
]


@dataclass(frozen=True)
class Catalogue:
    """Everything but the values: what a build or a metadata fetch hands to the store."""

    kpi: pd.DataFrame
    area: pd.DataFrame
    area_headline: pd.DataFrame
    kpi_group: pd.DataFrame
    kpi_group_member: pd.DataFrame
    municipality: pd.DataFrame
    municipality_group: pd.DataFrame
    municipality_group_member: pd.DataFrame


@dataclass(frozen=True)
class Assessment:
    municipality_id: str
    kpi_id: str
    year: int
    gender: str
    status: str
    author: str
    status_suggested: str | None = None
    status_reason: str | None = None
    peer_set: str | None = None
    reflection: str | None = None
    evidence: str | None = None
    conclusion: str | None = None
    actions: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str, catalog: str | None = None) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
            "AND table_catalog = coalesce(?, current_database()) ORDER BY ordinal_position",
            [table, catalog],
        ).fetchall()
    ]


def _copy_old(con: duckdb.DuckDBPyConnection, table: str, where: str = "") -> None:
    """Copy rows from the attached older store by column name, so a store built by an older
    schema (fewer or more columns) still hands its rows over."""
    old_cols = set(_table_columns(con, table, "old"))
    cols = ", ".join(c for c in _table_columns(con, table) if c in old_cols)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM old.{table} {where}")  # noqa: S608 - schema names


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> int:
    """Insert a DataFrame by column name; columns the table has but the frame lacks stay default."""
    if df.empty:
        return 0
    cols = [c for c in _table_columns(con, table) if c in df.columns]
    con.register("_frame", df[cols])
    try:
        col_list = ", ".join(cols)
        con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM _frame")  # noqa: S608 - names from schema
    finally:
        con.unregister("_frame")
    return len(df)


def start_load_run(con: duckdb.DuckDBPyConnection, source: str, request: str) -> int:
    with transaction(con):
        run_id = con.execute("SELECT coalesce(max(load_run_id), 0) + 1 FROM load_run").fetchone()[0]
        con.execute(
            "INSERT INTO load_run (load_run_id, source, request, started_at, outcome) VALUES (?, ?, ?, ?, 'running')",
            [run_id, source, request, _now()],
        )
    return int(run_id)


def finish_load_run(
    con: duckdb.DuckDBPyConnection, run_id: int, outcome: str, rows: int | None = None, message: str | None = None
) -> None:
    con.execute(
        "UPDATE load_run SET finished_at = ?, outcome = ?, rows_written = ?, message = ? WHERE load_run_id = ?",
        [_now(), outcome, rows, message, run_id],
    )


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Flush the write-ahead log into the file, so a freshly built store is one self-contained file."""
    con.execute("CHECKPOINT")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])


def replace_catalogue(con: duckdb.DuckDBPyConnection, cat: Catalogue) -> None:
    """Replace Kolada's metadata wholesale; own groups and local KPIs are left alone."""
    with transaction(con):
        con.execute("DELETE FROM kpi WHERE source = 'kolada'")
        con.execute("DELETE FROM area")
        con.execute("DELETE FROM area_headline")
        con.execute("DELETE FROM kpi_group_member")
        con.execute("DELETE FROM kpi_group")
        con.execute("DELETE FROM municipality")
        con.execute(
            "DELETE FROM municipality_group_member WHERE group_id IN "
            "(SELECT group_id FROM municipality_group WHERE kind <> 'own')"
        )
        con.execute("DELETE FROM municipality_group WHERE kind <> 'own'")
        _insert_frame(con, "kpi", cat.kpi)
        _insert_frame(con, "area", cat.area)
        _insert_frame(con, "area_headline", cat.area_headline)
        _insert_frame(con, "kpi_group", cat.kpi_group)
        _insert_frame(con, "kpi_group_member", cat.kpi_group_member)
        _insert_frame(con, "municipality", cat.municipality)
        _insert_frame(con, "municipality_group", cat.municipality_group)
        _insert_frame(con, "municipality_group_member", cat.municipality_group_member)


def load_observation_parquet(con: duckdb.DuckDBPyConnection, path: Path, run_id: int) -> int:
    """Bulk path for the snapshot: straight from Parquet, ordered so one KPI-year is a few row groups."""
    with transaction(con):
        con.execute("DELETE FROM observation WHERE load_run_id = ?", [run_id])
        con.execute(
            "INSERT INTO observation SELECT kpi_id, municipality_id, year, gender, value, NULL, NULL, ? "
            "FROM read_parquet(?) ORDER BY kpi_id, year, municipality_id, gender",
            [run_id, str(path)],
        )
        return int(con.execute("SELECT count(*) FROM observation WHERE load_run_id = ?", [run_id]).fetchone()[0])


def _stage_observations(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, run_id: int) -> int:
    """Replace only rows whose value, status or count differ; the caller holds the transaction."""
    staged = df.reindex(columns=OBS_COLUMNS).copy()
    staged["year"] = staged["year"].astype("int16")
    staged["count"] = staged["count"].astype("Int32")
    staged["load_run_id"] = run_id
    con.register("_staged", staged)
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _changed AS
            SELECT s.* FROM _staged s
            LEFT JOIN observation o USING (kpi_id, municipality_id, year, gender)
            WHERE o.kpi_id IS NULL OR o.value IS DISTINCT FROM s.value
               OR o.status IS DISTINCT FROM s.status OR o.count IS DISTINCT FROM s.count
            """
        )
        changed = con.execute("SELECT count(*) FROM _changed").fetchone()[0]
        con.execute(
            "INSERT INTO observation SELECT kpi_id, municipality_id, year, gender, value, status, count, load_run_id "
            "FROM _changed " + _OBS_REPLACE
        )
        con.execute("DROP TABLE _changed")
    finally:
        con.unregister("_staged")
    return int(changed)


def upsert_observations(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, run_id: int) -> int:
    """Stage, then replace only rows whose value, status or count differ, all in one transaction.
    Unchanged rows keep their load_run, so running the same load twice writes nothing.
    Returns how many rows were added or changed."""
    with transaction(con):
        return _stage_observations(con, df, run_id)


def _stage_kpis(con: duckdb.DuckDBPyConnection, kpis: pd.DataFrame) -> int:
    sets = ", ".join(f"{c} = excluded.{c}" for c in KPI_CATALOGUE_FIELDS if c in kpis.columns)
    cols = [c for c in _table_columns(con, "kpi") if c in kpis.columns]
    con.register("_kpis", kpis[cols])
    try:
        col_list = ", ".join(cols)
        con.execute(
            f"INSERT INTO kpi ({col_list}) SELECT {col_list} FROM _kpis "  # noqa: S608 - names from schema
            f"ON CONFLICT (kpi_id) DO UPDATE SET {sets}"
        )
    finally:
        con.unregister("_kpis")
    return len(kpis)


def upsert_kpis(con: duckdb.DuckDBPyConnection, kpis: pd.DataFrame) -> int:
    """Add new KPIs and refresh catalogue fields of known ones; a hand-set direction is never overwritten."""
    with transaction(con):
        return _stage_kpis(con, kpis)


def commit_load(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    observations: pd.DataFrame,
    kpis: pd.DataFrame | None = None,
    message: str | None = None,
) -> int:
    """A whole API fetch or local-values import in ONE transaction: new KPIs, changed values and the
    load_run's 'ok'. Either all of it is visible afterwards or none of it (the caller then marks the
    run failed). Returns how many observation rows were added or changed."""
    with transaction(con):
        if kpis is not None and len(kpis):
            _stage_kpis(con, kpis)
        changed = _stage_observations(con, observations, run_id)
        finish_load_run(con, run_id, "ok", changed, message)
    return changed


def upsert_municipality_groups(con: duckdb.DuckDBPyConnection, groups: pd.DataFrame, members: pd.DataFrame) -> int:
    """Replace the given groups and their member lists (a group id keeps its id when Kolada recomputes it)."""
    with transaction(con):
        con.register("_g", groups[["group_id"]])
        try:
            con.execute("DELETE FROM municipality_group_member WHERE group_id IN (SELECT group_id FROM _g)")
            con.execute("DELETE FROM municipality_group WHERE group_id IN (SELECT group_id FROM _g)")
        finally:
            con.unregister("_g")
        _insert_frame(con, "municipality_group", groups)
        _insert_frame(con, "municipality_group_member", members)
    return len(groups)


def save_assessment(con: duckdb.DuckDBPyConnection, a: Assessment) -> int:
    """Every save is a new row, so the history of an assessment (who, when) is kept."""
    with transaction(con):
        new_id = con.execute("SELECT coalesce(max(assessment_id), 0) + 1 FROM assessment").fetchone()[0]
        con.execute(
            """
            INSERT INTO assessment (assessment_id, municipality_id, kpi_id, year, gender, peer_set, reflection,
                evidence, conclusion, status_suggested, status, status_reason, actions, author, saved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                new_id,
                a.municipality_id,
                a.kpi_id,
                a.year,
                a.gender,
                a.peer_set,
                a.reflection,
                a.evidence,
                a.conclusion,
                a.status_suggested,
                a.status,
                a.status_reason,
                a.actions,
                a.author,
                _now(),
            ],
        )
    return int(new_id)


def set_direction(con: duckdb.DuckDBPyConnection, kpi_id: str, direction: str, reason: str, who: str) -> None:
    if direction not in ("higher", "lower", "none"):
        raise ValueError(f"Okänd riktning: {direction!r}")
    if not reason or not reason.strip():
        raise ValueError("Ange ett skäl för ändringen.")
    with transaction(con):
        row = con.execute("SELECT direction FROM kpi WHERE kpi_id = ?", [kpi_id]).fetchone()
        if row is None:
            raise ValueError(f"Okänt nyckeltal: {kpi_id}")
        con.execute(
            "INSERT INTO kpi_direction_change VALUES (?, ?, ?, ?, ?, ?)",
            [kpi_id, row[0], direction, reason.strip(), who, _now()],
        )
        con.execute(
            "UPDATE kpi SET direction = ?, direction_reason = ? WHERE kpi_id = ?", [direction, reason.strip(), kpi_id]
        )


def save_own_group(
    con: duckdb.DuckDBPyConnection,
    title: str,
    member_ids: list[str],
    who: str,
    owner_municipality_id: str | None = None,
) -> str:
    """An analyst's own peer set; ids 'OWN1', 'OWN2', ... never clash with Kolada's 'G…' ids."""
    if not title.strip() or not member_ids:
        raise ValueError("En egen jämförelsegrupp behöver ett namn och minst en kommun.")
    with transaction(con):
        n = con.execute(
            "SELECT coalesce(max(CAST(substr(group_id, 4) AS INTEGER)), 0) + 1 FROM municipality_group "
            "WHERE kind = 'own'"
        ).fetchone()[0]
        gid = f"OWN{n}"
        con.execute(
            "INSERT INTO municipality_group (group_id, title, kind, owner_municipality_id, created_by, created_at) "
            "VALUES (?, ?, 'own', ?, ?, ?)",
            [gid, title.strip(), owner_municipality_id, who, _now()],
        )
        con.executemany(
            "INSERT INTO municipality_group_member VALUES (?, ?)", [[gid, m] for m in sorted(set(member_ids))]
        )
    return gid


def copy_load_runs(con: duckdb.DuckDBPyConnection, old_path: Path) -> int:
    """First step of a rebuild over an older store: keep its provenance rows (and their ids)."""
    con.execute("ATTACH ? AS old (READ_ONLY)", [str(old_path)])
    try:
        _copy_old(con, "load_run")
        return int(con.execute("SELECT count(*) FROM load_run").fetchone()[0])
    finally:
        con.execute("DETACH old")


def carry_over(con: duckdb.DuckDBPyConnection, old_path: Path) -> dict[str, int]:
    """Copy what people made (assessments, targets, goal trees, own groups, direction edits, local KPIs) and what
    API fetches added from an older store into a freshly built one, so a rebuild loses no work."""
    counts: dict[str, int] = {}
    con.execute("ATTACH ? AS old (READ_ONLY)", [str(old_path)])
    try:
        with transaction(con):
            old_tables = {
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'old'"
                ).fetchall()
            }
            for table in ("assessment", "target", "area_target_rule", "kpi_direction_change", *GOAL_TABLES):
                if table in old_tables:
                    if table == "target" and "year" in _table_columns(con, "target", "old"):
                        _insert_old_targets(con, "old.target")  # a store from before issue #10
                    else:
                        _copy_old(con, table)
                    counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            if "municipality_group" in old_tables:
                _copy_old(con, "municipality_group", "WHERE kind = 'own'")
                _copy_old(
                    con,
                    "municipality_group_member",
                    "WHERE group_id IN (SELECT group_id FROM old.municipality_group WHERE kind = 'own')",
                )
            if "kpi" in old_tables:
                _copy_old(con, "kpi", "WHERE source = 'local' AND kpi_id NOT IN (SELECT kpi_id FROM main.kpi)")
                # Re-apply people's direction edits, newest last, over the shipped directions.
                con.execute(
                    """
                    UPDATE kpi SET direction = c.new, direction_reason = c.reason
                    FROM (SELECT kpi_id, arg_max(new, changed_at) AS new, arg_max(reason, changed_at) AS reason
                          FROM kpi_direction_change GROUP BY kpi_id) c
                    WHERE kpi.kpi_id = c.kpi_id
                    """
                )
            if "observation" in old_tables:
                # Values that API fetches or local imports wrote win over the snapshot's for the same key.
                con.execute(
                    """
                    CREATE OR REPLACE TEMP TABLE _kept AS
                    SELECT o.kpi_id, o.municipality_id, o.year, o.gender, o.value, o.status, o.count, o.load_run_id
                    FROM old.observation o JOIN old.load_run r USING (load_run_id)
                    WHERE r.source <> ?
                    """,
                    [SNAPSHOT_SOURCE],
                )
                counts["observation"] = con.execute("SELECT count(*) FROM _kept").fetchone()[0]
                con.execute("INSERT INTO observation BY NAME SELECT * FROM _kept " + _OBS_REPLACE)  # noqa: S608 - constant
                con.execute("DROP TABLE _kept")
    finally:
        con.execute("DETACH old")
    return counts


# ---- people's work: targets and area target rules (issue #10) ------------------------------------
# The one write API for targets. Each function is one transaction; nothing is ever deleted: a change
# or an end closes the row (ended_by, ended_at) so the history stays readable.

TARGET_TYPES = (
    "min",
    "max",
    "interval",
    "rank_top",
    "quartile_top",
    "at_least_riket",
    "at_least_peers",
    "trajectory",
)
RULE_TYPES = ("rank_top", "quartile_top", "at_least_riket", "at_least_peers")
VALUE_TYPES = frozenset({"min", "max", "interval", "rank_top", "trajectory"})  # need target_value
TARGET_COLUMNS = [
    "kpi_id",
    "municipality_id",
    "gender",
    "target_type",
    "target_value",
    "target_high",
    "from_year",
    "to_year",
    "peer_key",
    "note",
]
FIRST_YEAR, LAST_YEAR = 1950, 2100


@dataclass(frozen=True)
class TargetRow:
    """One target as a person sets it (the app's form, one row of an imported file)."""

    kpi_id: str
    municipality_id: str
    gender: str
    target_type: str
    target_value: float | None
    target_high: float | None
    from_year: int
    to_year: int
    peer_key: str | None = None
    note: str | None = None


def target_problems(row: TargetRow) -> list[str]:
    """Codes of what is wrong with a target (empty = fine); `i18n` words them as
    `target_problem_<code>` with the row's fields as placeholders. Shared by the file import and
    the app's form, so both refuse the same things."""
    out = []
    if row.gender not in ("T", "K", "M"):
        out.append("gender")
    if row.target_type not in TARGET_TYPES:
        return [*out, "type"]
    if row.target_type in VALUE_TYPES and row.target_value is None:
        out.append("value_missing")
    if row.target_type == "interval":
        if row.target_high is None:
            out.append("high_missing")
        elif row.target_value is not None and row.target_high < row.target_value:
            out.append("high_below")
    if row.target_type == "rank_top" and row.target_value is not None:
        if row.target_value < 1 or row.target_value != int(row.target_value):
            out.append("rank_n")
    if not (FIRST_YEAR <= row.from_year <= LAST_YEAR and FIRST_YEAR <= row.to_year <= LAST_YEAR):
        out.append("years_range")
    elif row.to_year < row.from_year:
        out.append("years_reversed")
    if row.target_type == "trajectory" and row.to_year <= row.from_year:
        out.append("trajectory_years")
    return out


def _check_target(row: TargetRow) -> None:
    problems = target_problems(row)
    if problems:
        raise ValueError(f"Ogiltigt mål ({', '.join(problems)}): {row}")


def _insert_target(
    con: duckdb.DuckDBPyConnection,
    row: TargetRow,
    who: str | None,
    source: str,
    load_run_id: int | None = None,
    replaces: int | None = None,
) -> int:
    """The caller holds the transaction."""
    new_id = con.execute("SELECT coalesce(max(target_id), 0) + 1 FROM target").fetchone()[0]
    con.execute(
        """
        INSERT INTO target (target_id, kpi_id, municipality_id, gender, target_type, target_value, target_high,
            from_year, to_year, peer_key, note, source, load_run_id, created_by, created_at, replaces)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            new_id,
            row.kpi_id,
            row.municipality_id,
            row.gender,
            row.target_type,
            row.target_value,
            row.target_high if row.target_type == "interval" else None,
            int(row.from_year),
            int(row.to_year),
            row.peer_key if row.target_type == "at_least_peers" else None,
            row.note,
            source,
            load_run_id,
            who,
            _now(),
            replaces,
        ],
    )
    return int(new_id)


def _close_target(con: duckdb.DuckDBPyConnection, target_id: int, who: str) -> None:
    """End a target in force; the caller holds the transaction. Unknown or ended: ValueError."""
    row = con.execute("SELECT ended_at FROM target WHERE target_id = ?", [int(target_id)]).fetchone()
    if row is None:
        raise ValueError(f"Målet nr {target_id} finns inte.")
    if row[0] is not None:
        raise ValueError(f"Målet nr {target_id} är redan avslutat.")
    con.execute("UPDATE target SET ended_by = ?, ended_at = ? WHERE target_id = ?", [who, _now(), int(target_id)])


def add_target(con: duckdb.DuckDBPyConnection, row: TargetRow, who: str, source: str = "app") -> int:
    """A new target in force from now; returns its target_id."""
    _check_target(row)
    with transaction(con):
        return _insert_target(con, row, who, source)


def change_target(con: duckdb.DuckDBPyConnection, target_id: int, row: TargetRow, who: str) -> int:
    """Close target `target_id` and put `row` in its place (`replaces` points back); returns the new id."""
    _check_target(row)
    with transaction(con):
        _close_target(con, target_id, who)
        return _insert_target(con, row, who, "app", replaces=int(target_id))


def end_target(con: duckdb.DuckDBPyConnection, target_id: int, who: str) -> None:
    """The target no longer applies; its row stays as history."""
    with transaction(con):
        _close_target(con, target_id, who)


def replace_targets(
    con: duckdb.DuckDBPyConnection, targets: pd.DataFrame, run_id: int, source: str, who: str | None = None
) -> int:
    """An imported file (columns TARGET_COLUMNS): each row closes the target in force with the same
    KPI, municipality, gender and period and takes its place; all rows in one transaction."""
    rows = [
        TargetRow(**{c: (None if pd.isna(v) else v) for c, v in r.items()})
        for r in targets.reindex(columns=TARGET_COLUMNS).to_dict("records")
    ]
    for row in rows:
        _check_target(row)
    with transaction(con):
        for row in rows:
            old = con.execute(
                "SELECT target_id FROM target WHERE ended_at IS NULL AND kpi_id = ? AND municipality_id = ? "
                "AND gender = ? AND from_year = ? AND to_year = ?",
                [row.kpi_id, row.municipality_id, row.gender, int(row.from_year), int(row.to_year)],
            ).fetchall()
            for (old_id,) in old:
                _close_target(con, old_id, who or source)
            _insert_target(con, row, who, source, run_id, old[0][0] if old else None)
    return len(rows)


def set_area_rule(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    area_id: str,
    target_type: str,
    who: str,
    target_value: float | None = None,
    peer_key: str | None = None,
) -> int:
    """Make a comparison the target of an area's KPIs for one municipality (replacing the rule in
    force, which is kept as history); returns the rule_id."""
    if target_type not in RULE_TYPES:
        raise ValueError(f"Okänd regel {target_type!r}: välj {', '.join(RULE_TYPES)}.")
    if target_type == "rank_top" and (target_value is None or target_value < 1 or target_value != int(target_value)):
        raise ValueError("Regeln 'rank_top' behöver ett helt tal N ≥ 1 (bland de N bästa).")
    if target_type == "at_least_peers" and not peer_key:
        raise ValueError("Regeln 'at_least_peers' behöver en jämförelsegrupp.")
    with transaction(con):
        con.execute(
            "UPDATE area_target_rule SET ended_by = ?, ended_at = ? "
            "WHERE municipality_id = ? AND area_id = ? AND ended_at IS NULL",
            [who, _now(), municipality_id, area_id],
        )
        new_id = con.execute("SELECT coalesce(max(rule_id), 0) + 1 FROM area_target_rule").fetchone()[0]
        con.execute(
            "INSERT INTO area_target_rule (rule_id, municipality_id, area_id, target_type, target_value, peer_key, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                new_id,
                municipality_id,
                area_id,
                target_type,
                target_value if target_type == "rank_top" else None,
                peer_key if target_type == "at_least_peers" else None,
                who,
                _now(),
            ],
        )
    return int(new_id)


def end_area_rule(con: duckdb.DuckDBPyConnection, municipality_id: str, area_id: str, who: str) -> None:
    """The area has no target rule any more for the municipality (the rule stays as history)."""
    with transaction(con):
        n = con.execute(
            "SELECT count(*) FROM area_target_rule WHERE municipality_id = ? AND area_id = ? AND ended_at IS NULL",
            [municipality_id, area_id],
        ).fetchone()[0]
        if not n:
            raise ValueError("Området har ingen regel att avsluta.")
        con.execute(
            "UPDATE area_target_rule SET ended_by = ?, ended_at = ? "
            "WHERE municipality_id = ? AND area_id = ? AND ended_at IS NULL",
            [who, _now(), municipality_id, area_id],
        )


def move_aside_old_targets(con: duckdb.DuckDBPyConnection) -> bool:
    """A store from before issue #10 has `target(year, target_value)` keyed by year; rename it so
    the schema can create the new table, then `convert_old_targets` copies its rows over."""
    cols = set(_table_columns(con, "target"))
    if "year" not in cols or "target_type" in cols:
        return False
    con.execute("ALTER TABLE target RENAME TO target_before_10")
    return True


_OLD_TARGET_SELECT = """
    SELECT row_number() OVER (ORDER BY t.kpi_id, t.municipality_id, t.year, t.gender)
               + (SELECT coalesce(max(target_id), 0) FROM target),
           t.kpi_id, t.municipality_id, t.gender,
           CASE WHEN k.direction = 'lower' THEN 'max' ELSE 'min' END, t.target_value, NULL,
           t.year, t.year, NULL, t.note, t.source, t.load_run_id, NULL, now()::TIMESTAMP, NULL, NULL, NULL
    FROM {table} t LEFT JOIN kpi k USING (kpi_id)
"""


def _insert_old_targets(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute("INSERT INTO target " + _OLD_TARGET_SELECT.format(table=table))  # noqa: S608 - constant


def convert_old_targets(con: duckdb.DuckDBPyConnection) -> int:
    """Old targets become one-year targets (`year` .. `year`): `max` for a KPI where lower is
    better, otherwise `min`. The old table is dropped once its rows are in."""
    with transaction(con):
        _insert_old_targets(con, "target_before_10")
        con.execute("DROP TABLE target_before_10")
    return int(con.execute("SELECT count(*) FROM target").fetchone()[0])
