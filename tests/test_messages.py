"""The loaders' and the store's messages live in the i18n layer: every code they raise has Swedish
and English words, `str()` is today's Swedish sentence, and each surface — the Data page's upload,
a fetch, the goal sheet's upload, a refused write, the loaders' CLI — says them in the reader's
language with the right row numbers."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pandas as pd
import pytest

import i18n
from i18n import Message
from loaders import cli, files, kolada
from loaders.kolada import RowRejected, validate_values
from store import queries, write
from store.db import Store, StoreError
from store.errors import InvalidInput
from store.versions import LoadBusy
from tests.dashboard_support import app_test
from tests.goals_support import goals_snapshot, goals_store_path  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[1]
RAISERS = {"Message", "KoladaError", "KoladaUnreachable", "KoladaDeadline", "StoreError", "LoadBusy"}
RAISERS |= {"KeyNotUnique", "InvalidInput", "FileMissing", "FileUnreadable", "_err", "_require"}
BAD_TARGETS = (
    "kpi_id,municipality_id,year,gender,target_value,note\n"
    'N15419,1880,2024,T,"75,0",Mål i budget\n'
    "N99999,1880,2024,T,70,\n"
    "N15419,1880,2024,X,abc,\n"
)
CYCLE = (
    "id;parent_id;kind;title;owner;municipality_id;kpi_id;gender;target_type;target_value;target_high;from_year;"
    "to_year;note\nV1;;vision;Vision;KF;2029;;;;;;;;\nA;B;goal;A;KS;2029;;;;;;;;\nB;A;goal;B;KS;2029;;;;;;;;\n"
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def literal_codes() -> dict[str, str]:
    """Every i18n key that loaders/ and store/ name as a literal where a message is made (the first
    string argument of Message(…), an error class, `_err` or `_require`'s where) → its file."""
    found = {}
    for package in ("loaders", "store"):
        for path in (ROOT / package).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name not in RAISERS:
                    continue
                for arg in node.args[:3]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "_" in arg.value:
                        found.setdefault(arg.value, path.name)
                        break
    return found


def test_the_scan_finds_the_messages_of_every_layer():
    codes = literal_codes()
    assert {"row_unknown_kpi", "fetch_unreachable", "store_missing", "invalid_direction_reason"} <= set(codes)
    assert {"goals_err_cycle", "store_busy", "fetch_where_entry", "build_failed"} <= set(codes)


def test_every_message_code_raised_in_loaders_and_store_has_both_languages():
    missing = {code: where for code, where in literal_codes().items() if code not in i18n.STRINGS}
    assert missing == {}


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("row_", ["target_value_not_number", "target_high_not_number"]),
        ("target_problem_", ["gender", "type", "needs_type", "value_missing", "high_missing", "high_below"]),
        ("target_problem_", ["rank_n", "years_range", "years_reversed", "trajectory_years", "no_year"]),
    ],
)
def test_codes_made_from_a_reason_have_both_languages(prefix, codes):
    assert [c for c in codes if prefix + c not in i18n.STRINGS] == []


def test_every_reason_of_a_refused_fetched_row_has_words():
    # validate_values names its reasons in one list; each becomes the key fetch_row_<reason>.
    source = (ROOT / "loaders" / "kolada.py").read_text(encoding="utf-8")
    reasons = {"kpi_not_asked", "municipality_unknown", "municipality_not_asked", "year_out_of_range"}
    reasons |= {"year_not_asked", "value_not_finite", "gender_unknown", "count_invalid", "value_not_number"}
    assert all(f'"{r}"' in source for r in reasons)
    assert [r for r in reasons if f"fetch_row_{r}" not in i18n.STRINGS] == []


def test_the_messages_module_has_the_same_placeholders_in_both_languages():
    from i18n import messages

    assert [k for k, (sv, en) in messages.STRINGS.items() if _fields(sv) != _fields(en) or not sv or not en] == []


def test_str_is_the_swedish_entry_and_text_the_english_one():
    exc = StoreError("store_missing", path="/srv/trappan/data/trappan.duckdb")
    assert str(exc) == "Databasen /srv/trappan/data/trappan.duckdb finns inte. Bygg den med: python -m loaders build"
    assert exc.text("en") == (
        "The database /srv/trappan/data/trappan.duckdb does not exist. Build it with: python -m loaders build"
    )
    assert (exc.code, exc.values) == ("store_missing", {"path": "/srv/trappan/data/trappan.duckdb"})


def test_a_busy_load_lock_in_english():
    exc = LoadBusy("store_busy", path="data/trappan.duckdb", seconds=30)
    assert i18n.say(exc, "en") == (
        "Another load of data/trappan.duckdb is still running (waited 30 s). Try again when it has finished."
    )
    assert str(exc).startswith("En annan laddning av data/trappan.duckdb pågår fortfarande (väntade 30 s).")


