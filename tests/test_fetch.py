"""Fetching from a fake Kolada v3 into a real store: atomic, idempotent, traced to its load_run."""

from __future__ import annotations

import functools
import math
import time

import pandas as pd
import pytest

from loaders import cli
from loaders.build import build
from loaders.fetch import API_SOURCE, FetchRequest, fetch
from loaders.kolada import KoladaClient, KoladaDeadline, KoladaError, KoladaUnreachable, RowRejected
from store import queries
from store.db import Store, connect
from tests.fake_kolada import Fault, data_row, fast_client, serving, snapshot_values

KPIS = ("N15419", "N15505", "N15820")  # all three are in the small store's snapshot values
YEARS = tuple(range(2015, 2023))
CAP = 1000
OREBRO_2019 = ("N15419", "1880", 2019)


@pytest.fixture(scope="module")
def served() -> pd.DataFrame:
    return snapshot_values(list(KPIS), list(YEARS))


@pytest.fixture
def fake(served):
    with serving(served, max_rows_per_page=CAP) as f:
        yield f


def stored(con, kpis=KPIS) -> pd.DataFrame:
    """Every stored row of these KPIs with its load_run, in a stable order."""
    return queries.observations(con, list(kpis), genders=("T", "K", "M"), types=("K", "L")).reset_index(drop=True)


def with_value(served: pd.DataFrame, key: tuple[str, str, int], gender: str, value: float) -> pd.DataFrame:
    out = served.copy()
    hit = (out.kpi_id == key[0]) & (out.municipality_id == key[1]) & (out.year == key[2]) & (out.gender == gender)
    assert hit.sum() == 1
    out.loc[hit, "value"] = value
    return out


def test_fetch_stores_exactly_what_was_served(small_store, fake, served):
    result = fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(fake))
    got = stored(small_store)
    got = got[got.year.between(2015, 2022)]
    assert len(got) == len(served) == result.rows_fetched
    merged = got.merge(served, on=["kpi_id", "municipality_id", "year", "gender"], suffixes=("", "_served"))
    assert len(merged) == len(served) and (merged.value == merged.value_served).all()
    run = queries.load_runs(small_store, limit=1).iloc[0]
    assert (run.source, run.outcome, run.request) == (API_SOURCE, "ok", "kpi=N15419,N15505,N15820 years=2015-2022")


def test_first_fetch_replaces_snapshot_rows_then_rerun_changes_nothing(small_store, fake, served):
    first = fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(fake))
    # The snapshot has no count; Kolada's answer says count 1, so every served row is rewritten once.
    assert first.rows_changed == len(served)
    second = fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(fake))
    assert (second.rows_fetched, second.rows_changed) == (len(served), 0)
    assert queries.load_runs(small_store, limit=1).iloc[0].rows_written == 0


def test_fetched_value_replaces_the_snapshot_value(small_store, served):
    with serving(with_value(served, OREBRO_2019, "T", 70.1)) as f:
        result = fetch(small_store, FetchRequest(kpi_ids=("N15419",), years=(2019,)), fast_client(f))
    got = queries.observations(small_store, ["N15419"], ["1880"], [2019], ("T", "K"))
    # Snapshot: T 69,6 (data/README); the fake revised it to 70,1; K stays 72,0.
    assert dict(zip(got.gender, got.value)) == {"T": 70.1, "K": 72.0}
    run_of = small_store.execute(
        "SELECT load_run_id FROM observation WHERE kpi_id='N15419' AND municipality_id='1880' AND year=2019 "
        "AND gender='T'"
    ).fetchone()[0]
    assert run_of == result.load_run_id


def test_failure_mid_load_leaves_old_data_and_a_failed_run(small_store, served):
    before = stored(small_store)
    # Page 1 carries a revised value that must not leak in; page 3 then fails for good.
    with serving(with_value(served, ("N15419", "0000", 2015), "K", 1.0), max_rows_per_page=CAP) as f:
        f.faults.append(Fault("500", path_contains="/data/", page=3, times=None))
        with pytest.raises(KoladaUnreachable, match="500"):
            fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(f, retries=2))
    pd.testing.assert_frame_equal(stored(small_store), before)
    run = queries.load_runs(small_store, limit=1).iloc[0]
    assert (run.source, run.outcome) == (API_SOURCE, "failed") and "500" in run.message


