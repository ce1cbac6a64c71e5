"""Mönster: KPI X against KPI Y across all municipalities, and the KPIs most correlated with X."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, charts, state, ui
from i18n import t


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("page_patterns", lng))
    kpi_x = ui.kpi_picker(view, "patterns", t("patterns_x", lng))
    if not kpi_x:
        st.warning(t("area_no_data", lng, area=view.area_title))
        return
    corr = cached.correlations(kpi_x, view.year, view.gender)
    options = dict(zip(corr["kpi_id"], corr["title"]))
    for k, title in zip(state.area_kpi_options(view)["kpi_id"], state.area_kpi_options(view)["title"]):
        options.setdefault(k, title)
    options.pop(kpi_x, None)
    if not options:
        st.info(t("patterns_none", lng))
        return
    if st.session_state.get("patterns_y") not in options:
        # Default Y: the strongest correlate from outside the area, where an explanation may lie.
        area_ids = set(state.area_kpi_options(view)["kpi_id"])
        outside = [k for k in corr["kpi_id"] if k not in area_ids and k != kpi_x]
        st.session_state["patterns_y"] = outside[0] if outside else next(iter(options))
    kpi_y = st.selectbox(
        t("patterns_y", lng), list(options), key="patterns_y", format_func=lambda k: f"{options[k]} ({k})"
    )
    info_x, info_y = cached.kpi_info(kpi_x), cached.kpi_info(kpi_y)
    peer_ids = tuple(m for m in view.peer_ids if m != "0000")
    sc = cached.scatter(kpi_x, kpi_y, view.year, view.gender, view.municipality_id, peer_ids)
    if sc.n < 3:
        st.info(t("patterns_none", lng))
    else:
        base = ui.chart_text(view, "", kpi_x)
        text = charts.ChartText(
            title=_short(str(info_y["title"])),
            subtitle=base.subtitle,
            caption=base.caption,
            lang=lng,
            x_title=_short(str(info_x["title"]), 70),
            y_title=_short(str(info_y["title"]), 45),
        )
        ui.show(charts.scatter_chart(sc, text), "patterns_scatter")
        outliers = sc.points[sc.points["outlier"].fillna(False).astype(bool)]["title"].tolist()
        if outliers:
            st.caption(t("patterns_outliers", lng, names=", ".join(outliers)))
    st.caption(t("patterns_note", lng))
    st.subheader(t("patterns_corr", lng, kpi=info_x["title"], year=view.year))
    ui.correlation_table(corr, lng)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


ui.guard(render, "Mönster")
