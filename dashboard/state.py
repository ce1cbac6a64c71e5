"""The global choices (sidebar) and their mirror in the URL.

The view lives in st.session_state under the widget keys below and in the query parameters
`kommun`, `ar`, `kon`, `kpi`, `jmf`, `omrade`, `lang`, the goal follow-up's `period` and the maps'
county zoom `lan`, so a copied
link reproduces what you see: `/?kommun=1880&ar=2019` opens Örebro 2019, `&lang=en` in English,
`&lan=0018` with the map zoomed to Örebro län. The URL is read once per browser
session (before the widgets exist; the language before anything is drawn) and rewritten on every
run, which also carries it across page switches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import cached
from i18n import t

DEFAULT_MUNICIPALITY = "1880"  # Örebro: the municipality whose quality handbook the staircase comes from
DEFAULT_AREA = "grundskola"  # where Örebro's handbook and SKR's export start (KKiK is listed first)
GENDERS = ("T", "K", "M")
URL_KEYS = {
    "kommun": "kommun",
    "ar": "ar",
    "kon": "kon",
    "kpi": "kpi",
    "jmf": "jmf",
    "omrade": "omrade",
    "period": "period",  # the goal follow-up's delår/helår (page Mål och uppföljning)
    "lan": "lan",
}
COUNTY_KEY = "lan"  # the maps' county zoom: one choice for every page with a map
LANGS = ("sv", "en")


@dataclass(frozen=True)
class View:
    """What every page shows: one municipality, year, gender, peer set, area and language."""

    municipality_id: str
    municipality_title: str
    year: int
    gender: str
    peer_key: str
    peer_label: str
    peer_ids: tuple[str, ...]
    area_id: str
    area_title: str
    area_has_data: bool
    lang: str
    kpi_id: str | None

    @property
    def gender_label(self) -> str:
        return t(f"gender_{self.gender}", self.lang)


def lang() -> str:
    return st.session_state.get("lang", "sv")


def read_url_once() -> None:
    """Seed the widget state from the URL, only on a session's first run (later the widgets rule).
    The language is set at once: the navigation's page titles are drawn before the sidebar."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    qp = st.query_params
    for param, key in URL_KEYS.items():
        value = qp.get(param)
        if value:
            st.session_state[f"_url_{key}"] = value
    if qp.get("lang") in LANGS:
        st.session_state["lang"] = qp.get("lang")


def url_value(key: str) -> str | None:
    """The URL's value of `key`, once: read_url_once kept it aside for the first run that asks
    (a page's own choice, like the follow-up's period, asks for it too)."""
    return st.session_state.pop(f"_url_{key}", None)


def area_years(area_id: str) -> list[int]:
    """The area's years with data, newest first: what the year choices offer."""
    kpis = cached.area_kpis(area_id)
    with_data = kpis.dropna(subset=["first_year", "last_year"])
    if with_data.empty:
        return []
    return list(range(int(with_data["last_year"].max()), int(with_data["first_year"].min()) - 1, -1))


def _choose(key: str, options: list, default, url_parse=str) -> None:
    """Put a valid value in session_state[key] before its widget is drawn: the URL's, the current
    one if still valid, else the default."""
    url = url_value(key)
    if url is not None:
        try:
            parsed = url_parse(url)
        except ValueError:
            parsed = None
        if parsed in options:
            st.session_state[key] = parsed
            return
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def _copy(widget_key: str, key: str) -> None:
    st.session_state[key] = st.session_state[widget_key]


def _synced(widget, label: str, options: list, key: str, **kwargs) -> None:
    """Draw a widget that shows and edits the plain session value `key`. Why not key the widget
    itself: Streamlit drops a widget's value when the page changes, the choice must survive."""
    widget_key = f"w_{key}"
    st.session_state[widget_key] = st.session_state[key]
    widget(label, options, key=widget_key, on_change=_copy, args=(widget_key, key), **kwargs)


def area_labels(areas: pd.DataFrame, lang: str) -> dict[str, str]:
    """What the area list shows: the title, Kolada's other KPI groups marked as such, and areas
    without any loaded value marked so (they can be fetched on the Data page). The list is sorted
    KKiK, operating areas, Öppna jämförelser, other KPI groups (store.queries.areas)."""
    titles = areas["title_en" if lang == "en" else "title_sv"]
    out = {}
    for area_id, kind, title, n in zip(areas["area_id"], areas["kind"], titles, areas["n_kpis_with_data"]):
        label = t("area_kind_group", lang, title=title) if kind == "grupp" else str(title)
        out[area_id] = label if n > 0 else t("area_without_values", lang, label=label)
    return out


