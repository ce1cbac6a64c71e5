"""Data: what is loaded and from where, fetching more from Kolada, importing own targets, and
changing a KPI's direction. Every write goes through loaders/ or store.write and is all-or-nothing;
a failure says so in plain words and leaves the store as it was."""

from __future__ import annotations

import importlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pandas as pd
import streamlit as st

from analysis import wording
from analysis.format import fmt_number
from analysis.target import rule_target, targets_from_frame
from dashboard import cached, fetching, state, ui
from dashboard.connection import cursor, store
from i18n import recorded_text, t
from loaders import fetch
from loaders.files import conflict_fields
from store import queries, work, write
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


def work_place(lng: str) -> str:
    """Where people's work is kept, in words: the SQLite file's name or the PostgreSQL database's."""
    kind, name = work.place(store().work_url)
    return t(f"store_work_{kind}", lng, name=ui.plain(name))


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
    version, published = cached.version_info()
    st.caption(t("store_version", lng, version=version, published=published or "–", work=work_place(lng)))
    st.subheader(t("data_loads", lng))
    runs = cached.load_runs()
    ui.frame(
        {
            "#": runs["load_run_id"].astype(str),
            t("col_source", lng): runs["source"],
            t("col_request", lng): runs["request"],
            t("col_started", lng): [str(x)[:16] for x in runs["started_at"]],
            t("col_rows", lng): [ui.num(r, 0, lng) for r in runs["rows_written"]],
            t("col_outcome", lng): [t(f"load_outcome_{o}", lng) for o in runs["outcome"]],
            t("col_message", lng): [
                recorded_text(m if isinstance(m, str) else None, j if isinstance(j, str) else None, lng)
                for m, j in zip(runs["message"], runs["message_i18n"])
            ],
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
    flash = st.session_state.pop("targets_flash", None)
    if flash:
        st.success(flash)
    targets_in_force(view)
    add_target_form(view)
    change_target_form(view)
    area_rule_form(view)


def _target_row(view: state.View, kpi_id: str, values: dict) -> write.TargetRow:
    return write.TargetRow(
        kpi_id=kpi_id,
        municipality_id=view.municipality_id,
        gender=values["gender"],
        target_type=values["type"],
        target_value=values["value"],
        target_high=values["high"],
        from_year=int(values["from_year"]),
        to_year=int(values["to_year"]),
        peer_key=values["peer_key"] or None,
        note=values["note"].strip() or None,
    )


def _described(view: state.View, row: pd.Series) -> str:
    """A stored target in words: 'minst 80,0 % (2019–2022)'."""
    target = targets_from_frame(row.to_frame().T)[0]
    info = cached.kpi_info(str(row["kpi_id"]))
    unit = str(info["unit"] or "") if info is not None else ""
    label = next((p.label for p in _peer_sets(view) if p.key == target.peer_key), None)
    return wording.target_text(target, unit, view.lang, label)


def _peer_sets(view: state.View):
    return cached.peer_sets(view.municipality_id, view.area_id, view.year, view.gender, view.lang)


def targets_in_force(view: state.View) -> None:
    lng = view.lang
    current = cached.targets(view.municipality_id)
    st.caption(t("targets_loaded", lng, kommun=view.municipality_title))
    if current.empty:
        st.info(t("targets_none", lng, kommun=view.municipality_title))
    else:
        ui.frame(
            {
                "#": current["target_id"].astype(str),
                t("col_kpi", lng): [ui.kpi_label(k) for k in current["kpi_id"]],
                t("gender", lng): [t(f"gender_{g}", lng) for g in current["gender"]],
                t("col_target", lng): [_described(view, r) for _, r in current.iterrows()],
                t("col_note", lng): current["note"].fillna(""),
                t("col_set_by", lng): [_set_by(r, lng) for _, r in current.iterrows()],
            }
        )
    history = cached.targets(view.municipality_id, history=True)
    ended = history[history["ended_at"].notna()]
    if len(ended):
        with st.expander(t("targets_history", lng, n=len(ended))):
            ui.frame(
                {
                    "#": history["target_id"].astype(str),
                    t("col_kpi", lng): history["kpi_id"],
                    t("col_target", lng): [_described(view, r) for _, r in history.iterrows()],
                    t("col_set_by", lng): [_set_by(r, lng) for _, r in history.iterrows()],
                    t("col_ended_by", lng): [
                        "" if pd.isna(a) else f"{b or ''} {str(a)[:16]}".strip()
                        for b, a in zip(history["ended_by"], history["ended_at"])
                    ],
                    t("col_replaces", lng): ["" if pd.isna(x) else f"#{int(x)}" for x in history["replaces"]],
                }
            )


def _set_by(r: pd.Series, lng: str) -> str:
    """Who set a target and when; a goal tree's target also names its indicator and tree version."""
    who = f"{r['created_by'] if isinstance(r['created_by'], str) else r['source']} {str(r['created_at'])[:16]}"
    if pd.isna(r["goal_version_id"]):
        return who
    return f"{t('target_set_by_goal', lng, node=r['goal_node_id'], version=int(r['goal_version_id']))}: {who}"


def _goal_conflicts(view: state.View, row: write.TargetRow, lng: str) -> bool:
    """Show every goal-tree target that would judge a year of `row` differently; True when any.
    (write.add_target/change_target refuse them too; this says it in the reader's language.)"""
    tree = [
        x for x in write.stored_targets(cached.targets(view.municipality_id).to_dict("records")) if x.goal_version_id
    ]
    clash = write.conflicts(row, tree)
    for other in clash:
        st.error(ui.plain(t("target_conflict_goal", lng, **conflict_fields(row, other))))
    return bool(clash)


def _target_fields(view: state.View, key: str, start: pd.Series | None = None) -> dict:
    """The fields of one target (inside a form); `start` pre-fills them from a stored target. The
    callers' keys carry the language: a widget whose option labels change keeps a stale label."""
    lng = view.lang

    def get(col, default):
        return default if start is None or pd.isna(start[col]) else start[col]

    sets = {p.key: p.label for p in _peer_sets(view) if p.key != "riket"}
    c = st.columns(3)
    kind = c[0].selectbox(
        t("target_type", lng),
        write.TARGET_TYPES,
        index=write.TARGET_TYPES.index(get("target_type", "min")),
        format_func=lambda k: t(f"target_type_{k}", lng),
        key=f"{key}_type",
    )
    genders = list(state.GENDERS)
    gender = c[1].radio(
        t("gender", lng),
        genders,
        index=genders.index(get("gender", view.gender)),
        format_func=lambda g: t(f"gender_{g}", lng),
        horizontal=True,
        key=f"{key}_gender",
    )
    peer_keys = ["", *sets]
    peer = c[2].selectbox(
        t("target_peer", lng),
        peer_keys,
        index=peer_keys.index(get("peer_key", "")) if get("peer_key", "") in peer_keys else 0,
        format_func=lambda k: sets.get(k, t("peer_chosen", lng)),
        key=f"{key}_peer",
    )
    c = st.columns(4)
    value = c[0].number_input(t("target_value_label", lng), value=get("target_value", None), key=f"{key}_value")
    high = c[1].number_input(t("target_high_label", lng), value=get("target_high", None), key=f"{key}_high")
    first = c[2].number_input(
        t("target_from", lng), 1950, 2100, int(get("from_year", view.year)), step=1, key=f"{key}_from"
    )
    last = c[3].number_input(t("target_to", lng), 1950, 2100, int(get("to_year", view.year)), step=1, key=f"{key}_to")
    note = st.text_input(t("col_note", lng), value=get("note", ""), key=f"{key}_note")
    return {
        "type": kind,
        "gender": gender,
        "peer_key": peer,
        "value": value,
        "high": high,
        "from_year": first,
        "to_year": last,
        "note": note,
    }


def _done(message: str) -> None:
    """After a target or rule write: rerun, so every list and form on the page shows the new state,
    and say what was done at the top of the targets section."""
    st.session_state["targets_flash"] = message
    st.rerun()


def _problems(row: write.TargetRow, lng: str) -> bool:
    """Show every problem of a target in the reader's language; True when there was one."""
    problems = write.target_problems(row)
    for code in problems:
        st.error(t(f"target_problem_{code}", lng, **asdict(row)))
    return bool(problems)


def add_target_form(view: state.View) -> None:
    lng = view.lang
    st.markdown(f"**{t('target_add', lng)}**")
    st.caption(t("target_types_help", lng))
    kpi_id = ui.kpi_picker(view, "target")
    if not kpi_id:
        return
    with st.form(f"target_add_{kpi_id}_{lng}"):
        values = _target_fields(view, f"target_add_{kpi_id}_{lng}")
        who = st.text_input(t("author", lng), key="target_author")
        submitted = st.form_submit_button(t("target_add_save", lng))
    if not submitted:
        return
    row = _target_row(view, kpi_id, values)
    if not who.strip():
        st.error(t("save_need_author", lng))
        return
    if _problems(row, lng) or _goal_conflicts(view, row, lng):
        return
    new_id = write_as(who, lng, lambda cur: write.add_target(cur, row, who.strip()))
    if new_id is not None:
        _done(t("target_saved", lng, id=new_id, author=who.strip()))


def change_target_form(view: state.View) -> None:
    lng = view.lang
    current = cached.targets(view.municipality_id)
    from_tree = current["goal_version_id"].notna()
    current = current[~from_tree]
    if from_tree.any():
        st.caption(t("target_goal_managed", lng))
    if current.empty:
        return
    st.markdown(f"**{t('target_change', lng)}**")
    labels = {}
    for _, r in current.iterrows():
        gender = t(f"gender_{r['gender']}", lng)
        labels[int(r["target_id"])] = f"#{int(r['target_id'])} {r['kpi_id']} ({gender}): {_described(view, r)}"
    chosen = st.selectbox(t("target_choose", lng), list(labels), format_func=labels.get, key=f"target_change_id_{lng}")
    row = current[current["target_id"] == chosen].iloc[0]
    with st.form(f"target_change_{chosen}_{lng}"):
        action = st.radio(
            t("target_action", lng),
            ("change", "end"),
            format_func=lambda a: t(f"target_action_{a}", lng),
            horizontal=True,
            key=f"target_action_{chosen}_{lng}",
        )
        values = _target_fields(view, f"target_change_{chosen}_{lng}", row)
        who = st.text_input(t("author", lng), key="target_change_author")
        submitted = st.form_submit_button(t("target_change_save", lng))
    if not submitted:
        return
    if not who.strip():
        st.error(t("save_need_author", lng))
        return
    if action == "end":
        if write_as(who, lng, lambda cur: write.end_target(cur, chosen, who.strip())) is not None:
            _done(t("target_ended", lng, id=chosen, author=who.strip()))
        return
    new = _target_row(view, str(row["kpi_id"]), values)
    if _problems(new, lng) or _goal_conflicts(view, new, lng):
        return
    new_id = write_as(who, lng, lambda cur: write.change_target(cur, chosen, new, who.strip()))
    if new_id is not None:
        _done(t("target_changed", lng, old=chosen, id=new_id, author=who.strip()))


def area_rule_form(view: state.View) -> None:
    """A comparison chosen as the target of every KPI of the area (people's work, with history)."""
    lng = view.lang
    st.markdown(f"**{t('rule_header', lng, area=view.area_title)}**")
    st.caption(t("rule_help", lng))
    rules = cached.area_rules(view.municipality_id)
    current = rules[rules["area_id"] == view.area_id]
    sets = {p.key: p.label for p in _peer_sets(view) if p.key not in ("riket", "alla")}
    if len(current):
        rule = current.iloc[0]
        target = rule_target(current, view.year)
        st.write(
            t(
                "rule_current",
                lng,
                rule=wording.target_text(target, None, lng, sets.get(rule["peer_key"])),
                who=rule["created_by"] or "–",
                when=str(rule["created_at"])[:16],
            )
        )
    else:
        st.write(t("rule_none", lng, area=view.area_title))
    history = cached.area_rules(view.municipality_id, history=True)
    history = history[(history["area_id"] == view.area_id) & history["ended_at"].notna()]
    if len(history):
        with st.expander(t("rule_history", lng, n=len(history))):
            ui.frame(
                {
                    t("rule_kind", lng): [t(f"target_type_{k}", lng) for k in history["target_type"]],
                    t("col_set_by", lng): [
                        f"{b} {str(a)[:16]}" for b, a in zip(history["created_by"], history["created_at"])
                    ],
                    t("col_ended_by", lng): [
                        f"{b} {str(a)[:16]}" for b, a in zip(history["ended_by"], history["ended_at"])
                    ],
                }
            )
    options = ("none", *write.RULE_TYPES)
    with st.form(f"rule_form_{view.area_id}_{lng}"):
        kind = st.radio(
            t("rule_kind", lng),
            options,
            index=options.index(current.iloc[0]["target_type"]) if len(current) else 0,
            format_func=lambda k: t("rule_kind_none", lng) if k == "none" else t(f"target_type_{k}", lng),
            key=f"rule_kind_{view.area_id}_{lng}",
        )
        c = st.columns(2)
        peer = c[0].selectbox(
            t("target_peer", lng),
            list(sets),
            index=list(sets).index("liknande") if "liknande" in sets else 0,
            format_func=sets.get,
            key=f"rule_peer_{view.area_id}_{lng}",
        )
        n = c[1].number_input(t("rule_n", lng), 1, 290, 10, step=1, key=f"rule_n_{view.area_id}_{lng}")
        who = st.text_input(t("author", lng), key="rule_author")
        submitted = st.form_submit_button(t("rule_save", lng))
    if not submitted:
        return
    if kind == "none":
        if (
            len(current)
            and write_as(
                who, lng, lambda cur: write.end_area_rule(cur, view.municipality_id, view.area_id, who.strip())
            )
            is not None
        ):
            _done(t("rule_ended", lng, area=view.area_title))
        return
    done = write_as(
        who,
        lng,
        lambda cur: write.set_area_rule(
            cur, view.municipality_id, view.area_id, kind, who.strip(), float(n) if kind == "rank_top" else None, peer
        ),
    )
    if done is not None:
        _done(t("rule_saved", lng, area=view.area_title))


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
        except (ValueError, OSError) as exc:  # not CSV or Excel (loaders.files.FileUnreadable)
            st.error(t("upload_unreadable", lng, message=ui.error_text(exc, lng)))
            return
        st.caption(t("targets_preview", lng))
        st.dataframe(table.head(50), hide_index=True, width="stretch")
        if errors:
            lines = "\n".join(f"- {ui.plain(e.text(lng))}" for e in errors)
            st.error(t("targets_errors", lng, n=len(errors)) + "\n\n" + lines)
            return
        if st.button(t("targets_import", lng, n=len(clean)), key="targets_import", type="primary"):
            try:
                result = files.import_targets(store(), path, lock_timeout=fetching.DASHBOARD_LOCK_TIMEOUT)
            except Exception as exc:  # a busy load lock, a file changed under us: nothing was imported
                st.error(t("save_failed", lng, message=ui.error_text(exc, lng)))
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
    except ValueError as exc:  # store.errors.InvalidInput: a refused value, in the reader's language
        st.error(ui.error_text(exc, lng))
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
