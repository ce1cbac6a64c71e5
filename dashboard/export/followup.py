"""The follow-up report (uppföljningsrapport): a 16:9 PPTX and its Excel file for one municipality's
goal tree, year and period — what `python -m dashboard.export followup` and the button on the page
"Mål och uppföljning" build.

Slides: a title slide; an overview (every vision and its goals with status, children's colours and
change since the period before); one slide per top goal (a vision's direct goals, and a vision's
own indicators) with its children's colours, every indicator under it (value, target, status,
change) and the owner's saved assessment and actions, continued on a next slide when long; a
method slide with the indicator rule and the roll-up rule. The Excel file holds the same numbers
as numbers: one sheet of goals, one of indicators, and the sources and method.

No charts are rendered (the coloured bars are drawn as shapes), so no browser is started: the
report of a 30-indicator tree takes about as long as its follow-up (bench/followup_bench.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from analysis.followup import FollowUp, FollowUpError, follow_up
from analysis.followup_report import (
    change_text,
    counts_text,
    indicator_reasons,
    indicator_title,
    indicator_value,
    met_word,
    method_paragraphs,
    period_text,
    status_word,
    target_text,
)
from analysis.format import unit_decimals
from analysis.goals import GoalResult, StatusCounts
from dashboard.charts import caption_for
from dashboard.export.errors import ExportError
from dashboard.export.workbook import Sheet, workbook_bytes
from i18n import t
from store import goals as store_goals
from store import queries


@dataclass(frozen=True)
class FollowupRequest:
    municipality_id: str
    year: int
    period: str = "helar"
    lang: str = "sv"
    version_id: int | None = None  # None: the current tree
    created: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class TableRow:
    """One row of a goal slide's table: a sub-goal or an indicator."""

    kind: str  # goal | indicator
    depth: int  # 0 = directly under the slide's goal
    label: str
    value: str
    target: str
    status: str
    change: str
    notes: str = ""  # the full reasons, for the speaker notes


@dataclass(frozen=True)
class GoalSlide:
    title: str
    subtitle: str
    status: str
    status_line: str  # 'Status: Gul'
    status_note: str  # 'Förslag från Trappan: blandat …' or 'Bedömd av Anna 2023-02-01 (förslag: Gul)'
    counts: StatusCounts
    rows: tuple[TableRow, ...]
    reason: str | None
    actions: str | None


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    subtitle: str
    created: dt.date
    overview: tuple[TableRow, ...]
    slides: tuple[GoalSlide, ...]
    method: tuple[str, ...]
    caption: str
    file_stem: str


@dataclass(frozen=True)
class FollowupFiles:
    pptx: bytes
    xlsx: bytes
    slides: int
    file_stem: str


def _validate(req: FollowupRequest) -> None:
    if req.period not in store_goals.PERIODS:
        raise ExportError("err_unknown_period", period=req.period)
    if req.lang not in ("sv", "en"):
        raise ExportError("err_unknown_lang", lang=req.lang)


def load_followup(con: duckdb.DuckDBPyConnection, req: FollowupRequest) -> FollowUp:
    _validate(req)
    try:
        return follow_up(con, req.municipality_id, req.year, req.period, req.version_id, req.lang)
    except FollowUpError as exc:
        raise ExportError(exc.message) from exc


def _saved_note(g: GoalResult, lang: str) -> str:
    if g.saved is None:
        suggested = t("deck_suggested", lang)
        return f"{suggested[:1].upper()}{suggested[1:]}: {t(f'goals_rule_{g.rule}', lang)}"
    when = str(g.saved.saved_at)[:10]
    saved = t("goals_saved_by", lang, author=g.saved.author, when=when)
    return f"{saved[:1].upper()}{saved[1:]} ({t('goals_suggested', lang)}: {status_word(g.suggested, lang)})"


