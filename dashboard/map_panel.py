"""The map on a page: a county zoom, the map of the chosen KPI with its downloads, and a click on a
municipality that chooses it (the sidebar and the URL follow, as if it had been picked there)."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import cached, downloads, maps, state, ui
from i18n import t

# Same-origin and never served: should Plotly.js ever ask for a world topojson (it does not for
# this map, see dashboard/maps.py), the request stays on this machine and fails visibly.
MAP_CONFIG = {
    "displayModeBar": False,  # nothing to zoom or pan: the county choice zooms
    "locale": "sv-SE",
    "scrollZoom": False,  # the wheel scrolls the page, not the map
    "topojsonURL": "/_trappan/no-topojson/",
}


def _choose_clicked(key: str) -> None:
    """on_select: the clicked municipality becomes the chosen one (before the rerun draws the sidebar)."""
    code = maps.clicked_municipality(st.session_state.get(key))
    if code and code in set(cached.municipalities()["municipality_id"]):
        st.session_state["kommun"] = code


def county_choice(view: state.View, key: str) -> str | None:
    """A select box 'Zooma till län': all of Sweden (default) or one county; returns the county id."""
    munis = cached.municipalities()
    counties = dict(zip(munis["county_id"], munis["county_title"]))
    own = munis.loc[munis["municipality_id"] == view.municipality_id, "county_id"]
    order = sorted(counties, key=lambda c: (not (len(own) and c == own.iloc[0]), str(counties[c])))
    labels = {maps.SWEDEN: t("map_sweden", view.lang), **{c: str(counties[c]) for c in order}}
    choice = st.selectbox(
        t("map_zoom", view.lang),
        list(labels),
        format_func=labels.get,
        key=f"{key}_county",
        help=t("map_zoom_help", view.lang),
    )
    return None if choice == maps.SWEDEN else choice


def show(view: state.View, kpi_id: str, key: str, height: int = maps.MAP_HEIGHT) -> None:
    """The KPI's map for the view's year and gender, coloured by the same ranking as the bar chart."""
    lng = view.lang
    info = cached.kpi_info(kpi_id)
    if info is None:
        return
    county = county_choice(view, key)
    ranked = cached.ranking(kpi_id, view.year, view.gender)
    unit = str(info["unit"] or "")
    text = ui.chart_text(view, " ".join(str(info["title"]).split()), kpi_id)
    fig = maps.municipality_map(ranked, view.municipality_id, text, str(info["direction"]), unit, county, height)
    st.plotly_chart(
        fig,
        width="stretch",
        key=key,
        on_select=functools.partial(_choose_clicked, key),
        selection_mode="points",
        config=MAP_CONFIG,
    )
    st.caption(t("map_click_hint", lng))
    downloads.chart_downloads(fig, key, key, lng)
