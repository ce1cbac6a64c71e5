"""The Kolada v3 client against the real saved answer and a fake v3 server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import json
import math
import socket
import time
from pathlib import Path

import pandas as pd
import pytest
import requests

from loaders.kolada import (
    BoundedRetry,
    KoladaClient,
    KoladaError,
    KoladaUnreachable,
    RowRejected,
    batches,
    parse_data_rows,
    validate_values,
)
from tests.fake_kolada import Fault, data_row, fast_client, serving, snapshot_values

SAMPLE = Path(__file__).parent / "fixtures" / "data_kpi_N21704_year_2023.json"
KPIS = ["N15419", "N15505", "N15820"]
YEARS = list(range(2015, 2023))
CAP = 1000  # rows per page the fake serves, so a few thousand rows span several pages


@pytest.fixture(scope="module")
def served() -> pd.DataFrame:
    return snapshot_values(KPIS, YEARS)


@pytest.fixture
def fake(served):
    with serving(served, max_rows_per_page=CAP) as f:
        yield f


def api_rows(df: pd.DataFrame) -> int:
    """The API's rows are KPI × municipality × year (genders sit inside one row)."""
    return len(df[["kpi_id", "municipality_id", "year"]].drop_duplicates())


def test_real_sample_parses_into_observation_rows():
    rows = json.loads(SAMPLE.read_text(encoding="utf-8"))["values"]
    df = parse_data_rows(rows)
    # 5 municipalities × T/K/M, read by eye from the saved answer.
    assert len(df) == 15
    got = df.set_index(["municipality_id", "gender"])["value"]
    assert (got["0180", "T"], got["0580", "K"], got["1280", "M"]) == (21.88749, 7.221589, 16.949728)
    assert set(df["year"]) == {2023} and set(df["count"]) == {1} and df["status"].isna().all()


def test_deleted_entries_dropped_and_null_kept_missing():
    rows = [
        {
            "kpi": "N1",
            "period": 2020,
            "municipality": "1880",
            "values": [
                {"gender": "M", "count": 1, "status": "", "value": None, "isdeleted": False},
                {"gender": "T", "count": 1, "status": "B", "value": 5, "isdeleted": False},
                {"gender": "K", "count": 1, "status": "", "value": 9.0, "isdeleted": True},
            ],
        }
    ]
    df = parse_data_rows(rows).set_index("gender")
    assert sorted(df.index) == ["M", "T"]
    assert math.isnan(df.loc["M", "value"]) and df.loc["T", "value"] == 5.0 and df.loc["T", "status"] == "B"


GOOD_ENTRY = {"gender": "T", "count": 1, "status": "", "value": 1.0, "isdeleted": False}


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ({"kpi": "N1", "municipality": "1880", "values": [GOOD_ENTRY]}, "'period' saknas"),
        ({"kpi": "N1", "period": "2020", "municipality": "1880", "values": [GOOD_ENTRY]}, "'period' har fel typ"),
        ({"kpi": "N1", "period": True, "municipality": "1880", "values": [GOOD_ENTRY]}, "'period' har fel typ"),
        ({"kpi": "N1", "period": 2020, "municipality": "1880", "values": {}}, "'values' har fel typ"),
        ({"kpi": "N1", "period": 2020, "municipality": "1880", "values": [{**GOOD_ENTRY, "gender": "X"}]}, "kön"),
        (
            {"kpi": "N1", "period": 2020, "municipality": "1880", "values": [{"gender": "T", "value": 1.0}]},
            "'isdeleted' saknas",
        ),
    ],
)
def test_wrong_row_shape_is_a_clear_error(row, needle):
    with pytest.raises(KoladaError, match=needle):
        parse_data_rows([row])