def _subtree_rows(f: FollowUp, g: GoalResult, depth: int, lang: str) -> list[TableRow]:
    """Rows for g's indicators, then each sub-goal followed by its own rows (depth first)."""
    by_goal = {x.node.node_id: x for x in f.goals}
    by_node = {n.node_id: n for n in f.nodes}
    rows = []
    for ind in g.indicators:
        node = by_node[ind.node_id]
        gender = "" if ind.gender == "T" else f", {t(f'gender_{ind.gender}', lang).lower()}"
        rows.append(
            TableRow(
                kind="indicator",
                depth=depth,
                label=f"{indicator_title(ind, node)} ({ind.kpi_id}{gender})",
                value=indicator_value(ind, f.year, lang, node),
                target=target_text(node, ind.unit, lang, ind.target_label),
                status=ind.status,
                change=change_text(f.previous.get(ind.node_id), ind.status, lang),
                notes=" ".join(indicator_reasons(ind, lang)),
            )
        )
    for child_id in g.children:
        child = by_goal[child_id]
        rows.append(
            TableRow(
                kind="goal",
                depth=depth,
                label=f"{t('goals_kind_goal', lang)}: {child.node.title or child_id}",
                value="",
                target=counts_text(child, lang),
                status=child.status,
                change=change_text(f.previous.get(child_id), child.status, lang),
                notes=_saved_note(child, lang),
            )
        )
        rows += _subtree_rows(f, child, depth + 1, lang)
    return rows


def _slide_goals(f: FollowUp) -> list[tuple[GoalResult, GoalResult | None]]:
    """(goal, its vision) for every slide: a vision's direct goals, and a vision with indicators of
    its own (or with nothing under it) as its own slide."""
    by_goal = {g.node.node_id: g for g in f.goals}
    out: list[tuple[GoalResult, GoalResult | None]] = []
    for v in (g for g in f.goals if g.depth == 0):
        if v.indicators or not v.children:
            out.append((v, None))
        out += [(by_goal[c], v) for c in v.children]
    return out


def report_content(con: duckdb.DuckDBPyConnection, req: FollowupRequest) -> tuple[FollowUp, Report]:
    """What the report says, from one follow-up."""
    f = load_followup(con, req)
    lang = req.lang
    period = period_text(f.year, f.period, lang)
    slides = []
    for g, vision in _slide_goals(f):
        where = [vision.node.title] if vision is not None and vision.node.title else []
        where += [g.node.owner] if g.node.owner else []
        where += [period]
        slides.append(
            GoalSlide(
                title=g.node.title or g.node.node_id,
                subtitle=" · ".join(where),
                status=g.status,
                status_line=f"{t('goals_status', lang)}: {status_word(g.status, lang)}",
                status_note=_saved_note(g, lang),
                counts=g.counts,
                rows=tuple(_subtree_rows(f, g, 0, lang)),
                reason=g.saved.reason if g.saved is not None else None,
                actions=g.saved.actions if g.saved is not None else None,
            )
        )
    overview = tuple(
        TableRow(
            kind="vision" if g.depth == 0 else "goal",
            depth=g.depth,
            label=g.node.title or g.node.node_id,
            value=g.node.owner or "",
            target=counts_text(g, lang),
            status=g.status,
            change=change_text(f.previous.get(g.node.node_id), g.status, lang),
        )
        for g in f.goals
        if g.depth <= 1
    )
    kpis = sorted({i.kpi_id for i in f.indicators.values() if i.kpi_id})
    info = queries.kpi_info(con, kpis)
    kolada = info.loc[info["source"] == "kolada", "kpi_id"]  # own KPIs have no Kolada date
    dates = sorted({d for d in (queries.data_date(con, k) for k in kolada) if d})
    report = Report(
        lang=lang,
        title=f"{t('goals_report_title', lang)} {period} – {f.municipality_title}",
        subtitle=t(
            "goals_report_subtitle",
            lang,
            period=t(f"goals_period_long_{f.period}", lang).capitalize(),
            year=f.year,
            version=f.version_id,
            n=len(f.indicators),
        ),  # fmt: skip
        created=req.created,
        overview=overview,
        slides=tuple(slides),
        method=(
            *method_paragraphs(lang),
            t("goals_method_sources", lang, dates=", ".join(d.isoformat() for d in dates) or "–"),
        ),
        caption=caption_for(dates[-1] if dates else None, lang),
        file_stem=f"trappan-uppfoljning-{f.municipality_id}-{f.year}-{f.period}",
    )
    return f, report


