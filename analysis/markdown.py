"""The staircase as Markdown for an analyst: Swedish headings, decimal comma, names not bare ids.

Why Markdown: it pastes into a report, a wiki or an e-mail as it is, and the CLI can print it.
"""

from __future__ import annotations

import pandas as pd

from analysis.assessment import verdict_text
from analysis.format import diff_unit, fmt_number, fmt_signed, fmt_value
from analysis.narrative import GENDER_SV, QUARTILE_SV, STATUS_SV
from analysis.peers import variable_label
from analysis.staircase import Staircase

DIRECTION_SV = {
    "higher": "högre är bättre",
    "lower": "lägre är bättre",
    "none": "ingen riktning (rangordnas efter värde)",
}
TABLE_YEARS = 10


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _series_table(s: Staircase) -> list[str]:
    ser = s.series[s.series["year"] <= s.year]
    cols: list[tuple[str, pd.Series]] = []
    own = ser[ser["municipality_id"] == s.municipality_id]
    for g, label in (("T", "totalt"), ("K", "kvinnor"), ("M", "män")):
        part = own[own["gender"] == g].set_index("year")["value"]
        if len(part):
            cols.append((f"{s.municipality_title} {label}", part))
    riket = ser[ser["municipality_id"] == "0000"].set_index("year")["value"]
    if len(riket):
        cols.append(("Riket", riket))
    pm = ser[ser["municipality_id"] == "peer_mean"]
    if len(pm):
        cols.append((f"{pm['title'].iloc[0]}, medel", pm.set_index("year")["value"]))
    years = sorted({int(y) for _, c in cols for y in c.index})[-TABLE_YEARS:]
    if not years:
        return ["Inga värden."]
    lines = [_row(["År"] + [c for c, _ in cols]), _row(["---"] + ["---:"] * len(cols))]
    for y in years:
        lines.append(_row([str(y)] + [fmt_number(c.get(y)) for _, c in cols]))
    return lines