# ---- validate_values: the check every fetched row passes before anything is written ----------------
def orebro_rows() -> pd.DataFrame:
    """Örebro N15419 2019 T/K/M (69,6 / 72,0 / 67,3, data/README) as parse_data_rows gives them."""
    return parse_data_rows(
        [
            {
                "kpi": "N15419",
                "period": 2019,
                "municipality": "1880",
                "values": [{**GOOD_ENTRY, "gender": g, "value": v} for g, v in (("T", 69.6), ("K", 72.0), ("M", 67.3))],
            }
        ]
    )


def test_valid_rows_pass_and_are_narrowed_only_after_the_check():
    raw = orebro_rows()
    assert raw["year"].dtype == "int64"  # as wide as the JSON gave it
    got = validate_values(raw, {"N15419"}, {"1880", "0000"}, asked_years={2019}, asked_municipalities={"1880"})
    assert (str(got["year"].dtype), str(got["count"].dtype)) == ("int16", "Int32")
    assert dict(zip(got["gender"], got["value"])) == {"T": 69.6, "K": 72.0, "M": 67.3}


@pytest.mark.parametrize(
    ("column", "bad", "reason", "message"),
    [
        (
            "kpi_id",
            "N00640",
            "kpi_not_asked",
            "nyckeltal 'N00640', kommun '1880', år 2019\\): nyckeltalet efterfrågades",
        ),
        ("municipality_id", "<b>x</b>", "municipality_unknown", "kommun '<b>x</b>', år 2019\\): okänd kommun/region"),
        ("municipality_id", "0000", "municipality_not_asked", "kommun '0000', år 2019\\): kommunen efterfrågades inte"),
        ("year", 40000, "year_out_of_range", "år 40000\\): året 40000 ligger utanför 1950–2100"),
        ("year", -25536, "year_out_of_range", "året -25536 ligger utanför"),  # 40000 after an int16 cast
        ("year", 2018, "year_not_asked", "året 2018 efterfrågades inte"),
        ("value", float("inf"), "value_not_finite", "värdet inf är inget ändligt tal"),
        ("gender", "X", "gender_unknown", "okänt kön 'X'"),
        ("count", -1, "count_invalid", "antalet -1 är ogiltigt"),
    ],
)
def test_one_bad_row_rejects_all_and_is_named(column, bad, reason, message):
    rows = orebro_rows()
    rows.loc[1, column] = bad  # the K row
    with pytest.raises(RowRejected, match=message) as caught:
        validate_values(rows, {"N15419"}, {"1880", "0000"}, asked_years={2019}, asked_municipalities={"1880"})
    assert (caught.value.reason, caught.value.n_bad) == (reason, 1)
    assert "Hela hämtningen avvisades; inget ändrades" in str(caught.value)


def test_every_bad_row_is_counted_and_the_first_named():
    rows = orebro_rows()
    rows["year"] = 40000
    with pytest.raises(RowRejected, match="år 40000.*\\(3 ogiltiga rader i svaret\\)") as caught:
        validate_values(rows, {"N15419"}, {"1880"})
    assert (caught.value.kpi_id, caught.value.municipality_id, caught.value.year) == ("N15419", "1880", 40000)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("inf", "värdet 'inf' är inget tal"),
        (float("nan"), "värdet nan är inget ändligt tal"),
        (10**400, "inget ändligt"),
    ],
)
def test_a_value_that_is_no_finite_number_is_rejected_while_parsing(value, message):
    # Parsed JSON NaN would become indistinguishable from a missing value later, so it stops here.
    with pytest.raises(RowRejected, match=message):
        parse_data_rows([data_row("N15419", "1880", 2019, value)])


def test_batches_hold_at_most_25_unique_ids():
    ids = [f"N{i:05d}" for i in range(60)] + ["N00000"]
    assert [len(b) for b in batches(ids)] == [25, 25, 10]


