"""What the deck says about each KPI, from the real store through the analysis staircase:
hand-checked Örebro numbers, the selection rules, the saved assessment, and plain errors."""

from __future__ import annotations

import pytest

from dashboard.export.content import DeckRequest, deck_content
from dashboard.export.errors import ExportError
from store.write import Assessment, save_assessment

OREBRO_2019 = DeckRequest("1880", 2019, kpi_ids=("N15419",), area_id="grundskola")


@pytest.fixture(scope="module")
def n15419(full_store):
    return deck_content(full_store, OREBRO_2019).slides[0]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # snapshot: Örebro N15419 T 2019 = 69,6
        ("Värde 2019", "69,6\u00a0%"),
        # 2018 = 65,6 → +4,0 percentage points, labelled with the year it compares with
        ("Sedan 2018", "+4,0\u00a0procentenheter"),
        # but against the mean of 2016-2018 (74,8 72,8 65,6 → 71,07): 69,6 − 71,07 = −1,5, outside the
        # ±2 % band (1,42): worsening, higher being better — labelled with its years
        ("Utveckling 2016–2019", "försämras (−1,5\u00a0procentenheter mot medel 2016–2018)"),
        # no target imported: said as it is
        ("Mål", "inget mål att bedöma mot"),
        # 176 of the 290 municipalities have more than 69,6 % (3 share 69,6): rank 177, in the middle half
        ("Rangordning", "177 av 290 (mellersta 50 %)"),
        # Riket 0000 2019 T = 73,4; 69,6 − 73,4 = −3,8
        ("Riket", "73,4\u00a0% (skillnad −3,8)"),
    ],
)
def test_key_figures_are_the_hand_checked_numbers(n15419, label, expected):
    assert dict((f.label, f.value) for f in n15419.key_figures)[label] == expected


def test_peer_mean_is_the_liknande_group(n15419):
    # G36146 (0580 0581 0680 1283 1380 1980 2480): unweighted mean of N15419 2019 T = 73,6 → 69,6 − 73,6 = −4,0
    peer = [f for f in n15419.key_figures if f.label.startswith("Liknande kommuner")]
    assert [f.value for f in peer] == ["73,6\u00a0% (skillnad −4,0)"]


def test_subtitle_names_municipality_year_gender_and_peer_set(n15419):
    assert n15419.subtitle.startswith("Örebro · 2019 · Totalt · jämfört med Liknande kommuner grundskola")


def test_caption_carries_the_load_date(n15419):
    assert n15419.caption == "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"


def test_chart_data_is_what_the_chart_draws(n15419):
    table = n15419.chart_data.set_index("År")
    assert (table.loc[2019, "Örebro"], table.loc[2019, "Riket"], table.index.max()) == (69.6, 73.4, 2019)


def test_area_selection_is_the_headline_set_in_order(full_store):
    from store import queries

    expected = queries.area_kpis(full_store, "grundskola", headline_only=True)["kpi_id"].tolist()
    deck = deck_content(full_store, DeckRequest("1880", 2019, area_id="grundskola"))
    assert [s.kpi_id for s in deck.slides] == expected and deck.title == "Grundskola – Örebro"


def test_english_deck(full_store):
    deck = deck_content(full_store, DeckRequest("1880", 2019, kpi_ids=("N15419",), lang="en"))
    figures = dict((f.label, f.value) for f in deck.slides[0].key_figures)
    assert (deck.title, figures["Rank"], figures["Target"]) == (
        "Key figures – Örebro",
        "177 of 290 (middle 50 %)",
        "no target to assess against",
    )


def test_saved_assessment_sets_status_conclusion_and_actions(small_store):
    save_assessment(
        small_store,
        Assessment(
            "1880",
            "N15419",
            2019,
            "T",
            status="red",
            author="Anna Analytiker",
            conclusion="Lägre än liknande kommuner tre år i rad.",
            actions="Läsfrämjande insatser i åk 4–6.",
        ),
    )
    deck = deck_content(small_store, DeckRequest("1880", 2019, from_assessments=True))
    slide = deck.slides[0]
    assert (slide.kpi_id, slide.status, slide.conclusion, slide.actions) == (
        "N15419",
        "red",
        "Lägre än liknande kommuner tre år i rad.",
        "Läsfrämjande insatser i åk 4–6.",
    )
    assert slide.status_note.startswith("Bedömd av Anna Analytiker")


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (DeckRequest("9999", 2019, area_id="grundskola"), "Okänd kommun '9999'"),
        (DeckRequest("1880", 2019, area_id="skolan"), "Okänt område 'skolan'"),
        (DeckRequest("1880", 2019, kpi_ids=("N15419", "X99999")), "Okända nyckeltal: X99999"),
        (DeckRequest("1880", 2019), "Välj ett område"),
        (DeckRequest("1880", 2019, from_assessments=True), "inga sparade självvärderingar"),
        (DeckRequest("1880", 2019, kpi_ids=("N15419",), peer_key="vänner"), "Okänd jämförelsegrupp 'vänner'.*liknande"),
    ],
)
def test_bad_requests_get_a_plain_message(full_store, req, message):
    with pytest.raises(ExportError, match=message):
        deck_content(full_store, req)


def test_chart_data_puts_the_municipality_first(n15419):
    assert list(n15419.chart_data.columns[:2]) == ["År", "Örebro"]
