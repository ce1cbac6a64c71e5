"""Data: what is loaded and from where, fetching more from Kolada, importing own targets, and
changing a KPI's direction. Every write goes through loaders/ or store.write and is all-or-nothing;
a failure says so in plain words and leaves the store as it was."""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import streamlit as st

from analysis.format import fmt_number
from dashboard import cached, fetching, state, ui
from dashboard.connection import cursor, store
from i18n import t
from loaders import fetch
from store import queries, write
from store.db import Store

T = TypeVar("T")

DIRECTIONS = ("higher", "lower", "none")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def optional_module(name: str) -> ModuleType | None:
    """loaders.files comes from another branch; without it the targets form says so."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def parse_years(text: str) -> tuple[int, ...] | None:
    """'2019' → (2019,); '2015-2017' → (2015, 2016, 2017); '' → () (all years); anything else → None."""
    if not text.strip():
        return ()
    years: list[int] = []
    for part in text.split(","):
        m = _YEARS.match(part)
        if not m:
            return None
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if last < first:
            return None
        years += range(first, last + 1)
    return tuple(sorted(set(years)))


def loaded(lng: str) -> None:
    tot = cached.status_totals()
    st.write(
        t(
            "data_totals",
            lng,
            values=fmt_number(tot["n_values"], 0, lng),
            kpis=fmt_number(tot["n_kpis"], 0, lng),
            munis=int(tot["n_municipalities"]),
            first=int(tot["first_year"]),
            last=int(tot["last_year"]),
        )
    )
    st.subheader(t("data_loads", lng))
    runs = cached.load_runs()
    ui.frame(
        {
            "#": runs["load_run_id"].astype(str),
            t("col_source", lng): runs["source"],
            t("col_request", lng): runs["request"],
            t("col_started", lng): [str(x)[:16] for x in runs["started_at"]],
            t("col_rows", lng): [ui.num(r, 0, lng) for r in runs["rows_written"]],
            t("col_outcome", lng): runs["outcome"],
            t("col_message", lng): runs["message"].fillna(""),
        }
    )
    st.subheader(t("data_dashboard_areas", lng))
    areas = cached.areas()
    ui.frame(
        {
            t("area", lng): areas["title_en" if lng == "en" else "title_sv"],
            t("col_n_kpis", lng): [ui.num(x, 0, lng) for x in areas["n_kpis"]],
            t("col_n_kpis_with_data", lng): [ui.num(x, 0, lng) for x in areas["n_kpis_with_data"]],
            t("col_n_headline", lng): [ui.num(x, 0, lng) for x in areas["n_headline"]],
        }
    )
    st.subheader(t("data_by_area", lng))
    by_area = cached.status_by_area()
    ui.frame(
        {
            t("col_operating_area", lng): by_area["operating_area"],
            t("col_n_kpis", lng): [ui.num(x, 0, lng) for x in by_area["n_kpis"]],
            t("n_municipalities", lng): by_area["n_municipalities"].astype(str),
            t("col_years", lng): [f"{int(a)}–{int(b)}" for a, b in zip(by_area["first_year"], by_area["last_year"])],
            t("col_n_values", lng): [ui.num(x, 0, lng) for x in by_area["n_values"]],
        }
    )


def fetch_form(lng: str) -> None:
    st.subheader(t("fetch_header", lng))
    with st.form("fetch_form"):
        kpi_text = st.text_input(t("fetch_kpis", lng), key="fetch_kpis")
        group_text = st.text_input(t("fetch_group", lng), key="fetch_group")
        years_text = st.text_input(t("fetch_years", lng), key="fetch_years")
        submitted = st.form_submit_button(t("fetch_submit", lng))
    if not submitted:
        return
    kpis = tuple(k.strip().upper() for k in re.split(r"[,\s]+", kpi_text) if k.strip())
    groups = tuple(g.strip().upper() for g in re.split(r"[,\s]+", group_text) if g.strip())
    years = parse_years(years_text)
    if not kpis and not groups:
        st.error(t("fetch_need_input", lng))
        return
    if years is None:
        st.error(t("fetch_bad_years", lng))
        return
    result = fetching.run_fetch(fetch.FetchRequest(kpi_ids=kpis, kpi_group_ids=groups, years=years), lng)
    if result is not None:
        st.success(t("fetch_done", lng, rows=fmt_number(result.rows_changed, 0, lng)))


def targets_form(view: state.View) -> None:
    lng = view.lang
    st.subheader(t("targets_header", lng))
    st.caption(t("targets_help", lng))
    files = optional_module("loaders.files")
    upload = st.file_uploader(
        t("targets_header", lng), type=["csv", "xlsx"], key="targets_file", label_visibility="collapsed"
    )
    if upload is not None:
        if files is None:
            st.warning(t("targets_unavailable", lng))
        else:
            preview_and_import(files, upload, lng)
    loaded_targets = cached.targets(view.municipality_id)
    if not loaded_targets.empty:
        st.caption(t("targets_loaded", lng, kommun=ui.plain(view.municipality_title)))
        ui.frame(
            {
                t("col_kpi", lng): [ui.kpi_label(k) for k in loaded_targets["kpi_id"]],
                t("col_year", lng): [
                    f"{a}–{b}" for a, b in zip(loaded_targets["from_year"], loaded_targets["to_year"])
                ],
                t("gender", lng): [t(f"gender_{g}", lng) for g in loaded_targets["gender"]],
                t("col_target", lng): [ui.num(v, lang=lng) for v in loaded_targets["target_value"]],
                t("col_note", lng): loaded_targets["note"].fillna(""),
            }
        )


def preview_and_import(files: ModuleType, upload, lng: str) -> None:
    """Validate the whole file first; list every bad row; import only a clean file, all at once."""
    suffix = Path(upload.name).suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{Path(upload.name).stem}{suffix}"
        path.write_bytes(upload.getvalue())
        try:
            table = files.read_table(path)
            with cursor() as cur:
                kpis = queries.kpi_ids(cur)
                munis = set(queries.municipalities(cur, types=("K", "L"))["municipality_id"])
            clean, errors = files.validate_targets(table, dict(zip(kpis["kpi_id"], kpis["direction"])), munis)
        except Exception as exc:
            st.error(t("save_failed", lng, message=ui.plain(exc)))
            return
        st.caption(t("targets_preview", lng))
        st.dataframe(table.head(50), hide_index=True, width="stretch")
        if errors:
            st.error(t("targets_errors", lng, n=len(errors)) + "\n\n" + "\n".join(f"- {ui.plain(e)}" for e in errors))
            return
        if st.button(t("targets_import", lng, n=len(clean)), key="targets_import", type="primary"):
            try:
                result = files.import_targets(store(), path, lock_timeout=fetching.DASHBOARD_LOCK_TIMEOUT)
            except Exception as exc:
                st.error(t("save_failed", lng, message=ui.plain(exc)))
                return
            cached.clear()
            st.success(t("targets_done", lng, n=result.rows))


def write_as(who: str, lng: str, action: Callable[[Store], T]) -> T | bool | None:
    """Run one named person's write: refuse without a name, show the store's own reason for a
    refused value (nothing written), and drop the caches after a write so every page sees it.
    Returns the action's result (True when it returns nothing), or None when nothing was written."""
    if not who.strip():
        st.error(t("save_need_author", lng))
        return None
    try:
        result = action(store())
    except ValueError as exc:
        st.error(ui.plain(exc))
        return None
    cached.clear()
    return True if result is None else result


