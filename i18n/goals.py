"""The words of goals and follow-up (målstyrning): the sheet's messages, the page "Mål och
uppföljning", the follow-up report and `python -m analysis followup`."""

STRINGS: dict[str, tuple[str, str]] = {
    # ---- the sheet: every message names what is wrong with one row --------------------------------
    "goals_err_column": ("kolumnen '{column}' saknas", "the column '{column}' is missing"),
    "goals_err_empty": ("filen har inga rader", "the file has no rows"),
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
    "goals_err_no_municipality": ("municipality_id saknas", "municipality_id is missing"),
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
    "goals_err_kpi": ("okänt nyckeltal '{kpi}'", "unknown KPI '{kpi}'"),
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
    # ---- targets and reasons, worded from analysis.followup's codes --------------------------------
    "goals_target_min": ("minst {value}", "at least {value}"),
    "goals_target_max": ("högst {value}", "at most {value}"),
    "goals_target_interval": ("{value}–{high}", "{value}–{high}"),
    "goals_target_rank_top": ("bland de {n} bästa kommunerna", "among the {n} best municipalities"),
    "goals_target_quartile_top": ("bästa kvartilen (25 %)", "the best quartile (25 %)"),
    "goals_target_at_least_riket": ("minst som Riket", "at least as good as Riket"),
    "goals_target_at_least_peers": ("minst som liknande kommuner", "at least as good as similar municipalities"),
    "goals_target_trajectory": (
        "{value} år {to_year} (rak linje från {from_year})",
        "{value} in {to_year} (a straight line from {from_year})",
    ),
    "goals_target_years": ("{from_year}–{to_year}", "{from_year}–{to_year}"),
    "goals_met": ("Målet nås", "Target met"),
    "goals_not_met": ("Målet nås inte", "Target not met"),
    "goals_detail_value": ("{value} mot målet {target}", "{value} against the target {target}"),
    "goals_detail_rank": (
        "plats {rank} av {n}, målet är att vara {target}",
        "rank {rank} of {n}, the target is to be {target}",
    ),
    "goals_detail_quartile": (
        "plats {rank} av {n}, {quartile} – målet är bästa kvartilen",
        "rank {rank} of {n}, {quartile} – the target is the best quartile",
    ),
    "goals_detail_riket": ("{value} mot Riket {reference}", "{value} against Riket {reference}"),
    "goals_detail_peers": ("{value} mot {peer} {reference}", "{value} against {peer} {reference}"),
    "goals_detail_trajectory": (
        "{value} mot linjens {reference} för {year} (från {start} år {from_year} till {target} år {to_year})",
        "{value} against the line's {reference} for {year} (from {start} in {from_year} to {target} in {to_year})",
    ),
    "goals_reason_trend": (
        "Utvecklingen: {change} mot medel av de tre åren före {year} – {verdict}.",
        "Development: {change} against the mean of the three years before {year} – {verdict}.",
    ),
    "goals_reason_no_trend": (
        "Ingen tidsserie att bedöma utvecklingen efter.",
        "No series to judge the development by.",
    ),
    "goals_reason_no_value": ("Inget värde för {year}.", "No value for {year}."),
    "goals_reason_stale_value": (
        "Inget värde för {year}; det senaste, {value} ({value_year}), bedöms inte som {year}s.",
        "No value for {year}; the latest, {value} ({value_year}), is not judged as {year}'s.",
    ),
    "goals_reason_outside_period": (
        "Målet gäller {from_year}–{to_year}, inte {year}.",
        "The target is for {from_year}–{to_year}, not {year}.",
    ),
    "goals_reason_no_direction": (
        "Nyckeltalet har ingen riktning (högre eller lägre är inte bättre): målet ”{target}” kan inte bedömas.",
        "The KPI has no direction (neither higher nor lower is better): the target '{target}' cannot be judged.",
    ),
    "goals_reason_no_reference": (
        "Inget jämförelsevärde för målet ”{target}”.",
        "No reference for the target '{target}'.",
    ),
    "goals_reason_no_start_value": (
        "Inget värde för startåret {from_year} att dra linjen från.",
        "No value for the start year {from_year} to draw the line from.",
    ),
    "goals_reason_unknown_kpi": ("Nyckeltalet {kpi} finns inte i databasen.", "The KPI {kpi} is not in the store."),
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
        "En indikator bedöms mot sitt eget mål för uppföljningsåret enligt kvalitetshandbokens regel: grön när "
        "målet nås och utvecklingen inte går åt fel håll; gul när målet inte nås men utvecklingen förbättras (eller "
        "målet nås men utvecklingen försämras); röd när målet inte nås och utvecklingen inte förbättras; vit när "
        "uppgift saknas eller inte kan bedömas. Utvecklingen är årets värde mot medel av de tre åren före. Ett "
        "värde från ett tidigare år visas med sitt år men bedöms inte som årets.",
        "An indicator is judged against its own target for the follow-up year by the quality handbook's rule: "
        "green when the target is met and the development does not go the wrong way; yellow when it is not met "
        "but improving (or met but worsening); red when it is not met and not improving; white when data is "
        "missing or cannot be judged. The development is the year's value against the mean of the three years "
        "before. A value from an earlier year is shown with its year but not judged as the year's.",
    ),
}
