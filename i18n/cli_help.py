"""Words of the analysis and export command lines (help texts; Swedish, as argparse shows them)."""

STRINGS: dict[str, tuple[str, str]] = {
    "cli_export_description": ("Exportera Trappan-underlag.", "Export Trappan material."),
    "cli_export_deck": ("presentation (PPTX, 16:9)", "presentation (PPTX, 16:9)"),
    "cli_export_excel": ("Excel med data bakom varje diagram", "Excel with the data behind every chart"),
    "cli_export_chart": ("en diagrambild (PNG, SVG eller PDF)", "one chart image (PNG, SVG or PDF)"),
    "cli_arg_municipality_orebro": ("kommunkod, t.ex. 1880 (Örebro)", "municipality code, e.g. 1880 (Örebro)"),
    "cli_arg_year_2019": ("år, t.ex. 2019", "year, e.g. 2019"),
    "cli_arg_out": ("fil att skriva", "the file to write"),
    "cli_arg_gender": ("T totalt (standard), K, M", "T total (default), K women, M men"),
    "cli_arg_peer_default": (
        "jämförelsegrupp: liknande (standard), riket, lan, …",
        "peer set: liknande (default), riket, lan, …",
    ),
    "cli_arg_area": ("område, t.ex. grundskola (dess rubriknyckeltal)", "area, e.g. grundskola (its headline KPIs)"),
    "cli_arg_kpis": ("nyckeltal (kan upprepas eller kommasepareras)", "KPIs (repeated or comma-separated)"),
    "cli_arg_assessments": ("nyckeltalen med sparade självvärderingar", "the KPIs with saved self-assessments"),
    "cli_arg_xlsx_charts": (
        "skriv också Excel-filen med diagrammens data hit",
        'also write the Excel file with the charts" data here',
    ),
    "cli_export_followup": (
        "uppföljningsrapport för kommunens målkedja (PPTX, 16:9)",
        'follow-up report of the municipality"s goal tree (PPTX, 16:9)',
    ),
    "cli_arg_municipality_leksand": ("kommunkod, t.ex. 2029 (Leksand)", "municipality code, e.g. 2029 (Leksand)"),
    "cli_arg_year_2022": ("år, t.ex. 2022", "year, e.g. 2022"),
    "cli_arg_period": ("delår eller helår (standard)", "delår (interim) or helår (full year, default)"),
    "cli_arg_out_pptx": ("fil att skriva (.pptx)", "the file to write (.pptx)"),
    "cli_arg_xlsx_report": (
        "skriv också Excel-filen med rapportens siffror hit",
        'also write the Excel file with the report"s figures here',
    ),
    "cli_analysis_description": ("Analystrappan på Kolada-data.", "The analysis staircase on Kolada data."),
    "cli_analysis_rank": (
        "rangordna alla kommuner för ett nyckeltal och år",
        "rank every municipality for a KPI and year",
    ),
    "cli_analysis_staircase": (
        "steg 1–4 och 8 för en kommun, ett nyckeltal och ett år",
        "steps 1–4 and 8 for a municipality, a KPI and a year",
    ),
    "cli_arg_municipality_1880": ("kommunkod, t.ex. 1880", "municipality code, e.g. 1880"),
    "cli_arg_peer": (
        "jämförelsegrupp: riket, lan, liknande, kommungrupp, ...",
        "peer set: riket, lan, liknande, kommungrupp, ...",
    ),
    "cli_analysis_kpis": (
        "sök i hela nyckeltalskatalogen på id, namn och beskrivning",
        "search the whole KPI catalogue by id, title and description",
    ),
    "cli_arg_search": (
        'ord eller id, t.ex. "nöjda med maten" eller U23467',
        'words or an id, e.g. "nöjda med maten" or U23467',
    ),
    "cli_arg_limit": ("högst så många träffar (20)", "at most this many hits (20)"),
    "cli_analysis_followup": (
        "målkedjans uppföljning: indikatorer mot sina mål, färgen uppåt i kedjan",
        'the goal tree"s follow-up: indicators against their targets, the colour up the tree',
    ),
    "cli_arg_municipality_2029": ("kommunkod, t.ex. 2029", "municipality code, e.g. 2029"),
    "cli_arg_map": (
        "efter varje nyckeltals bild en karta över Sveriges kommuner (i Excel kartans tabell); med nyckeltal (kommaseparerade) bara för dem",
        'after each KPI"s slide a map of Sweden"s municipalities (in Excel the map"s table); with KPIs (comma-separated) only for them',
    ),
    "cli_meta_kpis": ("NYCKELTAL", "KPIS"),
    "cli_arg_gender_bad": ("kön ska vara T, K eller M", "gender must be T, K or M"),
}
