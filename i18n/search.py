"""Words of the catalogue search (the KPI picker, "Hämta från Kolada") and of step 4's twins and
scatter (Mönster), in Swedish and English."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # KPI picker: search over the whole catalogue
    "search_label": (
        "Sök i hela katalogen (id, namn, beskrivning)",
        "Search the whole catalogue (id, title, description)",
    ),
    "search_placeholder": ("t.ex. nöjda med maten, U23467", "e.g. nöjda med maten, U23467"),
    "search_none": ("Inget nyckeltal matchar “{text}”.", "No indicator matches “{text}”."),
    "search_hits": ("{n} träffar i katalogen, bäst först", "{n} matches in the catalogue, best first"),
    "search_hits_more": (
        "{n} träffar i katalogen; de {shown} bästa visas",
        "{n} matches in the catalogue; the best {shown} are shown",
    ),
    "search_choose": ("Välj en träff", "Choose a match"),
    "search_hit_years": ("{title} ({kpi}) · värden {first}–{last}", "{title} ({kpi}) · values {first}–{last}"),
    "search_hit_no_values": ("{title} ({kpi}) · inga värden i Trappan", "{title} ({kpi}) · no values in Trappan"),
    "search_no_values": (
        "{kpi} har inga värden i Trappan. Hämta dem från Kolada: alla kommuner och regioner, {first}–{last}.",
        "{kpi} has no values in Trappan. Fetch them from Kolada: every municipality and region, {first}–{last}.",
    ),
    "search_fetch": ("Hämta från Kolada", "Fetch from Kolada"),
    "search_fetched": (
        "Hämtade {rows} värden för {kpi} ({first}–{last}); nyckeltalet är valt.",
        "Fetched {rows} values for {kpi} ({first}–{last}); the indicator is chosen.",
    ),
    "search_fetched_nothing": (
        "Kolada har inga värden för {kpi} {first}–{last}; inget ändrades.",
        "Kolada has no values for {kpi} in {first}–{last}; nothing changed.",
    ),
    # Mönster: twins and the scatter
    "patterns_show_twins": (
        "Visa syskonnyckeltal (samma mått i andra varianter)",
        "Show sibling indicators (the same measure in other variants)",
    ),
    "patterns_twins_hidden": (
        "{n} syskonnyckeltal utelämnade: samma mått som ett nyckeltal ovanför eller som X, i en annan variant "
        "(t.ex. hemkommun/lägeskommun, kommunala/alla skolor, exkl. nyinvandrade) eller med nästan samma namn och r över 0,95.",
        "{n} sibling indicators left out: the same measure as X or as an indicator above, in another variant "
        "(e.g. hemkommun/lägeskommun, municipal/all schools, excl. newly arrived) or nearly the same title with r above 0.95.",
    ),
    "patterns_twins_shown": (
        "{n} syskonnyckeltal visas och är markerade i kolumnen ”Variant av”.",
        "{n} sibling indicators are shown, marked in the column “Variant of”.",
    ),
    "col_twin_of": ("Variant av", "Variant of"),
    "patterns_scatter_title": ("{y}\nmot {x}", "{y}\nagainst {x}"),
    "patterns_unlabelled": (
        "Namn som inte fick plats i diagrammet (syns när du håller muspekaren över punkten): {names}.",
        "Names with no room in the chart (shown when you hover over the point): {names}.",
    ),
}
