"""Words of the expected problems that analysis/ and dashboard/export/ raise (AnalysisError,
FollowUpError, ExportError carry these keys and their values; str() is the Swedish text)."""

STRINGS: dict[str, tuple[str, str]] = {
    "err_unknown_gender": (
        "Okänt kön {gender!r}: välj T (totalt), K (kvinnor) eller M (män).",
        "Unknown gender {gender!r}: choose T (total), K (women) or M (men).",
    ),
    "err_unknown_gender_short": (
        "Okänt kön {gender!r}: välj T, K eller M.",
        "Unknown gender {gender!r}: choose T, K or M.",
    ),
    "err_unknown_kpi": ("Nyckeltalet {kpi} finns inte i katalogen.", "The KPI {kpi} is not in the catalogue."),
    "err_unknown_kpis": ("Okända nyckeltal: {kpis}.", "Unknown KPIs: {kpis}."),
    "err_unknown_municipality": (
        "Kommunkoden {municipality} finns inte.",
        "The municipality code {municipality} does not exist.",
    ),
    "err_unknown_municipality_hint": (
        "Okänd kommun {municipality!r}: ange en kommunkod, t.ex. 1880 för Örebro.",
        "Unknown municipality {municipality!r}: give a municipality code, e.g. 1880 for Örebro.",
    ),
    "err_unknown_lang": ("Okänt språk {lang!r}: välj sv eller en.", "Unknown language {lang!r}: choose sv or en."),
    "err_unknown_period": (
        "Okänd period {period!r}: välj delar (delårsrapport) eller helar (årsredovisning).",
        "Unknown period {period!r}: choose delar (interim report) or helar (annual report).",
    ),
    "err_no_tree": (
        "{title} ({municipality}) har ingen målkedja. Importera en med: python -m loaders import-goals FIL",
        "{title} ({municipality}) has no goal tree. Import one with: python -m loaders import-goals FILE",
    ),
    "err_no_tree_version": (
        "{title} ({municipality}) har ingen målkedja i version {version}. Importera en med: python -m loaders "
        "import-goals FIL",
        "{title} ({municipality}) has no goal tree in version {version}. Import one with: python -m loaders "
        "import-goals FILE",
    ),
    "err_nothing_to_search": (
        'Ange något att söka efter, t.ex. --search "nöjda med maten".',
        'Give something to search for, e.g. --search "nöjda med maten".',
    ),
    "err_one_kpi_for_chart": (
        "Ange exakt ett nyckeltal med --kpi för en diagrambild.",
        "Give exactly one KPI with --kpi for a chart image.",
    ),
    "err_out_suffix": ("Filen {path} ska sluta på {suffixes}.", "The file {path} must end in {suffixes}."),
    "err_out_folder": ("Mappen {folder} finns inte.", "The folder {folder} does not exist."),
    "err_unknown_peer_set": (
        "Okänd jämförelsegrupp {peer!r} för kommunen. Finns: {known}.",
        "Unknown peer set {peer!r} for the municipality. There are: {known}.",
    ),
    "err_no_assessments": (
        "Det finns inga sparade självvärderingar för kommun {municipality}, år {year}, kön {gender}.",
        "There are no saved self-assessments for municipality {municipality}, year {year}, gender {gender}.",
    ),
    "err_choose_content": (
        "Välj ett område (--area), nyckeltal (--kpi) eller sparade bedömningar (--assessments).",
        "Choose an area (--area), KPIs (--kpi) or saved assessments (--assessments).",
    ),
    "err_unknown_area": ("Okänt område {area!r}. Finns: {known}.", "Unknown area {area!r}. There are: {known}."),
    "err_area_no_values": (
        "Området {title} har inga nyckeltal med värden år {year}.",
        "The area {title} has no KPIs with values in {year}.",
    ),
    "err_no_browser": (
        "Diagrambilder (PNG, SVG, PDF) och presentationer kräver webbläsaren Chromium, men ingen hittades. "
        "Installera den (Debian/Ubuntu: apt-get install chromium) eller ange sökvägen i miljövariabeln "
        "BROWSER_PATH.",
        "Chart images (PNG, SVG, PDF) and presentations need the Chromium browser, but none was found. "
        "Install it (Debian/Ubuntu: apt-get install chromium) or give its path in the environment variable "
        "BROWSER_PATH.",
    ),
    "err_browser_path": (
        "BROWSER_PATH pekar på {path}, men där finns ingen fil. {no_browser}",
        "BROWSER_PATH points to {path}, but there is no file there. {no_browser}",
    ),
    "err_image_format": (
        "Okänt bildformat {format!r}; välj ett av {formats}.",
        "Unknown image format {format!r}; choose one of {formats}.",
    ),
    "err_chart_failed": ("Chromium kunde inte rita diagrammet: {error}", "Chromium could not draw the chart: {error}"),
    "err_browser_failed": (
        "Chromium ({browser}) kunde inte startas: {error}",
        "Chromium ({browser}) could not be started: {error}",
    ),
}
