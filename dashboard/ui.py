"""Small building blocks the pages share: the error guard, the KPI picker, chart captions, the words
and colours of table cells (quartile, status, change), and `plain`/`static_table`, which keep text
from data and people plain text. Presentation only, no numbers made here.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.format import WORD_JOINER, fmt_number, fmt_signed, fmt_value, md_text, unit_decimals, unit_text
from dashboard import cached, charts, downloads, state
from i18n import say, t
from store.db import StoreError

log = logging.getLogger("trappan.dashboard")

# Cell colours for tables: the chart palette, with text colour chosen for contrast.
CELL_STYLE = {
    q: f"background-color: {charts.QUARTILE_COLOURS[q]}; color: {charts.TEXT_ON[q]}"
    for q in ("green", "yellow", "red", "grey")
} | {
    "none": "",
    "few": "",
    "no_spread": "",
    "white": "background-color: #FFFFFF; color: #000000; border: 1px solid #999999",
}
BETTER_STYLE = "color: #007A5A; font-weight: 600"
WORSE_STYLE = "color: #A8290E; font-weight: 600"  # a dark tone of the red of the palette
SHOWN_HITS = 50  # catalogue search hits offered in the list, best first
# A chart's title wraps to its width (charts.fit_width); a chart in a column is that share of the
# page's main column: 1 040 CSS px at a 1 500 px window in Streamlit's wide layout, less the gap
# between columns.
MAIN_WIDTH = 1040
SHORT_UNIT = 8  # characters of a unit that fit beside a value in a quarter-page metric ('kr/inv', '%')
COLUMN_GAP = 16


def guard(render: Callable[[], None], what: str) -> None:
    """Run a page; an expected store problem or any bug becomes a friendly message (logged in full)."""
    try:
        render()
    except StoreError as exc:
        st.error(t("store_error", state.lang(), message=error_text(exc, state.lang())))
    except Exception:
        log.exception("Page %s failed", what)
        st.error(t("unexpected_error", state.lang(), what=what))


# Streamlit renders Markdown (analysis.format.md_text escapes it, breaking bare addresses) and also
# its own directives, emoji and icons in the parsed text, where escapes no longer count (:red[…],
# :smile:, :material/home:): a word joiner after such a colon keeps them text. At the start of a text,
# '- ', '+ ', '1. ' or '1) ' would begin a list.
_DIRECTIVE = re.compile(r"(?<=:)(?=[A-Za-z])")
_LIST_START = re.compile(r"^([-+]|\d{1,9}[.)])(?=\s|$)")


def plain(text: object) -> str:
    """Text from data or people (KPI titles, units and descriptions, municipality and peer-set names,
    notes, file contents) as Streamlit shows it literally. st.markdown/title/caption/write, alerts,
    metric labels and values, radio options and st.table cells all render Markdown: an own peer set
    named ![t](http://…/track.png) would make every viewer's browser fetch that address, and
    :red[…], $…$ or <b> would be drawn. The analysis reports' escaper (md_text: Markdown's special
    characters backslash-escaped, bare addresses broken up invisibly, one line) plus Streamlit's
    extras: directives broken up, a leading list marker escaped. Only for Markdown sinks:
    st.dataframe, selectbox options and text inputs show text as is."""
    if text is None:
        return ""
    escaped = md_text(_DIRECTIVE.sub(WORD_JOINER, str(text)))
    return _LIST_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)


def error_text(exc: BaseException, lang: str) -> str:
    """An expected problem (a loader's, the store's, Kolada's: they carry an i18n message) in the
    session's language, as plain text — its values come from files, servers and people."""
    return plain(say(exc, lang))


def static_table(df: pd.DataFrame, styles: dict[str, list[str]] | None = None) -> None:
    """st.table (it renders Markdown in every cell, header and index) with all text made `plain`;
    `styles` colours whole columns as `styled` does, keyed by the unescaped column names."""
    data = df.copy()
    data = data.map(lambda v: plain(v) if isinstance(v, str) else v)
    data.index = [plain(i) if isinstance(i, str) else i for i in data.index]
    data.index.name = plain(df.index.name) if df.index.name else None
    data.columns = [plain(c) for c in df.columns]
    hide_index = isinstance(df.index, pd.RangeIndex)  # row numbers say nothing
    if styles is None:
        st.table(data, hide_index=hide_index)
    else:
        st.table(styled(data, {plain(col): css for col, css in styles.items()}), hide_index=hide_index)


def is_missing(x: object) -> bool:
    return (
        x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or (not isinstance(x, str) and pd.isna(x))
    )


def num(x: object, decimals: int = 1, lang: str = "sv") -> str:
    return fmt_number(None if is_missing(x) else float(x), decimals, lang)


def signed(x: object, decimals: int = 1, lang: str = "sv") -> str:
    return fmt_signed(None if is_missing(x) else float(x), decimals, lang)


def value_metric(label: str, value: object, unit: str, lang: str) -> tuple[str, str]:
    """(label, value) for st.metric: the value with its unit's decimals; a long unit goes with the
    label, so a quarter of the page shows the whole number ('Värde (procentenheter)': '−3,5', not
    '−3,5 procente…'; 'Value (SEK/pupil)': '128,610')."""
    number = None if is_missing(value) else float(value)
    shown = unit_text(unit, lang)
    if len(shown) <= SHORT_UNIT:
        return label, plain(fmt_value(number, unit, lang=lang))
    return f"{label} ({plain(shown)})", fmt_number(number, unit_decimals(unit), lang)


def unit_signed(x: object, unit: str, lang: str) -> str:
    """A difference with the unit's decimals: '−3,8' for a share, '+1 889' for kronor."""
    return signed(x, unit_decimals(unit), lang)


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


def change_text(change: object, direction: str, lang: str, decimals: int = 1) -> tuple[str, str]:
    """('▲ +4,0 bättre', style): the arrow shows up/down, the word and colour say better/worse;
    `decimals` the unit's (kronor whole: '▲ +19 420 ökar')."""
    if is_missing(change):
        return "–", ""
    c = float(change)
    arrow = "▲" if c > 0 else "▼" if c < 0 else "■"
    number = signed(c, decimals, lang=lang)
    if c == 0:
        return f"{arrow} {number} {t('verdict_stable', lang)}", ""
    if direction not in ("higher", "lower"):
        return f"{arrow} {number} {t('verdict_rising' if c > 0 else 'verdict_falling', lang)}", ""
    better = (c > 0) == (direction == "higher")
    word = t("verdict_improving" if better else "verdict_worsening", lang)
    return f"{arrow} {number} {word}", BETTER_STYLE if better else WORSE_STYLE


def status_text(status: str | None, lang: str, short: bool = True) -> str:
    s = status if status in ("green", "yellow", "red", "white") else "white"
    return t(f"status_short_{s}" if short else f"status_{s}", lang)


def chart_text(
    view: state.View, title: str, kpi_id: str | None, subtitle: str | None = None, share: float = 1.0, **axes: str
) -> charts.ChartText:
    """ChartText with the standard subtitle (municipality, year, gender, peer set) and source line.
    `share`: the part of the page's width the chart's column has (0,5 for one of two columns), so
    its title wraps where the chart ends."""
    sub = subtitle or f"{view.municipality_title}, {view.year}, {view.gender_label}, {view.peer_label}"
    date = cached.data_date(kpi_id) if kpi_id else None
    width = None if share >= 1 else int(share * (MAIN_WIDTH - COLUMN_GAP))
    return charts.ChartText(
        title=title, subtitle=sub, caption=charts.caption_for(date, view.lang), lang=view.lang, width=width, **axes
    )


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False, "locale": "sv-SE"})
    downloads.chart_downloads(fig, key, key, state.lang())


