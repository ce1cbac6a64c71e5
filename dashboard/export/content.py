"""What goes into a council deck: the KPIs asked for, each run up the analysis staircase, plus the
analyst's saved assessment, turned into slides (slides.py) that deck.py and workbook.py draw.

The selection is one of: an area's headline set (the default), a list of KPI ids, or every KPI
with a saved assessment for the municipality, year and gender. A KPI of it without a value for the
year (municipality, gender) gets no slide; the title and closing slides name it. With `maps`, each
KPI's slide is followed by its quartile map of Sweden (dashboard/export/map_slide.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analysis import wording
from analysis.format import fmt_signed, fmt_value, unit_decimals
from analysis.staircase import AnalysisError, Staircase, staircase
from dashboard.charts import ChartText, caption_for, peer_mean_label
from dashboard.export.coverage import require_values, split_by_value
from dashboard.export.errors import ExportError
from dashboard.export.figures import trend_figure
from dashboard.export.labels import method_paragraphs
from dashboard.export.map_slide import with_map
from dashboard.export.slides import Deck, KeyFigure, KpiSlide, LeftOut
from dashboard.export.workbook import figure_table
from i18n import t
from store import queries

DEFAULT_PEER = "liknande"
MAX_FALLBACK_KPIS = 20  # an area without a headline set: its first KPIs with values that year


@dataclass(frozen=True)
class DeckRequest:
    """What the person asked for, from the CLI or the dashboard's "Skapa presentation"."""

    municipality_id: str
    year: int
    area_id: str | None = None  # the area's headline set (default selection)
    kpi_ids: tuple[str, ...] = ()  # or these KPIs, in this order
    from_assessments: bool = False  # or every KPI with a saved assessment
    gender: str = "T"
    peer_key: str = DEFAULT_PEER  # without a liknande group for the area, the analysis uses Riket
    lang: str = "sv"
    created: dt.date = field(default_factory=dt.date.today)
    maps: bool = False  # a map slide after each KPI's slide (the CLI's --map, the page's checkbox)
    map_kpis: tuple[str, ...] = ()  # with maps: only these KPIs get one (empty: every KPI)

    def wants_map(self, kpi_id: str) -> bool:
        return self.maps and (not self.map_kpis or kpi_id in self.map_kpis)


def deck_content(
    con: duckdb.DuckDBPyConnection, req: DeckRequest, on_slide: Callable[[KpiSlide], object] | None = None
) -> Deck:
    """Validate the request (ExportError with a plain message otherwise) and build every slide.
    `on_slide` sees each slide as soon as it is built (the deck starts rendering its chart while
    the next KPI is analysed)."""
    municipality = _validate(con, req)
    kpi_ids, heading = _selection(con, req)
    strays = [k for k in req.map_kpis if k not in kpi_ids]
    if req.maps and strays:
        raise ExportError("deck_map_unknown", kpis=", ".join(strays))
    require_values(con, req.municipality_id, municipality, kpi_ids, req.year, req.gender, req.lang)
    saved = _saved_assessments(con, req)
    info = queries.kpi_info(con, kpi_ids).set_index("kpi_id")
    kpi_ids, left_out = split_by_value(con, req.municipality_id, kpi_ids, info["title"].to_dict(), req.year, req.gender)
    built = []
    for kpi_id in kpi_ids:
        slide = _kpi_slide(con, req, kpi_id, info.loc[kpi_id], saved.get(kpi_id))
        if not built and req.peer_key != DEFAULT_PEER and req.peer_key not in slide.peer_keys:
            known = ", ".join(slide.peer_keys)
            raise ExportError("err_unknown_peer_set", peer=req.peer_key, known=known)
        new = [slide]
        if req.wants_map(kpi_id):
            new.append(with_map(con, req, slide, str(info.loc[kpi_id, "direction"])))
        built += new
        for done in new if on_slide is not None else ():
            on_slide(done)
    slides = tuple(built)
    gender = t(f"gender_{req.gender}", req.lang).lower()
    peer = f" · {t('deck_compared_with', req.lang)} {slides[0].peer_label}" if slides and slides[0].peer_label else ""
    method = method_paragraphs(req.lang, sorted({s.data_date for s in slides if s.data_date}))
    note = ""
    if left_out:
        titles = left_out_titles(left_out, req.lang)
        note = t("deck_without_value", req.lang, year=req.year, titles=titles)
        where = {"kommun": municipality, "gender": gender, "year": req.year}
        method = (t("deck_without_value_method", req.lang, titles=titles, **where), *method)
    return Deck(
        lang=req.lang,
        title=f"{heading} – {municipality}",
        subtitle=f"{t('deck_key_figures', req.lang)} {req.year} · {gender}{peer}",
        created=req.created,
        slides=slides,
        method=method,
        municipality=municipality,
        file_stem=f"trappan-{req.municipality_id}-{req.area_id or 'nyckeltal'}-{req.year}",
        left_out=tuple(left_out),
        note=note,
    )