def test_truncated_page_leaves_old_data(small_store, fake):
    before = stored(small_store)
    fake.faults.append(Fault("truncate", path_contains="/data/", page=2, times=None))
    with pytest.raises(KoladaError, match="JSON"):
        fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(fake))
    pd.testing.assert_frame_equal(stored(small_store), before)
    assert queries.load_runs(small_store, limit=1).iloc[0].outcome == "failed"


def test_request_count_is_the_paging_minimum(small_store, fake, served):
    result = fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), fast_client(fake))
    api_rows = len(served[["kpi_id", "municipality_id", "year"]].drop_duplicates())
    # No catalogue request (all three KPIs are known), one path, ceil(6 982 / 1 000) = 7 pages.
    assert fake.count() == result.pages == math.ceil(api_rows / CAP) == 7


def test_incremental_fetch_gets_only_changed_rows(small_store, served):
    with serving(with_value(served, OREBRO_2019, "T", 70.1), updated={OREBRO_2019: "2026-01-10"}) as f:
        req = FetchRequest(kpi_ids=KPIS, years=YEARS, from_date="2026-01-01")
        result = fetch(small_store, req, fast_client(f))
    # One API row (Örebro N15419 2019, changed 2026-01-10) with its T, K and M values, in one request.
    assert (result.rows_fetched, result.pages) == (3, 1)
    assert f.requests[0].query["from_date"] == "2026-01-01"


def test_kpi_group_and_a_new_kpi_are_resolved(small_store):
    kpis = pd.read_parquet("data/snapshot/kpi.parquet")
    extra = kpis[kpis.id == "N15419"].assign(id="N99998", title="Ett nytt nyckeltal, andel (%)")
    obs = snapshot_values(["N00640"], [2020]).assign(kpi_id="N99998")
    with serving(obs, kpis=pd.concat([kpis, extra], ignore_index=True)) as f:
        result = fetch(
            small_store, FetchRequest(kpi_ids=("N99998",), kpi_group_ids=("GKPI118",), years=(2020,)), fast_client(f)
        )
    # 40 KKiK KPIs + the new one; requests: /kpi_groups/GKPI118, /kpi/N99998, /data/... (2 id segments).
    assert (result.kpis, result.new_kpis) == (41, 1)
    assert [r.path.split("/")[1] for r in f.requests] == ["kpi_groups", "kpi", "data", "data"]
    assert queries.kpi_info(small_store, ["N99998"]).iloc[0]["unit"] == "%"
    assert result.rows_fetched == len(obs)


