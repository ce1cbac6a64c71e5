"""A follow-up in words (sv/en): the goals' own words (periods, roll-up rule, changes) and the
targets work's words for targets and reasons (analysis.wording), and the whole follow-up as
Markdown for `python -m analysis followup --format md`.

Why here: the page, the follow-up report and the CLI must word everything the same way; every word
comes from the i18n layer (i18n/goals.py, i18n/analysis.py).
"""

from __future__ import annotations

from analysis import wording
from analysis.followup import FollowUp, goal_target
from analysis.format import md_text
from analysis.goals import GoalNode, GoalResult, IndicatorResult, status_change
from i18n import t


def target_text(node: GoalNode, unit: str, lang: str, peer_label: str | None = None) -> str:
    """The targets work's words for the indicator's target: 'minst 75,0 % (2020–2025)', 'bland de
    10 bästa kommunerna (2020–2025)', '18 000 år 2025 …'; a target for every year without years."""
    if node.target_type is None:
        return "–"
    text = wording.target_text(goal_target(node), unit, lang, peer_label)
    if node.from_year is None and node.to_year is None and node.target_type != "trajectory":
        text = text.rsplit(" (", 1)[0]
    return text


def indicator_value(ind: IndicatorResult, year: int, lang: str, node: GoalNode | None = None) -> str:
    """'77,0 %'; an older value with its year: '62,0 % (2017)'; '–' without one; with the node,
    what it was judged against after it ('16 113 mot 17 341')."""
    text = wording.value_text(ind.value, ind.unit, lang)
    text += f" ({ind.year})" if ind.year not in (None, year) else ""
    against = judged_against(ind, node, lang) if node is not None else None
    return f"{text} {against}" if against else text


def judged_against(ind: IndicatorResult, node: GoalNode, lang: str) -> str | None:
    """What a value was judged against when the target text alone does not say it: the line's
    point, Riket, the peer mean ('mot 17 341'), or the place ('plats 33 av 286')."""
    if ind.met is None:
        return None
    if node.target_type in ("rank_top", "quartile_top") and ind.rank is not None:
        return t("goals_place", lang, rank=ind.rank, n=ind.n_ranked)
    if node.target_type in ("trajectory", "at_least_riket", "at_least_peers") and ind.reference is not None:
        return t("goals_against", lang, reference=wording.value_text(ind.reference, ind.unit, lang))
    return None


def indicator_reasons(ind: IndicatorResult, lang: str) -> list[str]:
    """Every reason of an indicator in words (analysis.wording, as on Analystrappan)."""
    return [wording.reason_text(r, ind.unit, lang) for r in ind.reasons]


def met_word(ind: IndicatorResult, lang: str) -> str | None:
    """'nås' / 'nås inte' / 'kan inte bedömas' for an indicator with a value; None without one."""
    if ind.value is None or ind.basis in ("no_value", "stale_value", "unknown_kpi"):
        return None
    return t("target_unjudged" if ind.met is None else ("target_met" if ind.met else "target_not_met"), lang)


def method_paragraphs(lang: str) -> tuple[str, str]:
    """How an indicator is judged (the handbook's words) and how the colour rolls up."""
    words = {s: wording.status_label(s, lang).lower() for s in ("green", "yellow", "red", "white")}
    return t("goals_method_indicator", lang, **words), t("goals_rule_text", lang)


def status_word(status: str, lang: str) -> str:
    return wording.status_label(status, lang, short=True)


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
    period = t(f"goals_period_long_{f.period}", lang)
    kommun = md_text(f.municipality_title, every_punctuation=True)
    lines = [
        f"# {t('goals_md_title', lang, year=f.year, period=period, kommun=kommun, id=f.municipality_id)}",
        "",
        t("goals_md_version", lang, version=f.version_id),
        "",
    ]
    for g in f.goals:
        node = g.node
        level = "#" * min(2 + g.depth, 6)
        owner = f" · {md_text(node.owner, every_punctuation=True)}" if node.owner else ""
        lines += [
            f"{level} {md_text(node.title, every_punctuation=True)} ({t(f'goals_kind_{node.kind}', lang)}{owner})",
            "",
        ]
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
            lines.append(
                f"- {t('goals_saved_by', lang, author=md_text(g.saved.author, every_punctuation=True), when=when)}"
            )
            if g.saved.reason:
                lines.append(f"- {t('goals_reason', lang)}: {md_text(g.saved.reason, every_punctuation=True)}")
            if g.saved.actions:
                lines.append(f"- {t('goals_actions', lang)}: {md_text(g.saved.actions, every_punctuation=True)}")
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
                value = indicator_value(ind, f.year, lang, n)
                target = target_text(n, ind.unit, lang, ind.target_label)
                cells = [
                    f"{md_text(indicator_title(ind, n), every_punctuation=True)} ({ind.kpi_id}{'' if ind.gender == 'T' else ', ' + ind.gender})",
                    value,
                    target,
                    status_word(ind.status, lang),
                    change_text(f.previous.get(ind.node_id), ind.status, lang),
                    " ".join(indicator_reasons(ind, lang)),
                ]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    indicator_rule, roll_up_rule = method_paragraphs(lang)
    lines += [f"## {t('goals_method_title', lang)}", "", indicator_rule, "", roll_up_rule, ""]
    return "\n".join(lines)
