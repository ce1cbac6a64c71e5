"""Analystrappan: one KPI up the nine steps. 1–4 computed (analysis.staircase) and charted; 5, 6, 7
and 9 the analyst's text, prefilled with drafts; 8 the suggested status with an override; "Spara"
stores it all in `assessment` (a new row per save, so who and when are kept)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import wording
from analysis.format import fmt_value
from dashboard import cached, charts, state, ui
from dashboard.connection import store
from i18n import t
from store import write

STATUSES = ("green", "yellow", "red", "white")
DATA_PAGE = "views/6_Data.py"
BADGE_COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "white": "gray"}


def step1(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step1", lng))
    tr = s.trend
    c = st.columns(4)
    c[0].metric(*ui.value_metric(t("latest", lng, year=tr.latest_year or view.year), tr.latest_value, s.unit, lng))
    if tr.previous_year is not None:
        c[1].metric(
            t("trend_since_label", lng, year=tr.previous_year),
            ui.unit_signed(tr.change_abs, s.unit, lng),
            help=wording.change_line(tr, s.unit, lng),
        )
    if tr.verdict != "no_data":
        first = tr.verdict_from_year or tr.previous_year
        c[2].metric(
            t("trend_development_label", lng, from_year=first, to_year=tr.latest_year),
            t(f"dev_{tr.verdict}", lng),
            help=wording.development_line(tr, s.unit, lng),
        )
    c[3].metric(t("slope", lng, n=tr.slope_years), ui.signed(tr.slope, 2, lng))
    if s.stale:
        latest = ui.plain(fmt_value(tr.latest_value, s.unit, lang=lng))
        st.warning(t("stale_note", lng, value=latest, year=tr.latest_year, chosen=view.year))
    text = ui.chart_text(view, t("kpi_trend", lng), s.kpi_id, y_title=s.unit)
    ui.show(
        charts.trend_chart(s.series, view.municipality_id, text, view.gender, view.peer_label, s.target_point, s.unit),
        "stair_trend",
    )


def step2(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step2", lng))
    if s.target is None:
        st.info(t("stair_no_target", lng))
        st.page_link(DATA_PAGE, label=t("go_targets", lng), icon=":material/flag:")
    else:
        j = s.judgement
        st.markdown(f"{t('col_target', lng)}: {ui.plain(wording.target_text(s.target, s.unit, lng, s.target_label))}")
        c = st.columns(3)
        c[0].metric(t("stair_target_judged", lng, year=view.year), wording.met_text(j, lng))
        if j is not None and j.met is not None and j.gap is not None:
            c[1].metric(
                t("stair_target_gap", lng), ui.signed(j.gap, lang=lng), help=wording.diff_text(j.gap, s.unit, lng)
            )
        reason = next((r for r in s.assessment.reasons if r.code == "target"), None)
        if reason is not None:
            st.markdown(ui.plain(wording.reason_text(reason, s.unit, lng)))
        if j is not None and j.years_to_target:
            st.caption(t("stair_years_to_target", lng, years=ui.num(j.years_to_target, 1, lng)))
    gg = s.gender_gap
    if gg is not None and (gg.value_k is not None or gg.value_m is not None):
        c = st.columns(3)
        c[0].metric(*ui.value_metric(t("gender_K", lng), gg.value_k, s.unit, lng))
        c[1].metric(*ui.value_metric(t("gender_M", lng), gg.value_m, s.unit, lng))
        worse = t(f"gender_{gg.worse}", lng) if gg.worse else "–"
        c[2].metric(t("gender_gap", lng), ui.signed(gg.gap, lang=lng), help=t("worse_group", lng, group=worse))
        text = ui.chart_text(view, t("kpi_gender", lng), s.kpi_id, y_title=s.unit)
        ui.show(charts.gender_chart(s.series, text, view.municipality_id, s.unit), "stair_gender")
    else:
        st.caption(wording.gender_note(s.gender_status, view.year, lng))


def step3(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step3", lng))
    rank = s.rank if s.rank is not None else pd.Series(dtype=object)
    quartile = wording.quartile_text(rank.get("quartile"), lng, rank.get("mode_value"), rank.get("mode_share"), s.unit)
    st.markdown(
        f"{t('col_rank', lng)}: **{ui.rank_text(rank.get('rank'), rank.get('n'), lng)}** · "
        f"{t('col_quartile', lng)}: **{quartile}**"
    )
    table = pd.DataFrame(
        {
            t("col_peer_set", lng): [p.label for p in s.peers],
            t("col_n", lng): [str(p.n) for p in s.peers],
            t("col_mean", lng): [ui.num(p.mean, lang=lng) for p in s.peers],
            t("col_median", lng): [ui.num(p.median, lang=lng) for p in s.peers],
            t("col_value", lng): [ui.num(p.own_value, lang=lng) for p in s.peers],
            t("col_place", lng): [ui.rank_text(p.place, p.n_ranked, lng) for p in s.peers],
        }
    )
    ui.static_table(table.set_index(t("col_peer_set", lng)))
    st.caption(t("stair_comparisons_note", lng))
    peer_ids = tuple(m for m in view.peer_ids if m != "0000")
    if 0 < len(peer_ids) <= 40:
        vals = cached.values((s.kpi_id,), (view.municipality_id, *peer_ids), view.year, view.gender)
        chosen = next((p for p in s.peers if p.key == view.peer_key), None)
        refs = [(t("riket", lng), cached.riket_value(s.kpi_id, view.year, view.gender))]
        if chosen is not None:
            refs.append((charts.peer_mean_label(view.peer_label, lng), chosen.mean))
        text = ui.chart_text(view, t("kpi_peer_bars", lng, year=view.year), s.kpi_id, x_title=s.unit)
        ui.show(charts.peer_bars(vals, view.municipality_id, text, s.direction, refs), "stair_peers")


def step4(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step4", lng))
    corr = s.correlations.head(10)
    if corr.empty:
        st.caption(t("patterns_none", lng))
        return
    ui.correlation_table(corr, lng)
    st.caption(t("patterns_note", lng))


def steps_5_to_9(view: state.View, s) -> None:
    lng = view.lang
    ctx = f"{view.municipality_id}_{s.kpi_id}_{view.year}_{view.gender}_{view.peer_key}_{lng}"
    suggested = s.assessment.status
    with st.form(f"stair_form_{ctx}"):
        reflection = st.text_area(t("step5", lng), value=s.narrative, key=f"s5_{ctx}", height=160)
        evidence = st.text_area(
            t("step6", lng),
            value=t("draft_evidence", lng, peers=", ".join(p.label for p in s.peers)),
            key=f"s6_{ctx}",
        )
        conclusion = st.text_area(
            t("step7", lng),
            value=t(
                "draft_conclusion",
                lng,
                status=ui.status_text(suggested, lng, short=False),
                reasons=wording.reasons_text(s.assessment, s.unit, lng),
            ),
            key=f"s7_{ctx}",
        )
        st.markdown(f"**{t('step8', lng)}**")
        st.badge(
            f"{t('suggested', lng)}: {ui.status_text(suggested, lng, short=False)}", color=BADGE_COLOURS[suggested]
        )
        st.caption(f"{t('stair_basis', lng)}: {wording.basis_text(s.assessment.basis, lng)}")
        for reason in s.assessment.reasons:
            st.markdown(f"- {ui.plain(wording.reason_text(reason, s.unit, lng))}")
        status = st.radio(
            t("override", lng),
            STATUSES,
            index=STATUSES.index(suggested),
            key=f"s8_{ctx}",
            format_func=lambda x: ui.status_text(x, lng, short=False),
            horizontal=True,
        )
        override_reason = st.text_input(t("override_reason", lng), key=f"s8r_{ctx}")
        actions = st.text_area(t("step9", lng), value=t("draft_actions", lng, kpi=s.kpi_title), key=f"s9_{ctx}")
        author = st.text_input(t("author", lng), key="author")
        submitted = st.form_submit_button(t("save", lng), type="primary")
    if submitted:
        save(view, s, status, override_reason, reflection, evidence, conclusion, actions, author)


def save(view: state.View, s, status, override_reason, reflection, evidence, conclusion, actions, author) -> None:
    lng = view.lang
    suggested = s.assessment.status
    if not author.strip():
        st.error(t("save_need_author", lng))
        return
    if status != suggested and not override_reason.strip():
        st.error(t("save_need_reason", lng))
        return
    reason = override_reason.strip() if status != suggested else wording.reasons_text(s.assessment, s.unit, lng)
    record = write.Assessment(
        municipality_id=view.municipality_id,
        kpi_id=s.kpi_id,
        year=view.year,
        gender=view.gender,
        status=status,
        author=author.strip(),
        status_suggested=suggested,
        status_reason=reason,
        peer_set=view.peer_label,
        reflection=reflection,
        evidence=evidence,
        conclusion=conclusion,
        actions=actions,
    )
    try:
        new_id = write.save_assessment(store(), record)
    except Exception as exc:  # the work database cannot be reached: say so, change nothing
        ui.log.exception("Saving an assessment failed")
        st.error(t("save_failed", lng, message=ui.error_text(exc, lng)))
        return
    cached.clear()
    st.success(t("saved", lng, id=new_id, author=ui.plain(author)))


def saved_list(view: state.View) -> None:
    lng = view.lang
    st.subheader(t("saved_list", lng, kommun=ui.plain(view.municipality_title)))
    saved = cached.assessments(view.municipality_id)
    if saved.empty:
        st.caption(t("saved_none", lng))
        return
    ui.frame(
        {
            t("col_saved_at", lng): [str(x)[:16] for x in saved["saved_at"]],
            t("col_kpi", lng): [f"{ti} ({k})" for ti, k in zip(saved["kpi_title"], saved["kpi_id"])],
            t("col_year", lng): [str(int(y)) for y in saved["year"]],
            t("gender", lng): [t(f"gender_{g}", lng) for g in saved["gender"]],
            t("col_status", lng): [ui.status_text(x, lng) for x in saved["status"]],
            t("col_author", lng): saved["author"],
            t("step7", lng): saved["conclusion"].fillna(""),
        }
    )


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("page_staircase", lng))
    kpi_id = ui.kpi_picker(view, "staircase")
    if not kpi_id:
        st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
        return
    s = cached.staircase_for(view.municipality_id, kpi_id, view.year, view.gender, view.peer_key, lng, view.area_id)
    st.caption(
        ui.plain(f"{s.kpi_title} · {view.municipality_title} · {view.year} · {view.gender_label} · {view.peer_label}")
    )
    step1(view, s)
    step2(view, s)
    step3(view, s)
    step4(view, s)
    steps_5_to_9(view, s)
    saved_list(view)


ui.guard(render, "Analystrappan")