def test_a_fetched_row_from_the_year_40000_in_english_names_the_row_and_counts_the_rest():
    values = pd.DataFrame(
        {
            "kpi_id": ["N15419"] * 3,
            "municipality_id": ["1880"] * 3,
            "year": [40000, 40001, 2019],
            "gender": ["T", "T", "Q"],
            "value": [1.0, 2.0, 3.0],
            "status": [None] * 3,
            "count": [None] * 3,
        }
    )
    with pytest.raises(RowRejected) as caught:
        validate_values(values, ["N15419"], {"1880"})
    exc = caught.value
    assert (exc.reason, exc.n_bad, exc.year) == ("year_out_of_range", 3, 40000)
    assert str(exc) == (
        "Kolada skickade en ogiltig rad (nyckeltal 'N15419', kommun '1880', år 40000): året 40000 ligger utanför "
        "1950–2100 (3 ogiltiga rader i svaret). Hela hämtningen avvisades; inget ändrades."
    )
    assert exc.text("en") == (
        "Kolada sent an invalid row (KPI 'N15419', municipality '1880', year 40000): the year 40000 is outside "
        "1950–2100 (3 invalid rows in the answer). The whole fetch was refused; nothing was changed."
    )


def test_the_deadline_says_its_seconds_with_the_readers_decimal_mark():
    client = kolada.KoladaClient(timeout=2.5)
    client.deadline.why = Message("fetch_why_silent", seconds=i18n.Decimal(1.5))
    exc = client._deadline_error()
    assert str(exc).startswith("Hämtningen från Kolada avbröts vid tidsgränsen på 2,5 s: Kolada svarade inte på 1,5 s.")
    assert exc.text("en").startswith(
        "The fetch from Kolada was stopped at its time limit of 2.5 s: Kolada did not answer in 1.5 s."
    )
    client.close()


def test_a_row_error_reads_row_then_reason_in_each_language():
    err = files.RowError(3, Message("row_unknown_kpi", kpi="N99999"))
    assert (str(err), err.text("en")) == ("rad 3: okänt nyckeltal 'N99999'", "row 3: unknown KPI 'N99999'")
    assert (err.code, err.values) == ("row_unknown_kpi", {"kpi": "N99999"})


def test_a_message_keeps_only_the_values_its_words_use():
    assert Message("row_unknown_kpi", kpi="N1", note="x") == Message("row_unknown_kpi", kpi="N1")


def test_a_refused_write_says_why_in_english(small_store):
    with pytest.raises(InvalidInput) as caught:
        write.set_direction(small_store, "N15419", "none", "  ", "Bo")
    assert (str(caught.value), caught.value.text("en")) == (
        "Ange ett skäl för ändringen.",
        "Give a reason for the change.",
    )


def test_an_unreadable_upload_is_a_file_problem_not_a_crash(tmp_path):
    path = tmp_path / "mal.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(files.FileUnreadable) as caught:
        files.read_table(path)
    assert caught.value.text("en").startswith("mal.xlsx is neither CSV (UTF-8 or Windows-1252) nor an Excel file")
    assert str(caught.value).startswith("mal.xlsx är varken CSV (UTF-8 eller Windows-1252) eller en Excel-fil")