def test_cli_fetch_through_the_fake(small_store_path, fake, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    monkeypatch.setenv("KOLADA_BASE_URL", fake.base_url)
    assert cli.main(["fetch", "--kpi", "N15419", "--years", "2019-2020", "--municipality", "1880,0000"]) == 0
    out, err = capsys.readouterr()
    # Örebro and Riket × 2019–2020 × T/K/M = 12 values in 1 request.
    assert "Hämtat 12 värden för 1 nyckeltal i 1 anrop" in out
    assert "1/1 anrop" in err


def test_cli_fetch_without_network_exits_1_and_changes_nothing(small_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")  # port 9 (discard): nothing listens
    monkeypatch.setattr("loaders.fetch.KoladaClient", functools.partial(KoladaClient, retries=0))
    con = connect(small_store_path)
    before = stored(con)
    con.close()
    assert cli.main(["fetch", "--kpi", "N15419", "--years", "2019"]) == 1
    err = capsys.readouterr().err
    assert "Kolada kan inte nås" in err and "den inbyggda datan används" in err and "Traceback" not in err
    con = Store(small_store_path)
    try:
        pd.testing.assert_frame_equal(stored(con), before)
        assert queries.load_runs(con, limit=1).iloc[0].outcome == "failed"
    finally:
        con.close()


def test_rebuild_keeps_fetched_values(small_store_path, small_snapshot, served):
    con = Store(small_store_path)
    try:
        with serving(with_value(served, OREBRO_2019, "T", 70.1)) as f:
            fetch(con, FetchRequest(kpi_ids=("N15419",), years=(2019,)), fast_client(f))
    finally:
        con.close()
    build(small_store_path, snapshot=small_snapshot)
    con = connect(small_store_path)
    try:
        # The snapshot says 69,6; the fetched 70,1 outlives a rebuild from the snapshot.
        assert queries.observations(con, ["N15419"], ["1880"], [2019])["value"].tolist() == [70.1]
    finally:
        con.close()


# ---- hostile servers: a clear message, a bounded time, the store unchanged, a failed run recorded ----
SHORT = 3.0  # the deadline given to faults that are about time
LONG = 120.0  # the deadline for faults stopped by another bound (pages, bytes, origin, a bad row)
SCRIPT = "<script>alert(1)</script>"
HOSTILE = [  # (case, faults(other fake's base URL), deadline, error, message, generous bound in s)
    (
        "retry_after_100000",
        lambda other: [Fault("429", times=None, retry_after=100000)],
        SHORT,
        KoladaDeadline,
        r"tidsgränsen på 3 s: Kolada bad om att få vänta '100000' s \(Retry-After\)",
        20,
    ),
    (
        "never_answers",
        lambda other: [Fault("hang", times=None)],
        SHORT,
        KoladaDeadline,
        r"tidsgränsen på 3 s: senaste anropet svarade inte i tid",
        20,
    ),
    (
        "body_one_byte_at_a_time",
        lambda other: [Fault("drip", path_contains="/data/", times=None, delay=0.2)],
        SHORT,
        KoladaDeadline,
        r"tidsgränsen på 3 s: svaret var inte färdigt efter \d+ byte",
        20,
    ),
    (
        "endless_next_url",
        lambda other: [Fault("endless_next", path_contains="/data/", times=None)],
        LONG,
        KoladaError,
        r"fler än 200 sidor för /data/kpi/N15419,N15505,N15820/year/2015,.*en nästa-länk utan slut",
        60,
    ),
    (
        "endless_body",
        lambda other: [Fault("endless_body", path_contains="/data/", times=None)],
        LONG,
        KoladaError,
        r"En sida från Kolada är större än 50 MB \(5\d{7} byte, http://127\.0\.0\.1:\d+/v3/data/kpi/",
        60,
    ),
    (
        "next_url_on_another_origin",
        lambda other: [Fault("foreign_next", path_contains="/data/", page=1, target=other)],
        LONG,
        KoladaError,
        r"pekar nästa sida till en annan adress \('http://127\.0\.0\.1:\d+/v3/data/kpi/.*den följs inte",
        60,
    ),
    (
        "next_url_on_another_host",
        lambda other: [Fault("foreign_next", path_contains="/data/", page=1, target="http://kolada.example/v3")],
        LONG,
        KoladaError,
        r"annan adress \('http://kolada\.example/v3/data/kpi/.*den följs inte",
        60,
    ),
    (
        "redirect_to_another_origin",
        lambda other: [Fault("redirect", path_contains="/data/", target=other + "/data/kpi/N15419/year/2019")],
        LONG,
        KoladaError,
        r"skickade vidare till 'http://127\.0\.0\.1:\d+/v3/data/kpi/N15419/year/2019' \(302\); omdirigeringar",
        60,
    ),
    *[
        (
            f"value_{name}",
            lambda other, v=value: [
                Fault("row", path_contains="/data/", page=2, row=data_row("N15505", "1880", 2019, v))
            ],
            LONG,
            RowRejected,
            r"ogiltig rad \(nyckeltal 'N15505', kommun '1880', år 2019\): värdet " + said,
            60,
        )
        for name, value, said in [
            ("inf_string", "inf", "'inf' är inget tal"),
            ("nan_string", "NaN", "'NaN' är inget tal"),
            ("infinity_token", float("inf"), "inf är inget ändligt tal"),
            ("nan_token", float("nan"), "nan är inget ändligt tal"),
        ]
    ],
    (
        "year_40000",
        lambda other: [Fault("row", path_contains="/data/", page=2, row=data_row("N15505", "1880", 40000, 70.0))],
        LONG,
        RowRejected,
        r"ogiltig rad \(nyckeltal 'N15505', kommun '1880', år 40000\): året 40000 ligger utanför 1950–2100",
        60,
    ),
    (
        "municipality_script",
        lambda other: [Fault("row", path_contains="/data/", page=2, row=data_row("N15505", SCRIPT, 2019, 70.0))],
        LONG,
        RowRejected,
        r"ogiltig rad \(nyckeltal 'N15505', kommun '<script>alert\(1\)</script>', år 2019\): okänd kommun/region",
        60,
    ),
    (
        "kpi_not_asked",
        lambda other: [Fault("row", path_contains="/data/", page=2, row=data_row("N00640", "1880", 2019, 70.0))],
        LONG,
        RowRejected,
        r"ogiltig rad \(nyckeltal 'N00640', kommun '1880', år 2019\): nyckeltalet efterfrågades inte",
        60,
    ),
]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, small_snapshot):
    """One store for the whole fault matrix: every case must leave it as it found it, and each
    compares before with after, so sharing it costs nothing but a build per case."""
    path = tmp_path_factory.mktemp("hostile") / "small.duckdb"
    build(path, snapshot=small_snapshot)
    store = Store(path)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("case", "faults", "deadline", "error", "message", "bound"), HOSTILE, ids=[h[0] for h in HOSTILE]
)
def test_hostile_server_is_refused_in_bounded_time_and_changes_nothing(
    hostile_store, served, case, faults, deadline, error, message, bound
):
    small_store = hostile_store
    before, n_before = stored(small_store), queries.status_totals(small_store).iloc[0].n_values
    with serving(served, max_rows_per_page=CAP) as f, serving(served.head(0)) as other:
        f.faults.extend(faults(other.base_url))
        # Kolada's own read timeout (60 s): only the fetch's deadline can end a silent server in time.
        client = KoladaClient(base=f.base_url, backoff_factor=0.01)
        started = time.monotonic()
        with pytest.raises(error, match=message):
            fetch(small_store, FetchRequest(kpi_ids=KPIS, years=YEARS), client, timeout=deadline)
        took = time.monotonic() - started
        assert other.count() == 0  # nothing was asked of another origin
    assert took < bound
    pd.testing.assert_frame_equal(stored(small_store), before)
    assert queries.status_totals(small_store).iloc[0].n_values == n_before
    assert queries.municipality_title(small_store, SCRIPT) is None
    run = queries.load_runs(small_store, limit=1).iloc[0]
    assert (run.source, run.outcome, run.rows_written) == (API_SOURCE, "failed", 0)
    assert run.message.startswith(("Kolada", "Hämtningen", "En sida"))


def test_cli_timeout_bounds_a_silent_server(small_store_path, served, monkeypatch, capsys):
    con = connect(small_store_path)
    before = stored(con)
    con.close()
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    with serving(served) as f:
        f.faults.append(Fault("hang", times=None))
        monkeypatch.setenv("KOLADA_BASE_URL", f.base_url)
        started = time.monotonic()
        assert cli.main(["fetch", "--kpi", "N15419", "--years", "2019", "--timeout", "2"]) == 1
        took = time.monotonic() - started
    err = capsys.readouterr().err
    assert "avbröts vid tidsgränsen på 2 s" in err and "Traceback" not in err
    assert took < 20  # the client's own read timeout is 60 s
    con = connect(small_store_path)
    try:
        pd.testing.assert_frame_equal(stored(con), before)
        assert queries.load_runs(con, limit=1).iloc[0].outcome == "failed"
    finally:
        con.close()


@pytest.mark.parametrize("text", ["0", "-5", "abc", "nan"])
def test_cli_refuses_a_bad_timeout(text, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["fetch", "--kpi", "N15419", "--years", "2019", "--timeout", text])
    assert exit_.value.code == 2
    assert f"ogiltig tidsgräns '{text}'" in capsys.readouterr().err