# ---- the Excel file ----------------------------------------------------------------------------------
def goals_table(f: FollowUp, lang: str) -> pd.DataFrame:
    """One row per vision and goal: its status, the suggestion, its children's counts, the saved
    assessment and the status the period before."""
    rows = []
    for g in f.goals:
        saved = g.saved
        rows.append(
            {
                t("goals_xl_id", lang): g.node.node_id,
                t("goals_xl_parent", lang): g.node.parent_id,
                t("goals_col_level", lang): t(f"goals_kind_{g.node.kind}", lang),
                t("goals_col_goal", lang): g.node.title,
                t("goals_col_owner", lang): g.node.owner,
                t("goals_col_status", lang): status_word(g.status, lang),
                t("goals_suggested", lang).capitalize(): status_word(g.suggested, lang),
                **{t(f"status_short_{s}", lang): n for s, n in g.counts.as_dict().items()},
                t("goals_col_change", lang, period=period_text(*f.previous_period, lang)): (
                    status_word(f.previous[g.node.node_id], lang) if g.node.node_id in f.previous else None
                ),
                t("col_author", lang): saved.author if saved else None,
                t("col_saved_at", lang): str(saved.saved_at)[:16] if saved else None,
                t("goals_reason", lang): saved.reason if saved else None,
                t("goals_actions", lang): saved.actions if saved else None,
            }
        )
    return pd.DataFrame(rows)


def indicators_table(f: FollowUp, lang: str) -> pd.DataFrame:
    """One row per indicator: value and reference as numbers, the target's fields, the status and
    its reasons in words."""
    by_node = {n.node_id: n for n in f.nodes}
    rows = []
    for g in f.goals:
        for ind in g.indicators:
            node = by_node[ind.node_id]
            rows.append(
                {
                    t("goals_xl_goal_id", lang): g.node.node_id,
                    t("goals_xl_id", lang): ind.node_id,
                    t("goals_xl_kpi_id", lang): ind.kpi_id,
                    t("goals_col_indicator", lang): indicator_title(ind, node),
                    t("gender", lang): t(f"gender_{ind.gender}", lang),
                    t("col_year", lang): ind.year,
                    t("goals_col_value", lang): ind.value,
                    t("goals_xl_unit", lang): ind.unit or None,
                    t("goals_xl_target_type", lang): node.target_type,
                    t("goals_xl_target_value", lang): node.target_value,
                    t("goals_xl_target_high", lang): node.target_high,
                    t("goals_xl_from_year", lang): node.from_year,
                    t("goals_xl_to_year", lang): node.to_year,
                    t("goals_xl_reference", lang): ind.reference,
                    t("goals_xl_met", lang): met_word(ind, lang),
                    t("goals_col_status", lang): status_word(ind.status, lang),
                    t("goals_col_why", lang): " ".join(indicator_reasons(ind, lang)),
                }
            )
    return pd.DataFrame(rows)


def report_workbook(f: FollowUp, report: Report) -> bytes:
    lang = report.lang
    indicators = indicators_table(f, lang)
    # each indicator's numbers with its unit's decimals (kronor whole), the goals' counts whole
    decimals = tuple(unit_decimals(i.unit) for g in f.goals for i in g.indicators)
    sheets = [
        Sheet(t("goals_xl_goals", lang), report.title, report.subtitle, report.caption, goals_table(f, lang), 0),
        Sheet(t("goals_xl_indicators", lang), report.title, report.subtitle, report.caption, indicators, decimals),
    ]
    kpis = sorted({i.kpi_id: i for i in f.indicators.values()}.items())
    sources = pd.DataFrame(
        [(k, i.kpi_title, i.unit or None) for k, i in kpis],
        columns=[t("goals_xl_kpi_id", lang), t("goals_col_indicator", lang), t("goals_xl_unit", lang)],
    )
    heading = f"{report.title} · {t('deck_created', lang)} {report.created.isoformat()}"
    return workbook_bytes(sheets, sources, report.method, lang, heading)


def build_followup(con: duckdb.DuckDBPyConnection, req: FollowupRequest, workbook: bool = True) -> FollowupFiles:
    """The report's PPTX (and its Excel file). Raises ExportError with a plain message."""
    from dashboard.export.followup_deck import render_report

    f, report = report_content(con, req)
    pptx, n = render_report(report)
    return FollowupFiles(pptx, report_workbook(f, report) if workbook else b"", n, report.file_stem)