# ---- the command line ------------------------------------------------------------------------------
def test_cli_lists_a_bad_files_rows_in_swedish_by_default(small_store_path, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    (tmp_path / "bad.csv").write_text(BAD_TARGETS, encoding="utf-8")
    assert cli.main(["import-targets", str(tmp_path / "bad.csv")]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  rad 3: okänt nyckeltal 'N99999'",
        "  rad 4: ogiltigt kön 'X' (T, K eller M)",
        "  rad 4: målvärdet 'abc' är inget tal",
    ]


def test_cli_in_english_with_lang_en(small_store_path, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    (tmp_path / "bad.csv").write_text(BAD_TARGETS, encoding="utf-8")
    assert cli.main(["import-targets", str(tmp_path / "bad.csv"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'bad.csv'}: 3 errors, nothing was imported:",
        "  row 3: unknown KPI 'N99999'",
        "  row 4: invalid gender 'X' (T, K or M)",
        "  row 4: the target value 'abc' is not a number",
    ]


def test_cli_forget_of_an_unknown_load_in_english(small_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(small_store_path))
    assert cli.main(["forget", "--load-run", "999", "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == "Error: There is no load #999 (see python -m loaders status)."


# ---- the dashboard in English ----------------------------------------------------------------------
def data_page_en(path, monkeypatch):
    at = app_test(path, monkeypatch, kommun="1880", ar="2019", kpi="N15419", lang="en")
    return at.switch_page("views/6_Data.py").run()


def test_data_page_upload_in_english_lists_bad_rows_by_number(small_store_path, monkeypatch):
    at = data_page_en(small_store_path, monkeypatch)
    at.file_uploader(key="targets_file").set_value(("bad.csv", BAD_TARGETS.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "The file has 3 bad rows; nothing is imported:\n\n"
        "- row 3: unknown KPI 'N99999'\n"
        "- row 4: invalid gender 'X' (T, K or M)\n"
        "- row 4: the target value 'abc' is not a number"
    ]
    assert queries.targets(Store(small_store_path), "1880").empty


def test_data_page_upload_keeps_file_text_plain(small_store_path, monkeypatch):
    at = data_page_en(small_store_path, monkeypatch)
    hostile = "kpi_id,municipality_id,year,gender,target_value\n![x](http://evil/t.png),1880,2024,T,70\n"
    at.file_uploader(key="targets_file").set_value(("bad.csv", hostile.encode(), "text/csv")).run()
    assert [e.value for e in at.error] == [
        "The file has 1 bad rows; nothing is imported:\n\n- row 2: unknown KPI '\\!\\[x\\](http:\u2060//evil/t.png)'"
    ]


def test_offline_fetch_in_english_says_kolada_cannot_be_reached(small_store_path, monkeypatch):
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")  # port 9 (discard) is closed here
    at = data_page_en(small_store_path, monkeypatch)
    at.text_input(key="fetch_kpis").input("N15419")
    at.text_input(key="fetch_years").input("2019")
    next(b for b in at.button if b.label == "Fetch").click().run(timeout=120)
    assert [e.value for e in at.error] == [
        "The fetch failed, nothing was changed: Kolada cannot be reached (http:\u2060//127.0.0.1:9/v3): the "
        "connection was refused. Nothing was changed – the built-in data is used."
    ]


def test_direction_without_a_reason_is_refused_in_english(small_store_path, monkeypatch):
    at = data_page_en(small_store_path, monkeypatch)
    at.text_input(key="direction_author").input("Bo")
    next(b for b in at.button if b.label == "Save direction").click().run()
    assert [e.value for e in at.error] == ["Give a reason for the change."]


def test_goal_sheet_with_a_cycle_in_english_names_its_rows(goals_store_path, monkeypatch):  # noqa: F811
    at = app_test(goals_store_path, monkeypatch, kommun="2029", ar="2022", lang="en")
    at.switch_page("views/8_Mal.py").run()
    at.file_uploader(key="goal_upload").set_value(("cykel.csv", CYCLE.encode(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["The file has 2 problems and was not imported. The goal tree is unchanged."]
    table = at.dataframe[-1].value
    assert table.values.tolist() == [["3", "is part of a cycle: A → B → A"], ["4", "is part of a cycle: A → B → A"]]


def test_the_load_history_keeps_a_failed_fetchs_words_for_any_language(small_store, monkeypatch):
    from loaders.fetch import FetchRequest, fetch
    from loaders.kolada import KoladaUnreachable

    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")
    with pytest.raises(KoladaUnreachable):
        fetch(small_store, FetchRequest(kpi_ids=("N15419",), years=(2019,)))
    run = queries.load_runs(small_store).iloc[0]
    assert run.outcome == "failed"
    assert run.message == (
        "Kolada kan inte nås (http://127.0.0.1:9/v3): anslutningen nekades. Inget ändrades – den inbyggda datan används."
    )
    assert i18n.recorded_text(run.message, run.message_i18n, "en") == (
        "Kolada cannot be reached (http://127.0.0.1:9/v3): the connection was refused. Nothing was changed – the "
        "built-in data is used."
    )


def test_a_history_row_without_a_key_shows_its_recorded_text():
    assert i18n.recorded_text("6142 KPIs in catalogue", None, "sv") == "6142 KPIs in catalogue"
    assert i18n.recorded_text("x", '{"message": "load_targets", "values": {"n": 7}}', "en") == "7 targets"


def test_data_page_in_english_shows_the_load_history_in_english(small_store_path, monkeypatch):
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v3")
    at = data_page_en(small_store_path, monkeypatch)
    at.text_input(key="fetch_kpis").input("N15419")
    at.text_input(key="fetch_years").input("2019")
    next(b for b in at.button if b.label == "Fetch").click().run(timeout=120)
    at.run()
    loads = at.dataframe[0].value
    assert loads.iloc[0][["Outcome", "Message"]].tolist() == [
        "failed",
        "Kolada cannot be reached (http://127.0.0.1:9/v3): the connection was refused. Nothing was changed – the "
        "built-in data is used.",
    ]
    assert loads.iloc[-1][["Outcome", "Message"]].tolist() == ["ok", "6142 KPIs in the catalogue"]


def test_a_work_store_of_schema_2_gets_the_message_key_column(tmp_path):
    import sqlalchemy as sa

    from store import work

    url = f"sqlite:///{tmp_path / 'work.sqlite'}"
    with work.open_work(url).engine.begin() as conn:  # make it look like the schema before this column
        conn.exec_driver_sql("ALTER TABLE load_run DROP COLUMN message_i18n")
        conn.exec_driver_sql("UPDATE schema_version SET version = 2")
    work.forget_open(url)
    upgraded = work.open_work(url)
    assert upgraded.schema_version() == 3
    assert "message_i18n" in {c["name"] for c in sa.inspect(upgraded.engine).get_columns("load_run")}
