"""Nyckeltal: one KPI — trend against peers and Riket, all municipalities, the peer set, women/men,
and what the KPI is."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.format import unit_text
from dashboard import cached, charts, freshness, map_panel, state, ui
from i18n import t

MAX_PEER_LINES = 60  # beyond this the thin peer lines are noise (e.g. 'alla')
MAX_PEER_BARS = 40


def unit_cell(unit: str, lang: str) -> str:
    """The unit in the page's words, with Kolada's own beside it where they differ (so it can be
    found in Kolada): 'SEK/pupil (kr/elev)'."""
    if not unit.strip():
        return "–"
    shown = unit_text(unit, lang)
    return shown if shown == unit.strip() else f"{shown} ({unit.strip()})"


def peer_stats_for(s, key: str):
    return next((p for p in s.peers if p.key == key), None)


def render() -> None:
    view = state.current_view()
    lng = view.lang
    kpi_id = ui.kpi_picker(view, "kpi")
    if not kpi_id:
        st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
        return
    s = cached.staircase_for(view.municipality_id, kpi_id, view.year, view.gender, view.peer_key, lng, view.area_id)
    st.title(ui.plain(s.kpi_title))
    st.caption(
        f"{ui.direction_text(s.direction, lng)} · {ui.plain(view.municipality_title)} · {view.gender_label} · "
        + freshness.kpi_last_year(kpi_id, lng)
    )
    riket = cached.riket_value(kpi_id, view.year, view.gender)
    chosen = peer_stats_for(s, view.peer_key)
    if s.value is None:
        st.info(
            t(
                "kpi_no_value",
                lng,
                kommun=ui.plain(view.municipality_title),
                kpi=ui.plain(s.kpi_title),
                year=view.year,
                gender=view.gender_label,
            )
        )
    else:
        c = st.columns(4)
        c[0].metric(*ui.value_metric(t("latest", lng, year=s.trend.latest_year or view.year), s.value, s.unit, lng))
        rank = s.rank if s.rank is not None else pd.Series(dtype=object)
        c[1].metric(t("col_rank", lng), ui.rank_text(rank.get("rank"), rank.get("n"), lng))
        c[2].metric(t("col_quartile", lng), charts.quartile_label(rank.get("quartile"), lng))
        c[3].metric(t("col_diff_riket", lng), ui.unit_signed(None if riket is None else s.value - riket, s.unit, lng))

    peer_ids = tuple(m for m in view.peer_ids if m != "0000")
    left, right = st.columns(2)
    with left:
        trend = s.series
        if 0 < len(peer_ids) <= MAX_PEER_LINES:
            trend = pd.concat([cached.series(kpi_id, peer_ids, (view.gender,)), trend], ignore_index=True)
        target = s.target_point
        text = ui.chart_text(view, t("kpi_trend", lng), kpi_id, share=0.5, y_title=s.unit)
        fig = charts.trend_chart(trend, view.municipality_id, text, view.gender, view.peer_label, target, s.unit)
        ui.show(fig, "kpi_trend")
    with right:
        ranked = cached.ranking(kpi_id, view.year, view.gender)
        text = ui.chart_text(view, t("kpi_distribution", lng, year=view.year), kpi_id, share=0.5, x_title=s.unit)
        ui.show(charts.distribution_chart(ranked, view.municipality_id, text, riket), "kpi_distribution")
    left, right = st.columns(2)
    with left:
        if 0 < len(peer_ids) <= MAX_PEER_BARS:
            vals = cached.values((kpi_id,), (view.municipality_id, *peer_ids), view.year, view.gender)
            refs = [(t("riket", lng), riket)]
            if chosen is not None and chosen.key != "riket":
                refs.append((charts.peer_mean_label(view.peer_label, lng), chosen.mean))
            text = ui.chart_text(view, t("kpi_peer_bars", lng, year=view.year), kpi_id, share=0.5, x_title=s.unit)
            ui.show(charts.peer_bars(vals, view.municipality_id, text, s.direction, refs), "kpi_peers")
        else:
            st.info(f"{t('peer_set', lng)}: {ui.plain(view.peer_label)} ({len(peer_ids)})")
    with right:
        info = cached.kpi_info(kpi_id)
        if info is not None and bool(info["is_divided_by_gender"]):
            text = ui.chart_text(view, t("kpi_gender", lng), kpi_id, share=0.5, y_title=s.unit)
            ui.show(charts.gender_chart(s.series, text, view.municipality_id, s.unit), "kpi_gender")
        else:
            st.info(t("kpi_not_by_gender", lng))
    left, right = st.columns(2)
    with left:
        map_panel.show(view, kpi_id, "kpi_map")
    with right:
        definition(kpi_id, lng)


def definition(kpi_id: str, lng: str) -> None:
    info = cached.kpi_info(kpi_id)
    if info is None:
        return
    st.subheader(t("kpi_definition", lng))
    st.write(ui.plain(info["description"] or ""))
    years = "–"
    if not ui.is_missing(info["first_year"]):
        years = f"{int(info['first_year'])}–{int(info['last_year'])}"
    publ = info["publication_date"]
    fetched = cached.data_date(kpi_id)
    rows = [
        (t("kpi_meta_id", lng), kpi_id),
        (t("kpi_meta_area", lng), str(info["operating_area"] or "–")),
        (
            t("col_direction", lng),
            " – ".join(
                [ui.direction_text(str(info["direction"]), lng)]
                + ([] if ui.is_missing(info["direction_reason"]) else [str(info["direction_reason"])])
            ),
        ),
        (t("col_unit", lng), unit_cell(str(info["unit"] or ""), lng)),
        (t("kpi_meta_years", lng), years),
        (t("kpi_meta_last_year", lng), "–" if ui.is_missing(info["last_year"]) else str(int(info["last_year"]))),
        (t("kpi_meta_gender", lng), t("yes" if bool(info["is_divided_by_gender"]) else "no", lng)),
        (t("kpi_meta_next_publ", lng), "–" if ui.is_missing(publ) else str(publ)[:10]),
        (t("kpi_meta_source", lng), "Kolada (RKA)"),
        (t("kpi_meta_fetched", lng), fetched.isoformat() if fetched else "–"),
    ]
    ui.static_table(
        pd.DataFrame(rows, columns=[t("col_field", lng), t("col_value", lng)]).set_index(t("col_field", lng))
    )


ui.guard(render, "Nyckeltal")