def kpi_picker(view: state.View, key: str, label: str | None = None) -> str | None:
    """Choose one KPI: the area's KPIs with data (headline first) in a searchable list, plus a search
    over the whole catalogue whose hits say whether values are loaded and for which years; a hit
    without values offers to fetch it. The choice is global (URL `kpi`), so every page follows it."""
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
    text = col2.text_input(t("search_label", lng), key=f"kpi_search_{key}", placeholder=t("search_placeholder", lng))
    if text.strip():
        catalogue_hits(text.strip(), key, lng)
    return st.session_state["kpi"]


def hit_label(hit: pd.Series | object, lng: str) -> str:
    """'Title (id) · värden 2012–2022' or '… · inga värden i Trappan'."""
    if getattr(hit, "has_values", False):
        return t(
            "search_hit_years", lng, title=hit.title, kpi=hit.kpi_id, first=int(hit.first_year), last=int(hit.last_year)
        )
    return t("search_hit_no_values", lng, title=hit.title, kpi=hit.kpi_id)


def catalogue_hits(text: str, key: str, lng: str) -> None:
    """The search's hits, best first. Choosing one with values makes it the KPI; one without values
    gets a "Hämta från Kolada" button (dashboard/fetching.py, the Data page's path)."""
    done = st.session_state.pop(f"kpi_fetched_{key}", None)
    if done:
        st.success(done)
    found = cached.search_catalogue(text)
    if found.empty:
        st.caption(t("search_none", lng, text=plain(text)))
        return
    hits = found.head(SHOWN_HITS)
    labels = {h.kpi_id: hit_label(h, lng) for h in hits.itertuples(index=False)}
    hkey = f"kpi_hits_{key}_{text}"  # a new search starts with no hit chosen
    with_values = dict(zip(hits["kpi_id"], hits["has_values"]))

    def chosen() -> None:
        pick = st.session_state[hkey]
        if pick and with_values.get(pick):
            state.set_kpi(pick)

    pick = st.selectbox(
        t("search_hits" if len(found) <= SHOWN_HITS else "search_hits_more", lng, n=len(found), shown=SHOWN_HITS),
        list(labels),
        index=None,
        placeholder=t("search_choose", lng),
        key=hkey,
        format_func=labels.__getitem__,
        on_change=chosen,
    )
    if pick and not with_values.get(pick):
        fetch_offer(pick, key, lng)


