"""The words of goals and follow-up (målstyrning): the sheet's messages, the page "Mål och
uppföljning", the follow-up report and `python -m analysis followup`."""

STRINGS: dict[str, tuple[str, str]] = {
    # ---- the sheet: every message names what is wrong with one row --------------------------------
    "goals_err_too_many": (
        "filen har {n} rader, högst {max} går att importera",
        "the file has {n} rows, at most {max} can be imported",
    ),
    "goals_err_kind": (
        "okänd typ '{kind}' (vision, goal/mål eller indicator/indikator)",
        "unknown kind '{kind}' (vision, goal or indicator)",
    ),
    "goals_err_no_kind": ("kind saknas (vision, goal eller indicator)", "kind is missing (vision, goal or indicator)"),
    "goals_err_no_id": ("id saknas", "id is missing"),
    "goals_err_duplicate": (
        "id '{id}' finns redan på rad {row} – dubblett",
        "id '{id}' is already on row {row} – duplicate",
    ),
    "goals_err_municipality": ("okänd kommun '{id}'", "unknown municipality '{id}'"),
    "goals_err_other_municipality": (
        "kommun {id}, men filen gäller {first} (en fil är en kommuns målkedja)",
        "municipality {id}, but the file is for {first} (one file is one municipality's tree)",
    ),
    "goals_err_year": ("ogiltigt år i {column}: '{value}'", "invalid year in {column}: '{value}'"),
    "goals_err_no_title": ("title saknas", "title is missing"),
    "goals_err_not_indicator": (
        "bara indikatorer har nyckeltal och mål ({columns} ska vara tomma)",
        "only indicators have a KPI and a target ({columns} must be empty)",
    ),
    "goals_err_no_kpi": ("indikatorn saknar kpi_id", "the indicator has no kpi_id"),
    "goals_err_local_kpi": (
        "okänt eget nyckeltal '{kpi}' – importera det först med import-values",
        "unknown own KPI '{kpi}' – import it first with import-values",
    ),
    "goals_err_no_target": ("indikatorn saknar mål (target_type)", "the indicator has no target (target_type)"),
    "goals_err_number": ("{column} '{value}' är inget tal", "{column} '{value}' is not a number"),
    "goals_err_no_value_wanted": (
        "måltypen {type} använder inte {column} (lämna tom)",
        "the target type {type} does not use {column} (leave it empty)",
    ),
    "goals_err_vision_parent": (
        "en vision står överst och har ingen parent_id (här '{parent}')",
        "a vision is at the top and has no parent_id (here '{parent}')",
    ),
    "goals_err_no_parent": (
        "parent_id saknas (bara en vision står utan överordnad)",
        "parent_id is missing (only a vision has no parent)",
    ),
    "goals_err_unknown_parent": ("okänd parent_id '{parent}'", "unknown parent_id '{parent}'"),
    "goals_err_parent_indicator": (
        "parent_id '{parent}' är en indikator (indikatorer har inga underordnade)",
        "parent_id '{parent}' is an indicator (indicators have no children)",
    ),
    "goals_err_cycle": ("ingår i en cykel: {path}", "is part of a cycle: {path}"),
    # ---- the roll-up rule and the override rule ----------------------------------------------------
    "goals_rule_no_children": ("inget under målet att bedöma", "nothing under the goal to judge"),
    "goals_rule_mostly_white": (
        "fler vita än bedömda – underlaget räcker inte",
        "more white than judged – too little to judge by",
    ),
    "goals_rule_all_green": ("alla bedömda är gröna", "every judged child is green"),
    "goals_rule_mostly_red": ("mer än hälften av de bedömda är röda", "more than half of the judged are red"),
    "goals_rule_mixed": ("blandat – inte alla gröna, inte flest röda", "mixed – not all green, not mostly red"),
    "goals_rule_text": (
        "Varje vision och mål räknar färgen på sina närmaste underordnade – indikatorer och delmål, ett delmål "
        "med sin egen status (ägarens sparade bedömning, annars förslaget). Vita räknas och visas, de tas aldrig "
        "bort. Förslaget: vit när inget finns under målet eller när fler är vita än bedömda; grön när alla "
        "bedömda är gröna; röd när mer än hälften av de bedömda är röda; annars gul. Ägaren gör en egen "
        "bedömning för perioden; en bedömning som skiljer sig från förslaget kräver ett skäl.",
        "Every vision and goal counts the colours of its direct children – indicators and sub-goals, a sub-goal "
        "with its own status (the owner's saved assessment, else the suggestion). White ones are counted and "
        "shown, never dropped. The suggestion: white when nothing is under the goal or more are white than "
        "judged; green when every judged child is green; red when more than half of the judged are red; otherwise "
        "yellow. The owner makes an own assessment for the period; one that differs from the suggestion needs a "
        "reason.",
    ),
    "goals_save_bad_status": ("Välj grön, gul, röd eller vit.", "Choose green, yellow, red or white."),
    "goals_save_need_author": ("Skriv vem som gör bedömningen.", "Write who makes the assessment."),
    "goals_save_need_reason": (
        "En bedömning som skiljer sig från förslaget behöver ett skäl.",
        "An assessment that differs from the suggestion needs a reason.",
    ),
    "goals_change_better": ("bättre", "better"),
    "goals_change_worse": ("sämre", "worse"),
    "goals_change_same": ("oförändrad", "unchanged"),
    "goals_change_new": ("ny", "new"),
    "goals_change_other": ("ändrad", "changed"),
    "goals_period_delar": ("delår", "interim"),
    "goals_period_helar": ("helår", "full year"),
    "goals_period_long_delar": ("delårsrapport", "interim report"),
    "goals_period_long_helar": ("årsredovisning", "annual report"),
    "goals_kind_vision": ("Vision", "Vision"),
    "goals_kind_goal": ("Mål", "Goal"),
    "goals_kind_indicator": ("Indikator", "Indicator"),
    # ---- python -m loaders import-goals / export-goals --------------------------------------------
    "goals_cli_imported": (
        "Importerade målkedjan för {municipality}: {n} rader, version {version}",
        "Imported the goal tree of {municipality}: {n} rows, version {version}",
    ),
    "goals_cli_kept": ("; version {version} sparas som historik.", "; version {version} is kept as history."),
    "goals_cli_unchanged": (
        "Målkedjan för {municipality} är redan denna (version {version}); inget ändrat.",
        "The goal tree of {municipality} is already this one (version {version}); nothing changed.",
    ),
    "goals_cli_suffix": ("Fel: {path} ska sluta på .csv eller .xlsx", "Error: {path} must end in .csv or .xlsx"),
    "goals_cli_no_tree": (
        "Fel: kommun {municipality} har ingen målkedja.",
        "Error: municipality {municipality} has no goal tree.",
    ),
    "goals_cli_written": ("Skrev {path}", "Wrote {path}"),
    # ---- a reason of the goals' own (the others are the targets work's, i18n/analysis.py) ------------
    "reason_unknown_kpi": (
        "Nyckeltalet finns inte i databasen (borttaget eller inte laddat).",
        "The KPI is not in the store (removed or not loaded).",
    ),
    # ---- the Markdown report (python -m analysis followup --format md) -----------------------------
    "goals_md_title": (
        "Uppföljning {year}, {period} – {kommun} ({id})",
        "Follow-up {year}, {period} – {kommun} ({id})",
    ),
    "goals_md_version": (
        "Målkedja version {version}. Färgen räknas från indikatorerna uppåt; regeln står sist.",
        "Goal tree version {version}. The colour is counted from the indicators upwards; the rule is at the end.",
    ),
    "goals_status": ("Status", "Status"),
    "goals_suggested": ("förslag", "suggested"),
    "goals_counts": (
        "Under: grön {green}, gul {yellow}, röd {red}, vit {white}",
        "Below: green {green}, yellow {yellow}, red {red}, white {white}",
    ),
    "goals_saved_by": ("bedömd av {author} {when}", "assessed by {author} {when}"),
    "goals_reason": ("Skäl", "Reason"),
    "goals_actions": ("Åtgärder", "Actions"),
    "goals_col_indicator": ("Indikator", "Indicator"),
    "goals_col_value": ("Värde", "Value"),
    "goals_col_target": ("Mål", "Target"),
    "goals_col_status": ("Status", "Status"),
    "goals_col_why": ("Varför", "Why"),
    "goals_col_change": ("Sedan {period}", "Since {period}"),
    "goals_method_title": ("Så räknas färgen", "How the colour is counted"),
    "goals_method_indicator": (
        "En indikator bedöms mot sitt eget mål för uppföljningsåret enligt kvalitetshandbokens regel: {green}; "
        "{yellow} (också när målet nås men utvecklingen går åt fel håll); {red}; {white}. Utvecklingen är årets "
        "värde mot medel av de tre åren före, läst i den riktning målet vill. Ett värde från ett tidigare år visas "
        "med sitt år men bedöms inte som årets; ett år utanför målets period bedöms inte.",
        "An indicator is judged against its own target for the follow-up year by the quality handbook's rule: "
        "{green}; {yellow} (also when the target is met but the development goes the wrong way); {red}; {white}. "
        "The development is the year's value against the mean of the three years before, read in the direction "
        "the target wants. A value from an earlier year is shown with its year but not judged as the year's; a "
        "year outside the target's period is not judged.",
    ),
    # ---- the page "Mål och uppföljning" ------------------------------------------------------------
    "page_goals": ("Mål och uppföljning", "Goals and follow-up"),
    "goals_none": (
        "{kommun} har ingen målkedja i Trappan ännu. Ladda upp en nedan (CSV eller XLSX) – se exemplen i "
        "data/examples/goals/.",
        "{kommun} has no goal tree in Trappan yet. Upload one below (CSV or XLSX) – see the examples in "
        "data/examples/goals/.",
    ),
    "goals_others": ("Kommuner med målkedja: {names}.", "Municipalities with a goal tree: {names}."),
    "goals_period_choice": ("Uppföljning", "Follow-up"),
    "goals_caption": (
        "{kommun} · {period} · målkedja version {version} ({source}, importerad {when} av {who})",
        "{kommun} · {period} · goal tree version {version} ({source}, imported {when} by {who})",
    ),
    "goals_version": ("Version av målkedjan", "Version of the goal tree"),
    "goals_version_label": (
        "Version {version}: {source}, {when} {current}",
        "Version {version}: {source}, {when} {current}",
    ),
    "goals_current": ("(gällande)", "(current)"),
    "goals_old_version": (
        "Det här är en tidigare version av målkedjan: den visas med sina bedömningar men kan inte bedömas på nytt.",
        "This is an earlier version of the goal tree: it is shown with its assessments but cannot be assessed again.",
    ),
    "goals_col_level": ("Nivå", "Level"),
    "goals_col_goal": ("Vision, mål och indikator", "Vision, goal and indicator"),
    "goals_col_owner": ("Ägare", "Owner"),
    "goals_col_below": ("Färgerna under", "Colours below"),
    "goals_col_change_short": ("Förändring", "Change"),
    "goals_col_period": ("Period", "Period"),
    "goals_col_version": ("Version", "Version"),
    "goals_col_row": ("Rad", "Row"),
    "goals_col_problem": ("Fel", "Problem"),
    "goals_tree_hint": (
        "Markera en rad: en indikator visar sina skäl och vägen till Nyckeltal och Analystrappan, ett mål "
        "väljs för bedömning nedan.",
        "Select a row: an indicator shows its reasons and the way to Key figure and Analysis staircase, a goal "
        "is chosen for assessment below.",
    ),
    "goals_chart_title": ("Färgerna under varje vision och mål", "The colours under each vision and goal"),
    "goals_chart_x": (
        "antal närmaste underordnade (indikatorer och delmål)",
        "direct children (indicators and sub-goals)",
    ),
    "goals_open_kpi": ("Öppna i Nyckeltal", "Open in Key figure"),
    "goals_open_staircase": ("Öppna i Analystrappan", "Open in Analysis staircase"),
    "goals_assess_header": ("Egen bedömning för {period}", "Own assessment for {period}"),
    "goals_assess_goal": ("Vision eller mål", "Vision or goal"),
    "goals_assess_status": ("Bedömning", "Assessment"),
    "goals_assess_reason": ("Skäl", "Reason"),
    "goals_assess_reason_help": (
        "Krävs när bedömningen skiljer sig från förslaget.",
        "Required when the assessment differs from the suggestion.",
    ),
    "goals_saved_line": (
        "Sparad bedömning: {status}, av {author} {when}. Skäl: {reason}",
        "Saved assessment: {status}, by {author} {when}. Reason: {reason}",
    ),
    "goals_saved": ("Sparat – bedömt av {author}.", "Saved – assessed by {author}."),
    "goals_history_header": ("Sparade bedömningar (historik)", "Saved assessments (history)"),
    "goals_history_none": ("Inga sparade bedömningar ännu.", "No saved assessments yet."),
    "goals_sheet_header": (
        "Målkedjan som kalkylark: ladda upp eller ned",
        "The goal tree as a sheet: upload or download",
    ),
    "goals_sheet_help": (
        "En rad per vision, mål och indikator: id, parent_id, kind, title, owner, municipality_id, kpi_id, gender, "
        "target_type, target_value, target_high, from_year, to_year, note. Filen kontrolleras i sin helhet; en ny "
        "fil ersätter kommunens målkedja och den tidigare sparas som version.",
        "One row per vision, goal and indicator: id, parent_id, kind, title, owner, municipality_id, kpi_id, gender, "
        "target_type, target_value, target_high, from_year, to_year, note. The file is checked as a whole; a new "
        "file replaces the municipality's tree and the former one is kept as a version.",
    ),
    "goals_download_xlsx": ("Ladda ned målkedjan (XLSX)", "Download the goal tree (XLSX)"),
    "goals_download_csv": ("Ladda ned målkedjan (CSV)", "Download the goal tree (CSV)"),
    "goals_upload": ("Ladda upp en målkedja (CSV eller XLSX)", "Upload a goal tree (CSV or XLSX)"),
    "goals_upload_errors": (
        "Filen har {n} fel och importerades inte. Målkedjan är oförändrad.",
        "The file has {n} problems and was not imported. The goal tree is unchanged.",
    ),
    "goals_upload_ok": (
        "Filen är korrekt: {kommun} ({id}), {visions} visioner, {goals} mål, {indicators} indikatorer.",
        "The file is correct: {kommun} ({id}), {visions} visions, {goals} goals, {indicators} indicators.",
    ),
    "goals_import": ("Importera målkedjan", "Import the goal tree"),
    "goals_imported": (
        "Importerat: version {version} med {n} rader är nu kommunens målkedja.",
        "Imported: version {version} with {n} rows is now the municipality's goal tree.",
    ),
    "goals_unchanged": (
        "Målkedjan är redan denna (version {version}); inget ändrades.",
        "The goal tree is already this one (version {version}); nothing changed.",
    ),
    # ---- the follow-up report (PPTX + Excel) -------------------------------------------------------
    "goals_report_build": (
        "Skapa uppföljningsrapport (PPTX och Excel)",
        "Create the follow-up report (PPTX and Excel)",
    ),
    "goals_report_building": ("Skapar rapporten …", "Creating the report …"),
    "goals_report_done": ("Klar: {slides} bilder på {seconds} s.", "Done: {slides} slides in {seconds} s."),
    "goals_report_title": ("Uppföljning", "Follow-up"),
    "goals_report_subtitle": (
        "{period} {year} · målkedja version {version} · {n} indikatorer",
        "{period} {year} · goal tree version {version} · {n} indicators",
    ),
    "goals_overview_title": ("Visioner och mål – status", "Visions and goals – status"),
    "goals_continued": ("forts.", "cont."),
    "goals_method_sources": (
        "Källa: Kolada, Kommun- och landstingsdatabasen (RKA), kolada.se, hämtad {dates}; egna nyckeltal ur "
        "kommunens egna filer. Mål, bedömningar och färger är kommunens egen bearbetning i Trappan.",
        "Source: Kolada, the Swedish municipalities' and regions' database (RKA), kolada.se, retrieved {dates}; own "
        "KPIs from the municipality's own files. Targets, assessments and colours are the municipality's own "
        "processing in Trappan.",
    ),
    "goals_xl_goals": ("Mål", "Goals"),
    "goals_xl_indicators": ("Indikatorer", "Indicators"),
    "goals_xl_id": ("Id", "Id"),
    "goals_xl_parent": ("Överordnad", "Parent"),
    "goals_xl_goal_id": ("Mål-id", "Goal id"),
    "goals_xl_kpi_id": ("Nyckeltals-id", "KPI id"),
    "goals_xl_unit": ("Enhet", "Unit"),
    "goals_xl_target_type": ("Måltyp", "Target type"),
    "goals_xl_target_value": ("Målvärde", "Target value"),
    "goals_xl_target_high": ("Övre gräns", "Upper bound"),
    "goals_xl_from_year": ("Från år", "From year"),
    "goals_xl_to_year": ("Till år", "To year"),
    "goals_xl_reference": ("Bedömt mot", "Judged against"),
    "goals_xl_met": ("Målet", "Target"),
    "goals_example": ("Exempel: {name}", "Example: {name}"),
    "goals_saved_other_version": (
        "Bedömningen gjordes på målkedjans version {version} (målet har samma id).",
        "The assessment was made on version {version} of the goal tree (the goal has the same id).",
    ),
    "goals_sunburst": ("Målkedjan som solfjäder", "The goal tree as a sunburst"),
    "goals_sunburst_title": (
        "Målkedjan: vision i mitten, mål och indikatorer utåt",
        "The goal tree: vision in the middle, goals and indicators outwards",
    ),
    "goals_against": ("mot {reference}", "against {reference}"),
    "goals_place": ("plats {rank} av {n}", "rank {rank} of {n}"),
}