def direction_form(view: state.View) -> None:
    lng = view.lang
    st.subheader(t("direction_header", lng))
    kpi_id = ui.kpi_picker(view, "direction")
    info = cached.kpi_info(kpi_id) if kpi_id else None
    if info is None:
        return
    current = str(info["direction"])
    st.caption(
        t(
            "direction_current",
            lng,
            direction=ui.direction_text(current, lng),
            reason=ui.plain(info["direction_reason"] or "–"),
        )
    )
    with st.form(f"direction_form_{kpi_id}"):
        new = st.radio(
            t("direction_new", lng),
            DIRECTIONS,
            index=DIRECTIONS.index(current) if current in DIRECTIONS else 2,
            format_func=lambda d: ui.direction_text(d, lng),
            horizontal=True,
        )
        reason = st.text_input(t("direction_reason", lng))
        who = st.text_input(t("author", lng), key="direction_author")
        submitted = st.form_submit_button(t("direction_save", lng))
    if not submitted:
        return
    if write_as(who, lng, lambda s: write.set_direction(s, kpi_id, new, reason, who.strip())) is None:
        return
    st.success(t("direction_saved", lng, kpi=ui.plain(info["title"]), direction=ui.direction_text(new, lng)))


def own_group_form(view: state.View) -> None:
    """An analyst's own peer set; once saved it is offered under Jämförelsegrupp in the sidebar."""
    lng = view.lang
    st.subheader(t("own_group_header", lng))
    munis = cached.municipalities()
    titles = dict(zip(munis["municipality_id"], munis["title"]))
    with st.form("own_group_form"):
        name = st.text_input(t("own_group_name", lng), key="own_group_name")
        members = st.multiselect(
            t("own_group_members", lng),
            list(titles),
            key="own_group_members",
            format_func=lambda m: f"{titles[m]} ({m})",
            placeholder=t("choose_municipalities", lng),
        )
        who = st.text_input(t("author", lng), key="own_group_author")
        submitted = st.form_submit_button(t("own_group_save", lng))
    if not submitted:
        return
    group_id = write_as(who, lng, lambda s: write.save_own_group(s, name, members, who.strip(), view.municipality_id))
    if group_id is None:
        return
    st.success(t("own_group_saved", lng, name=ui.plain(name), n=len(members), id=group_id))


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("data_title", lng))
    loaded(lng)
    fetch_form(lng)
    targets_form(view)
    own_group_form(view)
    direction_form(view)


ui.guard(render, "Data")