def sidebar() -> View:
    """Draw the global choices and return the view they make."""
    read_url_once()
    sb = st.sidebar
    lng = lang()
    munis = cached.municipalities()
    titles = dict(zip(munis["municipality_id"], munis["title"]))
    ids = list(titles)
    _choose("kommun", ids, DEFAULT_MUNICIPALITY if DEFAULT_MUNICIPALITY in titles else ids[0])
    _synced(
        sb.selectbox,
        t("municipality", lng),
        ids,
        "kommun",
        format_func=lambda m: f"{titles.get(m, m)} ({m})",
        help=t("municipality_help", lng),
    )
    areas = cached.areas()
    area_titles = dict(zip(areas["area_id"], areas["title_en" if lng == "en" else "title_sv"]))
    has_data = dict(zip(areas["area_id"], areas["n_kpis_with_data"] > 0))
    first_with_data = next((a for a in areas["area_id"] if has_data[a]), areas["area_id"].iloc[0])
    _choose("omrade", list(area_titles), DEFAULT_AREA if has_data.get(DEFAULT_AREA) else first_with_data, str.lower)
    labels = area_labels(areas, lng)
    _synced(sb.selectbox, t("area", lng), list(area_titles), "omrade", format_func=labels.get, help=t("area_help", lng))
    area_id = st.session_state["omrade"]
    years = area_years(area_id)
    if years:
        _choose("ar", years, years[0], int)
        _synced(sb.selectbox, t("year", lng), years, "ar")
        year = int(st.session_state["ar"])
    else:
        year = int(st.session_state.get("ar") or cached.status_totals()["last_year"])
    _choose("kon", list(GENDERS), "T")
    _synced(
        sb.radio, t("gender", lng), list(GENDERS), "kon", format_func=lambda g: t(f"gender_{g}", lng), horizontal=True
    )
    municipality_id, gender = st.session_state["kommun"], st.session_state["kon"]
    sets = cached.peer_sets(municipality_id, area_id, year, gender, lng)
    by_key = {p.key: p for p in sets}
    _choose("jmf", list(by_key), "liknande" if "liknande" in by_key else next(iter(by_key)))
    _synced(sb.selectbox, t("peer_set", lng), list(by_key), "jmf", format_func=lambda k: by_key[k].label)
    peer = by_key[st.session_state["jmf"]]
    _choose("lang", list(LANGS), "sv")
    _synced(
        sb.radio, t("language", lng), list(LANGS), "lang", format_func=lambda x: t(f"lang_{x}", lng), horizontal=True
    )
    url_kpi = url_value("kpi")
    if url_kpi:
        st.session_state["kpi"] = url_kpi
    view = View(
        municipality_id=municipality_id,
        municipality_title=titles.get(municipality_id, municipality_id),
        year=year,
        gender=gender,
        peer_key=peer.key,
        peer_label=peer.label,
        peer_ids=tuple(m for m in peer.municipality_ids if m != municipality_id),
        area_id=area_id,
        area_title=area_titles[area_id],
        area_has_data=bool(has_data[area_id]),
        lang=st.session_state["lang"],
        kpi_id=st.session_state.get("kpi"),
    )
    sb.caption(t("link_hint", view.lang))
    return view


def write_url(view: View) -> None:
    """Mirror the view into the address bar. Call it after st.navigation: before, Streamlit does not
    yet know the page, and a deep link such as /data?kommun=1880 would report 'page not found'."""
    wanted = {
        "kommun": view.municipality_id,
        "ar": str(view.year),
        "kon": view.gender,
        "jmf": view.peer_key,
        "omrade": view.area_id,
        "lang": view.lang,
    }
    for key in ("kpi", "period"):
        if st.session_state.get(key):
            wanted[key] = st.session_state[key]
    # before a map page has drawn the zoom, the URL's own value is still waiting to be used
    county = st.session_state.get(COUNTY_KEY) or st.session_state.get(f"_url_{COUNTY_KEY}")
    if county in set(cached.municipalities()["county_id"]):  # the whole country is the default: not written
        wanted[COUNTY_KEY] = county
    dropped = COUNTY_KEY in st.query_params and COUNTY_KEY not in wanted
    if dropped or {k: st.query_params.get(k) for k in wanted} != wanted:
        st.query_params.from_dict(wanted)


def _path_key(text: str) -> str:
    """'2_Nyckeltal', 'Översikt', 'OVERSIKT/' → 'nyckeltal', 'oversikt', 'oversikt': how a typed or old
    page path is compared (no number prefix, case, accents or punctuation)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^\d+_", "", ascii_text))


def land_on_known_page(aliases: dict[str, str]) -> None:
    """Let an old or mistyped page path open a page instead of Streamlit's English 'Page not found'
    box: `/oversikt`, `/Oversikt` (the old file-named pages) or `/Nyckeltal` open the page they name,
    anything else (`/foo`) the start page. `aliases` maps a name (page title, file name, URL path)
    to the page's URL path ('' = the start page). Call it before st.navigation.

    Why Streamlit's internals: st.navigation matches the requested path exactly and has no hook for
    unknown ones; the requested name is the script run's intent (streamlit 1.67, PagesManager)."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return  # a click in the menu names the page by its hash: always known
    wanted = manager.intended_page_name
    if not wanted or wanted in aliases.values():
        return
    keys = {_path_key(alias): path for alias, path in aliases.items()}
    manager.set_script_intent("", keys.get(_path_key(wanted), ""))


def county_choice(label: str, options: list[str], format_func, help: str) -> str:
    """The maps' county zoom ('Zooma till län'): `options[0]` is the whole country. One choice for
    Översikt and Nyckeltal, seeded from the URL's `lan` and written back to it (write_url), so a
    copied link reopens the zoom."""
    _choose(COUNTY_KEY, options, options[0])
    _synced(st.selectbox, label, options, COUNTY_KEY, format_func=format_func, help=help)
    return st.session_state[COUNTY_KEY]


def set_kpi(kpi_id: str) -> None:
    st.session_state["kpi"] = kpi_id
    st.query_params["kpi"] = kpi_id


def current_view() -> View:
    return st.session_state["view"]


def area_kpi_options(view: View) -> pd.DataFrame:
    """The area's KPIs with data (headline first), plus the current KPI if it comes from elsewhere."""
    kpis = cached.area_kpis(view.area_id)
    kpis = kpis[kpis["n_values"] > 0]
    return kpis
