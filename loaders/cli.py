"""`python -m loaders`: build, fetch, import-targets, import-values, forget, publish, status.

Expected problems (no network, a locked store, a bad file) end with a plain message and exit code 1
or 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

import pandas as pd

from i18n import t
from loaders.kolada import DEFAULT_TIMEOUT
from store import queries, work
from store.db import Store, StoreError, connect, db_path

EXIT_FAILED = 1  # the command could not do its work (no network, Kolada error, locked store)
EXIT_BAD_INPUT = 2  # what was asked or the file given is wrong; nothing changed


def _fmt_int(n: int) -> str:
    return f"{int(n):,}".replace(",", " ")


def cmd_build(args: argparse.Namespace) -> int:
    from loaders.build import build

    result = build(progress=lambda m: print(m, file=sys.stderr))
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    version = f" (version {result.version.name})" if result.version is not None else ""
    print(f"Byggt {result.path}{version}: {_fmt_int(result.rows)} värden på {seconds} s")
    if result.carried.get("observation"):
        print(
            f"Behållet från förra versionen: {_fmt_int(result.carried['observation'])} hämtade eller importerade "
            f"värden, {result.carried.get('kpi', 0)} nyckeltal som inte finns i ögonblicksbilden"
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    store = Store()
    con = store.reader().con
    try:
        t = queries.status_totals(con).iloc[0]
        published = queries.meta_value(con, "published_at")
        print(
            f"Databas: {db_path()} → version {store.version().stem}"
            + (f" (publicerad {published})" if published else "")
        )
        print(f"Sparat arbete: {work.describe(store.work_url)}")
        print(
            f"{_fmt_int(t.n_values)} värden, {_fmt_int(t.n_kpis)} nyckeltal med värden "
            f"({_fmt_int(t.n_catalogue)} i katalogen), {t.n_municipalities} kommuner, {t.n_regions} regioner"
            f"{' + Riket' if t.has_riket else ''}, år {t.first_year}–{t.last_year}, {_fmt_int(t.n_groups)} kommungrupper"
        )
        print()
        areas = queries.status_by_area(con)
        print(
            f"{'Verksamhetsområde':<42}{'KPI':>6}{'kommuner':>10}{'regioner':>10}{'Riket':>7}{'år':>12}{'värden':>12}"
        )
        for r in areas.itertuples():
            print(
                f"{r.operating_area[:41]:<42}{r.n_kpis:>6}{r.n_municipalities:>10}{r.n_regions:>10}"
                f"{'ja' if r.has_riket else 'nej':>7}{f'{r.first_year}–{r.last_year}':>12}{_fmt_int(r.n_values):>12}"
            )
        print()
        print("Senaste laddningar:")
        for r in queries.load_runs(con, limit=10).itertuples():
            print("  " + load_run_line(r))
    finally:
        con.close()
    return 0


def load_run_line(r) -> str:
    """One load_run row as a line; any field may be missing (a killed load, an older store)."""
    rows = "" if pd.isna(r.rows_written) else f", {_fmt_int(r.rows_written)} rader"
    started = "????-??-?? ??:??" if pd.isna(r.started_at) else f"{pd.Timestamp(r.started_at):%Y-%m-%d %H:%M}"
    msg = f" – {r.message}" if isinstance(r.message, str) and r.message else ""
    return f"#{r.load_run_id} {started} {r.outcome}: {r.source} ({r.request}){rows}{msg}"


def parse_years(text: str) -> list[int]:
    """'2015-2024', '2019,2021' or '2010,2015-2017' → sorted years."""
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not m or (m[2] and int(m[2]) < int(m[1])):
            raise argparse.ArgumentTypeError(f"ogiltiga år '{part}' (skriv t.ex. 2015-2024 eller 2019,2021)")
        years.update(range(int(m[1]), int(m[2] or m[1]) + 1))
    return sorted(years)


def _ids(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable, comma-separated id options → unique ids in the given order."""
    return tuple(dict.fromkeys(i.strip() for v in values or [] for i in v.split(",") if i.strip()))


def _iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt datum '{text}' (skriv ÅÅÅÅ-MM-DD)") from None


def _seconds(text: str) -> float:
    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        seconds = float("nan")
    if not (0 < seconds <= 7 * 24 * 3600):  # NaN fails too
        raise argparse.ArgumentTypeError(f"ogiltig tidsgräns '{text}' (ett antal sekunder, t.ex. 600)")
    return seconds


def _progress_bar(done: int, total: int, rows: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} anrop, {_fmt_int(rows)} värden",
        end="",
        file=sys.stderr,
        flush=True,
    )


