"""The catalogue search (analysis/search.py over store/catalogue.py) and `python -m analysis kpis`:
Swedish matching and the ranking rules on hand-made catalogues, and hand-checked hits in the full
store (U23467 "Brukarbedömning särskilt boende äldreomsorg - maten" has values 2012–2022; U07482
"Insamlat mat- och restavfall, kg/invånare (justerat)" is in the catalogue without a single value)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis import search
from analysis.cli import main
from store.catalogue import catalogue


def tiny(*rows: tuple[str, str, str]) -> search.SearchIndex:
    """A catalogue of (kpi_id, title, description); every KPI has values 2015–2022."""
    df = pd.DataFrame(rows, columns=["kpi_id", "title", "description"]).assign(
        operating_area="Test", unit="%", source="kolada", retired=False, first_year=2015, last_year=2022
    )
    return search.build_index(df)


def ids(index: search.SearchIndex, text: str) -> list[str]:
    return search.search(index, text, limit=None)["kpi_id"].tolist()


@pytest.fixture(scope="module")
def full_index(full_store) -> search.SearchIndex:
    return search.build_index(catalogue(full_store))


def test_title_hit_ranks_above_description_hit():
    index = tiny(
        ("D1", "Kostnad för hemtjänst", "Andel brukare som är nöjda med maten."),
        ("T1", "Nöjda brukare", "Enkät om hemtjänsten."),
        ("X1", "Invånare, antal", "Folkbokförda invånare."),
    )
    assert ids(index, "nöjda") == ["T1", "D1"]


def test_all_words_rank_above_some_words_even_in_titles():
    index = tiny(
        ("S1", "Maten i skolan", "Skolmåltider."),
        ("A1", "Kostnad, kr/inv", "Kostnad för maten i hemtjänsten, enligt brukarna."),
    )
    # A1 has both words (only in its description), S1 only "maten" (in its title): all words first
    assert ids(index, "maten brukarna") == ["A1", "S1"]


def test_rare_word_outweighs_common_word():
    index = tiny(
        ("N1", "Nöjd med skolan", "x"),
        ("N2", "Nöjd med biblioteket", "x"),
        ("N3", "Nöjd med parken", "x"),
        ("M1", "Maten i äldreboendet", "x"),
    )
    assert ids(index, "nöjd maten")[0] == "M1"  # "maten" in 1 title of 4, "nöjd" in 3


def test_exact_id_first_then_id_prefixes_in_id_order():
    index = tiny(
        ("N15420", "Elever i åk 9, fristående", "x"),
        ("N15419", "Elever i åk 9", "x"),
        ("N15401", "Annat", "x"),
        ("U15419", "Annat igen", "x"),
    )
    assert ids(index, "n15419")[0] == "N15419"
    assert ids(index, "N154") == ["N15401", "N15419", "N15420"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("nöjd", "Nöjda brukare, andel"),  # inflection: the stem of nöjda is nöjd
        ("nöjda", "Nöjdhet med biblioteket"),  # -het: same stem
        ("maten", "Mat och måltidsmiljö"),  # maten → mat
        ("förskolan", "Barn i förskola, antal"),  # a stem plus an ending
        ("behör", "Elever behöriga till gymnasiet"),  # half typed
        ("boende", "Plats på äldreboende"),  # compound head
        ("skola", "Skolmåltider, kostnad"),  # compound modifier
        ("aldreboende", "Plats på äldreboende"),  # typed without å/ä/ö
        ("cafe", "Café i biblioteket"),  # accents other than å/ä/ö do not matter
        ("äldreboende", "Brukare i särskilt boende"),  # synonym phrase
        ("socialbidrag", "Utbetalt ekonomiskt bistånd"),  # synonym phrase
        ("skolenkät", "Enkät i skolan om trygghet"),  # a compound the catalogue lacks, split in two
    ],
)
def test_swedish_matching(query, title):
    index = tiny(("HIT", title, ""), ("MISS", "Invånare totalt, antal", "Folkmängd den 31 december."))
    assert ids(index, query) == ["HIT"]


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("mat", "Matematik, betygspoäng"),  # a short stem is no prefix match: mat ≠ matematik
        ("äldreboende", "Boende i annan kommun; särskilt stöd"),  # a phrase synonym needs its words in a row
        ("skolmat", "Skolor, kommunala"),  # "skol" + ending "mat" is no inflection
    ],
)
def test_no_false_friends(query, absent):
    index = tiny(("X", absent, ""))
    hits = search.search(index, query, limit=None)
    assert (hits["words_matched"] == len(search.query_words(query))).sum() == 0


def test_stop_words_are_ignored_unless_alone():
    assert search.query_words("nöjda med maten") == ["nöjda", "maten"]
    assert search.query_words("och i") == ["och", "i"]


@pytest.mark.parametrize("text", ["", "   ", "'; DROP TABLE kpi; --", "<b>x</b>", "=cmd|' /C calc'!A0", "ö" * 10_000])
def test_hostile_text_is_just_text(text):
    index = tiny(("A", "Nöjd med maten", "Om maten."))
    hits = search.search(index, text)
    assert list(hits.columns) == search.RESULT_COLUMNS and hits.empty


def test_nojda_med_maten_finds_u23467_first_with_its_years(full_index):
    hits = search.search(full_index, "nöjda med maten", limit=5)
    top = hits.iloc[0]
    assert (top.kpi_id, bool(top.has_values), int(top.first_year), int(top.last_year)) == ("U23467", True, 2012, 2022)


def test_kpi_without_values_is_found_and_says_so(full_index):
    hits = search.search(full_index, "insamlat mat- och restavfall", limit=10).set_index("kpi_id")
    row = hits.loc["U07482"]
    assert (bool(row.has_values), pd.isna(row.first_year), pd.isna(row.last_year)) == (False, True, True)


def test_whole_catalogue_is_searchable(full_store, full_index):
    # 6 142 KPIs in the store (Kolada's 6 099 plus 43 retired with values), 1 996 of them with values
    assert (full_index.size, int(full_index.has_values.sum())) == (6142, 1996)
    assert search.search(full_index, "äldreboende", limit=None)["kpi_id"].nunique() > 100  # särskilt boende too


def run_cli(full_store_path, monkeypatch, capsys, *args: str) -> str:
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    assert main(["kpis", *args]) == 0
    return capsys.readouterr().out


def test_cli_json(full_store_path, monkeypatch, capsys):
    out = json.loads(run_cli(full_store_path, monkeypatch, capsys, "--search", "nöjda med maten", "--format", "json"))
    assert out[0] == {
        "kpi_id": "U23467",
        "title": "Brukarbedömning särskilt boende äldreomsorg - maten, andel (%)",
        "has_values": True,
        "first_year": 2012,
        "last_year": 2022,
    }
    assert {"kpi_id": "U07482", "has_values": False, "first_year": None, "last_year": None}.items() <= next(
        r for r in out if r["kpi_id"] == "U07482"
    ).items()


def test_cli_csv(full_store_path, monkeypatch, capsys):
    rows = list(csv.reader(io.StringIO(run_cli(full_store_path, monkeypatch, capsys, "--search", "U23467"))))
    assert rows == [
        ["kpi_id", "title", "has_values", "first_year", "last_year"],
        ["U23467", "Brukarbedömning särskilt boende äldreomsorg - maten, andel (%)", "true", "2012", "2022"],
    ]


def test_cli_empty_search_is_a_plain_error(full_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    assert main(["kpis", "--search", "  "]) == 1
    assert capsys.readouterr().err.startswith("Fel: Ange något att söka efter")
