"""The analysis staircase's words: targets, the self-assessment (Örebro's handbook, word for word),
reasons, trend language, quartile notes, peer sets and the method text of the deck. analysis/
returns codes and numbers; these words are looked up from the codes at the edges (pages, deck,
CLI report), e.g. by `analysis.wording`."""

STRINGS: dict[str, tuple[str, str]] = {
    # Target problems (file import and the app's form): placeholders are the target's fields
    "target_problem_gender": ("ogiltigt kön '{gender}' (T, K eller M)", "invalid gender '{gender}' (T, K or M)"),
    "target_problem_type": (
        "okänd måltyp '{target_type}' (min, max, interval, rank_top, quartile_top, at_least_riket, "
        "at_least_peers, trajectory)",
        "unknown target type '{target_type}' (min, max, interval, rank_top, quartile_top, at_least_riket, "
        "at_least_peers, trajectory)",
    ),
    "target_problem_needs_type": (
        "nyckeltalet har ingen riktning: ange target_type (t.ex. min för ”minst”, max för ”högst”)",
        "the indicator has no direction: give target_type (e.g. min for 'at least', max for 'at most')",
    ),
    "target_problem_value_missing": (
        "målvärde saknas (target_value) för måltypen {target_type}",
        "target value missing (target_value) for the target type {target_type}",
    ),
    "target_problem_high_missing": (
        "övre gräns saknas (target_high) för ett intervall",
        "upper bound missing (target_high) for an interval",
    ),
    "target_problem_high_below": (
        "övre gränsen {target_high} är lägre än den undre {target_value}",
        "the upper bound {target_high} is below the lower bound {target_value}",
    ),
    "target_problem_rank_n": (
        "rank_top behöver ett helt tal ≥ 1 (bland de N bästa), inte {target_value}",
        "rank_top needs a whole number ≥ 1 (among the best N), not {target_value}",
    ),
    "target_problem_years_range": (
        "åren {from_year}–{to_year} ligger utanför 1950–2100",
        "the years {from_year}–{to_year} are outside 1950–2100",
    ),
    "target_problem_years_reversed": (
        "from_year {from_year} ligger efter to_year {to_year}",
        "from_year {from_year} is after to_year {to_year}",
    ),
    "target_problem_trajectory_years": (
        "en bana behöver to_year efter from_year (start {from_year}, mål {to_year})",
        "a trajectory needs to_year after from_year (start {from_year}, target {to_year})",
    ),
    "target_problem_no_year": (
        "år saknas: ange year eller from_year och to_year",
        "year missing: give year or from_year and to_year",
    ),
}