def left_out_titles(left_out: list[LeftOut] | tuple[LeftOut, ...], lang: str = "sv") -> str:
    """'Title (N15436, senaste värde 2021); …' — each KPI left out, with its latest year."""
    parts = []
    for k in left_out:
        when = t("deck_latest_value", lang, year=k.latest_year) if k.latest_year else t("deck_never_value", lang)
        parts.append(f"{k.title} ({k.kpi_id}, {when})")
    return "; ".join(parts)


def _validate(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> str:
    """The municipality's name, or ExportError for a request that cannot be met."""
    municipality = queries.municipality_title(con, req.municipality_id)
    if municipality is None:
        raise ExportError("err_unknown_municipality_hint", municipality=req.municipality_id)
    if req.gender not in ("T", "K", "M"):
        raise ExportError("err_unknown_gender_short", gender=req.gender)
    if req.lang not in ("sv", "en"):
        raise ExportError("err_unknown_lang", lang=req.lang)
    return municipality


def _selection(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> tuple[list[str], str]:
    """The KPI ids in slide order and the deck's heading."""
    en = req.lang == "en"
    if req.kpi_ids:
        known = set(queries.kpi_info(con, req.kpi_ids)["kpi_id"])
        unknown = [k for k in req.kpi_ids if k not in known]
        if unknown:
            raise ExportError("err_unknown_kpis", kpis=", ".join(unknown))
        return list(dict.fromkeys(req.kpi_ids)), t("deck_key_figures", req.lang)
    if req.from_assessments:
        saved = _saved_assessments(con, req)
        if not saved:
            raise ExportError("err_no_assessments", municipality=req.municipality_id, year=req.year, gender=req.gender)
        return list(saved), t("deck_self_assessments", req.lang)
    if not req.area_id:
        raise ExportError("err_choose_content")
    areas = queries.areas(con).set_index("area_id")
    if req.area_id not in areas.index:
        raise ExportError("err_unknown_area", area=req.area_id, known=", ".join(areas.index))
    title = areas.loc[req.area_id, "title_en" if en else "title_sv"]
    kpis = queries.area_kpis(con, req.area_id, headline_only=True)
    if kpis.empty:
        kpis = queries.area_kpis(con, req.area_id)
        has_year = (kpis["first_year"] <= req.year) & (kpis["last_year"] >= req.year)
        kpis = kpis[has_year.fillna(False).astype(bool)].head(MAX_FALLBACK_KPIS)
    if kpis.empty:
        raise ExportError("err_area_no_values", title=title, year=req.year)
    return list(kpis["kpi_id"]), title


def _saved_assessments(con: duckdb.DuckDBPyConnection, req: DeckRequest) -> dict[str, pd.Series]:
    """The newest saved assessment per KPI for this municipality, year and gender."""
    df = queries.assessments(con, req.municipality_id)
    df = df[(df["year"] == req.year) & (df["gender"] == req.gender)]
    return {row.kpi_id: row for _, row in df.sort_values("kpi_title").iterrows()}


def _kpi_slide(
    con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str, info: pd.Series, saved: pd.Series | None
) -> KpiSlide:
    s = _staircase(con, req, kpi_id)
    lang = req.lang
    text = chart_text(con, s, lang)
    fig = trend_figure(s, lang)
    status, status_text, status_note, status_reason = _status(s, saved, lang)
    peer = _peer(s, s.peer_key)
    return KpiSlide(
        kpi_id=kpi_id,
        title=text.title,
        subtitle=text.subtitle,
        figure=fig,
        chart_data=_chart_table(fig, s, lang),
        key_figures=key_figures(s, lang),
        status=status,
        status_text=status_text,
        status_note=status_note,
        status_reason=status_reason,
        conclusion=_text(saved, "conclusion"),
        actions=_text(saved, "actions"),
        definition=" ".join(str(info.get("description") or "").split()) or "–",
        caption=text.caption,
        data_date=queries.data_date(con, kpi_id),
        unit=s.unit or "",
        peer_label=peer.label if peer else "",
        peer_keys=tuple(p.key for p in s.peers),
    )


def _staircase(con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str) -> Staircase:
    try:
        return staircase(
            con, req.municipality_id, kpi_id, req.year, req.gender, req.peer_key, req.lang, req.area_id, patterns=False
        )
    except AnalysisError as exc:  # bad input the analysis caught: the same plain message
        raise ExportError(exc.message) from exc


def chart_text(con: duckdb.DuckDBPyConnection, s: Staircase, lang: str = "sv") -> ChartText:
    """Title (the KPI), subtitle (municipality · year · gender · peer set) and the caption with
    the KPI's load date: the same words on the slide and on a standalone image."""
    peer = _peer(s, s.peer_key)
    subtitle = " · ".join(
        [s.municipality_title, str(s.year), t(f"gender_{s.gender}", lang)]
        + ([f"{t('deck_compared_with', lang)} {peer.label}"] if peer else [])
    )
    title = " ".join(str(s.kpi_title).split())
    return ChartText(title, subtitle, caption_for(queries.data_date(con, s.kpi_id), lang), lang, y_title=s.unit or "")


def kpi_chart(con: duckdb.DuckDBPyConnection, req: DeckRequest, kpi_id: str) -> go.Figure:
    """One KPI's trend chart as a standalone figure with title, subtitle and caption on it."""
    municipality = _validate(con, req)
    if queries.kpi_info(con, [kpi_id]).empty:
        raise ExportError("err_unknown_kpis", kpis=kpi_id)
    require_values(con, req.municipality_id, municipality, [kpi_id], req.year, req.gender, req.lang)
    s = _staircase(con, req, kpi_id)
    return trend_figure(s, req.lang, chart_text(con, s, req.lang))


def key_figures(s: Staircase, lang: str = "sv") -> tuple[KeyFigure, ...]:
    """Value, change since last year, development over the years, rank and quartile, peers, Riket,
    target — the right-hand panel's lines. Each trend line names its years, so "sedan 2018" and
    "utveckling 2016–2019" cannot be read as one claim."""
    unit = s.unit or ""
    d = unit_decimals(unit)  # kronor whole, as every value of the deck
    tr = s.trend
    value = _nobreak(fmt_value(s.value, unit, lang=lang))
    if s.stale:
        value = f"{_nobreak(fmt_value(tr.latest_value, unit, lang=lang))} ({tr.latest_year})"
    out = [KeyFigure(f"{t('deck_value', lang)} {s.year}", value)]
    if tr.change_abs is not None and tr.previous_year is not None:
        change = _nobreak(wording.diff_text(tr.change_abs, unit, lang))
        out.append(KeyFigure(t("trend_since_label", lang, year=tr.previous_year), change))
    if tr.verdict != "no_data":
        first = tr.verdict_from_year or tr.previous_year
        words = t(f"dev_{tr.verdict}", lang)
        if tr.change_vs_3y is not None and tr.verdict_from_year is not None:
            ref = (
                str(tr.verdict_from_year)
                if tr.verdict_from_year == tr.reference_to_year
                else f"{tr.verdict_from_year}–{tr.reference_to_year}"
            )
            words += t(
                "trend_vs_mean", lang, change=_nobreak(wording.diff_text(tr.change_vs_3y, unit, lang)), years=ref
            )
        out.append(KeyFigure(t("trend_development_label", lang, from_year=first, to_year=tr.latest_year), words))
    rank = s.rank
    if rank is not None and pd.notna(rank.get("rank")):
        place = t("rank_of", lang).format(rank=int(rank["rank"]), n=int(rank["n"]))
        quartile = wording.quartile_text(
            str(rank.get("quartile")), lang, rank.get("mode_value"), rank.get("mode_share"), unit
        )
        out.append(KeyFigure(t("deck_rank", lang), f"{place} ({_lower_first(quartile)})"))
    for key in dict.fromkeys([s.peer_key, "riket"]):
        p = _peer(s, key)
        if p is None or p.mean is None:
            continue
        diff = f" ({t('deck_diff', lang)} {fmt_signed(s.value - p.mean, d, lang)})" if s.value is not None else ""
        out.append(
            KeyFigure(
                t("riket", lang) if p.key == "riket" else _short_peer_label(p.label),
                f"{_nobreak(fmt_value(p.mean, unit, lang=lang))}{diff}",
            )
        )
    if s.target is not None:
        described = wording.target_text(s.target, unit, lang, s.target_label)
        out.append(KeyFigure(t("target", lang), f"{described}: {wording.met_text(s.judgement, lang)}"))
    else:
        out.append(KeyFigure(t("target", lang), t("basis_no_target", lang)))
    return tuple(out)


def _status(s: Staircase, saved: pd.Series | None, lang: str) -> tuple[str, str, str, str]:
    """(status, its words on the badge, whose, why): the analyst's saved status wins over Trappan's
    suggestion. The badge says the colour and what it rests on ("Röd – eget mål", "Vit – inget mål
    att bedöma mot"); the handbook's full sentences are on the method slide. An undirected KPI
    without a target is information, not a colour."""
    if saved is not None:
        when = pd.Timestamp(saved["saved_at"]).date().isoformat()
        reason = _text(saved, "status_reason") or ""
        status = str(saved["status"])
        note = _capital(f"{t('deck_saved_by', lang)} {saved['author']} {when}")
        return status, wording.status_label(status, lang, short=True), note, reason
    a = s.assessment
    if wording.is_information(a.status, a.basis, s.direction):
        words = wording.status_label(a.status, lang, information=True)
    else:
        words = t(
            "status_badge",
            lang,
            status=wording.status_label(a.status, lang, short=True),
            basis=wording.basis_text(a.basis, lang),
        )
    return a.status, words, _capital(t("deck_suggested", lang)), wording.reasons_text(a, s.unit, lang)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _peer(s: Staircase, key: str):
    return next((p for p in s.peers if p.key == key), None)


def _short_peer_label(label: str) -> str:
    return label.split(",")[0].strip()


def _chart_table(fig: go.Figure, s: Staircase, lang: str) -> pd.DataFrame:
    """The chart's numbers for the workbook: year, the municipality (drawn last, listed first),
    then the references, the peer mean named in full (the legend may abbreviate it)."""
    table = figure_table(fig, t("year", lang))
    peer = _peer(s, s.peer_key)
    if peer is not None:
        table = table.rename(columns={peer_mean_label(peer.label, lang): t("peer_mean", lang).format(label=peer.label)})
    first = [c for c in (table.columns[0], s.municipality_title) if c in table.columns]
    return table[first + [c for c in table.columns if c not in first]]


def _nobreak(value: str) -> str:
    """No line break inside '12 345,6 %': thousands and the unit stay with the number."""
    return value.replace(" ", "\u00a0")


def _text(row: pd.Series | None, column: str) -> str | None:
    if row is None:
        return None
    value = row.get(column)
    return (
        None if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip() else str(value)
    )
