"""Words of the map, the KPI-group areas, the data-currency line and the first page (sv, en)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "map_rank": ("Plats {rank}", "Rank {rank}"),
    "map_counties": ("Länsgränser", "County borders"),
    "map_sweden": ("Hela Sverige", "All of Sweden"),
    "map_zoom": ("Zooma till län", "Zoom to county"),
    "map_zoom_help": (
        "Visa ett län närmare; kommunerna runt omkring syns fortfarande.",
        "Show one county closer; the municipalities around it are still drawn.",
    ),
    "map_col_code": ("Kommunkod", "Municipality code"),
    "map_col_n": ("Antal med värde", "Municipalities with a value"),
    "map_col_class": ("Färg i kartan", "Colour on the map"),
    "map_click_hint": (
        "Klicka på en kommun i kartan för att välja den.",
        "Click a municipality on the map to choose it.",
    ),
    "currency_line": ("Värden t.o.m. {year} · Kolada-kopia {date}", "Values up to {year} · Kolada copy {date}"),
    "currency_fetched": ("senast hämtat från Kolada {date}", "last fetched from Kolada {date}"),
    "currency_help": (
        "Det nyaste år som har något värde från Kolada och när kopian lästes från Kolada; en hämtning "
        "på sidan Data uppdaterar raden.",
        "The newest year with any Kolada value and when the copy was read from Kolada; a fetch on the "
        "Data page updates the line.",
    ),
    "kpi_last_year": ("senaste år med värde {year}", "latest year with a value {year}"),
    "kpi_no_values_yet": ("inga värden hämtade", "no values fetched"),
    "kpi_meta_last_year": ("Senaste år med värde", "Latest year with a value"),
    "kpi_meta_next_publ": ("Koladas nästa planerade publicering", "Kolada's next planned publication"),
    "area_help": (
        "Koladas verksamhetsområden, KKiK, Öppna jämförelser och Koladas övriga nyckeltalsgrupper.",
        "Kolada's operating areas, KKiK, Open comparisons and Kolada's other KPI groups.",
    ),
    "area_kind_group": ("Kolada-grupp: {title}", "Kolada group: {title}"),
    "area_without_values": ("{label} (inga värden hämtade)", "{label} (no values fetched)"),
}
