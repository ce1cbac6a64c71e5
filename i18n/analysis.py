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
    # The self-assessment: Örebro kommun's quality handbook (Analystrappan, step 8), word for word
    "status_green": (
        "Grön – målen bedöms uppnås för året och utvecklingen bidrar till kommunens helhetsresultat",
        "Green – the targets are judged to be met for the year and the development contributes to the "
        "municipality's overall result",
    ),
    "status_yellow": (
        "Gul – utveckling skett men målet inte helt bedöms uppnås för året",
        "Yellow – development has taken place but the target is not judged to be fully met for the year",
    ),
    "status_red": (
        "Röd – målen inte uppnås och utvecklingen inte bidrar i önskad riktning",
        "Red – the targets are not met and the development does not contribute in the desired direction",
    ),
    "status_white": ("Vit – uppgift saknas eller inte kan bedömas", "White – data missing or cannot be assessed"),
    "status_information": (
        "Information – nyckeltalet har ingen riktning och inget mål",
        "Information – the indicator has no direction and no target",
    ),
    "status_short_green": ("Grön", "Green"),
    "status_short_yellow": ("Gul", "Yellow"),
    "status_short_red": ("Röd", "Red"),
    "status_short_white": ("Vit", "White"),
    "status_short_information": ("Information", "Information"),
    "status_badge": ("{status} – {basis}", "{status} – {basis}"),
    # What the assessment rests on
    "basis_own_target": ("eget mål", "own target"),
    "basis_area_rule": ("områdets regel", "the area's rule"),
    "basis_no_target": ("inget mål att bedöma mot", "no target to assess against"),
    "basis_no_value": ("inget värde", "no value"),
    "basis_stale_value": ("värdet är äldre än året", "the value is older than the year"),
    # Targets in words
    "target_min": ("minst {value}", "at least {value}"),
    "target_max": ("högst {value}", "at most {value}"),
    "target_interval": ("mellan {value} och {high}", "between {value} and {high}"),
    "target_rank_top": ("bland de {n} bästa kommunerna", "among the {n} best municipalities"),
    "target_quartile_top": ("i bästa kvartilen bland kommunerna", "in the best quartile of the municipalities"),
    "target_at_least_riket": ("minst lika bra som Riket", "at least as good as Sweden"),
    "target_at_least_peers": ("minst medel för {label}", "at least the mean of {label}"),
    "target_trajectory": (
        "bana mot {value} år {to_year} (från {from_year})",
        "a trajectory to {value} in {to_year} (from {from_year})",
    ),
    "target_rule_suffix": (" – områdets regel", " – the area's rule"),
    "target_unjudged": ("kan inte bedömas", "cannot be assessed"),
    "peer_chosen": ("vald jämförelsegrupp", "the chosen peer set"),
    "target_types_help": (
        "min: minst målvärdet · max: högst målvärdet · interval: mellan målvärdet och övre gränsen · rank_top: "
        "bland de N bästa · quartile_top: bästa kvartilen · at_least_riket: minst som Riket · at_least_peers: "
        "minst medel för jämförelsegruppen · trajectory: en rak linje från värdet första året till målvärdet "
        "sista året",
        "min: at least the value · max: at most the value · interval: between the value and the upper bound · "
        "rank_top: among the N best · quartile_top: the best quartile · at_least_riket: at least Sweden · "
        "at_least_peers: at least the peer set's mean · trajectory: a straight line from the first year's value "
        "to the target value in the last year",
    ),
    "target_type_min": ("min – minst", "min – at least"),
    "target_type_max": ("max – högst", "max – at most"),
    "target_type_interval": ("interval – mellan två gränser", "interval – between two bounds"),
    "target_type_rank_top": ("rank_top – bland de N bästa", "rank_top – among the N best"),
    "target_type_quartile_top": ("quartile_top – bästa kvartilen", "quartile_top – the best quartile"),
    "target_type_at_least_riket": ("at_least_riket – minst som Riket", "at_least_riket – at least Sweden"),
    "target_type_at_least_peers": (
        "at_least_peers – minst jämförelsegruppens medel",
        "at_least_peers – at least the peer set's mean",
    ),
    "target_type_trajectory": ("trajectory – bana mot ett målår", "trajectory – a path to a target year"),
    # Reasons (every one names its basis)
    "reason_no_value": ("Inget värde för {year}.", "No value for {year}."),
    "reason_stale_value": (
        "Senaste värdet är från {year} ({value}); det rangordnas och bedöms inte som årets.",
        "The newest value is from {year} ({value}); it is neither ranked nor assessed as this year's.",
    ),
    "reason_no_target": (
        "Inget mål att bedöma mot – sätt ett eget mål eller en regel för området på sidan Data.",
        "No target to assess against – set an own target or a rule for the area on the Data page.",
    ),
    "reason_comparison": (
        "Jämförelse, inte mål: {value} mot medel för {label} {reference} ({gap}).",
        "Comparison, not a target: {value} against the mean of {label} {reference} ({gap}).",
    ),
    "reason_target_met": ("Mål {target}: nås – {judged}.", "Target {target}: met – {judged}."),
    "reason_target_not_met": ("Mål {target}: nås inte – {judged}.", "Target {target}: not met – {judged}."),
    "reason_target_unjudged": (
        "Mål {target}: kan inte bedömas – {why}.",
        "Target {target}: cannot be assessed – {why}.",
    ),
    "reason_development": (
        "Utveckling {from_year}–{to_year}: {verdict}.",
        "Development {from_year}–{to_year}: {verdict}.",
    ),
    "reason_no_trend": (
        "Utvecklingen kan inte bedömas utan tidigare år med värde.",
        "The development cannot be assessed without earlier years with a value.",
    ),
    "reason_met_but_worsening": (
        "Målet nås men utvecklingen går åt fel håll – fallet handboken lämnar öppet bedöms som gult.",
        "The target is met but the development goes the wrong way – the case the handbook leaves open is yellow.",
    ),
    "judged_against": ("{value} mot {reference} ({gap})", "{value} against {reference} ({gap})"),
    "judged_line": ("{value} mot banans {reference} ({gap})", "{value} against the line's {reference} ({gap})"),
    "judged_interval": ("{value} (utanför med {gap})", "{value} (outside by {gap})"),
    "judged_rank": ("plats {rank}", "rank {rank}"),
    "judged_quartile": ("{value}", "{value}"),
    "why_outside_period": ("året ligger utanför målets period", "the year is outside the target's period"),
    "why_needs_direction": (
        "nyckeltalet har ingen riktning, så ”minst lika bra” säger inget",
        "the indicator has no direction, so 'at least as good' says nothing",
    ),
    "why_no_value": ("inget värde", "no value"),
    "why_no_reference": ("jämförelsevärdet saknas", "the reference value is missing"),
    "why_no_start_value": ("värde saknas för banans startår {year}", "no value for the trajectory's first year {year}"),
    "why_no_quartile": (
        "ingen kvartil (för få kommuner eller ingen spridning)",
        "no quartile (too few municipalities or no spread)",
    ),
    # One trend language
    "trend_since": ("sedan {year}: {change}", "since {year}: {change}"),
    "trend_development": (
        "utveckling {from_year}–{to_year}: {verdict}",
        "development {from_year}–{to_year}: {verdict}",
    ),
    "trend_vs_mean": (" ({change} mot medel {years})", " ({change} against the mean of {years})"),
    "dev_improving": ("förbättras", "improving"),
    "dev_worsening": ("försämras", "worsening"),
    "dev_stable": ("stabil", "stable"),
    "dev_rising": ("ökar", "rising"),
    "dev_falling": ("minskar", "falling"),
    "dev_no_data": ("kan inte bedömas", "cannot be assessed"),
    "unit_pp": ("procentenheter", "percentage points"),
    # Honest quartiles
    "quartile_few": ("Ingen kvartil (färre än 8 kommuner)", "No quartile (fewer than 8 municipalities)"),
    "quartile_no_spread": ("Ingen spridning", "No spread"),
    "quartile_no_spread_detail": ("Ingen spridning: {share} har {value}", "No spread: {share} have {value}"),
    # Gender
    "kpi_gender_missing_year": (
        "Kvinnor och män saknas för {year} (nyckeltalet redovisas per kön andra år).",
        "Women and men are missing for {year} (the indicator is divided by gender in other years).",
    ),
    # Peer sets (names of Kolada's groups and own sets are data and stay as they are)
    "peer_liknande": ("Liknande kommuner {area} ({year})", "Similar municipalities, {area} ({year})"),
    "peer_kommungrupp": ("SKR kommungrupp: {name}", "SKR municipality group: {name}"),
    "peer_grannar": ("Liknande förutsättningar ({n} närmaste)", "Similar preconditions ({n} nearest)"),
    "peer_alla": ("Alla kommuner", "All municipalities"),
    "precondition_N15820": ("föräldrarnas utbildning", "parents' education"),
    "precondition_N15902": ("nyinvandrade elever", "newly arrived pupils"),
    "precondition_N01951": ("folkmängd", "population"),
    "precondition_N00954": ("tätortsgrad", "degree of urbanisation"),
    "precondition_N17831": ("föräldrarnas utbildning (gymnasiet)", "parents' education (upper secondary)"),
    "precondition_N02926": ("utrikes födda", "foreign-born"),
    "precondition_N01982": ("vuxnas eftergymnasiala utbildning", "adults' post-secondary education"),
    "precondition_N00906": ("medianinkomst", "median income"),
    # The draft text (narrative)
    "nar_value": ("”{kpi}” i {name} var {value} år {year}", "“{kpi}” in {name} was {value} in {year}"),
    "nar_change": (", {diff} {more_less} {year} ({value})", ", {diff} {more_less} {year} ({value})"),
    "nar_higher": ("högre än", "higher than"),
    "nar_lower": ("lägre än", "lower than"),
    "nar_same": ("samma som", "the same as"),
    "nar_slope": ("; trenden över {n} år är {slope} per år", "; the {n}-year trend is {slope} per year"),
    "nar_no_value": ("{name} saknar värde för ”{kpi}” {year}.", "{name} has no value for “{kpi}” in {year}."),
    "nar_stale": (
        "{name} saknar värde för ”{kpi}” {year}; det senaste är {value} från {latest}, och det rangordnas eller "
        "bedöms inte som {year} års.",
        "{name} has no value for “{kpi}” in {year}; the newest is {value} from {latest}, and it is neither ranked "
        "nor assessed as {year}'s.",
    ),
    "nar_gender": (
        "Kvinnor/flickor {k}, män/pojkar {m}: skillnaden K − M är {gap}",
        "Women/girls {k}, men/boys {m}: the gap K − M is {gap}",
    ),
    "nar_gender_worse_K": ("; kvinnorna/flickorna har det sämre värdet", "; women/girls fare worse"),
    "nar_gender_worse_M": ("; männen/pojkarna har det sämre värdet", "; men/boys fare worse"),
    "nar_rank": (
        "Bland {n} kommuner med värde hamnar {name} på plats {rank} av {n} ({quartile}).",
        "Among {n} municipalities with a value, {name} ranks {rank} of {n} ({quartile}).",
    ),
    "nar_peer_mean": ("{label}: {mean} i snitt", "{label}: {mean} on average"),
    "nar_place": (", {name} plats {place} av {n}", ", {name} ranks {place} of {n}"),
    "nar_neighbours": (
        "De {n} kommuner som mest liknar {name} i förutsättningar ({names}) har i snitt {expected}",
        "The {n} municipalities most like {name} in preconditions ({names}) average {expected}",
    ),
    "nar_residual_above": ("; {name} ligger {diff} över det förväntade", "; {name} is {diff} above that"),
    "nar_residual_below": ("; {name} ligger {diff} under det förväntade", "; {name} is {diff} below that"),
    "nar_corr_item": ("”{title}” (r = {r}, n = {n})", "“{title}” (r = {r}, n = {n})"),
    "nar_corr": (
        "Starkast samband över kommunerna {year}: {items}. Samband är ledtrådar, inte orsaker.",
        "Strongest correlations across municipalities in {year}: {items}. Correlations are hints, not causes.",
    ),
    "nar_assessment": (
        "Förslag till självvärdering: {status} ({basis}). {reasons}",
        "Suggested self-assessment: {status} ({basis}). {reasons}",
    ),
    # The staircase as Markdown (python -m analysis staircase --format md)
    "md_title": ("Analystrappan: {name} – {kpi}", "Analysis staircase: {name} – {kpi}"),
    "md_unit": ("enhet", "unit"),
    "md_step1": ("Steg 1 – Utveckling över tid", "Step 1 – Development over time"),
    "md_step2": ("Steg 2 – Mål och grupper", "Step 2 – Targets and groups"),
    "md_step3": ("Steg 3 – Jämförelse med andra", "Step 3 – Comparison with others"),
    "md_step4": ("Steg 4 – Mönster", "Step 4 – Patterns"),
    "md_step8": ("Steg 8 – Självvärdering (förslag)", "Step 8 – Self-assessment (suggestion)"),
    "md_draft": ("Utkast till text", "Draft text"),
    "md_value": ("Värde {year}", "Value {year}"),
    "md_stale": (
        "senaste värde: {value} från {year}, rangordnas och bedöms inte",
        "newest value: {value} from {year}, neither ranked nor assessed",
    ),
    "md_from": ("från", "from"),
    "md_slope": (
        "Trend (minsta kvadrat, {n} år): {slope} per år",
        "Trend (least squares, {n} years): {slope} per year",
    ),
    "md_band": ("(stabil inom ±{tolerance})", "(stable within ±{tolerance})"),
    "md_no_values": ("Inga värden.", "No values."),
    "md_peer_mean": ("{label}, medel", "{label}, mean"),
    "md_years_left": ("{years} år kvar i nuvarande takt", "{years} years to go at the current pace"),
    "md_no_target": (
        "inget mål att bedöma mot (sätt mål eller en regel för området på sidan Data)",
        "no target to assess against (set targets or a rule for the area on the Data page)",
    ),
    "md_gender": (
        "Kvinnor {k}, män {m}: skillnad K − M {gap} ({worse})",
        "Women {k}, men {m}: gap K − M {gap} ({worse})",
    ),
    "md_worse_K": ("kvinnor/flickor har sämre värde", "women/girls fare worse"),
    "md_worse_M": ("män/pojkar har sämre värde", "men/boys fare worse"),
    "md_worse_none": ("ingen skillnad i bedömning", "no difference in assessment"),
    "md_rank": (
        "Plats **{rank} av {n}** kommuner ({quartile}, percentil {percentile}).",
        "Rank **{rank} of {n}** municipalities ({quartile}, percentile {percentile}).",
    ),
    "md_n": ("n", "n"),
    "md_min": ("Min", "Min"),
    "md_max": ("Max", "Max"),
    "md_place_of": ("{name}s plats", "{name}'s place"),
    "md_peer_note": (
        "Medel för grupper är ovägda medelvärden; Riket är Koladas (vägda) värde. ◀ = vald jämförelse.",
        "Group means are unweighted; Sweden is Kolada's (weighted) value. ◀ = the chosen comparison.",
    ),
    "md_neighbours": ("Kommuner med liknande förutsättningar", "Municipalities with similar preconditions"),
    "md_neighbours_on": (
        "Närmast på standardiserade förutsättningar: {variables}.",
        "Nearest on standardised preconditions: {variables}.",
    ),
    "md_similar_on": ("Liknar på", "Similar on"),
    "md_expected": (
        "Förväntat värde (grannarnas medel): {expected}{residual}.",
        "Expected value (the neighbours' mean): {expected}{residual}.",
    ),
    "md_residual": (", {name} {diff} mot det förväntade", ", {name} {diff} against it"),
    "md_no_patterns": (
        "Inga samband att visa (för få kommuner med värden).",
        "No correlations to show (too few municipalities with values).",
    ),
    "md_source": (
        "Källa: Kolada (RKA). Rangordning, kvartiler och gruppmedel: egen bearbetning.",
        "Source: Kolada (RKA). Ranks, quartiles and group means: own processing.",
    ),
    # Översikt
    "col_development": ("Utveckling", "Development"),
    "no_targets_hint": (
        "Inga mål är satta för {kommun}, så bedömningen är vit: inget mål att bedöma mot. Jämförelserna med Riket "
        "och jämförelsegruppen visas som jämförelser. Sätt egna mål, eller en regel för området (t.ex. minst "
        "medel för Liknande kommuner), på sidan Data.",
        "No targets are set for {kommun}, so the assessment is white: no target to assess against. The "
        "comparisons with Sweden and the peer set are shown as comparisons. Set own targets, or a rule for the "
        "area (e.g. at least the mean of similar municipalities), on the Data page.",
    ),
    "go_targets": ("Sätt mål på sidan Data", "Set targets on the Data page"),
    # Analystrappan
    "trend_since_label": ("Sedan {year}", "Since {year}"),
    "trend_development_label": ("Utveckling {from_year}–{to_year}", "Development {from_year}–{to_year}"),
    "stale_note": (
        "Senaste värdet, {value}, är från {year}: det visas med sitt år men rangordnas och bedöms inte som {chosen}.",
        "The newest value, {value}, is from {year}: it is shown with its year but neither ranked nor assessed as "
        "{chosen}.",
    ),
    "stair_no_target": (
        "Inget mål att bedöma mot: nyckeltalet har inget eget mål för året och området ingen regel. Självvärderingen "
        "blir vit; jämförelserna i steg 3 är jämförelser, inte mål.",
        "No target to assess against: the indicator has no own target for the year and the area no rule. The "
        "self-assessment is white; the comparisons in step 3 are comparisons, not targets.",
    ),
    "stair_target_judged": ("Bedömning {year}", "Assessment {year}"),
    "stair_target_gap": ("Skillnad mot målet", "Difference to the target"),
    "stair_years_to_target": (
        "I nuvarande takt nås målet om {years} år.",
        "At the current pace the target is reached in {years} years.",
    ),
    "stair_comparisons_note": (
        "Jämförelser, inte mål – utom när en av dem är satt som mål (sidan Data).",
        "Comparisons, not targets – unless one of them is set as a target (the Data page).",
    ),
    "stair_basis": ("Grund", "Basis"),
    # The deck's closing slide (dashboard/export/labels.py method_paragraphs): the method, every threshold
    "method_source": (
        "Källa: Kolada, Kommun- och landstingsdatabasen (RKA), kolada.se. Hämtad {dates}.",
        "Source: Kolada, the Swedish municipalities' and regions' database (RKA), kolada.se. Retrieved {dates}.",
    ),
    "method_rank": (
        "Rangordning: kommunerna med värde rangordnas 1 = bäst efter nyckeltalets riktning (högre eller lägre är "
        "bättre); lika värden delar bästa plats. ”177 av 290” betyder plats 177 bland 290 kommuner med värde. Ett "
        "värde från ett tidigare år visas med sitt år, t.ex. ”62,0 (2017)”, och rangordnas eller bedöms inte som "
        "det valda årets.",
        "Rank: municipalities with a value are ranked 1 = best in the indicator's direction (higher or lower is "
        "better); equal values share the best rank. '177 of 290' means place 177 among 290 municipalities with a "
        "value. A value from an earlier year is shown with its year, e.g. '62.0 (2017)', and is neither ranked nor "
        "assessed as the chosen year's.",
    ),
    "method_quartile": (
        "Kvartil: bästa 25 % (grön), mellersta 50 % (gul) och sämsta 25 % (röd) bland alla kommuner med värde; grå "
        "= saknar värde. Ingen kvartil när färre än 8 kommuner har värde, eller när minst hälften har samma värde "
        "(”ingen spridning: 98 % har 1”). Lika värden delar bästa plats, så en mindre grupp lika värden kan göra "
        "bästa klassen större än 25 %. Nyckeltal utan riktning rangordnas efter värde och färgas inte.",
        "Quartile: best 25 % (green), middle 50 % (yellow), worst 25 % (red) of all municipalities with a value; "
        "grey = no value. No quartile when fewer than 8 municipalities have a value, or when at least half share "
        "one value ('no spread: 98 % have 1'). Equal values share the best rank, so a smaller group of equal values "
        "can make the best class larger than 25 %. Indicators without a direction are ranked by value and not "
        "coloured.",
    ),
    "method_peers": (
        "Jämförelsegrupper: Riket = Koladas värde för hela landet; Liknande kommuner = Koladas grupp av kommuner med "
        "liknande förutsättningar inom området; Liknande förutsättningar = de 7 kommuner som ligger närmast på "
        "standardiserade förutsättningar för området och året (samma kommuner för alla nyckeltal). En grupps värde "
        "är det ovägda medelvärdet av medlemmarnas värden. Jämförelser är inte mål.",
        "Peer groups: Sweden = Kolada's national value; similar municipalities = Kolada's group of municipalities "
        "with similar preconditions for the area; similar preconditions = the 7 municipalities nearest on "
        "standardised preconditions for the area and year (the same municipalities for every indicator). A group's "
        "value is the unweighted mean of its members' values. Comparisons are not targets.",
    ),
    "method_trend": (
        "Utveckling: ”sedan 2018” är förändringen mot föregående år med värde; ”utveckling 2016–2019” jämför årets "
        "värde med medelvärdet av de (upp till) tre åren före. Den är stabil inom ±2 % av det medelvärdet, men "
        "aldrig smalare än 0,5 för andelar och procentenheter, 1 för antal och 0,1 annars.",
        "Development: 'since 2018' is the change against the previous year with a value; 'development 2016–2019' "
        "compares the year's value with the mean of the (up to) three years before. It is stable within ±2 % of "
        "that mean, but never narrower than 0.5 for shares and percentage points, 1 for counts and 0.1 otherwise.",
    ),
    "method_assessment": (
        "Självvärdering (steg 8 i Analystrappan, Örebro kommuns kvalitetshandbok): grön = målen bedöms uppnås för "
        "året och utvecklingen bidrar till kommunens helhetsresultat; gul = utveckling skett men målet inte helt "
        "bedöms uppnås för året; röd = målen inte uppnås och utvecklingen inte bidrar i önskad riktning; vit = "
        "uppgift saknas eller inte kan bedömas. Målet nås men utvecklingen försämras – ett fall handboken lämnar "
        "öppet – bedöms som gult. Utan mål är bedömningen vit: inget mål att bedöma mot. Nyckeltal utan riktning "
        "och utan mål visas som information.",
        "Self-assessment (step 8 of the analysis staircase, Örebro kommun's quality handbook): green = the targets "
        "are judged to be met for the year and the development contributes to the municipality's overall result; "
        "yellow = development has taken place but the target is not judged to be fully met for the year; red = the "
        "targets are not met and the development does not contribute in the desired direction; white = data "
        "missing or cannot be assessed. Target met but development worsening – a case the handbook leaves open – "
        "is yellow. Without a target the assessment is white: no target to assess against. Indicators without a "
        "direction and without a target are shown as information.",
    ),
    "method_targets": (
        "Mål: kommunens egna mål (minst, högst, intervall, bland de N bästa, bästa kvartilen, minst Riket, minst "
        "jämförelsegruppens medel, eller en bana mot ett målår) bedömer bara åren i sin giltighetsperiod. Ett "
        "område kan ha en regel som mål, t.ex. minst medel för Liknande kommuner; den anges då som ”områdets regel”.",
        "Targets: the municipality's own targets (at least, at most, an interval, among the N best, the best "
        "quartile, at least Sweden, at least the peer set's mean, or a trajectory to a target year) judge only the "
        "years of their validity period. An area can have a rule as its target, e.g. at least the mean of similar "
        "municipalities; it is then named 'the area's rule'.",
    ),
    "method_processing": (
        "Rangordningar, kvartiler, gruppmedelvärden och förändringar är egen bearbetning (Trappan) av Koladas data.",
        "Ranks, quartiles, group means and changes are Trappan's own processing of Kolada's data.",
    ),
    # Data page: targets and the area's rule
    "targets_none": (
        "{kommun} har inga mål. Utan mål är självvärderingen vit (inget mål att bedöma mot).",
        "{kommun} has no targets. Without a target the self-assessment is white (no target to assess against).",
    ),
    "targets_history": ("Ändrade och avslutade mål ({n})", "Changed and ended targets ({n})"),
    "col_set_by": ("Satt av", "Set by"),
    "col_ended_by": ("Avslutat av", "Ended by"),
    "col_replaces": ("Ersätter", "Replaces"),
    "target_type": ("Måltyp", "Target type"),
    "target_peer": ("Jämförelsegrupp (för at_least_peers)", "Peer set (for at_least_peers)"),
    "target_value_label": ("Målvärde (N för rank_top)", "Target value (N for rank_top)"),
    "target_high_label": ("Övre gräns (intervall)", "Upper bound (interval)"),
    "target_from": ("Från år", "From year"),
    "target_to": ("Till år", "To year"),
    "target_add": ("Nytt mål", "New target"),
    "target_add_save": ("Spara målet", "Save the target"),
    "target_saved": ("Målet är sparat (nr {id}) av {author}.", "The target is saved (no. {id}) by {author}."),
    "target_change": ("Ändra eller avsluta ett mål", "Change or end a target"),
    "target_choose": ("Mål", "Target"),
    "target_action": ("Vad vill du göra?", "What do you want to do?"),
    "target_action_change": ("Ändra till värdena nedan", "Change to the values below"),
    "target_action_end": ("Avsluta målet", "End the target"),
    "target_change_save": ("Spara ändringen", "Save the change"),
    "target_ended": (
        "Mål nr {id} är avslutat av {author}; det finns kvar i historiken.",
        "Target no. {id} is ended by {author}; it stays in the history.",
    ),
    "target_changed": (
        "Mål nr {old} är ersatt av nr {id} ({author}); det gamla finns kvar i historiken.",
        "Target no. {old} is replaced by no. {id} ({author}); the old one stays in the history.",
    ),
    "rule_header": ("Regel som mål för området {area}", "A rule as the target of the area {area}"),
    "rule_help": (
        "En jämförelse som kommunen väljer som mål för alla nyckeltal i området som saknar eget mål, t.ex. "
        "grundskola: minst medel för Liknande kommuner, eller KKiK: bästa kvartilen. Trappan har ingen regel från "
        "början.",
        "A comparison the municipality chooses as the target of every indicator of the area without an own "
        "target, e.g. compulsory school: at least the mean of similar municipalities, or KKiK: the best quartile. "
        "Trappan ships no rule.",
    ),
    "rule_current": ("Gäller nu: {rule} (satt av {who}, {when}).", "In force: {rule} (set by {who}, {when})."),
    "rule_none": ("Området {area} har ingen regel.", "The area {area} has no rule."),
    "rule_kind": ("Regel", "Rule"),
    "rule_kind_none": ("ingen regel", "no rule"),
    "rule_n": ("N (för rank_top)", "N (for rank_top)"),
    "rule_save": ("Spara regeln", "Save the rule"),
    "rule_saved": ("Regeln för {area} är sparad.", "The rule for {area} is saved."),
    "rule_ended": ("Området {area} har inte längre någon regel.", "The area {area} no longer has a rule."),
    "rule_history": ("Tidigare regler ({n})", "Earlier rules ({n})"),
}