def fetch_offer(kpi_id: str, key: str, lng: str) -> None:
    # Imported here: the fetch path brings requests and the Kolada client (~0,1 s), which a page's
    # first draw does not need.
    from dashboard import fetching
    from loaders.fetch import FetchRequest

    years = fetching.recent_years()
    first, last = years[0], years[-1]
    st.info(t("search_no_values", lng, kpi=kpi_id, first=first, last=last))
    if not st.button(t("search_fetch", lng), key=f"kpi_fetch_{key}_{kpi_id}", type="primary"):
        return
    result = fetching.run_fetch(FetchRequest(kpi_ids=(kpi_id,), years=years), lng)
    if result is None:
        return
    if result.rows_fetched == 0:
        st.warning(t("search_fetched_nothing", lng, kpi=kpi_id, first=first, last=last))
        return
    rows = fmt_number(result.rows_changed, 0, lng)
    st.session_state[f"kpi_fetched_{key}"] = t("search_fetched", lng, rows=rows, kpi=kpi_id, first=first, last=last)
    state.set_kpi(kpi_id)
    st.rerun()


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


def correlation_table(corr: pd.DataFrame, lang: str, twin_of: bool = False) -> None:
    """analysis.patterns.correlations as a table: KPI name, Pearson r, Spearman ρ, n; with `twin_of`
    also the KPI each sibling is a variant of."""
    columns = {
        t("col_kpi", lang): [f"{ti} ({k})" for ti, k in zip(corr["title"], corr["kpi_id"])],
        t("col_pearson", lang): [num(v, 2, lang) for v in corr["pearson"]],
        t("col_spearman", lang): [num(v, 2, lang) for v in corr["spearman"]],
        t("col_n", lang): [str(int(n)) for n in corr["n"]],
    }
    if twin_of and "twin_of" in corr.columns:
        columns[t("col_twin_of", lang)] = ["" if is_missing(k) else str(k) for k in corr["twin_of"]]
    frame(columns)