def staircase_markdown(s: Staircase) -> str:
    u, t = s.unit, s.trend
    du = diff_unit(u)
    d = (lambda x: f"{fmt_signed(x)} {du}".rstrip()) if du else fmt_signed
    v = lambda x: fmt_value(x, u)  # noqa: E731
    name = s.municipality_title
    out = [
        f"# Analystrappan: {name} – {s.kpi_title}",
        "",
        f"{s.kpi_id} · {s.year} · {GENDER_SV.get(s.gender, s.gender)} · {DIRECTION_SV.get(s.direction, s.direction)}"
        f" · enhet: {u or '–'}",
        "",
        "## Steg 1 – Utveckling över tid",
        "",
        f"- Värde {s.year}: **{v(s.value)}**"
        + (f" (senaste värde: {v(t.latest_value)} {t.latest_year})" if s.value is None and t.latest_year else ""),
    ]
    if t.change_abs is not None:
        pct = f", {fmt_signed(t.change_pct)} %" if t.change_pct is not None else ""
        out.append(f"- Mot {t.previous_year} ({v(t.previous_value)}): {d(t.change_abs)}{pct}")
    if t.change_vs_3y is not None:
        out.append(f"- Mot snittet av de tre åren före ({v(t.mean_3y_before)}): {d(t.change_vs_3y)}")
    if t.slope is not None:
        out.append(f"- Trend (minsta kvadrat, {t.slope_years} år): {d(t.slope)} per år")
    out.append(
        f"- Bedömning: utvecklingen **{verdict_text(t.verdict)}** (stabil inom ±{fmt_number(t.tolerance)} {du})".rstrip()
    )
    out += ["", *_series_table(s), "", "## Steg 2 – Mål och grupper", ""]
    if s.target is not None:
        g = s.target
        met = {True: "nås", False: "nås inte", None: "kan inte bedömas"}[g.met]
        yrs = f", {fmt_number(g.years_to_target)} år kvar i nuvarande takt" if g.years_to_target else ""
        out.append(f"- Eget mål {g.target_year}: {v(g.target_value)} – {met} ({d(g.gap_abs)}{yrs})")
    else:
        out.append("- Eget mål: inget inläst (bedömningen jämför med vald jämförelsegrupp)")
    gg = s.gender_gap
    if gg is not None and gg.gap is not None:
        worse = {
            "K": "kvinnor/flickor har sämre värde",
            "M": "män/pojkar har sämre värde",
            None: "ingen skillnad i bedömning",
        }
        out.append(f"- Kvinnor {v(gg.value_k)}, män {v(gg.value_m)}: skillnad K − M {d(gg.gap)} ({worse[gg.worse]})")
    else:
        out.append("- Kvinnor/män: inga könsuppdelade värden")
    out += ["", "## Steg 3 – Jämförelse med andra", ""]
    if s.rank is not None and not pd.isna(s.rank["rank"]):
        q = QUARTILE_SV.get(s.rank["quartile"], s.rank["quartile"])
        out.append(
            f"Plats **{int(s.rank['rank'])} av {int(s.rank['n'])}** kommuner ({q}, percentil {fmt_number(s.rank['percentile'], 0)})."
        )
        out.append("")
    out += [_row(["Jämförelse", "n", "Medel", "Median", "Min", "Max", f"{name}s plats"]), _row(["---"] + ["---:"] * 6)]
    for p in s.peers:
        mark = " ◀" if p.key == s.peer_key else ""
        place = f"{p.place} av {p.n_ranked}" if p.place else "–"
        out.append(
            _row(
                [
                    p.label + mark,
                    str(p.n),
                    fmt_number(p.mean),
                    fmt_number(p.median),
                    fmt_number(p.min),
                    fmt_number(p.max),
                    place,
                ]
            )
        )
    out.append("")
    out.append("Medel för grupper är ovägda medelvärden; Riket är Koladas (vägda) värde. ◀ = vald jämförelse.")
    nb = s.neighbours
    if nb is not None and nb.neighbours:
        out += ["", "### Kommuner med liknande förutsättningar", ""]
        out.append(
            "Närmast på standardiserade förutsättningar: "
            + "; ".join(f"{variable_label(k, t)} ({k})" for k, t in zip(nb.variables, nb.variable_titles))
            + "."
        )
        out += ["", _row(["Kommun", "Avstånd", "Liknar på", s.kpi_id]), _row(["---", "---:", "---", "---:"])]
        for n in nb.neighbours:
            out.append(
                _row(
                    [
                        n.title,
                        fmt_number(n.distance, 2),
                        ", ".join(variable_label(x) for x in n.similar_on) or "–",
                        fmt_number(n.value),
                    ]
                )
            )
        if nb.expected is not None:
            res = f", {name} {d(nb.residual)} mot det förväntade" if nb.residual is not None else ""
            out += ["", f"Förväntat värde (grannarnas medel): {v(nb.expected)}{res}."]
    out += ["", "## Steg 4 – Mönster", ""]
    if len(s.correlations):
        out += [_row(["Nyckeltal", "Pearson", "Spearman", "n"]), _row(["---", "---:", "---:", "---:"])]
        for r in s.correlations.head(10).itertuples():
            out.append(
                _row(
                    [
                        f"{' '.join(str(r.title).split())} ({r.kpi_id})",
                        fmt_number(r.pearson, 2),
                        fmt_number(r.spearman, 2),
                        str(r.n),
                    ]
                )
            )
    else:
        out.append("Inga samband att visa (för få kommuner med värden).")
    a = s.assessment
    out += [
        "",
        "## Steg 8 – Självvärdering (förslag)",
        "",
        f"**{STATUS_SV.get(a.status, a.status).capitalize()}** (jämfört med {a.reference})",
        "",
    ]
    out += [f"- {r}" for r in a.reasons]
    out += [
        "",
        "## Utkast till text",
        "",
        s.narrative,
        "",
        "Källa: Kolada (RKA). Rangordning, kvartiler och gruppmedel: egen bearbetning.",
    ]
    return "\n".join(out) + "\n"
