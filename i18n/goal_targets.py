"""The words of "one target, one colour": a goal tree's indicator targets are the municipality's
targets (store.goals, store.write.judges_alike) — the sheet's and import-targets' messages about
targets that would judge a year differently, the goal sheet's peer_key, and ending a tree."""

STRINGS: dict[str, tuple[str, str]] = {
    "goals_err_tree_conflict": (
        "{kpi} ({gender}) har ett annat mål för samma år på rad {row} ({id}): en målkedja ger ett nyckeltal "
        "ett mål per år",
        "{kpi} ({gender}) has another target for the same year on row {row} ({id}): a goal tree gives a KPI "
        "one target per year",
    ),
    "goals_err_own_target_conflict": (
        "{kpi} ({gender}) har redan mål nr {target_id} ({target}, {other_from}–{other_to}) som bedömer samma år "
        "annorlunda: ändra eller avsluta det på sidan Data först, eller skriv samma mål här",
        "{kpi} ({gender}) already has target no. {target_id} ({target}, {other_from}–{other_to}), which judges the "
        "same year differently: change or end it on the Data page first, or write the same target here",
    ),
    "goals_err_peer_key": (
        "peer_key '{peer}' är ingen jämförelsegrupp för kommunen i området {area}: välj {keys}",
        "peer_key '{peer}' is no peer set of the municipality in the area {area}: choose {keys}",
    ),
    "target_conflict_goal": (
        "{kpi} ({gender}) {from_year}–{to_year}: målkedjan har redan mål nr {target_id} ({target}, "
        "{other_from}–{other_to}, indikator {node}) för samma år – ändra målkedjan i stället, eller sätt samma mål",
        "{kpi} ({gender}) {from_year}–{to_year}: the goal tree already has target no. {target_id} ({target}, "
        "{other_from}–{other_to}, indicator {node}) for the same year – change the goal tree instead, or set the "
        "same target",
    ),
    "target_set_by_goal": ("målkedjan ({node}, version {version})", "the goal tree ({node}, version {version})"),
    "target_goal_managed": (
        "Mål från målkedjan ändras och avslutas genom att importera eller avsluta målkedjan "
        "(sidan Mål och uppföljning).",
        "Targets from the goal tree are changed and ended by importing or ending the goal tree "
        "(the page Goals and follow-up).",
    ),
    "goals_end_header": ("Avsluta målkedjan", "End the goal tree"),
    "goals_end_help": (
        "Kommunen har då ingen målkedja; den sparas som en tidigare version med sina bedömningar, och "
        "dess {n} mål gäller inte längre på någon sida.",
        "The municipality then has no goal tree; it is kept as a former version with its assessments, "
        "and its {n} targets no longer apply on any page.",
    ),
    "goals_end_button": ("Avsluta målkedjan", "End the goal tree"),
    "goals_ended": (
        "Målkedjan (version {version}) är avslutad; dess mål gäller inte längre.",
        "The goal tree (version {version}) has ended; its targets no longer apply.",
    ),
    "goals_cli_ended": (
        "Avslutade målkedjan för {municipality} (version {version}); dess mål gäller inte längre.",
        "Ended the goal tree of {municipality} (version {version}); its targets no longer apply.",
    ),
}