def test_full_fetch_equals_the_snapshot_rows_served(fake, served):
    got = fast_client(fake).values(KPIS, YEARS)
    got = got.sort_values(["kpi_id", "municipality_id", "year", "gender"], ignore_index=True)
    pd.testing.assert_frame_equal(
        got[["kpi_id", "municipality_id", "year", "gender", "value"]].astype({"year": int}),
        served.astype({"kpi_id": object, "municipality_id": object, "gender": object}),
        check_dtype=False,
    )
    # Hand-checked (data/README): Örebro N15419 2019 T/K/M 69,6 / 72,0 / 67,3.
    ore = got[(got.kpi_id == "N15419") & (got.municipality_id == "1880") & (got.year == 2019)]
    assert dict(zip(ore.gender, ore.value)) == {"T": 69.6, "K": 72.0, "M": 67.3}
    riket = got[(got.kpi_id == "N15419") & (got.municipality_id == "0000") & (got.year == 2019) & (got.gender == "T")]
    assert riket["value"].tolist() == [73.4]  # Riket 2019 T, data/README


def test_requests_equal_the_paging_minimum(fake, served):
    c = fast_client(fake)
    c.values(KPIS, YEARS)
    # One path (3 KPIs, 8 years in one segment each); the minimum is ceil(API rows / rows per page).
    minimum = math.ceil(api_rows(served) / CAP)
    assert minimum > 2  # several pages, so following next_url is exercised
    assert fake.count() == c.pages_requested == minimum


def test_more_than_25_ids_are_split_and_never_refused(served):
    ids = [f"N{i:05d}" for i in range(30)] + KPIS  # 33 ids: two segments
    with serving(served) as f:
        got = fast_client(f).values(ids, YEARS)
        assert len(got) == len(served)
        # Segment 1: 25 ids without data (one page); segment 2: 5 + the 3 real KPIs, 6 982 rows (two pages).
        assert [r.status for r in f.requests] == [200] * (1 + math.ceil(api_rows(served) / 5000)) == [200] * 3


@pytest.mark.parametrize(
    ("path", "query"), [("/data/kpi/" + ",".join(f"N{i}" for i in range(26)), {}), ("/kpi", {"per_page": 5001})]
)
def test_fake_refuses_what_kolada_refuses(fake, path, query):
    assert requests.get(fake.base_url + path, params=query, timeout=5).status_code == 422


def test_v2_next_page_link_is_followed(served):
    with serving(served, max_rows_per_page=CAP, legacy_next_page=True) as f:
        assert len(fast_client(f).values(KPIS, YEARS)) == len(served)


def test_429_waits_for_retry_after_then_succeeds(fake, served):
    fake.faults.append(Fault("429", path_contains="/data/", page=2, times=1, retry_after=1))
    c = fast_client(fake)
    started = time.monotonic()
    got = c.values(KPIS, YEARS)
    assert len(got) == len(served)
    assert fake.count() == math.ceil(api_rows(served) / CAP) + 1  # the refused request once more
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured


def test_500_is_retried_a_bounded_number_of_times(fake):
    fake.faults.append(Fault("500", path_contains="/data/", times=None))
    with pytest.raises(KoladaUnreachable, match="500"):
        fast_client(fake, retries=3).values(KPIS, YEARS)
    assert fake.count() == 1 + 3


def test_slow_reply_times_out_and_is_retried(fake, served):
    # 2 s against a 3 s delay: a busy shared machine can take a second for an ordinary page.
    fake.faults.append(Fault("slow", path_contains="/data/", page=1, times=1, delay=3.0))
    got = fast_client(fake, read_timeout=2.0).values(KPIS, YEARS)
    assert len(got) == len(served)
    first_page = [r for r in fake.requests if "/data/" in r.path and r.query.get("page", "1") == "1"]
    # Asked again after the timeout (on a loaded machine the retry itself may time out once more).
    assert len(first_page) >= 2 and first_page[-1].status == 200


