"""Översikt: the management scorecard of one area, and one KPI ranked across all municipalities."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.format import fmt_value
from dashboard import cached, charts, freshness, map_panel, state, ui
from i18n import t

DATA_PAGE = "views/6_Data.py"
MAX_STATIC_ROWS = 30


def scorecard_display(card: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The scorecard as words and Swedish numbers, plus the CSS of the coloured cells."""
    peer_label = str(card["peer_label"].dropna().iloc[0]) if card["peer_label"].notna().any() else ""
    diff_peer = t("col_diff_peer", lang, label=peer_label) if peer_label else t("col_diff_peer_short", lang)
    changes = [ui.change_text(c, d, lang) for c, d in zip(card["change_abs"], card["direction"])]
    quartiles = [q if isinstance(q, str) else "grey" for q in card["quartile"]]
    statuses = [s if isinstance(s, str) else "white" for s in card["status"]]
    targets = [
        "–" if ui.is_missing(v) else f"{ui.num(v, lang=lang)} ({t('target_met' if m else 'target_not_met', lang)})"
        for v, m in zip(card["target_value"], card["target_met"])
    ]
    table = pd.DataFrame(
        {
            t("col_kpi", lang): [f"{ti} ({k})" for ti, k in zip(card["title"], card["kpi_id"])],
            t("col_value", lang): [
                f"{ui.num(v, lang=lang)} {u or ''}".strip() for v, u in zip(card["value"], card["unit"])
            ],
            t("col_year", lang): ["–" if ui.is_missing(y) else str(int(y)) for y in card["year"]],
            t("col_change", lang): [c[0] for c in changes],
            t("col_rank", lang): [ui.rank_text(r, n, lang) for r, n in zip(card["rank"], card["n"])],
            t("col_quartile", lang): [charts.quartile_label(q, lang) for q in quartiles],
            t("col_diff_riket", lang): [ui.signed(x, lang=lang) for x in card["diff_riket"]],
            diff_peer: [ui.signed(x, lang=lang) for x in card["diff_peer"]],
            t("col_target", lang): targets,
            t("col_status", lang): [ui.status_text(s, lang) for s in statuses],
            t("col_status_reason", lang): [r if isinstance(r, str) else "" for r in card["status_reason"]],
        }
    )
    styles = {
        t("col_change", lang): [c[1] for c in changes],
        t("col_quartile", lang): [ui.CELL_STYLE[q] for q in quartiles],
        t("col_status", lang): [ui.CELL_STYLE[s] for s in statuses],
    }
    return table, styles


def ranking_section(view: state.View) -> None:
    lng = view.lang
    st.subheader(t("ranking_header", lng))
    kpi_id = ui.kpi_picker(view, "overview", t("ranking_kpi", lng))
    if not kpi_id:
        return
    info = cached.kpi_info(kpi_id)
    direction = str(info["direction"]) if info is not None else "none"
    ranked = cached.ranking(kpi_id, view.year, view.gender)
    own = ranked[ranked["municipality_id"] == view.municipality_id]
    if own.empty or ui.is_missing(own["value"].iloc[0]):
        st.info(t("ranking_no_value", lng, kommun=ui.plain(view.municipality_title), year=view.year))
    else:
        row = own.iloc[0]
        riket = cached.riket_value(kpi_id, view.year, view.gender)
        unit = str(info["unit"] or "") if info is not None else ""
        c = st.columns(4)
        c[0].metric(t("col_value", lng), ui.plain(fmt_value(row["value"], unit, lang=lng)))
        c[1].metric(t("col_rank", lng), ui.rank_text(row["rank"], row["n"], lng))
        c[2].metric(t("col_quartile", lng), charts.quartile_label(row["quartile"], lng))
        c[3].metric(t("col_diff_riket", lng), ui.signed(None if riket is None else row["value"] - riket, lang=lng))
    st.caption(freshness.kpi_last_year(kpi_id, lng).capitalize())
    title = str(info["title"]) if info is not None else kpi_id
    text = ui.chart_text(view, title, kpi_id, y_title=str(info["unit"] or "") if info is not None else "")
    chart_col, map_col = st.columns([3, 2])
    with chart_col:
        ui.show(charts.ranking_chart(ranked, view.municipality_id, text, direction), "overview_ranking")
        with st.expander(t("ranking_table", lng)):
            shown = ranked.dropna(subset=["value"])
            ui.frame(
                {
                    t("col_rank", lng): [ui.rank_text(r, n, lng) for r, n in zip(shown["rank"], shown["n"])],
                    t("col_municipality", lng): shown["title"],
                    t("col_value", lng): [ui.num(v, lang=lng) for v in shown["value"]],
                    t("col_quartile", lng): [charts.quartile_label(q, lng) for q in shown["quartile"]],
                }
            )
    with map_col:
        map_panel.show(view, kpi_id, "overview_map")


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(
        t(
            "overview_title",
            lng,
            area=ui.plain(view.area_title),
            kommun=ui.plain(view.municipality_title),
            year=view.year,
        )
    )
    if not view.area_has_data:
        st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
        st.page_link(DATA_PAGE, label=t("go_data", lng), icon=":material/database:")
        return
    st.caption(f"{t('overview_intro', lng)} {view.gender_label}. {t('peer_set', lng)}: {ui.plain(view.peer_label)}.")
    show_all = st.toggle(t("show_all", lng), key="overview_show_all")
    card_box, ranking_box = st.container(), st.container()
    # The ranking (one cheap query) is drawn first, below the scorecard's place: the browser loads
    # the chart library while the server still computes the scorecard.
    with ranking_box:
        ranking_section(view)
    with card_box:
        headline_only = not show_all and cached.area_kpis(view.area_id, headline_only=True).shape[0] > 0
        if not show_all and not headline_only:
            st.info(t("no_headline_set", lng))
        with st.spinner(t("computing", lng)):
            card = cached.scorecard_table(
                view.municipality_id, view.area_id, view.year, view.gender, view.peer_key, headline_only, lng
            )
        card = card[card["value"].notna()] if not headline_only else card
        if card.empty:
            st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
            st.page_link(DATA_PAGE, label=t("go_data", lng), icon=":material/database:")
        else:
            table, styles = scorecard_display(card, lng)
            if len(table) <= MAX_STATIC_ROWS:
                ui.static_table(table, styles)
            else:  # hundreds of KPIs: a scrollable grid instead of a very long page
                st.dataframe(ui.styled(table, styles), hide_index=True, width="stretch", height=600)


ui.guard(render, "Översikt")
