"""Mål och uppföljning: the municipality's goal tree (vision → goals → indicators with targets) for
one follow-up period, coloured from the indicators upwards (analysis.followup), with the owner's
own assessment per goal and period, the sheet's upload and download, and the follow-up report.

The period (year + delår/helår) is in the URL (`ar`, `period`), like every other choice. Text from
the sheet or from people is shown as plain text: tables show it as cell text, Markdown sinks get it
through ui.plain.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.followup import FollowUp
from analysis.followup_report import (
    change_text,
    counts_text,
    indicator_reasons,
    indicator_title,
    indicator_value,
    method_paragraphs,
    period_text,
    status_word,
    target_text,
)
from analysis.goals import STATUSES, override_problem
from dashboard import cached, goal_data, state, ui
from dashboard.charts import ChartText, caption_for
from dashboard.connection import cursor, store
from dashboard.downloads import XLSX_MIME
from dashboard.goal_charts import children_chart, tree_sunburst
from i18n import t
from loaders import goals as goal_sheet
from loaders.files import FileRejected
from store import goals as store_goals

PERIODS = ("helar", "delar")
PAGES_DIR = Path(__file__).resolve().parent
CSV_MIME = "text/csv"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
REPORT_KEY = "goals_report"
EXAMPLES = Path(goal_sheet.__file__).resolve().parents[1] / "data" / "examples" / "goals"


def chip(status: str, lng: str) -> None:
    """The status as a coloured chip with its word (the table cells' colours; our own words only)."""
    style = ui.CELL_STYLE[status if status in ("green", "yellow", "red") else "white"]
    word = html.escape(f"{t('goals_status', lng)}: {status_word(status, lng)}")
    st.html(f'<span style="{style}; padding: 2px 10px; border-radius: 6px; font-weight: 600">{word}</span>')


def choose_period(view: state.View) -> tuple[int, str]:
    """The follow-up period: the sidebar's year and delår/helår (URL `period`), chosen together."""
    lng = view.lang
    url = state.url_value("period")
    if url in PERIODS:
        st.session_state["period"] = url
    if st.session_state.get("period") not in PERIODS:
        st.session_state["period"] = "helar"
    years = state.area_years(view.area_id) or [view.year]
    options = [(y, p) for y in years for p in PERIODS]
    current = (view.year, st.session_state["period"])
    if current not in options:
        options.insert(0, current)

    def changed() -> None:
        year, period = st.session_state["w_goal_period"]
        st.session_state["ar"], st.session_state["period"] = year, period

    st.query_params["period"] = current[1]  # state.write_url ran before this page: keep the URL complete
    st.session_state["w_goal_period"] = current
    st.selectbox(
        t("goals_period_choice", lng),
        options,
        key="w_goal_period",
        on_change=changed,
        format_func=lambda yp: f"{t(f'goals_period_long_{yp[1]}', lng).capitalize()} {yp[0]}",
    )
    return current


def tree_table(f: FollowUp, lng: str) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """The tree as rows — each vision and goal followed by its indicators, indented by depth — and
    (kind, node id) per row, for the row a person selects."""
    by_id = {n.node_id: n for n in f.nodes}
    since = t("goals_col_change", lng, period=period_text(*f.previous_period, lng))
    rows, keys = [], []
    for g in f.goals:
        n = g.node
        rows.append(
            {
                "level": t(f"goals_kind_{n.kind}", lng),
                "title": "\u2003" * g.depth + (n.title or n.node_id),
                "owner": n.owner or "",
                "value": "",
                "target": "",
                "status": status_word(g.status, lng),
                "below": counts_text(g, lng),
                "change": change_text(f.previous.get(n.node_id), g.status, lng),
                "_status": g.status,
            }
        )
        keys.append((n.kind, n.node_id))
        for ind in g.indicators:
            node = by_id[ind.node_id]
            rows.append(
                {
                    "level": t("goals_kind_indicator", lng),
                    "title": "\u2003" * (g.depth + 1) + f"{indicator_title(ind, node)} ({ind.kpi_id})",
                    "owner": node.owner or "",
                    "value": indicator_value(ind, f.year, lng, node),
                    "target": target_text(node, ind.unit, lng, ind.target_label),
                    "status": status_word(ind.status, lng),
                    "below": "",
                    "change": change_text(f.previous.get(ind.node_id), ind.status, lng),
                    "_status": ind.status,
                }
            )
            keys.append(("indicator", ind.node_id))
    df = pd.DataFrame(rows)[["level", "title", "status", "value", "target", "below", "change", "owner", "_status"]]
    df = df.rename(
        columns={
            "level": t("goals_col_level", lng),
            "title": t("goals_col_goal", lng),
            "owner": t("goals_col_owner", lng),
            "value": t("goals_col_value", lng),
            "target": t("goals_col_target", lng),
            "status": t("goals_col_status", lng),
            "below": t("goals_col_below", lng),
            "change": since,
        }
    )
    return df, keys


def show_tree(f: FollowUp, lng: str) -> tuple[str, str] | None:
    """The coloured table; returns the selected row's (kind, node id)."""
    df, keys = tree_table(f, lng)
    colours = [ui.CELL_STYLE["white" if s == "white" else s] for s in df.pop("_status")]
    styler = ui.styled(df, {t("goals_col_status", lng): colours})
    event = st.dataframe(
        styler,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"goal_tree_{f.municipality_id}_{f.version_id}",
        height=min(38 + 35 * len(df), 720),
        column_config={
            t("goals_col_goal", lng): st.column_config.TextColumn(width="large"),
            t("goals_col_value", lng): st.column_config.TextColumn(width="medium"),
            t("goals_col_target", lng): st.column_config.TextColumn(width="medium"),
        },
    )
    st.caption(t("goals_tree_hint", lng))
    rows = event.selection.rows if event is not None else []
    return keys[rows[0]] if rows else None


def show_chart(f: FollowUp, view: state.View) -> None:
    lng = view.lang
    text = ChartText(
        title=t("goals_chart_title", lng),
        subtitle=f"{f.municipality_title}, {period_text(f.year, f.period, lng)}",
        caption=caption_for(
            cached.data_date(f.indicators[next(iter(f.indicators))].kpi_id) if f.indicators else None, lng
        ),
        lang=lng,
    )
    ui.show(children_chart(f.goals, text), "goal_children")
    with st.expander(t("goals_sunburst", lng)):
        titles = {n.node_id: n.title or f.indicators[n.node_id].kpi_title for n in f.nodes if n.node_id in f.indicators}
        sun = ChartText(t("goals_sunburst_title", lng), text.subtitle, text.caption, lng)
        ui.show(tree_sunburst(f.goals, sun, titles), "goal_sunburst")


def indicator_detail(f: FollowUp, node_id: str, view: state.View) -> None:
    """One indicator: its reasons in words and the way to its KPI on Nyckeltal and Analystrappan."""
    lng = view.lang
    ind = f.indicators[node_id]
    node = next(n for n in f.nodes if n.node_id == node_id)
    st.subheader(ui.plain(indicator_title(ind, node)))
    chip(ind.status, lng)
    for line in indicator_reasons(ind, lng):
        st.markdown(f"- {ui.plain(line)}")
    if node.note:
        st.caption(ui.plain(node.note))
    cols = st.columns(2)
    for col, (page, key) in zip(
        cols, (("2_Nyckeltal.py", "goals_open_kpi"), ("5_Analystrappan.py", "goals_open_staircase"))
    ):
        if col.button(t(key, lng), key=f"{key}_{node_id}", icon=":material/open_in_new:"):
            state.set_kpi(ind.kpi_id)
            st.session_state["kon"] = ind.gender
            st.session_state["omrade"] = st.query_params["omrade"] = goal_data.indicator_area(ind.kpi_id)
            st.switch_page(PAGES_DIR / page)


def assessment_form(f: FollowUp, view: state.View, selected: str | None, editable: bool) -> None:
    """The owner's own assessment of a vision or goal for the period ("en ny skattning görs")."""
    lng = view.lang
    st.subheader(t("goals_assess_header", lng, period=period_text(f.year, f.period, lng)))
    goals = {g.node.node_id: g for g in f.goals}
    ids = list(goals)
    key = f"goal_pick_{f.municipality_id}"
    if selected in goals:
        st.session_state[key] = selected
    if st.session_state.get(key) not in goals:
        st.session_state[key] = ids[0]
    node_id = st.selectbox(
        t("goals_assess_goal", lng),
        ids,
        key=key,
        format_func=lambda i: "\u2003" * goals[i].depth + (goals[i].node.title or i),
    )
    g = goals[node_id]
    st.markdown(
        f"{t('goals_suggested', lng).capitalize()}: **{status_word(g.suggested, lng)}** – "
        f"{t(f'goals_rule_{g.rule}', lng)} · {counts_text(g, lng)}"
    )
    if g.saved is not None:
        if g.saved.version_id != f.version_id:
            st.caption(t("goals_saved_other_version", lng, version=g.saved.version_id))
        saved_line = t(
            "goals_saved_line",
            lng,
            status=status_word(g.saved.status, lng),
            author=ui.plain(g.saved.author),
            when=str(g.saved.saved_at)[:16],
            reason=ui.plain(g.saved.reason or "–"),
        )
        st.caption(saved_line)
    if not editable:
        st.info(t("goals_old_version", lng))
        return
    ctx = f"{f.municipality_id}_{f.year}_{f.period}_{node_id}"
    with st.form(f"goal_form_{ctx}"):
        status = st.radio(
            t("goals_assess_status", lng),
            STATUSES,
            index=STATUSES.index(g.status),
            format_func=lambda s: t(f"status_{s}", lng),
            horizontal=True,
            key=f"goal_status_{ctx}",
        )
        reason = st.text_area(
            t("goals_assess_reason", lng), help=t("goals_assess_reason_help", lng), key=f"goal_reason_{ctx}"
        )
        actions = st.text_area(t("goals_actions", lng), key=f"goal_actions_{ctx}")
        author = st.text_input(t("author", lng), key="author")
        submitted = st.form_submit_button(t("save", lng), type="primary", key=f"goal_save_{ctx}")
    if submitted:
        problem = override_problem(g.suggested, status, reason, author)
        if problem:
            st.error(t(f"goals_save_{problem}", lng))
            return
        record = store_goals.GoalAssessment(
            municipality_id=f.municipality_id,
            node_id=node_id,
            version_id=f.version_id,
            year=f.year,
            period=f.period,
            status=status,
            author=author.strip(),
            status_suggested=g.suggested,
            reason=reason,
            actions=actions,
        )
        try:
            store_goals.save_goal_assessment(store(), record)
        except Exception as exc:  # a locked or read-only store: say so, change nothing
            ui.log.exception("Saving a goal assessment failed")
            st.error(t("save_failed", lng, message=ui.error_text(exc, lng)))
            return
        cached.clear()
        st.success(t("goals_saved", lng, author=author.strip()))
        st.rerun()


def history_table(view: state.View, f: FollowUp) -> None:
    lng = view.lang
    saved = goal_data.history(view.municipality_id)
    st.subheader(t("goals_history_header", lng))
    if saved.empty:
        st.caption(t("goals_history_none", lng))
        return
    titles = {n.node_id: n.title or n.node_id for n in f.nodes}
    ui.frame(
        {
            t("col_saved_at", lng): [str(x)[:16] for x in saved["saved_at"]],
            t("goals_col_goal", lng): [titles.get(n, n) for n in saved["node_id"]],
            t("goals_col_period", lng): [period_text(int(y), p, lng) for y, p in zip(saved["year"], saved["period"])],
            t("goals_col_status", lng): [status_word(s, lng) for s in saved["status"]],
            t("goals_suggested", lng).capitalize(): [status_word(s, lng) for s in saved["status_suggested"].fillna("")],
            t("goals_reason", lng): saved["reason"].fillna(""),
            t("goals_actions", lng): saved["actions"].fillna(""),
            t("col_author", lng): saved["author"],
            t("goals_col_version", lng): [str(v) for v in saved["version_id"]],
        }
    )


def sheet_io(view: state.View) -> None:
    """Upload a sheet (checked as a whole first, every bad row listed) and download the current one."""
    lng = view.lang
    has_tree = goal_data.versions(view.municipality_id)["replaced_at"].isna().any()
    with st.expander(t("goals_sheet_header", lng), expanded=not has_tree):
        st.caption(t("goals_sheet_help", lng))
        if has_tree:
            row = st.container(horizontal=True)
            for fmt, mime in (("xlsx", XLSX_MIME), ("csv", CSV_MIME)):
                row.download_button(
                    t(f"goals_download_{fmt}", lng),
                    data=lambda fmt=fmt: _export(view.municipality_id, fmt),
                    file_name=f"malkedja-{view.municipality_id}.{fmt}",
                    mime=mime,
                    key=f"goal_sheet_{fmt}",
                    on_click="ignore",
                    icon=":material/download:",
                )
        upload = st.file_uploader(t("goals_upload", lng), type=["csv", "xlsx"], key="goal_upload")
        if upload is not None:
            check_and_import(upload, view)
        if has_tree:
            end_tree(view)


def end_tree(view: state.View) -> None:
    """End the municipality's tree: kept as a former version, its targets no longer apply anywhere."""
    lng = view.lang
    n_targets = int(cached.targets(view.municipality_id)["goal_version_id"].notna().sum())
    st.markdown(f"**{t('goals_end_header', lng)}**")
    st.caption(t("goals_end_help", lng, n=n_targets))
    row = st.container(horizontal=True, vertical_alignment="bottom")
    who = row.text_input(t("author", lng), key="goal_end_by")
    if row.button(t("goals_end_button", lng), key="goal_end"):
        if not who.strip():
            st.error(t("save_need_author", lng))
            return
        try:
            version = store_goals.end_goal_tree(store(), view.municipality_id, who.strip())
        except ValueError as exc:
            st.error(ui.error_text(exc, lng))
            return
        cached.clear()
        st.session_state["goals_flash"] = t("goals_ended", lng, version=version)
        st.rerun()


def _export(municipality_id: str, fmt: str) -> bytes:
    with cursor() as cur:
        return goal_sheet.export_sheet(cur, municipality_id, fmt)


def check_and_import(upload, view: state.View) -> None:
    lng = view.lang
    try:
        with cursor() as cur:
            sheet = goal_sheet.check_upload(cur, upload.name, upload.getvalue())
    except FileRejected as exc:
        st.error(t("goals_upload_errors", lng, n=len(exc.errors)))
        ui.frame(
            {
                t("goals_col_row", lng): [str(e.row) for e in exc.errors],
                t("goals_col_problem", lng): [e.reason_in(lng) for e in exc.errors],
            }
        )
        return
    except (ValueError, OSError) as exc:
        st.error(t("upload_unreadable", lng, message=ui.error_text(exc, lng)))
        return
    kinds = sheet.nodes["kind"].value_counts()
    title = next(
        (m.title for m in cached.municipalities().itertuples() if m.municipality_id == sheet.municipality_id),
        sheet.municipality_id,
    )
    st.success(
        t(
            "goals_upload_ok",
            lng,
            kommun=title,
            id=sheet.municipality_id,
            visions=int(kinds.get("vision", 0)),
            goals=int(kinds.get("goal", 0)),
            indicators=int(kinds.get("indicator", 0)),
        )  # fmt: skip
    )
    who = st.text_input(t("author", lng), key="goal_import_by")
    if st.button(t("goals_import", lng), type="primary", key="goal_import"):
        if not who.strip():
            st.error(t("save_need_author", lng))
            return
        try:
            result = goal_sheet.store_sheet(store(), sheet, upload.name, who.strip())
        except ValueError as exc:  # a target set meanwhile that judges a year differently: nothing imported
            st.error(ui.error_text(exc, lng))
            return
        cached.clear()
        if result.changed:
            st.success(t("goals_imported", lng, version=result.version_id, n=result.nodes))
        else:
            st.info(t("goals_unchanged", lng, version=result.version_id))


def report_buttons(f: FollowUp, view: state.View) -> None:
    """The follow-up report (PPTX) and its Excel file, built on request and kept for the session."""
    from dashboard.export.errors import ExportError
    from dashboard.export.followup import FollowupRequest, build_followup

    lng = view.lang
    req = FollowupRequest(f.municipality_id, f.year, f.period, lng, f.version_id)
    if st.button(t("goals_report_build", lng), icon=":material/slideshow:", key="goal_report"):
        started = time.perf_counter()
        with st.spinner(t("goals_report_building", lng)):
            try:
                with cursor() as cur:
                    st.session_state[REPORT_KEY] = (req, build_followup(cur, req), time.perf_counter() - started)
            except ExportError as exc:
                st.error(ui.error_text(exc, lng))
                return
    kept = st.session_state.get(REPORT_KEY)
    if kept is None or kept[0] != req:
        return
    _req, files, seconds = kept
    st.success(t("goals_report_done", lng, slides=files.slides, seconds=ui.num(seconds, 1, lng)))
    row = st.container(horizontal=True)
    for ext, data, mime in (("pptx", files.pptx, PPTX_MIME), ("xlsx", files.xlsx, XLSX_MIME)):
        row.download_button(
            t(f"pres_download_{ext}", lng),
            data=data,
            file_name=f"{files.file_stem}.{ext}",
            mime=mime,
            key=f"goal_report_{ext}",
            on_click="ignore",
            type="primary" if ext == "pptx" else "secondary",
        )


def visions(f: FollowUp, lng: str) -> None:
    """Each vision's status in a box: its colour as a badge with the word, its children's counts."""
    tops = [g for g in f.goals if g.depth == 0]
    for start in range(0, len(tops), 4):
        for col, g in zip(st.columns(4), tops[start : start + 4]):
            box = col.container(border=True)
            box.markdown(f"**{ui.plain(g.node.title or g.node.node_id)}**")
            with box:
                chip(g.status, lng)
            box.caption(counts_text(g, lng))


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("page_goals", lng))
    versions = goal_data.versions(view.municipality_id)
    flash = st.session_state.pop("goals_flash", None)
    if flash:
        st.success(flash)
    if versions["replaced_at"].notna().all():  # no tree, or the last one was ended
        st.info(t("goals_none", lng, kommun=view.municipality_title))
        others = goal_data.municipalities_with_trees()
        if len(others):
            names = ", ".join(f"{r.title} ({r.municipality_id})" for r in others.itertuples())
            st.caption(t("goals_others", lng, names=ui.plain(names)))
        row = st.container(horizontal=True)
        for example in sorted(EXAMPLES.glob("*.csv")):
            row.download_button(
                t("goals_example", lng, name=example.name),
                data=example.read_bytes(),
                file_name=example.name,
                mime=CSV_MIME,
                key=f"goal_example_{example.stem}",
                on_click="ignore",
                icon=":material/download:",
            )

        sheet_io(view)
        return
    year, period = choose_period(view)
    current = int(versions["version_id"].iloc[0])
    version = current
    if len(versions) > 1:
        labels = {
            int(r.version_id): t(
                "goals_version_label",
                lng,
                version=int(r.version_id),
                source=r.source or "–",
                when=str(r.imported_at)[:10],
                current=t("goals_current", lng) if r.replaced_at is pd.NaT or pd.isna(r.replaced_at) else "",
            )  # fmt: skip
            for r in versions.itertuples()
        }
        version = st.selectbox(
            t("goals_version", lng), list(labels), format_func=labels.get, key=f"goal_version_{view.municipality_id}"
        )
    f = goal_data.followup(view.municipality_id, year, period, version, lng)
    v = versions.set_index("version_id").loc[version]
    st.caption(
        t(
            "goals_caption",
            lng,
            kommun=ui.plain(view.municipality_title),
            period=period_text(year, period, lng),
            version=version,
            source=ui.plain(v["source"] or "–"),
            when=str(v["imported_at"])[:10],
            who=ui.plain(v["imported_by"] or "–"),
        )
    )
    visions(f, lng)
    selected = show_tree(f, lng)
    if selected and selected[0] == "indicator":
        indicator_detail(f, selected[1], view)
    show_chart(f, view)
    assessment_form(f, view, selected[1] if selected and selected[0] != "indicator" else None, version == current)
    history_table(view, f)
    report_buttons(f, view)
    sheet_io(view)
    with st.expander(t("goals_method_title", lng)):
        for paragraph in method_paragraphs(lng):
            st.write(paragraph)


ui.guard(render, "Mål och uppföljning")
