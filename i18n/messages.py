"""The loaders' and the store's messages (issue: every word a user reads in one layer): a file's bad
rows, a fetch from Kolada that fails, a store that cannot be opened or is busy, a refused write, and
the loaders' command line.

Why here and not beside the code: these messages are made deep in loaders/ and store/ (as
`i18n.Message` or an error carrying one) but read on a page in the session's language, in a CLI and
in the load history in Swedish. The Swedish text of each key is the wording the loaders always had;
`str()` of an error is built from it, so there is one wording per message.

Keys: `row_*` a row of an uploaded file, `file_*` a whole file, `fetch_*` the Kolada client and the
fetch, `store_*` the statistics and work stores, `invalid_*` a write refused by store.write or
store.goals, `build_*` the snapshot build, `forget_*` taking a load back, `cli_*` the output of
`python -m loaders`.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---- a row of an uploaded file (targets, own values, goal sheets) -------------------------------
    "row_error": ("rad {row}: {reason}", "row {row}: {reason}"),
    "row_missing_column": ("kolumnen '{column}' saknas", "the column '{column}' is missing"),
    "row_missing_year_column": (
        "kolumnen 'year' (eller 'from_year' och 'to_year') saknas",
        "the column 'year' (or 'from_year' and 'to_year') is missing",
    ),
    "row_no_rows": ("filen har inga rader", "the file has no rows"),
    "row_no_kpi": ("kpi_id saknas", "kpi_id is missing"),
    "row_unknown_kpi": ("okänt nyckeltal '{kpi}'", "unknown KPI '{kpi}'"),
    "row_no_municipality": ("municipality_id saknas", "municipality_id is missing"),
    "row_unknown_municipality": ("okänd kommun/region '{value}'", "unknown municipality/region '{value}'"),
    "row_bad_year": ("ogiltigt år '{value}'", "invalid year '{value}'"),
    "row_bad_period_year": ("ogiltigt år '{value}' ({column})", "invalid year '{value}' ({column})"),
    "row_duplicate": (
        "samma nyckel som rad {first} ({key}) – dubblett",
        "the same key as row {first} ({key}) – a duplicate",
    ),
    "row_target_value_not_number": ("målvärdet '{value}' är inget tal", "the target value '{value}' is not a number"),
    "row_target_high_not_number": (
        "övre gränsen '{value}' är inget tal",
        "the upper bound '{value}' is not a number",
    ),
    "row_value_not_number": ("värdet '{value}' är inget tal", "the value '{value}' is not a number"),
    "row_kolada_kpi": (
        "'{kpi}' är ett Kolada-nyckeltal; egna nyckeltal behöver ett eget id (t.ex. EGEN-{kpi})",
        "'{kpi}' is a Kolada KPI; own KPIs need an id of their own (e.g. EGEN-{kpi})",
    ),
    "row_local_prefix": (
        "eget nyckeltal '{kpi}' måste börja med EGEN- eller L",
        "own KPI '{kpi}' must start with EGEN- or L",
    ),
    "row_bad_direction": (
        "okänd riktning '{value}' (higher, lower eller none)",
        "unknown direction '{value}' (higher, lower or none)",
    ),
    "row_no_title": ("kpi_title saknas", "kpi_title is missing"),
    "row_kpi_differs": (
        "titel, enhet, riktning eller område skiljer sig från rad {row} för {kpi}",
        "title, unit, direction or area differs from row {row} for {kpi}",
    ),
    # ---- a whole file ----------------------------------------------------------------------------
    "file_rejected": ("{path}: {n} fel, inget importerades", "{path}: {n} errors, nothing was imported"),
    "file_missing": ("Filen {path} finns inte.", "The file {path} does not exist."),
    "file_unreadable": (
        "{path} är varken CSV (UTF-8 eller Windows-1252) eller en Excel-fil som går att öppna ({detail})",
        "{path} is neither CSV (UTF-8 or Windows-1252) nor an Excel file that can be opened ({detail})",
    ),
    "upload_unreadable": ("Filen kan inte läsas: {message}", "The file cannot be read: {message}"),
    # ---- the statistics store and the work store -----------------------------------------------------
    "store_missing": (
        "Databasen {path} finns inte. Bygg den med: python -m loaders build",
        "The database {path} does not exist. Build it with: python -m loaders build",
    ),
    "store_dangling": (
        "{path} pekar på {target}, som saknas. Bygg om med: python -m loaders build",
        "{path} points to {target}, which is missing. Rebuild with: python -m loaders build",
    ),
    "store_busy": (
        "En annan laddning av {path} pågår fortfarande (väntade {seconds} s). Försök igen när den är klar.",
        "Another load of {path} is still running (waited {seconds} s). Try again when it has finished.",
    ),
    "store_lease_failed": (
        "Kunde inte öppna den publicerade versionen av {path}; försök igen.",
        "Could not open the published version of {path}; try again.",
    ),
    "store_read_only": (
        "Databasen öppnas bara för läsning; skriv genom store.write eller python -m loaders.",
        "The database is opened for reading only; write through store.write or python -m loaders.",
    ),
    "store_version_unreadable": (
        "Versionen {version} går inte att läsa ({detail}). Bygg om med: python -m loaders build",
        "The version {version} cannot be read ({detail}). Rebuild with: python -m loaders build",
    ),
    "store_not_a_version": (
        "{version} är ingen Trappan-version (saknar {tables}). Bygg om med: python -m loaders build",
        "{version} is not a Trappan version (it lacks {tables}). Rebuild with: python -m loaders build",
    ),
    "store_key_invalid": (
        "Ogiltig nyckel i observation (saknas, eller kön inte T/K/M): {rows}",
        "Invalid key in observation (missing, or gender not T/K/M): {rows}",
    ),
    "store_key_duplicate": (
        "Samma nyckel finns flera gånger i observation: {rows}",
        "The same key occurs more than once in observation: {rows}",
    ),
    "store_key_times": ("{key} ({n} gånger)", "{key} ({n} times)"),
    "store_work_unusable": (
        "Databasen för sparat arbete ({work}) kan inte användas: {detail}. Inget ändrades.",
        "The database of saved work ({work}) cannot be used: {detail}. Nothing was changed.",
    ),
    "store_work_newer": (
        "Databasen för sparat arbete ({work}) har schema {have}, men den här Trappan känner bara till {latest}. "
        "Uppdatera Trappan.",
        "The database of saved work ({work}) has schema {have}, but this Trappan only knows {latest}. Update Trappan.",
    ),
    "store_copy_same": ("Källan och målet är samma databas.", "The source and the target are the same database."),
    "store_copy_schema": (
        "Databaserna har olika schemaversion; starta Trappan mot båda först.",
        "The databases have different schema versions; start Trappan against both first.",
    ),
    "store_copy_not_empty": (
        "{work} har redan sparat arbete ({table}); inget kopierades.",
        "{work} already holds saved work ({table}); nothing was copied.",
    ),
    "store_legacy_in_use": (
        "{path} används av ett annat program (t.ex. en dashboard av en äldre Trappan, som håller filen öppen för "
        "skrivning). Stoppa det och starta igen: då förs databasen över till det nya formatet.",
        "{path} is in use by another program (e.g. a dashboard of an older Trappan that keeps the file open for "
        "writing). Stop it and start again: the database is then carried over to the new layout.",
    ),
    "store_foreign": (
        "{path} är ingen Trappan-databas (eller är skadad) och lämnas orörd. Bygg en ny med: python -m loaders "
        "build (filen sparas då under ett nytt namn bredvid).",
        "{path} is not a Trappan database (or is damaged) and is left as it is. Build a new one with: python -m "
        "loaders build (the file is then kept under a new name beside it).",
    ),
    "store_legacy_unopenable": (
        "Kan inte öppna {path}: filen används av ett annat program (t.ex. en dashboard av en äldre Trappan) eller "
        "är skadad. ({detail})",
        "Cannot open {path}: the file is in use by another program (e.g. a dashboard of an older Trappan) or is "
        "damaged. ({detail})",
    ),
    # ---- a write refused by store.write / store.goals (nothing written) ----------------------------
    "invalid_target": ("Ogiltigt mål ({problems}): {row}", "Invalid target ({problems}): {row}"),
    "invalid_target_unknown": ("Målet nr {id} finns inte.", "Target no. {id} does not exist."),
    "invalid_target_ended": ("Målet nr {id} är redan avslutat.", "Target no. {id} has already ended."),
    "invalid_target_from_tree": (
        "Målet nr {id} kommer från målkedjan ({node}): ändra det genom att importera målkedjan.",
        "Target no. {id} comes from the goal tree ({node}): change it by importing the goal tree.",
    ),
    "invalid_target_conflict": (
        "Målet för {kpi} ({gender}) {from_year}–{to_year} krockar med mål nr {ids} för samma år: ändra eller "
        "avsluta det först. Inget sparades.",
        "The target for {kpi} ({gender}) {from_year}–{to_year} clashes with target no. {ids} for the same years: "
        "change or end that one first. Nothing was saved.",
    ),
    "invalid_goal_tree_conflict": (
        "Målkedjan ger samma nyckeltal olika mål samma år: {nodes}.",
        "The goal tree gives one KPI different targets for the same year: {nodes}.",
    ),
    "invalid_goal_end_who": ("Ange vem som avslutar målkedjan.", "Say who ends the goal tree."),
    "invalid_goal_end_none": (
        "Kommunen {municipality} har ingen målkedja att avsluta.",
        "Municipality {municipality} has no goal tree to end.",
    ),
    "invalid_rule_type": ("Okänd regel {type}: välj {types}.", "Unknown rule {type}: choose {types}."),
    "invalid_rule_rank_n": (
        "Regeln 'rank_top' behöver ett helt tal N ≥ 1 (bland de N bästa).",
        "The rule 'rank_top' needs a whole number N ≥ 1 (among the best N).",
    ),
    "invalid_rule_peers": (
        "Regeln 'at_least_peers' behöver en jämförelsegrupp.",
        "The rule 'at_least_peers' needs a peer set.",
    ),
    "invalid_rule_none": ("Området har ingen regel att avsluta.", "The area has no rule to end."),
    "invalid_direction": ("Okänd riktning: {direction}", "Unknown direction: {direction}"),
    "invalid_direction_reason": ("Ange ett skäl för ändringen.", "Give a reason for the change."),
    "invalid_kpi": ("Okänt nyckeltal: {kpi}", "Unknown KPI: {kpi}"),
    "invalid_own_group": (
        "En egen jämförelsegrupp behöver ett namn och minst en kommun.",
        "An own peer set needs a name and at least one municipality.",
    ),
    "invalid_goal_assessment": (
        "Ogiltig bedömning: period {period}, status {status}, av {author}",
        "Invalid assessment: period {period}, status {status}, by {author}",
    ),
    "invalid_goal_unknown": (
        "Målet {node} finns inte i målkedjan (version {version}).",
        "The goal {node} is not in the goal tree (version {version}).",
    ),
    # ---- building a version from the snapshot, the shipped tables, taking a load back ---------------
    "build_reading": ("Läser ögonblicksbilden (metadata) …", "Reading the snapshot (metadata) …"),
    "build_writing_catalogue": (
        "Skriver katalog, kommuner och grupper …",
        "Writing catalogue, municipalities and groups …",
    ),
    "build_writing_values": ("Skriver 7,4 miljoner värden …", "Writing 7.4 million values …"),
    "build_carrying": ("För över hämtade och importerade värden …", "Carrying over fetched and imported values …"),
    "build_checking": ("Kontrollerar nycklarna …", "Checking the keys …"),
    "build_failed": (
        "Bygget misslyckades, den tidigare databasen är orörd: {detail}",
        "The build failed, the previous database is untouched: {detail}",
    ),
    "build_not_a_version": (
        "{path} är ingen Trappan-version (en fil från trappan.versions/ eller TRAPPAN_DB).",
        "{path} is not a Trappan version (a file from trappan.versions/ or TRAPPAN_DB).",
    ),
    "key_missing": ("{table}: {n} rader saknar nyckel ({key})", "{table}: {n} rows lack a key ({key})"),
    "key_duplicate": (
        "{table}: {n} rader har samma nyckel, t.ex. {first}",
        "{table}: {n} rows share a key, e.g. {first}",
    ),
    "directions_unknown": (
        "{path}: okänd riktning för {kpi}: {direction}",
        "{path}: unknown direction for {kpi}: {direction}",
    ),
    "directions_no_reason": ("{path}: skäl saknas för {kpi}", "{path}: reason missing for {kpi}"),
    "directions_bad_headline": (
        "kpi_direction.csv: {kpi} har ogiltig rubrikplats {part}",
        "kpi_direction.csv: {kpi} has an invalid headline place {part}",
    ),
    "directions_not_in_catalogue": (
        "kpi_direction.csv nämner nyckeltal som saknas i katalogen: {kpis}",
        "kpi_direction.csv names KPIs that are not in the catalogue: {kpis}",
    ),
    "forget_unknown": (
        "Det finns ingen laddning #{run} (se python -m loaders status).",
        "There is no load #{run} (see python -m loaders status).",
    ),
    "forget_not_allowed": (
        "Laddning #{run} ({source}) kan inte glömmas; bygg om med python -m loaders build.",
        "Load #{run} ({source}) cannot be forgotten; rebuild with python -m loaders build.",
    ),
    "forget_already": ("Laddning #{run} är redan glömd.", "Load #{run} is already forgotten."),
    # ---- fetching from Kolada (loaders/kolada.py, loaders/fetch.py) ----------------------------------
    "fetch_unreachable": (
        "Kolada kan inte nås ({url}): {reason}. Inget ändrades – den inbyggda datan används.",
        "Kolada cannot be reached ({url}): {reason}. Nothing was changed – the built-in data is used.",
    ),
    "fetch_status_after_retries": (
        "Kolada svarade {status} även efter {retries} nya försök ({url}). Inget ändrades – den inbyggda datan används.",
        "Kolada answered {status} even after {retries} retries ({url}). Nothing was changed – the built-in data is "
        "used.",
    ),
    "fetch_deadline": (
        "Hämtningen från Kolada avbröts vid tidsgränsen på {seconds} s{why}. Inget ändrades – den inbyggda datan "
        "används (längre tid: --timeout SEKUNDER).",
        "The fetch from Kolada was stopped at its time limit of {seconds} s{why}. Nothing was changed – the built-in "
        "data is used (more time: --timeout SECONDS).",
    ),
    "fetch_because": (": {why}", ": {why}"),
    "fetch_why_retry_after": (
        "Kolada bad om att få vänta {seconds} s (Retry-After)",
        "Kolada asked to wait {seconds} s (Retry-After)",
    ),
    "fetch_why_silent": ("Kolada svarade inte på {seconds} s", "Kolada did not answer in {seconds} s"),
    "fetch_why_backoff": ("nästa försök skulle ha väntat {seconds} s", "the next retry would have waited {seconds} s"),
    "fetch_why_last_call": ("senaste anropet {reason}", "the last request: {reason}"),
    "fetch_why_unfinished": (
        "svaret var inte färdigt efter {size} byte",
        "the answer was not complete after {size} bytes",
    ),
    "fetch_cause_timeout": ("svarade inte i tid", "no answer in time"),
    "fetch_cause_refused": ("anslutningen nekades", "the connection was refused"),
    "fetch_cause_retries": ("för många misslyckade försök", "too many failed attempts"),
    "fetch_cause_incomplete": ("svaret avbröts", "the answer was cut off"),
    "fetch_cause_other": ("{text}", "{text}"),
    "fetch_bad_timeout": (
        "ogiltig tidsgräns {seconds} s (ange ett positivt antal sekunder)",
        "invalid time limit {seconds} s (give a positive number of seconds)",
    ),
    "fetch_redirect": (
        "Kolada skickade vidare till {location} ({status}); omdirigeringar följs inte. Inget ändrades.",
        "Kolada redirected to {location} ({status}); redirects are not followed. Nothing was changed.",
    ),
    "fetch_status": ("Kolada svarade {status} på {url}: {body}", "Kolada answered {status} to {url}: {body}"),
    "fetch_cut_off": (
        "Svaret från Kolada avbröts ({url}): {reason}. Inget ändrades.",
        "The answer from Kolada was cut off ({url}): {reason}. Nothing was changed.",
    ),
    "fetch_not_json": (
        "Svaret från Kolada är inte giltig JSON (avkortat eller trasigt, {size} byte från {url}). Inget ändrades.",
        "The answer from Kolada is not valid JSON (cut short or broken, {size} bytes from {url}). Nothing was changed.",
    ),
    "fetch_no_values": (
        "Svaret från Kolada saknar listan 'values' ({url}). Inget ändrades.",
        "The answer from Kolada lacks the list 'values' ({url}). Nothing was changed.",
    ),
    "fetch_too_big": (
        "En sida från Kolada är större än {mb} MB ({size} byte, {url}); ett svar utan slut? Hämtningen avbröts, "
        "inget ändrades.",
        "A page from Kolada is larger than {mb} MB ({size} bytes, {url}); an answer without end? The fetch was "
        "stopped, nothing was changed.",
    ),
    "fetch_page_loop": (
        "Kolada pekar tillbaka på en sida som redan hämtats ({url}). Inget ändrades.",
        "Kolada points back to a page already fetched ({url}). Nothing was changed.",
    ),
    "fetch_too_many_pages": (
        "Kolada skickade fler än {max} sidor för /{path} (en nästa-länk utan slut?). Hämtningen avbröts, inget "
        "ändrades.",
        "Kolada sent more than {max} pages for /{path} (a next link without end?). The fetch was stopped, nothing "
        "was changed.",
    ),
    "fetch_bad_next": (
        "Ogiltig länk till nästa sida från Kolada: {link}",
        "Invalid link to the next page from Kolada: {link}",
    ),
    "fetch_foreign_next": (
        "Kolada pekar nästa sida till en annan adress ({url}) än {base}; den följs inte. Inget ändrades.",
        "Kolada points the next page to another address ({url}) than {base}; it is not followed. Nothing was changed.",
    ),
    "fetch_not_asked": (
        "Kolada skickade /{entity} som inte efterfrågades ({ids}). Inget ändrades.",
        "Kolada sent /{entity} that was not asked for ({ids}). Nothing was changed.",
    ),
    "fetch_where_row": ("/{entity} rad {row}", "/{entity} row {row}"),
    "fetch_where_member": ("/{entity} rad {row}, medlem", "/{entity} row {row}, member"),
    "fetch_where_data": ("datarad {row}", "data row {row}"),
    "fetch_where_entry": (
        "datarad {row}, {kpi} {municipality} {period}",
        "data row {row}, {kpi} {municipality} {period}",
    ),
    "fetch_shape_not_object": (
        "Oväntat svar från Kolada ({where}): en rad är inte ett objekt.",
        "Unexpected answer from Kolada ({where}): a row is not an object.",
    ),
    "fetch_shape_missing": (
        "Oväntat svar från Kolada ({where}): fältet '{field}' saknas.",
        "Unexpected answer from Kolada ({where}): the field '{field}' is missing.",
    ),
    "fetch_shape_type": (
        "Oväntat svar från Kolada ({where}): fältet '{field}' har fel typ ({value}).",
        "Unexpected answer from Kolada ({where}): the field '{field}' has the wrong type ({value}).",
    ),
    "fetch_gender": (
        "Oväntat kön {gender} från Kolada ({where}).",
        "Unexpected gender {gender} from Kolada ({where}).",
    ),
    "fetch_unknown_group": ("Okänd nyckeltalsgrupp hos Kolada: {ids}", "Unknown KPI group at Kolada: {ids}"),
    "fetch_unknown_kpi": ("Okänt nyckeltal hos Kolada: {ids}", "Unknown KPI at Kolada: {ids}"),
    "fetch_bad_group_member": (
        "Kolada skickade ett ogiltigt nyckeltals-id i en grupp: {id}. Inget ändrades.",
        "Kolada sent an invalid KPI id in a group: {id}. Nothing was changed.",
    ),
    "fetch_no_kpis": ("Inga nyckeltal att hämta.", "No KPIs to fetch."),
    "fetch_need_years": (
        "Kolada v3 kräver år eller kommuner för att hämta värden (ange --years eller --municipality).",
        "Kolada v3 needs years or municipalities to fetch values (give --years or --municipality).",
    ),
    "fetch_table_observation": ("observation från Kolada", "observations from Kolada"),
    "fetch_row_rejected": (
        "Kolada skickade en ogiltig rad (nyckeltal {kpi}, kommun {municipality}, år {year}): {detail}{more}. Hela "
        "hämtningen avvisades; inget ändrades.",
        "Kolada sent an invalid row (KPI {kpi}, municipality {municipality}, year {year}): {detail}{more}. The whole "
        "fetch was refused; nothing was changed.",
    ),
    "fetch_row_more": (" ({n} ogiltiga rader i svaret)", " ({n} invalid rows in the answer)"),
    "fetch_row_kpi_not_asked": ("nyckeltalet efterfrågades inte", "the KPI was not asked for"),
    "fetch_row_municipality_unknown": ("okänd kommun/region", "unknown municipality/region"),
    "fetch_row_municipality_not_asked": ("kommunen efterfrågades inte", "the municipality was not asked for"),
    "fetch_row_year_out_of_range": (
        "året {year} ligger utanför {low}–{high}",
        "the year {year} is outside {low}–{high}",
    ),
    "fetch_row_year_not_asked": ("året {year} efterfrågades inte", "the year {year} was not asked for"),
    "fetch_row_value_not_number": ("värdet {value} är inget tal", "the value {value} is not a number"),
    "fetch_row_value_not_finite": ("värdet {value} är inget ändligt tal", "the value {value} is not a finite number"),
    "fetch_row_gender_unknown": ("okänt kön {gender} (T, K eller M)", "unknown gender {gender} (T, K or M)"),
    "fetch_row_count_invalid": ("antalet {count} är ogiltigt", "the count {count} is invalid"),
    # ---- python -m loaders (loaders/cli.py): Swedish, English with --lang en --------------------------
    "cli_error": ("Fel: {message}", "Error: {message}"),
    "cli_interrupted": ("Avbrutet – inget ändrat.", "Interrupted – nothing changed."),
    "cli_nothing": ("inget", "nothing"),
    "cli_cannot_read": ("Fel: kan inte läsa {path}: {message}", "Error: cannot read {path}: {message}"),
    "cli_built": (
        "Byggt {path}{version}: {rows} värden på {seconds} s",
        "Built {path}{version}: {rows} values in {seconds} s",
    ),
    "cli_built_version": (" (version {name})", " (version {name})"),
    "cli_built_carried": (
        "Behållet från förra versionen: {values} hämtade eller importerade värden, {kpis} nyckeltal som inte finns i "
        "ögonblicksbilden",
        "Kept from the previous version: {values} fetched or imported values, {kpis} KPIs that are not in the snapshot",
    ),
    "cli_status_db": (
        "Databas: {path} → version {version}{published}",
        "Database: {path} → version {version}{published}",
    ),
    "cli_status_published": (" (publicerad {when})", " (published {when})"),
    "cli_status_work": ("Sparat arbete: {work}", "Saved work: {work}"),
    "cli_status_totals": (
        "{values} värden, {kpis} nyckeltal med värden ({catalogue} i katalogen), {municipalities} kommuner, "
        "{regions} regioner{riket}, år {first}–{last}, {groups} kommungrupper",
        "{values} values, {kpis} KPIs with values ({catalogue} in the catalogue), {municipalities} municipalities, "
        "{regions} regions{riket}, years {first}–{last}, {groups} municipality groups",
    ),
    "cli_status_riket": (" + Riket", " + Sweden"),
    "cli_status_col_area": ("Verksamhetsområde", "Operating area"),
    "cli_status_col_kpis": ("KPI", "KPI"),
    "cli_status_col_municipalities": ("kommuner", "munic."),
    "cli_status_col_regions": ("regioner", "regions"),
    "cli_status_col_riket": ("Riket", "Sweden"),
    "cli_status_col_years": ("år", "years"),
    "cli_status_col_values": ("värden", "values"),
    "cli_status_loads": ("Senaste laddningar:", "Latest loads:"),
    "cli_status_rows": (", {n} rader", ", {n} rows"),
    "cli_bad_years": (
        "ogiltiga år '{text}' (skriv t.ex. 2015-2024 eller 2019,2021)",
        "invalid years '{text}' (write e.g. 2015-2024 or 2019,2021)",
    ),
    "cli_bad_date": ("ogiltigt datum '{text}' (skriv ÅÅÅÅ-MM-DD)", "invalid date '{text}' (write YYYY-MM-DD)"),
    "cli_bad_timeout": (
        "ogiltig tidsgräns '{text}' (ett antal sekunder, t.ex. 600)",
        "invalid time limit '{text}' (a number of seconds, e.g. 600)",
    ),
    "cli_fetch_progress": ("{done}/{total} anrop, {rows} värden", "{done}/{total} requests, {rows} values"),
    "cli_fetch_need_kpi": (
        "Ange minst ett nyckeltal (--kpi N15419) eller en nyckeltalsgrupp (--kpi-group GKPI118).",
        "Give at least one KPI (--kpi N15419) or a KPI group (--kpi-group GKPI118).",
    ),
    "cli_fetch_need_years": (
        "Ange år (--years 2015-2024) eller kommuner (--municipality 1880).",
        "Give years (--years 2015-2024) or municipalities (--municipality 1880).",
    ),
    "cli_fetch_bad_answer": (
        "Fel i svaret från Kolada, inget ändrades: {message}",
        "Error in the answer from Kolada, nothing was changed: {message}",
    ),
    "cli_fetched": (
        "Hämtat {rows} värden för {kpis} nyckeltal i {pages} anrop; {changed} nya eller ändrade{new} (laddning #{run}).",
        "Fetched {rows} values for {kpis} KPIs in {pages} requests; {changed} new or changed{new} (load #{run}).",
    ),
    "cli_fetch_new_kpis": (", {n} nya nyckeltal i katalogen", ", {n} new KPIs in the catalogue"),
    "cli_imported_targets": ("Importerade {n} målvärden (laddning #{run}).", "Imported {n} targets (load #{run})."),
    "cli_imported_values": (
        "Importerade {kpis} egna nyckeltal, {n} nya eller ändrade värden (laddning #{run}).",
        "Imported {kpis} own KPIs, {n} new or changed values (load #{run}).",
    ),
    "cli_forgot": (
        "Glömde laddning #{forgotten}: {removed} värden borttagna, {restored} återställda från ögonblicksbilden, "
        "{targets} målvärden borttagna (laddning #{run}).",
        "Forgot load #{forgotten}: {removed} values removed, {restored} restored from the snapshot, {targets} "
        "targets removed (load #{run}).",
    ),
    "cli_publish_missing": ("Fel: filen {path} finns inte.", "Error: the file {path} does not exist."),
    "cli_published": (
        "Publicerade {source} som {version} ({path} pekar nu dit).",
        "Published {source} as {version} ({path} points to it now).",
    ),
    "cli_copied_work": (
        "Kopierade sparat arbete från {source} till {target}: {kept}.",
        "Copied saved work from {source} to {target}: {kept}.",
    ),
    "cli_copied_work_next": (
        "Sätt TRAPPAN_WORK_DB till den nya databasen för dashboarden och kommandona.",
        "Set TRAPPAN_WORK_DB to the new database for the dashboard and the commands.",
    ),
    "cli_help_description": ("Ladda Kolada-data till Trappans databas.", "Load Kolada data into Trappan's database."),
    "cli_help_lang": ("utskrifternas språk: sv (standard) eller en", "the language of the output: sv (default) or en"),
    "cli_help_build": (
        "bygg databasen från den medföljande ögonblicksbilden i data/",
        "build the database from the shipped snapshot in data/",
    ),
    "cli_help_status": ("vad som är laddat, varifrån och när", "what is loaded, from where and when"),
    "cli_help_fetch": (
        "hämta värden från Kolada API v3 (KOLADA_BASE_URL) in i databasen",
        "fetch values from the Kolada API v3 (KOLADA_BASE_URL) into the database",
    ),
    "cli_help_kpi": ("nyckeltal, t.ex. N15419,N15505", "KPIs, e.g. N15419,N15505"),
    "cli_help_kpi_group": ("nyckeltalsgrupp, t.ex. GKPI118 (KKiK)", "KPI group, e.g. GKPI118 (KKiK)"),
    "cli_help_years": ("t.ex. 2015-2024 eller 2019,2021", "e.g. 2015-2024 or 2019,2021"),
    "cli_help_municipality": ("kommunkoder, t.ex. 1880,0180", "municipality codes, e.g. 1880,0180"),
    "cli_help_from_date": ("bara värden ändrade sedan dess", "only values changed since then"),
    "cli_help_timeout": (
        "längsta tid för hela hämtningen (standard {seconds} s); sedan avbryts den utan ändringar",
        "the longest time for the whole fetch (default {seconds} s); then it stops without changes",
    ),
    "cli_meta_years": ("ÅR", "YEARS"),
    "cli_meta_date": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "cli_meta_seconds": ("SEKUNDER", "SECONDS"),
    "cli_meta_name": ("NAMN", "NAME"),
    "cli_meta_code": ("KOD", "CODE"),
    "cli_meta_file": ("FIL", "FILE"),
    "cli_help_import_targets": (
        "importera egna målvärden från CSV eller XLSX",
        "import own targets from CSV or XLSX",
    ),
    "cli_help_import_values": (
        "importera egna nyckeltal (ej i Kolada) från CSV eller XLSX",
        "import own KPIs (not in Kolada) from CSV or XLSX",
    ),
    "cli_help_forget": (
        "ta bort värdena (eller målen) som en laddning lade in; ögonblicksbildens värden återställs",
        "take back the values (or targets) a load added; the snapshot's values come back",
    ),
    "cli_help_load_run": ("laddningens nummer (se status)", "the load's number (see status)"),
    "cli_help_publish": (
        "publicera en statistikversion byggd på en annan server (repliker, se README Drift)",
        "publish a statistics version built on another server (replicas, see README Drift)",
    ),
    "cli_help_publish_file": (
        "en versionsfil, t.ex. en kopia av data/trappan.duckdb från laddservern",
        "a version file, e.g. a copy of data/trappan.duckdb from the loading server",
    ),
    "cli_help_copy_work": (
        "kopiera sparat arbete till en tom databas, t.ex. PostgreSQL (se README Drift)",
        "copy saved work into an empty database, e.g. PostgreSQL (see README Drift)",
    ),
    "cli_help_copy_to": ("postgresql://användare@värd/databas", "postgresql://user@host/database"),
    "cli_help_import_goals": (
        "importera en kommuns målkedja (vision, mål, indikatorer) från CSV/XLSX",
        "import a municipality's goal tree (vision, goals, indicators) from CSV/XLSX",
    ),
    "cli_help_by": ("vem som importerar (sparas med versionen)", "who imports (kept with the version)"),
    "cli_help_export_goals": (
        "skriv en kommuns målkedja som CSV eller XLSX (samma format som import)",
        "write a municipality's goal tree as CSV or XLSX (the import's format)",
    ),
    "cli_help_goal_municipality": ("kommunkod, t.ex. 2029", "municipality code, e.g. 2029"),
    "cli_help_out": ("fil att skriva (.csv eller .xlsx)", "the file to write (.csv or .xlsx)"),
    "cli_help_end_goals": (
        "avsluta en kommuns målkedja (den sparas som tidigare version)",
        "end a municipality's goal tree (it is kept as a former version)",
    ),
    "cli_help_end_by": ("vem som avslutar den", "who ends it"),
    # ---- the load history (load_run.message: Swedish, and the key for a reader in any language) -------
    "load_built": ("{kpis} nyckeltal i katalogen", "{kpis} KPIs in the catalogue"),
    "load_fetched": ("{n} värden hämtade, {pages} sidor", "{n} values fetched, {pages} pages"),
    "load_values": ("{n} värden, {kpis} egna nyckeltal", "{n} values, {kpis} own KPIs"),
    "load_targets": ("{n} målvärden", "{n} targets"),
    "load_forget": (
        "#{run}: {removed} värden borttagna, {restored} återställda från ögonblicksbilden, {targets} målvärden",
        "#{run}: {removed} values removed, {restored} restored from the snapshot, {targets} targets",
    ),
    "load_forgotten_by": ("värdena togs bort av laddning #{run}", "the values were taken back by load #{run}"),
    "load_interrupted_published": (
        "avbröts efter att versionen publicerats",
        "interrupted after the version was published",
    ),
    "load_interrupted": (
        "avbruten: processen avslutades innan laddningen var klar",
        "interrupted: the process ended before the load was done",
    ),
    "load_adopted": ("(hämtad ur statistikversionen)", "(taken from the statistics version)"),
    "load_legacy_carried": ("tidigare databasfil överförd", "earlier database file carried over"),
    "load_legacy_interrupted": ("avbruten (före överföringen)", "interrupted (before the carry-over)"),
    "load_outcome_ok": ("ok", "ok"),
    "load_outcome_failed": ("misslyckades", "failed"),
    "load_outcome_running": ("pågår", "running"),
    "load_outcome_forgotten": ("glömd", "forgotten"),
}
