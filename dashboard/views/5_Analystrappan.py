"""Analystrappan: one KPI up the nine steps. 1–4 computed (analysis.staircase) and charted; 5, 6, 7
and 9 the analyst's text, prefilled with drafts; 8 the suggested status with an override; "Spara"
stores it all in `assessment` (a new row per save, so who and when are kept)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.format import diff_unit, fmt_value
from dashboard import cached, charts, state, ui
from dashboard.connection import store
from i18n import t
from store import write

STATUSES = ("green", "yellow", "red", "white")
BADGE_COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "white": "gray"}


def step1(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step1", lng))
    tr = s.trend
    c = st.columns(5)
    c[0].metric(
        t("latest", lng, year=tr.latest_year or view.year), ui.plain(fmt_value(tr.latest_value, s.unit, lang=lng))
    )
    c[1].metric(t("change_prev", lng), ui.signed(tr.change_abs, lang=lng))
    c[2].metric(t("change_3y", lng), ui.signed(tr.change_vs_3y, lang=lng))
    c[3].metric(t("slope", lng, n=tr.slope_years), ui.signed(tr.slope, 2, lng))
    c[4].metric(t("verdict", lng), t(f"verdict_{tr.verdict}", lng))
    target = (s.target.target_year, s.target.target_value) if s.target is not None else None
    text = ui.chart_text(view, t("kpi_trend", lng), s.kpi_id, y_title=s.unit)
    ui.show(
        charts.trend_chart(s.series, view.municipality_id, text, view.gender, view.peer_label, target, s.unit),
        "stair_trend",
    )


def step2(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step2", lng))
    if s.target is None:
        st.info(t("no_target", lng, reference=ui.plain(s.assessment.reference)))
    else:
        g = s.target
        c = st.columns(3)
        gap_title = t("target_gap", lng, target=ui.num(g.target_value, lang=lng), year=g.target_year)
        c[0].metric(gap_title, f"{ui.signed(g.gap_abs, lang=lng)} {diff_unit(s.unit, lng)}".strip())
        c[1].metric(t("col_target", lng), t("target_met" if g.met else "target_not_met", lng))
        c[2].metric(t("years_to_target", lng), ui.num(g.years_to_target, 1, lng))
    gg = s.gender_gap
    if gg is not None and (gg.value_k is not None or gg.value_m is not None):
        c = st.columns(3)
        c[0].metric(t("gender_K", lng), ui.plain(fmt_value(gg.value_k, s.unit, lang=lng)))
        c[1].metric(t("gender_M", lng), ui.plain(fmt_value(gg.value_m, s.unit, lang=lng)))
        worse = t(f"gender_{gg.worse}", lng) if gg.worse else "–"
        c[2].metric(t("gender_gap", lng), ui.signed(gg.gap, lang=lng), help=t("worse_group", lng, group=worse))
        text = ui.chart_text(view, t("kpi_gender", lng), s.kpi_id, y_title=s.unit)
        ui.show(charts.gender_chart(s.series, text, view.municipality_id, s.unit), "stair_gender")
    else:
        st.caption(t("kpi_not_by_gender", lng))


def step3(view: state.View, s) -> None:
    lng = view.lang
    st.subheader(t("step3", lng))
    rank = s.rank if s.rank is not None else pd.Series(dtype=object)
    quartile = rank.get("quartile")
    st.markdown(
        f"{t('col_rank', lng)}: **{ui.rank_text(rank.get('rank'), rank.get('n'), lng)}** · "
        f"{t('col_quartile', lng)}: **{charts.quartile_label(quartile, lng)}**"
    )
    table = pd.DataFrame(
        {
            t("col_peer_set", lng): [p.label for p in s.peers],
            t("col_n", lng): [str(p.n) for p in s.peers],
            t("col_mean", lng): [ui.num(p.mean, lang=lng) for p in s.peers],
            t("col_median", lng): [ui.num(p.median, lang=lng) for p in s.peers],
            t("col_value", lng): [ui.num(p.own_value, lang=lng) for p in s.peers],
            t("col_place", lng): [ui.rank_text(p.place, p.n_in_set, lng) for p in s.peers],
        }
    )
    ui.static_table(table.set_index(t("col_peer_set", lng)))
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
                reasons=" ".join(s.assessment.reasons),
            ),
            key=f"s7_{ctx}",
        )
        st.markdown(f"**{t('step8', lng)}**")
        st.badge(
            f"{t('suggested', lng)}: {ui.status_text(suggested, lng, short=False)}", color=BADGE_COLOURS[suggested]
        )
        for reason in s.assessment.reasons:
            st.markdown(f"- {ui.plain(reason)}")
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
    reason = override_reason.strip() if status != suggested else "; ".join(s.assessment.reasons)
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
        st.error(t("save_failed", lng, message=ui.plain(exc)))
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
