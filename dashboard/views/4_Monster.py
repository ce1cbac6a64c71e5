"""Mönster: KPI X against KPI Y across all municipalities, and the KPIs most correlated with X —
without X's own variants and twins unless asked for (analysis/twins.py)."""

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
        st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
        return
    found = cached.correlations_with_twins(kpi_x, view.year, view.gender)
    show_twins = st.toggle(t("patterns_show_twins", lng), key="patterns_twins")
    corr = found.table if show_twins else found.without_twins
    options = dict(zip(corr["kpi_id"], corr["title"]))
    for k, title in zip(state.area_kpi_options(view)["kpi_id"], state.area_kpi_options(view)["title"]):
        options.setdefault(k, title)
    options.pop(kpi_x, None)
    if not options:
        st.info(t("patterns_none", lng))
        return
    if st.session_state.get("patterns_y") not in options:
        # Default Y: the strongest correlate from outside the area (no twin), where an explanation may lie.
        area_ids = set(state.area_kpi_options(view)["kpi_id"])
        outside = [k for k in found.without_twins["kpi_id"] if k not in area_ids and k != kpi_x]
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
        title_x, title_y = str(info_x["title"]), str(info_y["title"])
        text = charts.ChartText(
            title=t("patterns_scatter_title", lng, y=_named(title_y, kpi_y), x=_named(title_x, kpi_x)),
            subtitle=base.subtitle,
            caption=base.caption,
            lang=lng,
            x_title=f"{title_x} ({kpi_x})",
            y_title=f"{title_y} ({kpi_y})",
        )
        ui.show(charts.scatter_chart(sc, text), "patterns_scatter")
        outliers = sc.points[sc.points["outlier"].fillna(False).astype(bool)]["title"].tolist()
        if outliers:
            st.caption(t("patterns_outliers", lng, names=ui.plain(", ".join(outliers))))
    st.caption(t("patterns_note", lng))
    st.subheader(t("patterns_corr", lng, kpi=ui.plain(info_x["title"]), year=view.year))
    n_twins = len(found.twins)
    if n_twins:
        st.caption(t("patterns_twins_shown" if show_twins else "patterns_twins_hidden", lng, n=n_twins))
    ui.correlation_table(corr, lng, twin_of=show_twins)


def _named(title: str, kpi_id: str, limit: int = 80) -> str:
    """A KPI in the chart title: its name (cut at a word if very long; the axes carry it whole) and id."""
    short = title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0].rstrip(",;:-– ") + " …"
    return f"{short} ({kpi_id})"


ui.guard(render, "Mönster")
