"""The staircase as Markdown for an analyst: headings, decimal comma, names not bare ids, in
Swedish (default) or English — every word from the i18n layer.

Why Markdown: it pastes into a report, a wiki or an e-mail as it is, and the CLI can print it.
Text from data or people (KPI titles, group names) is written as it is; Markdown control characters
in it are escaped so a title cannot become a link or an image.
"""

from __future__ import annotations

import pandas as pd

from analysis.format import diff_unit, fmt_number, fmt_signed, md_escape, md_text, unit_text
from analysis.peers import variable_label
from analysis.staircase import Staircase
from analysis.wording import (
    basis_text,
    change_line,
    development_line,
    diff_text,
    gender_note,
    met_text,
    quartile_text,
    reason_text,
    status_label,
    target_text,
    value_text,
)
from i18n import t

TABLE_YEARS = 10


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _series_table(s: Staircase, lang: str) -> list[str]:
    ser = s.series[s.series["year"] <= s.year]
    cols: list[tuple[str, pd.Series]] = []
    own = ser[ser["municipality_id"] == s.municipality_id]
    for g in ("T", "K", "M"):
        part = own[own["gender"] == g].set_index("year")["value"]
        if len(part):
            cols.append((f"{md_text(s.municipality_title)} {t(f'gender_{g}', lang).lower()}", part))
    riket = ser[ser["municipality_id"] == "0000"].set_index("year")["value"]
    if len(riket):
        cols.append((t("riket", lang), riket))
    pm = ser[ser["municipality_id"] == "peer_mean"]
    if len(pm):
        cols.append((t("md_peer_mean", lang, label=md_text(pm["title"].iloc[0])), pm.set_index("year")["value"]))
    years = sorted({int(y) for _, c in cols for y in c.index})[-TABLE_YEARS:]
    if not years:
        return [t("md_no_values", lang)]
    lines = [_row([t("year", lang)] + [c for c, _ in cols]), _row(["---"] + ["---:"] * len(cols))]
    for y in years:
        lines.append(_row([str(y)] + [fmt_number(c.get(y), 1, lang) for _, c in cols]))
    return lines