def cmd_fetch(args: argparse.Namespace) -> int:
    from loaders.fetch import FetchRequest, fetch
    from loaders.kolada import KoladaError

    request = FetchRequest(
        kpi_ids=_ids(args.kpi),
        kpi_group_ids=_ids(args.kpi_group),
        years=tuple(args.years or ()),
        municipality_ids=_ids(args.municipality),
        from_date=args.from_date,
    )
    if not request.kpi_ids and not request.kpi_group_ids:
        print(
            "Ange minst ett nyckeltal (--kpi N15419) eller en nyckeltalsgrupp (--kpi-group GKPI118).", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    if not request.years and not request.municipality_ids:
        print("Ange år (--years 2015-2024) eller kommuner (--municipality 1880).", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = fetch(Store(), request, progress=_progress_bar, timeout=args.timeout)
    except KoladaError as exc:
        print(f"\nFel: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ValueError as exc:
        print(f"\nFel i svaret från Kolada, inget ändrades: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(file=sys.stderr)
    print(
        f"Hämtat {_fmt_int(result.rows_fetched)} värden för {result.kpis} nyckeltal i {result.pages} anrop; "
        f"{_fmt_int(result.rows_changed)} nya eller ändrade"
        + (f", {result.new_kpis} nya nyckeltal i katalogen" if result.new_kpis else "")
        + f" (laddning #{result.load_run_id})."
    )
    return 0


def _import(args: argparse.Namespace, what: str) -> int:
    from loaders import files

    store = Store()
    try:
        if what == "targets":
            result = files.import_targets(store, args.file)
        else:
            result = files.import_values(store, args.file)
    except files.FileRejected as exc:
        print(f"{exc}:", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, ValueError) as exc:
        print(f"Fel: kan inte läsa {args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if what == "targets":
        print(f"Importerade {_fmt_int(result.rows)} målvärden (laddning #{result.load_run_id}).")
    else:
        print(
            f"Importerade {result.kpis} egna nyckeltal, {_fmt_int(result.rows)} nya eller ändrade värden "
            f"(laddning #{result.load_run_id})."
        )
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from loaders.forget import forget

    try:
        result = forget(Store(), args.load_run)
    except ValueError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(
        f"Glömde laddning #{result.forgotten_run}: {_fmt_int(result.values_removed)} värden borttagna, "
        f"{_fmt_int(result.values_restored)} återställda från ögonblicksbilden, "
        f"{_fmt_int(result.targets_removed)} målvärden borttagna (laddning #{result.load_run_id})."
    )
    return 0


def cmd_import_goals(args: argparse.Namespace) -> int:
    from loaders import files, goals

    try:
        result = goals.import_goals(Store(), args.file, imported_by=args.by)
    except files.FileRejected as exc:
        print(f"{exc}:", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, ValueError) as exc:
        print(f"Fel: kan inte läsa {args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not result.changed:
        print(t("goals_cli_unchanged", "sv", municipality=result.municipality_id, version=result.version_id))
    else:
        kept = t("goals_cli_kept", "sv", version=result.replaced_version_id) if result.replaced_version_id else "."
        print(
            t(
                "goals_cli_imported",
                "sv",
                municipality=result.municipality_id,
                n=result.nodes,
                version=result.version_id,
            )
            + kept
        )
    return 0


def cmd_end_goals(args: argparse.Namespace) -> int:
    from loaders import files, goals

    municipality = files.parse_kommunkod(args.municipality)
    try:
        version = goals.store_goals.end_goal_tree(Store(), municipality, args.by)
    except ValueError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(t("goals_cli_ended", "sv", municipality=municipality, version=version))
    return 0


def cmd_export_goals(args: argparse.Namespace) -> int:
    from loaders import files, goals

    suffix = args.out.rsplit(".", 1)[-1].lower() if "." in args.out else ""
    if suffix not in ("csv", "xlsx"):
        print(t("goals_cli_suffix", "sv", path=args.out), file=sys.stderr)
        return EXIT_BAD_INPUT
    con = connect()
    try:
        municipality = files.parse_kommunkod(args.municipality)
        if not len(goals.store_goals.goal_tree(con, municipality)):
            print(t("goals_cli_no_tree", "sv", municipality=municipality), file=sys.stderr)
            return EXIT_BAD_INPUT
        data = goals.export_sheet(con, municipality, suffix)
    finally:
        con.close()
    with open(args.out, "wb") as out:
        out.write(data)
    print(t("goals_cli_written", "sv", path=args.out))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from pathlib import Path

    from loaders.build import publish_file

    source = Path(args.file)
    if not source.exists():
        print(f"Fel: filen {source} finns inte.", file=sys.stderr)
        return EXIT_BAD_INPUT
    published = publish_file(source)
    print(f"Publicerade {source} som {published} ({db_path()} pekar nu dit).")
    return 0


def cmd_copy_work(args: argparse.Namespace) -> int:
    from store import work

    source = Store()
    target = work.open_work(args.to)
    counts = work.copy_work(source.work, target)
    kept = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    print(
        f"Kopierade sparat arbete från {work.describe(source.work_url)} till {work.describe(args.to)}: {kept or 'inget'}."
    )
    print("Sätt TRAPPAN_WORK_DB till den nya databasen för dashboarden och kommandona.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m loaders", description="Ladda Kolada-data till Trappans databas.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bygg databasen från den medföljande ögonblicksbilden i data/").set_defaults(
        func=cmd_build
    )
    sub.add_parser("status", help="vad som är laddat, varifrån och när").set_defaults(func=cmd_status)
    f = sub.add_parser("fetch", help="hämta värden från Kolada API v3 (KOLADA_BASE_URL) in i databasen")
    f.add_argument("--kpi", action="append", metavar="ID[,ID…]", help="nyckeltal, t.ex. N15419,N15505")
    f.add_argument("--kpi-group", action="append", metavar="ID[,ID…]", help="nyckeltalsgrupp, t.ex. GKPI118 (KKiK)")
    f.add_argument("--years", type=parse_years, metavar="ÅR", help="t.ex. 2015-2024 eller 2019,2021")
    f.add_argument("--municipality", action="append", metavar="ID[,ID…]", help="kommunkoder, t.ex. 1880,0180")
    f.add_argument("--from-date", type=_iso_date, metavar="ÅÅÅÅ-MM-DD", help="bara värden ändrade sedan dess")
    f.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SEKUNDER",
        help=f"längsta tid för hela hämtningen (standard {DEFAULT_TIMEOUT:g} s); sedan avbryts den utan ändringar",
    )
    f.set_defaults(func=cmd_fetch)
    t = sub.add_parser("import-targets", help="importera egna målvärden från CSV eller XLSX")
    t.add_argument("file")
    t.set_defaults(func=lambda a: _import(a, "targets"))
    v = sub.add_parser("import-values", help="importera egna nyckeltal (ej i Kolada) från CSV eller XLSX")
    v.add_argument("file")
    v.set_defaults(func=lambda a: _import(a, "values"))
    forget_p = sub.add_parser(
        "forget", help="ta bort värdena (eller målen) som en laddning lade in; ögonblicksbildens värden återställs"
    )
    forget_p.add_argument("--load-run", type=int, required=True, metavar="N", help="laddningens nummer (se status)")
    forget_p.set_defaults(func=cmd_forget)
    pub = sub.add_parser(
        "publish", help="publicera en statistikversion byggd på en annan server (repliker, se README Drift)"
    )
    pub.add_argument("file", help="en versionsfil, t.ex. en kopia av data/trappan.duckdb från laddservern")
    pub.set_defaults(func=cmd_publish)
    cw = sub.add_parser(
        "copy-work", help="kopiera sparat arbete till en tom databas, t.ex. PostgreSQL (se README Drift)"
    )
    cw.add_argument("--to", required=True, metavar="URL", help="postgresql://användare@värd/databas")
    cw.set_defaults(func=cmd_copy_work)
    g = sub.add_parser("import-goals", help="importera en kommuns målkedja (vision, mål, indikatorer) från CSV/XLSX")
    g.add_argument("file")
    g.add_argument("--by", metavar="NAMN", help="vem som importerar (sparas med versionen)")
    g.set_defaults(func=cmd_import_goals)
    e = sub.add_parser("export-goals", help="skriv en kommuns målkedja som CSV eller XLSX (samma format som import)")
    e.add_argument("--municipality", required=True, metavar="KOD", help="kommunkod, t.ex. 2029")
    e.add_argument("--out", required=True, metavar="FIL", help="fil att skriva (.csv eller .xlsx)")
    e.set_defaults(func=cmd_export_goals)
    end = sub.add_parser("end-goals", help="avsluta en kommuns målkedja (den sparas som tidigare version)")
    end.add_argument("--municipality", required=True, metavar="KOD", help="kommunkod, t.ex. 2029")
    end.add_argument("--by", required=True, metavar="NAMN", help="vem som avslutar den")
    end.set_defaults(func=cmd_end_goals)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("Avbrutet – inget ändrat.", file=sys.stderr)
        return 130
