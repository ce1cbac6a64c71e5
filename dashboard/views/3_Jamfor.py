"""Jämför: the area's headline KPIs × the peer municipalities, coloured by quartile; for the
precondition-adjusted neighbours, why they count as similar."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.format import unit_decimals
from analysis.peers import variable_label
from dashboard import cached, charts, state, ui
from i18n import t

MAX_COLUMNS = 40


def compare_matrix(view: state.View, kpis: pd.DataFrame, ids: tuple[str, ...]) -> pd.DataFrame:
    """kpi_title, municipality_title, value, quartile, unit — one row per KPI × municipality, in
    display order (the unit decides how a cell is written: '111,6 tkr', '69,6')."""
    vals = cached.values(tuple(kpis["kpi_id"]), ids, view.year, view.gender)
    titles = dict(zip(cached.municipalities()["municipality_id"], cached.municipalities()["title"]))
    units = dict(zip(kpis["kpi_id"], kpis["unit"])) if "unit" in kpis.columns else {}
    rows = []
    for kpi_id, kpi_title in zip(kpis["kpi_id"], kpis["title"]):
        ranked = cached.ranking(kpi_id, view.year, view.gender)
        quartile = dict(zip(ranked["municipality_id"], ranked["quartile"]))
        value = dict(
            zip(vals.loc[vals["kpi_id"] == kpi_id, "municipality_id"], vals.loc[vals["kpi_id"] == kpi_id, "value"])
        )
        for m in ids:
            unit = units.get(kpi_id) or ""
            rows.append((f"{kpi_title} ({kpi_id})", titles.get(m, m), value.get(m), quartile.get(m, "grey"), unit))
    return pd.DataFrame(rows, columns=["kpi_title", "municipality_title", "value", "quartile", "unit"])


def why_similar(view: state.View, kpi_ids: list[str]) -> None:
    """Explains exactly the columns shown: the view's precondition neighbours ('grannar', made once
    in analysis.peers for the area and year), with the chosen KPI's expected value when it is one
    of the rows."""
    lng = view.lang
    kpi = st.session_state.get("kpi")
    nb = cached.neighbours(view.municipality_id, view.year, kpi if kpi in kpi_ids else None, view.gender, view.area_id)
    st.subheader(t("compare_why", lng))
    names = {v: variable_label(v, title, lng) for v, title in zip(nb.variables, nb.variable_titles or nb.variables)}
    st.write(t("compare_why_text", lng, variables=ui.plain("; ".join(names.get(v, v) for v in nb.variables))))
    ui.frame(
        {
            t("col_municipality", lng): [n.title for n in nb.neighbours],
            t("col_distance", lng): [ui.num(n.distance, 2, lng) for n in nb.neighbours],
            t("col_similar_on", lng): ["; ".join(names.get(v, v) for v in n.similar_on) for n in nb.neighbours],
        }
    )
    if nb.expected is not None and nb.residual is not None:
        actual = nb.expected + nb.residual
        st.caption(
            t(
                "compare_expected",
                lng,
                expected=ui.num(nb.expected, lang=lng),
                actual=ui.num(actual, lang=lng),
                residual=ui.signed(nb.residual, lang=lng),
            )
        )


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("compare_title", lng, kommun=ui.plain(view.municipality_title), peer=ui.plain(view.peer_label)))
    kpis = cached.area_kpis(view.area_id, headline_only=True)
    if kpis.empty:
        kpis = state.area_kpi_options(view).head(20)
    if kpis.empty:
        st.warning(t("area_no_data", lng, area=ui.plain(view.area_title)))
        return
    peer_ids = tuple(m for m in view.peer_ids if m != "0000")[:MAX_COLUMNS]
    if not peer_ids:
        st.info(t("compare_empty", lng))
    ids = (view.municipality_id, *peer_ids)
    st.caption(t("compare_intro", lng, year=view.year))
    matrix = compare_matrix(view, kpis, ids)
    title = t("compare_title", lng, kommun=view.municipality_title, peer=view.peer_label)
    text = ui.chart_text(view, title, str(kpis["kpi_id"].iloc[0]))
    ui.show(charts.matrix_chart(matrix, text), "compare_matrix")
    decimals = [unit_decimals(u) for u in matrix["unit"]]
    wide = matrix.assign(value=[ui.num(v, d, lng) for v, d in zip(matrix["value"], decimals)]).pivot(
        index="kpi_title", columns="municipality_title", values="value"
    )
    wide = wide.loc[list(dict.fromkeys(matrix["kpi_title"])), list(dict.fromkeys(matrix["municipality_title"]))]
    with st.expander(t("ranking_table", lng)):
        st.dataframe(wide, width="stretch")
    if view.peer_key == "grannar":
        why_similar(view, list(kpis["kpi_id"]))


ui.guard(render, "Jämför")