def staircase_markdown(s: Staircase, lang: str = "sv") -> str:
    u, tr = s.unit, s.trend
    v = lambda x: value_text(x, u, lang)  # noqa: E731
    d = lambda x: diff_text(x, u, lang)  # noqa: E731
    name = md_text(s.municipality_title)
    direction = t(f"direction_{s.direction if s.direction in ('higher', 'lower') else 'none'}", lang)
    out = [
        f"# {t('md_title', lang, name=name, kpi=md_text(s.kpi_title))}",
        "",
        f"{s.kpi_id} · {s.year} · {t(f'gender_{s.gender}', lang).lower()} · {_lower(direction)}"
        f" · {t('md_unit', lang)}: {md_text(unit_text(u, lang)) if u else '–'}",
        "",
        f"## {t('md_step1', lang)}",
        "",
        f"- {t('md_value', lang, year=s.year)}: **{v(s.value)}**"
        + (f" ({t('md_stale', lang, value=v(tr.latest_value), year=tr.latest_year)})" if s.stale else ""),
    ]
    since = change_line(tr, u, lang)
    if since:
        pct = f", {fmt_signed(tr.change_pct, 1, lang)} %" if tr.change_pct is not None else ""
        out.append(f"- {since[:1].upper()}{since[1:]} ({t('md_from', lang)} {v(tr.previous_value)}){pct}")
    if tr.slope is not None:
        out.append(f"- {t('md_slope', lang, n=tr.slope_years, slope=d(tr.slope))}")
    dev = development_line(tr, u, lang)
    if dev:
        band = t("md_band", lang, tolerance=f"{fmt_number(tr.tolerance, 1, lang)} {diff_unit(u, lang)}".strip())
        out.append(f"- **{dev[:1].upper()}{dev[1:]}** {band}")
    out += ["", *_series_table(s, lang), "", f"## {t('md_step2', lang)}", ""]
    if s.target is not None:
        j = s.judgement
        head = f"- {t('target', lang)}: {md_text(target_text(s.target, u, lang, s.target_label))} – {met_text(j, lang)}"
        if j is not None and j.met is not None and j.gap is not None:
            head += f" ({d(j.gap)})"
        if j is not None and j.years_to_target:
            head += f"; {t('md_years_left', lang, years=fmt_number(j.years_to_target, 1, lang))}"
        out.append(head)
    else:
        out.append(f"- {t('target', lang)}: {t('md_no_target', lang)}")
    gg = s.gender_gap
    if gg is not None and gg.gap is not None:
        worse = t(f"md_worse_{gg.worse}", lang) if gg.worse else t("md_worse_none", lang)
        out.append(f"- {t('md_gender', lang, k=v(gg.value_k), m=v(gg.value_m), gap=d(gg.gap), worse=worse)}")
    else:
        out.append(f"- {gender_note(s.gender_status, s.year, lang)}")
    out += ["", f"## {t('md_step3', lang)}", ""]
    if s.rank is not None and not pd.isna(s.rank["rank"]):
        q = quartile_text(s.rank["quartile"], lang, s.rank.get("mode_value"), s.rank.get("mode_share"), u)
        out.append(
            t(
                "md_rank",
                lang,
                rank=int(s.rank["rank"]),
                n=int(s.rank["n"]),
                quartile=_lower(q),
                percentile=fmt_number(s.rank["percentile"], 0, lang),
            )
        )
        out.append("")
    head = [t(k, lang) for k in ("col_peer_set", "md_n", "col_mean", "col_median", "md_min", "md_max")]
    out += [_row([*head, t("md_place_of", lang, name=name)]), _row(["---"] + ["---:"] * 6)]
    for p in s.peers:
        mark = " ◀" if p.key == s.peer_key else ""
        place = t("rank_of", lang, rank=p.place, n=p.n_ranked) if p.place else "–"
        cells = [md_text(p.label) + mark, str(p.n)]
        cells += [fmt_number(x, 1, lang) for x in (p.mean, p.median, p.min, p.max)]
        out.append(_row([*cells, place]))
    out += ["", t("md_peer_note", lang)]
    nb = s.neighbours
    if nb is not None and nb.neighbours:
        out += ["", f"### {t('md_neighbours', lang)}", ""]
        variables = "; ".join(f"{variable_label(k, ti, lang)} ({k})" for k, ti in zip(nb.variables, nb.variable_titles))
        out.append(t("md_neighbours_on", lang, variables=md_text(variables)))
        out += ["", _row([t("col_municipality", lang), t("col_distance", lang), t("md_similar_on", lang), s.kpi_id])]
        out.append(_row(["---", "---:", "---", "---:"]))
        for n in nb.neighbours:
            similar = ", ".join(variable_label(x, lang=lang) for x in n.similar_on) or "–"
            out.append(_row([md_text(n.title), fmt_number(n.distance, 2, lang), similar, fmt_number(n.value, 1, lang)]))
        if nb.expected is not None:
            res = t("md_residual", lang, name=name, diff=d(nb.residual)) if nb.residual is not None else ""
            out += ["", t("md_expected", lang, expected=v(nb.expected), residual=res)]
    out += ["", f"## {t('md_step4', lang)}", ""]
    if len(s.correlations):
        out += [_row([t("col_kpi", lang), "Pearson", "Spearman", "n"]), _row(["---", "---:", "---:", "---:"])]
        for r in s.correlations.head(10).itertuples():
            cells = [
                f"{md_text(r.title)} ({r.kpi_id})",
                fmt_number(r.pearson, 2, lang),
                fmt_number(r.spearman, 2, lang),
            ]
            out.append(_row([*cells, str(r.n)]))
    else:
        out.append(t("md_no_patterns", lang))
    a = s.assessment
    out += [
        "",
        f"## {t('md_step8', lang)}",
        "",
        f"**{status_label(a.status, lang)}** ({basis_text(a.basis, lang)})",
        "",
    ]
    out += [f"- {md_text(reason_text(r, u, lang))}" for r in a.reasons]
    out += ["", f"## {t('md_draft', lang)}", "", md_escape(s.narrative), "", t("md_source", lang)]
    return "\n".join(out) + "\n"
