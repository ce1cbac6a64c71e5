"""Översikt: the management scorecard of one area, and one KPI ranked across all municipalities."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis import wording
from analysis.format import fmt_value
from dashboard import cached, charts, freshness, map_panel, state, ui
from i18n import t

DATA_PAGE = "views/6_Data.py"
MAX_STATIC_ROWS = 30
TABLE_SAYS_IT = ("no_target", "comparison")  # the target and difference columns already say these


def value_cell(value: object, year: object, stale: bool, unit: object, lang: str) -> str:
    """'69,6 %', or a stale value with its year beside it: '60,7 % (2017)'."""
    text = f"{ui.num(value, lang=lang)} {unit or ''}".strip()
    return f"{text} ({int(year)})" if stale and not ui.is_missing(year) else text


def change_cell(change: object, previous_year: object, direction: str, lang: str) -> tuple[str, str]:
    """'sedan 2018: ▲ +4,0 bättre' — the year it compares with is always named."""
    text, style = ui.change_text(change, direction, lang)
    if ui.is_missing(previous_year) or text == "–":
        return text, style
    return f"{t('trend_since', lang, year=int(previous_year), change=text)}", style


def development_cell(row: pd.Series, lang: str) -> str:
    """'2016–2019: försämras' — the multi-year verdict with its years, beside the yearly change."""
    if row["verdict"] in (None, "no_data") or ui.is_missing(row["year"]):
        return "–"
    first = row["verdict_from_year"] if not ui.is_missing(row["verdict_from_year"]) else row["previous_year"]
    verdict = t(f"dev_{row['verdict']}", lang)
    return f"{int(first)}–{int(row['year'])}: {verdict}"


def target_cell(row: pd.Series, lang: str) -> str:
    if row["target"] is None or (isinstance(row["target"], float) and pd.isna(row["target"])):
        return t("basis_no_target", lang)
    described = wording.target_text(row["target"], row["unit"], lang, row["target_label"])
    return f"{described}: {wording.met_text(row['judgement'], lang)}"


def scorecard_display(card: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The scorecard as words and Swedish numbers, plus the CSS of the coloured cells."""
    peer_label = str(card["peer_label"].dropna().iloc[0]) if card["peer_label"].notna().any() else ""
    diff_peer = t("col_diff_peer", lang, label=peer_label) if peer_label else t("col_diff_peer_short", lang)
    changes = [
        change_cell(c, y, d, lang) for c, y, d in zip(card["change_abs"], card["previous_year"], card["direction"])
    ]
    quartiles = [q if isinstance(q, str) else "grey" for q in card["quartile"]]
    statuses = [s if isinstance(s, str) else "white" for s in card["status"]]
    information = [wording.is_information(s, b, d) for s, b, d in zip(statuses, card["basis"], card["direction"])]
    table = pd.DataFrame(
        {
            t("col_kpi", lang): [f"{ti} ({k})" for ti, k in zip(card["title"], card["kpi_id"])],
            t("col_value", lang): [
                value_cell(v, y, st_, u, lang)
                for v, y, st_, u in zip(card["value"], card["year"], card["stale"], card["unit"])
            ],
            t("col_change", lang): [c[0] for c in changes],
            t("col_development", lang): [development_cell(r, lang) for _, r in card.iterrows()],
            t("col_rank", lang): [ui.rank_text(r, n, lang) for r, n in zip(card["rank"], card["n"])],
            t("col_quartile", lang): [
                wording.quartile_text(q, lang, mv, ms, u)
                for q, mv, ms, u in zip(quartiles, card["mode_value"], card["mode_share"], card["unit"])
            ],
            t("col_diff_riket", lang): [ui.signed(x, lang=lang) for x in card["diff_riket"]],
            diff_peer: [ui.signed(x, lang=lang) for x in card["diff_peer"]],
            t("col_target", lang): [target_cell(r, lang) for _, r in card.iterrows()],
            t("col_status", lang): [
                wording.status_label(s, lang, short=True, information=i) for s, i in zip(statuses, information)
            ],
            t("col_status_reason", lang): [
                " ".join(wording.reason_text(r, u, lang) for r in reasons if r.code not in TABLE_SAYS_IT)
                for reasons, u in zip(card["reasons"], card["unit"])
            ],
        }
    )
    styles = {
        t("col_change", lang): [c[1] for c in changes],
        t("col_quartile", lang): [ui.CELL_STYLE[q] for q in quartiles],
        t("col_status", lang): [ui.CELL_STYLE["none" if i else s] for s, i in zip(statuses, information)],
    }
    return table, styles


def targets_hint(view: state.View) -> None:
    """A fresh store has no targets: say so, and where to set them, rather than colour anything."""
    if cached.targets(view.municipality_id).empty and cached.area_rules(view.municipality_id).empty:
        st.info(t("no_targets_hint", view.lang, kommun=view.municipality_title))
        st.page_link(DATA_PAGE, label=t("go_targets", view.lang), icon=":material/flag:")


def ranking_section(view: state.View) -> Callable[[], None]:
    """The ranked KPI: its figures, the bar chart and, in the column beside it, the map. Returns the
    map's drawing, for the caller to run once the scorecard is out: the first chart then draws
    while the server computes, not while the browser also lays out 290 polygons."""
    lng = view.lang
    st.subheader(t("ranking_header", lng))
    kpi_id = ui.kpi_picker(view, "overview", t("ranking_kpi", lng))
    if not kpi_id:
        return lambda: None
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
        c[2].metric(
            t("col_quartile", lng),
            wording.quartile_text(row["quartile"], lng, row["mode_value"], row["mode_share"], unit),
        )
        c[3].metric(t("col_diff_riket", lng), ui.signed(None if riket is None else row["value"] - riket, lang=lng))
    st.caption(freshness.kpi_last_year(kpi_id, lng).capitalize())
    title = str(info["title"]) if info is not None else kpi_id
    text = ui.chart_text(view, title, kpi_id, y_title=str(info["unit"] or "") if info is not None else "")
    chart_col, map_col = st.columns([3, 2])
    with chart_col:
        ui.show(charts.ranking_chart(ranked, view.municipality_id, text, direction), "overview_ranking")
        # A toggle, not an expander: an expander's grid loads the data-grid scripts (1,2 MB) with
        # the page's first draw even while closed; the toggle loads them when the list is asked for.
        if st.toggle(t("ranking_table", lng), key="overview_whole_list"):
            shown = ranked.dropna(subset=["value"])
            ui.frame(
                {
                    t("col_rank", lng): [ui.rank_text(r, n, lng) for r, n in zip(shown["rank"], shown["n"])],
                    t("col_municipality", lng): shown["title"],
                    t("col_value", lng): [ui.num(v, lang=lng) for v in shown["value"]],
                    t("col_quartile", lng): [wording.quartile_text(q, lng) for q in shown["quartile"]],
                }
            )

    def draw_map() -> None:
        with map_col:
            map_panel.show(view, kpi_id, "overview_map")

    return draw_map


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
        draw_map = ranking_section(view)
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
            targets_hint(view)
            table, styles = scorecard_display(card, lng)
            if len(table) <= MAX_STATIC_ROWS:
                ui.static_table(table, styles)
            else:  # hundreds of KPIs: a scrollable grid instead of a very long page
                st.dataframe(ui.styled(table, styles), hide_index=True, width="stretch", height=600)
    draw_map()


ui.guard(render, "Översikt")
