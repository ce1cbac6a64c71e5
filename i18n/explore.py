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
    "map_click_hint": (
        "Klicka på en kommun i kartan för att välja den.",
        "Click a municipality on the map to choose it.",
    ),
    "area_help": (
        "Koladas verksamhetsområden, KKiK, Öppna jämförelser och Koladas övriga nyckeltalsgrupper.",
        "Kolada's operating areas, KKiK, Open comparisons and Kolada's other KPI groups.",
    ),
    "area_kind_group": ("Kolada-grupp: {title}", "Kolada group: {title}"),
    "area_without_values": ("{label} (inga värden hämtade)", "{label} (no values fetched)"),
}
