"""Step 4 without twins: KPI families (analysis/twins.py) and the correlation list that leaves them out
by default (analysis/patterns.py). Figures from the full store, 2019, total, 290 municipalities:
N15419's two strongest correlates are its own variants N15561 (exkl. nyinvandrade, r = 0,958) and
N15508 (hemkommun, r = 0,955); the strongest other measure is N15433 (behöriga till naturvetenskaps-
och teknikprogrammen, kommunala skolor, r = 0,943), whose hemkommun variant N15425 follows at 0,906."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import twins
from analysis.patterns import CORRELATION_COLUMNS, correlations, correlations_with_twins

N15419 = "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor,  andel (%)"


@pytest.mark.parametrize(
    ("a", "b", "r", "expected"),
    [
        (N15419, "Elever i åk 9 som uppnått betygskriterierna i alla ämnen, hemkommun, andel (%)", None, True),
        (
            N15419,
            "Elever i åk 9 som uppnått betygskriterierna i alla ämnen (exkl. nyinvandrade och okänd bakgrund), "
            "kommunala skolor, andel (%)",
            None,
            True,
        ),
        (
            "Brukarbedömning hemtjänst äldreomsorg - Enskild regi - helhetssyn, andel (%)",
            "Brukarbedömning hemtjänst äldreomsorg -  helhetssyn, andel (%)",
            None,
            True,
        ),
        (
            "Elever i åk 9 som är behöriga till yrkesprogram, lägeskommun, andel (%) (-2023)",
            "Elever i åk 9 som är behöriga till yrkesprogram, alla skolor, andel (%)",
            None,
            True,
        ),
        # near-identical titles: twins only when the values move together
        (
            "Gymnasieelever med examen inom 3 år, hemkommun, andel (%)",
            "Gymnasieelever med examen inom 4 år, hemkommun, andel (%)",
            0.97,
            True,
        ),
        (
            "Gymnasieelever med examen inom 3 år, hemkommun, andel (%)",
            "Gymnasieelever med examen inom 4 år, hemkommun, andel (%)",
            0.60,
            False,
        ),
        # another measure, however strongly correlated
        (
            N15419,
            "Elever i åk 9 som är behöriga till naturvetenskaps- och teknikprogrammen, kommunala skolor,  andel (%)",
            0.943,
            False,
        ),
        (
            "Invånare, 0-19 år, med låg ekonomisk standard, andel (%)",
            "Invånare, 20-64 år, med låg ekonomisk standard, andel (%)",
            0.9,
            False,
        ),
    ],
)
def test_twins(a, b, r, expected):
    assert twins.are_twins(a, b, r) is expected


def test_default_list_leaves_out_the_kpis_own_variants(full_store):
    c = correlations(full_store, "N15419", 2019, "T", limit=5)
    assert list(c.columns) == CORRELATION_COLUMNS
    assert c["kpi_id"].tolist()[:2] == ["N15433", "N15434"]
    assert round(c.iloc[0]["pearson"], 3) == 0.943 and not {"N15561", "N15508"} & set(c["kpi_id"])


def test_twins_are_marked_with_what_they_are_a_variant_of(full_store):
    found = correlations_with_twins(full_store, "N15419", 2019, "T", limit=5)
    twin_of = dict(zip(found.table["kpi_id"], found.table["twin_of"]))
    assert (twin_of["N15561"], twin_of["N15508"], twin_of["N15425"]) == ("N15419", "N15419", "N15433")
    assert len(found.without_twins) == 5 and pd.isna(twin_of["N15433"])


def test_with_twins_the_list_is_the_plain_ranking(full_store):
    c = correlations(full_store, "N15419", 2019, "T", limit=3, without_twins=False)
    assert c["kpi_id"].tolist() == ["N15561", "N15508", "N15433"]
