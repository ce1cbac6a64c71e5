"""A follow-up in words: targets and reasons worded from analysis.followup's codes (sv/en), and the
whole follow-up as Markdown for `python -m analysis followup --format md`.

Why here: the page, the follow-up report and the CLI must word a reason the same way; every word
comes from the i18n layer (i18n/goals.py), numbers through analysis.format.
"""

from __future__ import annotations

import re

from analysis.followup import FollowUp
from analysis.format import fmt_number, fmt_signed, fmt_value, unit_decimals
from analysis.goals import GoalNode, GoalResult, IndicatorResult, Reason, status_change
from i18n import t

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def md_text(text: object) -> str:
    """Text from a sheet or a person as literal Markdown: a backslash before every ASCII punctuation
    character (CommonMark's escape), so no link, autolink, image, table break or HTML is made."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def value_text(value: float | None, unit: str, lang: str) -> str:
    return fmt_value(value, unit, lang=lang)


def target_text(node: GoalNode, unit: str, lang: str) -> str:
    """'minst 75 %', '−0,5–5 %', 'bland de 10 bästa kommunerna', '18 000 år 2025 (rak linje från 2012)'."""
    kind = node.target_type
    if kind is None:
        return "–"
    if kind == "interval":
        return t("goals_target_interval", lang, value=fmt_number(node.target_value, unit_decimals(unit), lang),
                 high=value_text(node.target_high, unit, lang))  # fmt: skip
    if kind == "rank_top":
        return t("goals_target_rank_top", lang, n=int(node.target_value or 0))
    if kind == "trajectory":
        return t("goals_target_trajectory", lang, value=value_text(node.target_value, unit, lang),
                 to_year=node.to_year, from_year=node.from_year)  # fmt: skip
    return t(f"goals_target_{kind}", lang, value=value_text(node.target_value, unit, lang))


def target_years(node: GoalNode, lang: str) -> str:
    """The years a target judges ('2020–2025'); '' when open or when the target text has them."""
    if (node.from_year is None and node.to_year is None) or node.target_type == "trajectory":
        return ""
    return t("goals_target_years", lang, from_year=node.from_year or "", to_year=node.to_year or "")


def reason_text(reason: Reason, node: GoalNode, unit: str, lang: str) -> str:
    """One reason as a sentence."""
    v = reason.values
    code = reason.code
    if code in ("target_met", "target_not_met"):
        return f"{t('goals_met' if code == 'target_met' else 'goals_not_met', lang)}: {_detail(v, node, unit, lang)}."
    if code.startswith("trend_"):
        verdict = t(f"verdict_{code[len('trend_') :]}", lang)
        change = fmt_signed(v.get("change"), unit_decimals(unit), lang)
        return t("goals_reason_trend", lang, change=change, year=v.get("year"), verdict=verdict)
    values = {k: x for k, x in v.items() if k not in ("value", "type")}
    if "value" in v:
        values["value"] = value_text(v["value"], unit, lang)
    values["target"] = target_text(node, unit, lang)
    return t(f"goals_reason_{code}", lang, **values)


def _detail(v: dict, node: GoalNode, unit: str, lang: str) -> str:
    kind = v.get("type")
    value = value_text(v.get("value"), unit, lang)
    if kind == "rank_top":
        return t("goals_detail_rank", lang, rank=v["rank"], n=v["n"], target=target_text(node, unit, lang))
    if kind == "quartile_top":
        quartile = t(f"quartile_{v['quartile']}", lang).lower()
        return t("goals_detail_quartile", lang, rank=v["rank"], n=v["n"], quartile=quartile)
    if kind == "at_least_riket":
        return t("goals_detail_riket", lang, value=value, reference=value_text(v["reference"], unit, lang))
    if kind == "at_least_peers":
        return t("goals_detail_peers", lang, value=value, peer=v.get("peer") or "",
                 reference=value_text(v["reference"], unit, lang))  # fmt: skip
    if kind == "trajectory":
        return t("goals_detail_trajectory", lang, value=value, reference=value_text(v["reference"], unit, lang),
                 year=v.get("year", ""), start=value_text(v["start"], unit, lang), from_year=v["from_year"],
                 target=value_text(node.target_value, unit, lang), to_year=v["to_year"])  # fmt: skip
    return t("goals_detail_value", lang, value=value, target=target_text(node, unit, lang))


def indicator_reasons(ind: IndicatorResult, node: GoalNode, lang: str) -> list[str]:
    """Every reason of an indicator, the trajectory's year filled in."""
    out = []
    for r in ind.reasons:
        if r.code in ("target_met", "target_not_met") and r.values.get("type") == "trajectory":
            r = Reason(r.code, {**r.values, "year": ind.year})
        out.append(reason_text(r, node, ind.unit, lang))
    return out


