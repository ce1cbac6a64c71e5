"""The words only the exports print (deck key figures, badges, workbook sheets)."""

STRINGS: dict[str, tuple[str, str]] = {
    "deck_value": ("Värde", "Value"),
    "deck_change": ("Förändring", "Change"),
    "deck_since": ("sedan", "since"),
    "deck_development": ("Utveckling", "Development"),
    "deck_vs_3y": ("mot de tre föregående årens medel", "vs the mean of the three years before"),
    "deck_rank": ("Rangordning", "Rank"),
    "deck_no_target": ("inget eget mål", "no own target"),
    "deck_target_met": ("nått", "met"),
    "deck_target_not_met": ("ej nått", "not met"),
    "deck_in_year": ("år", "in"),
    "deck_diff": ("skillnad", "difference"),
    "deck_compared_with": ("jämfört med", "compared with"),
    "deck_status": ("Självvärdering", "Self-assessment"),
    "deck_saved_by": ("bedömd av", "assessed by"),
    "deck_reason": ("Skäl", "Reason"),
    "deck_suggested": ("förslag från Trappan", "suggested by Trappan"),
    "deck_conclusion": ("Slutsats", "Conclusion"),
    "deck_actions": ("Åtgärder", "Actions"),
    "deck_created": ("Skapad", "Created"),
    "deck_sources": ("Källor och metod", "Sources and method"),
    "deck_definition": ("Definition", "Definition"),
    "deck_key_figures": ("Nyckeltal", "Key figures"),
    "deck_self_assessments": ("Självvärderingar", "Self-assessments"),
    "deck_no_values": (
        "{kommun} har inga värden år {year} ({gender}) för de valda nyckeltalen, så det finns inget att "
        "exportera. Välj ett år med värden: {first}–{last}.",
        "{kommun} has no values in {year} ({gender}) for the chosen indicators, so there is nothing to "
        "export. Choose a year with values: {first}–{last}.",
    ),
    "deck_no_values_at_all": (
        "{kommun} har inga värden ({gender}) för de valda nyckeltalen något år, så det finns inget att exportera.",
        "{kommun} has no values ({gender}) for the chosen indicators in any year, so there is nothing to export.",
    ),
}
