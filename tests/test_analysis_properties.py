"""Property tests of the ranking rule (hypothesis) and of the SQL twin in store.ranking.

The rule: rank 1 = best, ties share the best rank; green when 4·rank ≤ n, red when 4·rank > 3·n,
else yellow; grey without a value — but no quartile with fewer than 8 values ('few') or when one
value is shared by at least half of them ('no_spread').
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.peers import rank_all
from store.ranking import MIN_QUARTILE_N, NO_SPREAD_SHARE, set_wide

values_lists = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=40).map(lambda i: i / 2)), min_size=1, max_size=60
)


def _frame(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "municipality_id": [f"{i:04d}" for i in range(len(values))],
            "value": [np.nan if v is None else v for v in values],
        }
    )


def _honest_label(values: list[float | None]) -> str | None:
    """'few' or 'no_spread' when the values allow no quartile, else None (colours apply)."""
    present = [v for v in values if v is not None]
    if len(present) < MIN_QUARTILE_N:
        return "few"
    if max(present.count(v) for v in set(present)) >= NO_SPREAD_SHARE * len(present):
        return "no_spread"
    return None


@settings(deadline=None)
@given(values_lists, st.sampled_from(["higher", "lower"]))
def test_without_enough_values_or_spread_nobody_gets_a_colour(values, direction):
    label = _honest_label(values)
    r = rank_all(_frame(values), direction)
    expected = {label} if label else {"green", "yellow", "red"}
    assert set(r.loc[r["value"].notna(), "quartile"]) <= expected


@settings(deadline=None)
@given(values_lists, st.sampled_from(["higher", "lower"]))
def test_quartile_sizes_follow_the_rule_up_to_ties(values, direction):
    if _honest_label(values):
        return  # no colours at all (previous test)
    r = rank_all(_frame(values), direction)
    n = int(r["value"].notna().sum())
    counts = r["quartile"].value_counts()
    # without ties exactly floor(n/4) ranks are ≤ n/4; a tie can only pull more into the better class
    assert counts.get("green", 0) >= n // 4
    assert counts.get("red", 0) <= n - (3 * n) // 4
    assert counts.get("grey", 0) == len(values) - n
    if r["value"].dropna().is_unique:
        assert counts.get("green", 0) == n // 4 and counts.get("red", 0) == n - (3 * n) // 4


@settings(deadline=None)
@given(values_lists)
def test_flipping_direction_reverses_ranks_and_swaps_green_and_red(values):
    hi = rank_all(_frame(values), "higher")
    lo = rank_all(_frame(values), "lower")
    has = hi["value"].notna()
    # with ties (rank 'min'): rank_hi + rank_lo = n + 1 − (tie size − 1)
    size = hi.loc[has].groupby("value")["value"].transform("size")
    n = int(has.sum())
    assert ((hi.loc[has, "rank"] + lo.loc[has, "rank"]).astype(int) == n + 2 - size).all()
    if not hi.loc[has, "value"].is_unique or _honest_label(values):
        return  # ties share the best rank in both directions, so colours only swap up to ties
    # green under one direction is red under the other (4r ≤ n ⇒ 4(n + 1 − r) > 3n); the converse
    # needs n divisible by 4 (the KKiK rule rounds the quarter down: n = 5 gives 1 green and 2 red)
    assert (lo.loc[hi["quartile"] == "green", "quartile"] == "red").all()
    assert (hi.loc[lo["quartile"] == "green", "quartile"] == "red").all()
    if n % 4 == 0:
        swap = {"green": "red", "red": "green", "yellow": "yellow", "grey": "grey"}
        assert (hi["quartile"].map(swap) == lo["quartile"]).all()


@settings(deadline=None)
@given(values_lists)
def test_a_municipality_without_value_changes_nobody_s_rank(values):
    base = rank_all(_frame(values), "higher")
    with_missing = rank_all(
        pd.concat([_frame(values), pd.DataFrame({"municipality_id": ["9999"], "value": [np.nan]})]), "higher"
    )
    merged = base.merge(with_missing, on="municipality_id", suffixes=("", "_2"))
    assert merged["rank"].equals(merged["rank_2"])
    assert (merged["quartile"] == merged["quartile_2"]).all()
    assert with_missing.set_index("municipality_id").loc["9999", "quartile"] == "grey"


def test_none_direction_ranks_highest_first_without_colour():
    r = rank_all(_frame([3.0, 5.0, None]), "none")
    assert (list(r["rank"].astype("float").fillna(0)), list(r["quartile"])) == ([2, 1, 0], ["none", "none", "grey"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=20).map(lambda i: i / 2), min_size=2, max_size=25)
    | st.lists(st.sampled_from([1.0, 1.0, 1.0, 0.0, 0.5]), min_size=2, max_size=25),  # many ties: no spread
    st.sampled_from(["higher", "lower", "none"]),
)
def test_sql_set_wide_agrees_with_rank_all(values, direction):
    con = duckdb.connect()
    con.execute("CREATE TABLE kpi (kpi_id VARCHAR, direction VARCHAR)")
    con.execute("INSERT INTO kpi VALUES ('X1', ?)", [direction])
    con.execute("CREATE TABLE municipality (municipality_id VARCHAR, type VARCHAR)")
    frame = _frame(values)
    con.register("f", frame)
    con.execute("INSERT INTO municipality SELECT municipality_id, 'K' FROM f")
    con.execute(
        "CREATE TABLE observation AS SELECT 'X1' AS kpi_id, municipality_id, CAST(2020 AS SMALLINT) AS year, "
        "'T' AS gender, value FROM f"
    )
    sql = set_wide(con).sort_values("municipality_id").reset_index(drop=True)
    py = rank_all(frame, direction)
    assert list(sql["rank"]) == list(py["rank"].astype(int))
    assert list(sql["quartile"]) == list(py["quartile"])
    assert np.allclose(sql["percentile"], py["percentile"])
    assert np.allclose(sql["mode_value"], py["mode_value"]) and np.allclose(sql["mode_share"], py["mode_share"])


def test_sql_slope_uses_calendar_years():
    # 2016: 1, 2018: 3, 2020: 5 → slope 1 per year over 2016–2020 (a gap is not a step)
    con = duckdb.connect()
    con.execute("CREATE TABLE kpi AS SELECT 'X1' AS kpi_id, 'higher' AS direction")
    con.execute("CREATE TABLE municipality AS SELECT '0001' AS municipality_id, 'K' AS type")
    con.execute(
        "CREATE TABLE observation AS SELECT 'X1' AS kpi_id, '0001' AS municipality_id, CAST(y AS SMALLINT) AS year, "
        "'T' AS gender, CAST((y - 2015) AS DOUBLE) AS value FROM (VALUES (2016), (2018), (2020)) t(y)"
    )
    df = set_wide(con).sort_values("year")
    assert df["slope"].isna().tolist() == [True, False, False]
    assert df["slope"].iloc[1:].round(9).tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("values", "direction", "quartiles"),
    [
        ([5.0], "higher", ["few"]),  # rank 1 of 1 is not red (nor green)
        ([5.0, 4.0, 3.0, 2.0, 1.0, 0.0, -1.0], "higher", ["few"] * 7),  # 7 < 8
        ([1.0] * 284 + [0.0] * 6, "higher", ["no_spread"] * 290),  # N05406 2021: 284 of 290 have 1 (97,9 %)
        ([1.0] * 4 + [0.0] * 4, "higher", ["no_spread"] * 8),  # exactly half share a value
        (
            [8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
            "higher",
            ["green", "green", "yellow", "yellow", "yellow", "yellow", "red", "red"],
        ),
    ],
)
def test_honest_quartiles(values, direction, quartiles):
    assert rank_all(_frame(values), direction)["quartile"].tolist() == quartiles


def test_no_spread_says_which_value_and_how_many():
    r = rank_all(_frame([1.0] * 284 + [0.0] * 6), "higher").iloc[0]
    assert (r["mode_value"], round(r["mode_share"], 3)) == (1.0, 0.979)