def status_word(status: str, lang: str) -> str:
    return t(f"status_short_{status if status in ('green', 'yellow', 'red', 'white') else 'white'}", lang)


def period_text(year: int, period: str, lang: str) -> str:
    return f"{t(f'goals_period_{period}', lang)} {year}"


def counts_text(g: GoalResult, lang: str) -> str:
    return t("goals_counts", lang, **g.counts.as_dict())


def change_text(before: str | None, now: str, lang: str) -> str:
    """'Gul → Grön (bättre)'; 'ny' when there was nothing before."""
    change = status_change(before, now)
    if change in ("new", "same"):
        return t(f"goals_change_{change}", lang)
    return f"{status_word(before, lang)} → {status_word(now, lang)} ({t(f'goals_change_{change}', lang)})"


def indicator_title(ind: IndicatorResult, node: GoalNode) -> str:
    return node.title or ind.kpi_title or ind.kpi_id


def followup_markdown(f: FollowUp, lang: str = "sv") -> str:
    """The follow-up as Markdown: each vision and goal with its status, its children's colours and
    its indicators in a table, then the roll-up rule."""
    by_id = {n.node_id: n for n in f.nodes}
    before = period_text(*f.previous_period, lang)
    lines = [
        f"# {t('goals_md_title', lang, year=f.year, period=t(f'goals_period_long_{f.period}', lang), kommun=md_text(f.municipality_title), id=f.municipality_id)}",
        "",
        t("goals_md_version", lang, version=f.version_id),
        "",
    ]
    for g in f.goals:
        node = g.node
        level = "#" * min(2 + g.depth, 6)
        owner = f" · {md_text(node.owner)}" if node.owner else ""
        lines += [f"{level} {md_text(node.title)} ({t(f'goals_kind_{node.kind}', lang)}{owner})", ""]
        status = f"**{t('goals_status', lang)}: {status_word(g.status, lang)}**"
        suggested = (
            f"{t('goals_suggested', lang)}: {status_word(g.suggested, lang)} – {t(f'goals_rule_{g.rule}', lang)}"
        )
        change = (
            f"{t('goals_col_change', lang, period=before)}: {change_text(f.previous.get(node.node_id), g.status, lang)}"
        )
        lines += [f"{status} ({suggested}) · {counts_text(g, lang)} · {change}", ""]
        if g.saved is not None:
            when = str(g.saved.saved_at)[:10]
            lines.append(f"- {t('goals_saved_by', lang, author=md_text(g.saved.author), when=when)}")
            if g.saved.reason:
                lines.append(f"- {t('goals_reason', lang)}: {md_text(g.saved.reason)}")
            if g.saved.actions:
                lines.append(f"- {t('goals_actions', lang)}: {md_text(g.saved.actions)}")
            lines.append("")
        if g.indicators:
            head = [
                t(k, lang) for k in ("goals_col_indicator", "goals_col_value", "goals_col_target", "goals_col_status")
            ]
            lines += [
                "| " + " | ".join([*head, t("goals_col_change", lang, period=before), t("goals_col_why", lang)]) + " |",
                "|" + "---|" * 6,
            ]
            for ind in g.indicators:
                n = by_id[ind.node_id]
                value = value_text(ind.value, ind.unit, lang) + (
                    f" ({ind.year})" if ind.year not in (None, f.year) else ""
                )
                target = target_text(n, ind.unit, lang)
                years = target_years(n, lang)
                cells = [
                    f"{md_text(indicator_title(ind, n))} ({ind.kpi_id}{'' if ind.gender == 'T' else ', ' + ind.gender})",
                    value,
                    f"{target} ({years})" if years else target,
                    status_word(ind.status, lang),
                    change_text(f.previous.get(ind.node_id), ind.status, lang),
                    " ".join(indicator_reasons(ind, n, lang)),
                ]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    lines += [
        f"## {t('goals_method_title', lang)}",
        "",
        t("goals_method_indicator", lang),
        "",
        t("goals_rule_text", lang),
        "",
    ]
    return "\n".join(lines)
