"""`python -m loaders forget --load-run N`: what one load stored goes, the snapshot's values it had
replaced come back, in a new version; targets of an import go and the ones they replaced return."""

from __future__ import annotations

from loaders import cli, files
from loaders.fetch import FetchRequest, fetch
from store import queries, versions
from store.db import DATA_DIR
from tests.fake_kolada import fast_client, serving, snapshot_values

EXAMPLES = DATA_DIR / "examples"


def orebro_2019(store) -> list[float]:
    return queries.observations(store, ["N15419"], ["1880"], [2019], ["T", "K", "M"])["value"].tolist()


def test_forgetting_a_fetch_brings_the_snapshot_values_back(small_store, small_store_path, monkeypatch, capsys):
    before = orebro_2019(small_store)  # K, M, T: 72,0 67,3 69,6
    served = snapshot_values(["N15419"], [2019], ["1880"])
    served["value"] = served["value"] + 1.0
    with serving(served) as f:
        run = fetch(small_store, FetchRequest(kpi_ids=("N15419",), years=(2019,), municipality_ids=("1880",)),
                    fast_client(f)).load_run_id  # fmt: skip
    assert orebro_2019(small_store) == [73.0, 68.3, 70.6]
    version = versions.current(versions.Layout(small_store_path))
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["forget", "--load-run", str(run)]) == 0
    assert f"Glömde laddning #{run}: 3 värden borttagna, 3 återställda" in capsys.readouterr().out
    assert orebro_2019(small_store) == before == [72.0, 67.3, 69.6]
    assert versions.current(versions.Layout(small_store_path)) != version  # a new version, published
    runs = queries.load_runs(small_store).set_index("load_run_id")
    assert runs.loc[run, "outcome"] == "forgotten" and runs.loc[run + 1, "outcome"] == "ok"
    assert small_store.execute("SELECT count(*) FROM observation WHERE load_run_id = ?", [run]).fetchone()[0] == 0


def test_forgetting_an_import_of_own_values_removes_the_kpis_too(small_store):
    run = files.import_values(small_store, EXAMPLES / "local_values.csv").load_run_id
    assert len(queries.kpi_info(small_store, ["EGEN-NKI-BYGG"])) == 1
    n = queries.status_totals(small_store).iloc[0].n_values
    from loaders.forget import forget

    result = forget(small_store, run)
    assert (result.values_removed, result.values_restored) == (4, 0)
    assert queries.status_totals(small_store).iloc[0].n_values == n - 4
    assert queries.kpi_info(small_store, ["EGEN-NKI-BYGG"]).empty


def test_forgetting_a_target_import_returns_the_targets_it_replaced(small_store):
    from loaders.forget import forget

    first = files.import_targets(small_store, EXAMPLES / "targets.csv").load_run_id
    second = files.import_targets(small_store, EXAMPLES / "targets.csv").load_run_id
    by_run = small_store.execute(
        "SELECT load_run_id, count(*) FROM target WHERE ended_at IS NULL GROUP BY 1"
    ).fetchall()
    assert by_run == [(second, 7)]  # the second import replaced all 7 of the first
    assert forget(small_store, second).targets_removed == 7
    in_force = small_store.execute("SELECT load_run_id, count(*) FROM target WHERE ended_at IS NULL GROUP BY 1")
    assert in_force.fetchall() == [(first, 7)]


def test_a_build_cannot_be_forgotten_and_unknown_runs_are_named(small_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["forget", "--load-run", "1"]) == 2
    assert "kan inte glömmas; bygg om" in capsys.readouterr().err
    assert cli.main(["forget", "--load-run", "99"]) == 2
    assert "Det finns ingen laddning #99" in capsys.readouterr().err
