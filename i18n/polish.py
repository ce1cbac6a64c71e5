"""Words of the follow-ups after #10 and #13: the deck's map slides and the KPIs it leaves out for
want of a value, the "Skapa presentation" choice of maps, and Översikt's shorter scorecard."""

STRINGS: dict[str, tuple[str, str]] = {
    # the deck: KPIs without a value for the year get no slide; the title and closing slides say so
    "deck_without_value": ("Utan värde {year}: {titles}.", "No value in {year}: {titles}."),
    "deck_without_value_method": (
        "Utan värde {year} för {kommun} ({gender}) och därför utan egen bild: {titles}.",
        "Without a value in {year} for {kommun} ({gender}), so without a slide of their own: {titles}.",
    ),
    "deck_latest_value": ("senaste värde {year}", "latest value {year}"),
    "deck_never_value": ("inget tidigare värde", "no earlier value"),
    # the deck: a KPI's quartile map of Sweden after its own slide
    "deck_map": ("karta", "map"),
    "deck_map_unknown": (
        "Karta önskad för nyckeltal som inte är med i presentationen: {kpis}.",
        "A map was asked for indicators that are not in the presentation: {kpis}.",
    ),
    "deck_map_subtitle": ("{subtitle} · karta över alla kommuner", "{subtitle} · map of every municipality"),
    # Skapa presentation
    "pres_maps": ("Karta efter varje nyckeltal", "A map after each indicator"),
    "pres_maps_help": (
        "Lägger till en bild efter varje nyckeltals bild: kartan över Sveriges 290 kommuner i kvartilfärger "
        "(eller värdeklasser för ett nyckeltal utan riktning), med kommunen markerad. Excelfilen får kartans tabell.",
        "Adds a slide after each indicator's slide: the map of Sweden's 290 municipalities in quartile colours "
        "(or value classes for an indicator without a direction), with the municipality outlined. The Excel file "
        "gets the map's table.",
    ),
    "pres_left_out": (
        "Utan värde {year} och därför inte med (de nämns på första och sista bilden): {titles}.",
        "No value in {year}, so left out (the first and last slides name them): {titles}.",
    ),
    # Översikt's scorecard: short cell words (the info box above the table explains them)
    "cell_no_target": ("inget\u00a0mål", "no\u00a0target"),  # one line in a narrow column
}
