"""Small building blocks the pages share: the error guard, the KPI picker, chart captions and the
words and colours of table cells (quartile, status, change). Presentation only, no numbers made here.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.format import fmt_number, fmt_signed
from dashboard import cached, charts, downloads, state
from i18n import t
from store.db import StoreError

log = logging.getLogger("trappan.dashboard")

# Cell colours for tables: the chart palette, with text colour chosen for contrast.
CELL_STYLE = {
    "green": f"background-color: {charts.QUARTILE_COLOURS['green']}; color: #FFFFFF",
    "yellow": f"background-color: {charts.QUARTILE_COLOURS['yellow']}; color: #000000",
    "red": f"background-color: {charts.QUARTILE_COLOURS['red']}; color: #FFFFFF",
    "grey": f"background-color: {charts.QUARTILE_COLOURS['grey']}; color: #000000",
    "none": "",
    "few": "",
    "no_spread": "",
    "white": "background-color: #FFFFFF; color: #000000; border: 1px solid #999999",
}
BETTER_STYLE = "color: #007A5A; font-weight: 600"
WORSE_STYLE = "color: #B34700; font-weight: 600"


def guard(render: Callable[[], None], what: str) -> None:
    """Run a page; an expected store problem or any bug becomes a friendly message (logged in full)."""
    try:
        render()
    except StoreError as exc:
        st.error(t("store_error", state.lang(), message=str(exc)))
    except Exception:
        log.exception("Page %s failed", what)
        st.error(t("unexpected_error", state.lang(), what=what))


def is_missing(x: object) -> bool:
    return (
        x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or (not isinstance(x, str) and pd.isna(x))
    )


def num(x: object, decimals: int = 1, lang: str = "sv") -> str:
    return fmt_number(None if is_missing(x) else float(x), decimals, lang)


def signed(x: object, decimals: int = 1, lang: str = "sv") -> str:
    return fmt_signed(None if is_missing(x) else float(x), decimals, lang)


def kpi_label(kpi_id: str) -> str:
    """'Title (id)': people read names, the id makes it findable in Kolada."""
    info = cached.kpi_info(kpi_id)
    return kpi_id if info is None else f"{info['title']} ({kpi_id})"


def rank_text(rank: object, n: object, lang: str) -> str:
    if is_missing(rank) or is_missing(n):
        return "–"
    return t("rank_of", lang, rank=int(rank), n=int(n))


def direction_text(direction: str, lang: str) -> str:
    return t(f"direction_{direction if direction in ('higher', 'lower') else 'none'}", lang)


def change_text(change: object, direction: str, lang: str) -> tuple[str, str]:
    """('▲ +4,0 bättre', style): the arrow shows up/down, the word and colour say better/worse."""
    if is_missing(change):
        return "–", ""
    c = float(change)
    arrow = "▲" if c > 0 else "▼" if c < 0 else "■"
    if c == 0:
        return f"{arrow} {signed(c, lang=lang)} {t('verdict_stable', lang)}", ""
    if direction not in ("higher", "lower"):
        return f"{arrow} {signed(c, lang=lang)} {t('verdict_rising' if c > 0 else 'verdict_falling', lang)}", ""
    better = (c > 0) == (direction == "higher")
    word = t("verdict_improving" if better else "verdict_worsening", lang)
    return f"{arrow} {signed(c, lang=lang)} {word}", BETTER_STYLE if better else WORSE_STYLE


def status_text(status: str | None, lang: str, short: bool = True) -> str:
    s = status if status in ("green", "yellow", "red", "white") else "white"
    return t(f"status_short_{s}" if short else f"status_{s}", lang)


def chart_text(
    view: state.View, title: str, kpi_id: str | None, subtitle: str | None = None, **axes: str
) -> charts.ChartText:
    """ChartText with the standard subtitle (municipality, year, gender, peer set) and source line."""
    sub = subtitle or f"{view.municipality_title}, {view.year}, {view.gender_label}, {view.peer_label}"
    date = cached.data_date(kpi_id) if kpi_id else None
    return charts.ChartText(
        title=title, subtitle=sub, caption=charts.caption_for(date, view.lang), lang=view.lang, **axes
    )


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False, "locale": "sv-SE"})
    downloads.chart_downloads(fig, key, key, state.lang())


def kpi_picker(view: state.View, key: str, label: str | None = None) -> str | None:
    """Choose one KPI: the area's KPIs with data (headline first) in a searchable list, plus a search
    over the whole catalogue. The choice is global (URL `kpi`), so every page follows it."""
    lng = view.lang
    opts = state.area_kpi_options(view)
    titles = dict(zip(opts["kpi_id"], opts["title"]))
    current = st.session_state.get("kpi")
    if current and current not in titles:
        info = cached.kpi_info(current)
        if info is None:
            current = None
        else:
            titles = {current: str(info["title"]), **titles}
    if not titles:
        return None
    if current is None:
        current = next(iter(titles))
        st.session_state["kpi"] = current
    wkey = f"kpi_pick_{key}"
    st.session_state[wkey] = current
    col1, col2 = st.columns([3, 2])
    col1.selectbox(
        label or t("kpi", lng),
        list(titles),
        key=wkey,
        format_func=lambda k: f"{titles.get(k, k)} ({k})",
        on_change=lambda: state.set_kpi(st.session_state[wkey]),
    )
    text = col2.text_input(t("kpi_search", lng), key=f"kpi_search_{key}")
    if text.strip():
        hits = cached.search_kpis(text.strip())
        if hits.empty:
            col2.caption(t("kpi_search_none", lng, text=text.strip()))
        else:
            hit_titles = dict(zip(hits["kpi_id"], hits["title"]))
            hkey = f"kpi_hits_{key}"
            col2.selectbox(
                t("kpi", lng),
                list(hit_titles),
                index=None,
                key=hkey,
                format_func=lambda k: f"{hit_titles[k]} ({k})",
                on_change=lambda: st.session_state[hkey] and state.set_kpi(st.session_state[hkey]),
                label_visibility="collapsed",
            )
    return st.session_state["kpi"]


def styled(df: pd.DataFrame, styles: dict[str, list[str]]) -> pd.io.formats.style.Styler:
    """A Styler that colours whole columns cell by cell (`styles[column]` = one CSS string per row)."""

    def apply(_: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=df.index, columns=df.columns)
        for col, css in styles.items():
            out[col] = css
        return out

    return df.style.apply(apply, axis=None).hide(axis="index")


def frame(columns: dict[str, object]) -> None:
    """A scrollable table of already formatted columns (header → values), without the index."""
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")


def correlation_table(corr: pd.DataFrame, lang: str) -> None:
    """analysis.patterns.correlations as a table: KPI name, Pearson r, Spearman ρ, n."""
    frame(
        {
            t("col_kpi", lang): [f"{ti} ({k})" for ti, k in zip(corr["title"], corr["kpi_id"])],
            t("col_pearson", lang): [num(v, 2, lang) for v in corr["pearson"]],
            t("col_spearman", lang): [num(v, 2, lang) for v in corr["spearman"]],
            t("col_n", lang): [str(int(n)) for n in corr["n"]],
        }
    )