def test_slow_reply_every_time_says_kolada_cannot_be_reached(fake):
    fake.faults.append(Fault("slow", times=None, delay=1.0))
    with pytest.raises(KoladaUnreachable, match="svarade inte i tid"):
        fast_client(fake, read_timeout=0.3, retries=1).values(KPIS, YEARS)


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("truncate", "inte giltig JSON"),
        ("cut", "avbröts"),
        ("missing_field", "'period' saknas"),
        ("deep", "inte giltig JSON"),
    ],
)
def test_broken_page_is_an_error_not_a_partial_result(fake, kind, needle):
    fake.faults.append(Fault(kind, path_contains="/data/", page=2, times=None))
    with pytest.raises(KoladaError, match=needle):
        fast_client(fake, retries=0).values(KPIS, YEARS)


def test_unreachable_api_says_the_embedded_data_is_used():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = KoladaClient(base=f"http://127.0.0.1:{port}/v3", retries=1, backoff_factor=0.01, connect_timeout=1)
    with pytest.raises(KoladaUnreachable, match="Kolada kan inte nås.*den inbyggda datan används"):
        c.values(KPIS, YEARS)


def test_kpi_group_resolves_to_its_members(fake):
    ids = fast_client(fake).kpi_group_members(["GKPI118"])
    # data/snapshot/kpi_group_member.parquet holds 40 KKiK (GKPI118) members; the first is N00640.
    assert (len(ids), ids[0]) == (40, "N00640")
    assert fake.count() == 1


def test_whole_catalogue_comes_page_by_page(fake):
    # 6 142 snapshot KPIs minus 43 retired ones Kolada no longer serves = 6 099 (the 2026 catalogue).
    kpis = fast_client(fake).kpis()
    assert len(kpis) == 6099 and kpis["id"].is_unique
    assert fake.count("/kpi") == math.ceil(6099 / CAP)


def test_municipalities_and_groups_in_the_store_shapes(fake):
    c = fast_client(fake)
    munis = c.municipalities(["1880", "0000"])
    assert sorted(munis["title"]) == ["Riket", "Örebro"]
    groups, members = c.municipality_groups(["G36146"])
    # Örebro's grundskola peers, 2024 (data/README): 0580 0581 0680 1283 1380 1980 2480.
    assert sorted(members["municipality_id"]) == ["0580", "0581", "0680", "1283", "1380", "1980", "2480"]
    assert groups["title"].item().startswith("Liknande kommuner grundskola, Örebro")


# ---- bounds a server cannot lift --------------------------------------------------------------------
def test_retry_after_is_capped_at_60_seconds():
    assert BoundedRetry().parse_retry_after("100000") == 60
    assert BoundedRetry().parse_retry_after("7") == 7


def test_a_capped_retry_after_is_waited_then_the_fetch_goes_on(fake, served):
    fake.faults.append(Fault("429", path_contains="/data/", page=2, times=1, retry_after=100000))
    started = time.monotonic()
    got = fast_client(fake, retry_after_cap=0.5).values(KPIS, YEARS)
    assert len(got) == len(served)
    assert fake.count() == math.ceil(api_rows(served) / CAP) + 1
    assert time.monotonic() - started >= 0.5  # waited the cap, not 100 000 s


def test_a_listing_row_that_was_not_asked_for_is_refused(fake):
    fake.faults.append(Fault("row", path_contains="/kpi/", row={"id": "N99999", "title": "Inte efterfrågad"}))
    with pytest.raises(KoladaError, match="skickade /kpi som inte efterfrågades \\('N99999'\\)"):
        fast_client(fake).kpis(["N15419"])


def test_a_kpi_group_member_that_is_no_id_is_refused(fake):
    bad = {"id": "GKPI118", "title": "KKiK", "members": [{"member_id": "<script>alert(1)</script>"}]}
    fake.faults.append(Fault("row", path_contains="/kpi_groups/", row=bad))
    with pytest.raises(KoladaError, match="ogiltigt nyckeltals-id i en grupp: '<script>alert\\(1\\)</script>'"):
        fast_client(fake).kpi_group_members(["GKPI118"])
