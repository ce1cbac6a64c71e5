"""Skapa presentation: a council deck (.pptx) and its numbers (.xlsx) for the current view.

What goes in: the area's headline set (default), KPIs picked from the area, or every KPI with a
saved self-assessment; municipality, year, gender, peer set and language come from the sidebar;
optionally each KPI's map of Sweden after its slide. KPIs without a value for the year are left
out (the deck names them, and so does this page).
The build is the export package's (dashboard.export.build.build_files, the same file as the CLI's);
this page only asks, shows progress and offers the files. The result is kept in session_state with
the request that made it, so the download buttons survive reruns and a changed view is noticed.
"""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from dashboard import cached, state, ui
from dashboard.connection import cursor
from dashboard.downloads import XLSX_MIME
from dashboard.export.build import DeckFiles, build_files
from dashboard.export.content import DeckRequest, left_out_titles
from dashboard.export.errors import ExportError
from i18n import t

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MODES = ("area", "kpis", "assessments")
RESULT_KEY = "presentation_result"
EXTRA_SLIDES = 2  # the title slide and the closing sources-and-method slide


def saved_kpis(view: state.View) -> list[str]:
    """KPIs with a saved self-assessment for the view's municipality, year and gender."""
    df = cached.assessments(view.municipality_id)
    df = df[(df["year"] == view.year) & (df["gender"] == view.gender)]
    return list(dict.fromkeys(df["kpi_id"]))


def choose(view: state.View) -> tuple[DeckRequest | None, int | None]:
    """The request the person's choices make (None: nothing to build yet) and the number of KPI
    slides it will have, when known in advance (for the progress bar)."""
    lng = view.lang
    labels = {
        "area": t("pres_mode_area", lng, area=ui.plain(view.area_title)),
        "kpis": t("pres_mode_kpis", lng),
        "assessments": t("pres_mode_assessments", lng),
    }
    mode = st.radio(t("pres_what", lng), MODES, format_func=labels.get, key="pres_mode")
    maps = st.checkbox(t("pres_maps", lng), key="pres_maps", help=t("pres_maps_help", lng))
    per_kpi = 2 if maps else 1  # slides per KPI, for the progress bar
    base = {
        "municipality_id": view.municipality_id,
        "year": view.year,
        "area_id": view.area_id,
        "gender": view.gender,
        "peer_key": view.peer_key,
        "lang": lng,
        "maps": maps,
    }
    if mode == "area":
        n = len(cached.area_kpis(view.area_id, headline_only=True))
        st.caption(t("pres_area_count", lng, n=n) if n else t("pres_area_fallback", lng, year=view.year))
        return DeckRequest(**base), n * per_kpi or None
    if mode == "kpis":
        opts = state.area_kpi_options(view)
        titles = dict(zip(opts["kpi_id"], opts["title"]))
        default = [view.kpi_id] if view.kpi_id in titles else []
        picked = st.multiselect(
            t("pres_kpis", lng),
            list(titles),
            default=default,
            format_func=lambda k: f"{titles[k]} ({k})",
            placeholder=t("choose_kpis", lng),
        )
        if not picked:
            st.info(t("pres_kpis_none", lng))
            return None, None
        return DeckRequest(**base, kpi_ids=tuple(picked)), len(picked) * per_kpi
    saved = saved_kpis(view)
    where = {"kommun": ui.plain(view.municipality_title), "year": view.year, "gender": view.gender_label.lower()}
    if not saved:
        st.info(t("pres_assessments_none", lng, **where))
        return None, None
    st.caption(t("pres_assessments_count", lng, n=len(saved), **where))
    return DeckRequest(**base, from_assessments=True), len(saved) * per_kpi


def build(req: DeckRequest, expected: int | None, lang: str) -> None:
    """Build the deck with a progress bar and a line per finished slide; keep the result."""
    slot = st.empty()  # progress and the per-slide log; cleared on success (offer() then says "Klar")
    area = slot.container()
    bar = area.progress(0.0)
    with area.status(t("pres_building", lang), expanded=True) as box:
        done = []

        def progress(slide) -> None:
            done.append(slide)
            box.write(t("pres_slide_done", lang, i=len(done), title=ui.plain(slide_label(slide))))
            if expected:
                bar.progress(min(1.0, len(done) / expected))

        started = time.perf_counter()
        try:
            with cursor() as cur:
                files = build_files(cur, req, workbook=True, on_slide=progress)
        except ExportError as exc:
            box.update(label=t("pres_failed", lang), state="error")
            bar.empty()
            st.error(ui.error_text(exc, lang))
            return
        seconds = time.perf_counter() - started
    slot.empty()
    st.session_state[RESULT_KEY] = (req, files, seconds)


def done_text(files: DeckFiles, seconds: float, lang: str) -> str:
    n = len(files.deck.slides)
    kpis = sum(not s.is_map for s in files.deck.slides)
    return t("pres_done", lang, slides=n + EXTRA_SLIDES, kpis=kpis, seconds=ui.num(seconds, 1, lang))


def slide_label(slide) -> str:
    """'Title (N15419)', a map slide 'Title (N15419) – karta'."""
    label = f"{slide.title} ({slide.kpi_id})"
    return f"{label} – {t('deck_map', state.lang())}" if slide.is_map else label


def offer(req: DeckRequest, lang: str) -> None:
    """The download buttons and a table of the slides, for the last deck built in this session."""
    kept = st.session_state.get(RESULT_KEY)
    if kept is None:
        return
    made_for, files, seconds = kept
    if made_for != req:
        st.warning(t("pres_stale", lang))
    st.success(done_text(files, seconds, lang))
    if files.deck.left_out:
        titles = left_out_titles(files.deck.left_out, lang)
        st.info(t("pres_left_out", lang, year=made_for.year, titles=ui.plain(titles)))
    row = st.container(horizontal=True)
    for ext, data, mime, icon, kind in (
        ("pptx", files.pptx, PPTX_MIME, ":material/slideshow:", "primary"),
        ("xlsx", files.xlsx, XLSX_MIME, ":material/table:", "secondary"),
    ):
        row.download_button(
            t(f"pres_download_{ext}", lang),
            data=data,
            file_name=f"{files.deck.file_stem}.{ext}",
            mime=mime,
            key=f"pres_{ext}",
            on_click="ignore",
            type=kind,
            icon=icon,
        )
    slides = files.deck.slides
    st.dataframe(
        pd.DataFrame(
            {
                t("pres_col_slide", lang): [str(i) for i in range(2, len(slides) + 2)],
                t("col_kpi", lang): [slide_label(s) for s in slides],
                t("pres_col_status", lang): [
                    f"{s.status_text} ({s.status_note[:1].lower()}{s.status_note[1:]})" for s in slides
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def render() -> None:
    view = state.current_view()
    lng = view.lang
    st.title(t("page_presentation", lng))
    st.caption(
        t(
            "pres_view",
            lng,
            kommun=ui.plain(view.municipality_title),
            year=view.year,
            gender=view.gender_label,
            peer=ui.plain(view.peer_label),
        )
    )
    st.write(t("pres_intro", lng))
    req, expected = choose(view)
    if req is None:
        return
    if st.button(t("pres_build", lng), type="primary", icon=":material/slideshow:", key="pres_build"):
        build(req, expected, lng)
    offer(req, lng)


ui.guard(render, "presentation")
