"""`python -m loaders`: build, fetch, import-targets, import-values, forget, publish, status.

Expected problems (no network, a locked store, a bad file) end with a plain message and exit code 1
or 2, never a traceback. Every word is a key of the i18n layer (i18n/messages.py `cli_*`, the
loaders' and the store's messages); the output is Swedish, or English with `--lang en`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

import pandas as pd

from i18n import LANGS, recorded_text, say, t
from i18n import cli_help as h
from loaders.kolada import DEFAULT_TIMEOUT
from store import queries, work
from store.db import Store, StoreError, connect, db_path

EXIT_FAILED = 1  # the command could not do its work (no network, Kolada error, locked store)
EXIT_BAD_INPUT = 2  # what was asked or the file given is wrong; nothing changed


def _fmt_int(n: int) -> str:
    return f"{int(n):,}".replace(",", " ")


def _decimal(x: float, lang: str) -> str:
    text = f"{x:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def _err(lang: str, message: object) -> None:
    print(t("cli_error", lang, message=say(message, lang)), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from loaders.build import build

    lang = args.lang
    result = build(progress=lambda m: print(say(m, lang), file=sys.stderr))
    version = t("cli_built_version", lang, name=result.version.name) if result.version is not None else ""
    print(
        t(
            "cli_built",
            lang,
            path=result.path,
            version=version,
            rows=_fmt_int(result.rows),
            seconds=_decimal(result.seconds, lang),
        )
    )
    if result.carried.get("observation"):
        print(
            t(
                "cli_built_carried",
                lang,
                values=_fmt_int(result.carried["observation"]),
                kpis=result.carried.get("kpi", 0),
            )
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    lang = args.lang
    store = Store()
    con = store.reader().con
    try:
        tot = queries.status_totals(con).iloc[0]
        published = queries.meta_value(con, "published_at")
        shown = t("cli_status_published", lang, when=published) if published else ""
        print(t("cli_status_db", lang, path=db_path(), version=store.version().stem, published=shown))
        print(t("cli_status_work", lang, work=work.describe(store.work_url)))
        print(
            t(
                "cli_status_totals",
                lang,
                values=_fmt_int(tot.n_values),
                kpis=_fmt_int(tot.n_kpis),
                catalogue=_fmt_int(tot.n_catalogue),
                municipalities=tot.n_municipalities,
                regions=tot.n_regions,
                riket=t("cli_status_riket", lang) if tot.has_riket else "",
                first=tot.first_year,
                last=tot.last_year,
                groups=_fmt_int(tot.n_groups),
            )
        )
        print()
        areas = queries.status_by_area(con)
        head = [t(f"cli_status_col_{c}", lang) for c in ("area", "kpis", "municipalities", "regions", "riket")]
        head += [t(f"cli_status_col_{c}", lang) for c in ("years", "values")]
        print(f"{head[0]:<42}{head[1]:>6}{head[2]:>10}{head[3]:>10}{head[4]:>7}{head[5]:>12}{head[6]:>12}")
        yes, no = t("yes", lang), t("no", lang)
        for r in areas.itertuples():
            print(
                f"{r.operating_area[:41]:<42}{r.n_kpis:>6}{r.n_municipalities:>10}{r.n_regions:>10}"
                f"{yes if r.has_riket else no:>7}{f'{r.first_year}–{r.last_year}':>12}{_fmt_int(r.n_values):>12}"
            )
        print()
        print(t("cli_status_loads", lang))
        for r in queries.load_runs(con, limit=10).itertuples():
            print("  " + load_run_line(r, lang))
    finally:
        con.close()
    return 0


def load_run_line(r, lang: str = "sv") -> str:
    """One load_run row as a line; any field may be missing (a killed load, an older store)."""
    rows = "" if pd.isna(r.rows_written) else t("cli_status_rows", lang, n=_fmt_int(r.rows_written))
    started = "????-??-?? ??:??" if pd.isna(r.started_at) else f"{pd.Timestamp(r.started_at):%Y-%m-%d %H:%M}"
    stored = getattr(r, "message_i18n", None)
    text = recorded_text(
        r.message if isinstance(r.message, str) else None, stored if isinstance(stored, str) else None, lang
    )
    msg = f" – {text}" if text else ""
    return f"#{r.load_run_id} {started} {r.outcome}: {r.source} ({r.request}){rows}{msg}"


def parse_years(text: str) -> list[int]:
    """'2015-2024', '2019,2021' or '2010,2015-2017' → sorted years."""
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not m or (m[2] and int(m[2]) < int(m[1])):
            raise argparse.ArgumentTypeError(t("cli_bad_years", "sv", text=part))
        years.update(range(int(m[1]), int(m[2] or m[1]) + 1))
    return sorted(years)


def _ids(values: list[str] | None) -> tuple[str, ...]:
    """Repeatable, comma-separated id options → unique ids in the given order."""
    return tuple(dict.fromkeys(i.strip() for v in values or [] for i in v.split(",") if i.strip()))


def _iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli_bad_date", "sv", text=text)) from None


def _seconds(text: str) -> float:
    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        seconds = float("nan")
    if not (0 < seconds <= 7 * 24 * 3600):  # NaN fails too
        raise argparse.ArgumentTypeError(t("cli_bad_timeout", "sv", text=text))
    return seconds


def _progress_bar(lang: str):
    def show(done: int, total: int, rows: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        words = t("cli_fetch_progress", lang, done=done, total=total, rows=_fmt_int(rows))
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {words}", end="", file=sys.stderr, flush=True)

    return show


def cmd_fetch(args: argparse.Namespace) -> int:
    from loaders.fetch import FetchRequest, fetch
    from loaders.kolada import KoladaError

    lang = args.lang
    request = FetchRequest(
        kpi_ids=_ids(args.kpi),
        kpi_group_ids=_ids(args.kpi_group),
        years=tuple(args.years or ()),
        municipality_ids=_ids(args.municipality),
        from_date=args.from_date,
    )
    if not request.kpi_ids and not request.kpi_group_ids:
        print(t("cli_fetch_need_kpi", lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    if not request.years and not request.municipality_ids:
        print(t("cli_fetch_need_years", lang), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = fetch(Store(), request, progress=_progress_bar(lang), timeout=args.timeout)
    except KoladaError as exc:
        print(file=sys.stderr)
        _err(lang, exc)
        return EXIT_FAILED
    except ValueError as exc:
        print(file=sys.stderr)
        print(t("cli_fetch_bad_answer", lang, message=say(exc, lang)), file=sys.stderr)
        return EXIT_FAILED
    print(file=sys.stderr)
    new = t("cli_fetch_new_kpis", lang, n=result.new_kpis) if result.new_kpis else ""
    print(
        t(
            "cli_fetched",
            lang,
            rows=_fmt_int(result.rows_fetched),
            kpis=result.kpis,
            pages=result.pages,
            changed=_fmt_int(result.rows_changed),
            new=new,
            run=result.load_run_id,
        )
    )
    return 0


def _rejected(exc, lang: str) -> int:
    """A file with bad rows: the file's line, then every bad row."""
    print(f"{say(exc, lang)}:", file=sys.stderr)
    for err in exc.errors:
        print(f"  {err.text(lang)}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _unreadable(args: argparse.Namespace, exc: Exception) -> int:
    print(t("cli_cannot_read", args.lang, path=args.file, message=say(exc, args.lang)), file=sys.stderr)
    return EXIT_BAD_INPUT


def _import(args: argparse.Namespace, what: str) -> int:
    from loaders import files

    lang = args.lang
    store = Store()
    try:
        if what == "targets":
            result = files.import_targets(store, args.file)
        else:
            result = files.import_values(store, args.file)
    except files.FileRejected as exc:
        return _rejected(exc, lang)
    except (FileNotFoundError, ValueError) as exc:
        return _unreadable(args, exc)
    if what == "targets":
        print(t("cli_imported_targets", lang, n=_fmt_int(result.rows), run=result.load_run_id))
    else:
        print(t("cli_imported_values", lang, kpis=result.kpis, n=_fmt_int(result.rows), run=result.load_run_id))
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from loaders.forget import forget

    lang = args.lang
    try:
        result = forget(Store(), args.load_run)
    except ValueError as exc:
        _err(lang, exc)
        return EXIT_BAD_INPUT
    print(
        t(
            "cli_forgot",
            lang,
            forgotten=result.forgotten_run,
            removed=_fmt_int(result.values_removed),
            restored=_fmt_int(result.values_restored),
            targets=_fmt_int(result.targets_removed),
            run=result.load_run_id,
        )
    )
    return 0


def cmd_import_goals(args: argparse.Namespace) -> int:
    from loaders import files, goals

    lang = args.lang
    try:
        result = goals.import_goals(Store(), args.file, imported_by=args.by)
    except files.FileRejected as exc:
        return _rejected(exc, lang)
    except (FileNotFoundError, ValueError) as exc:
        return _unreadable(args, exc)
    if not result.changed:
        print(t("goals_cli_unchanged", lang, municipality=result.municipality_id, version=result.version_id))
    else:
        kept = t("goals_cli_kept", lang, version=result.replaced_version_id) if result.replaced_version_id else "."
        print(
            t(
                "goals_cli_imported",
                lang,
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
        _err(args.lang, exc)
        return EXIT_BAD_INPUT
    print(t("goals_cli_ended", args.lang, municipality=municipality, version=version))
    return 0


def cmd_export_goals(args: argparse.Namespace) -> int:
    from loaders import files, goals

    lang = args.lang
    suffix = args.out.rsplit(".", 1)[-1].lower() if "." in args.out else ""
    if suffix not in ("csv", "xlsx"):
        print(t("goals_cli_suffix", lang, path=args.out), file=sys.stderr)
        return EXIT_BAD_INPUT
    con = connect()
    try:
        municipality = files.parse_kommunkod(args.municipality)
        if not len(goals.store_goals.goal_tree(con, municipality)):
            print(t("goals_cli_no_tree", lang, municipality=municipality), file=sys.stderr)
            return EXIT_BAD_INPUT
        data = goals.export_sheet(con, municipality, suffix)
    finally:
        con.close()
    with open(args.out, "wb") as out:
        out.write(data)
    print(t("goals_cli_written", lang, path=args.out))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from pathlib import Path

    from loaders.build import publish_file

    lang = args.lang
    source = Path(args.file)
    if not source.exists():
        print(t("cli_publish_missing", lang, path=source), file=sys.stderr)
        return EXIT_BAD_INPUT
    published = publish_file(source)
    print(t("cli_published", lang, source=source, version=published, path=db_path()))
    return 0


def cmd_copy_work(args: argparse.Namespace) -> int:
    from store import work

    lang = args.lang
    source = Store()
    target = work.open_work(args.to)
    counts = work.copy_work(source.work, target)
    kept = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    print(
        t(
            "cli_copied_work",
            lang,
            source=work.describe(source.work_url),
            target=work.describe(args.to),
            kept=kept or t("cli_nothing", lang),
        )
    )
    print(t("cli_copied_work_next", lang))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default="sv", help=h("cli_help_lang"))
    p = argparse.ArgumentParser(prog="python -m loaders", description=h("cli_help_description"))
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func, help_key: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=h(help_key), parents=[common])
        c.set_defaults(func=func)
        return c

    command("build", cmd_build, "cli_help_build")
    command("status", cmd_status, "cli_help_status")
    f = command("fetch", cmd_fetch, "cli_help_fetch")
    f.add_argument("--kpi", action="append", metavar="ID[,ID…]", help=h("cli_help_kpi"))
    f.add_argument("--kpi-group", action="append", metavar="ID[,ID…]", help=h("cli_help_kpi_group"))
    f.add_argument("--years", type=parse_years, metavar=h("cli_meta_years"), help=h("cli_help_years"))
    f.add_argument("--municipality", action="append", metavar="ID[,ID…]", help=h("cli_help_municipality"))
    f.add_argument("--from-date", type=_iso_date, metavar=h("cli_meta_date"), help=h("cli_help_from_date"))
    f.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar=h("cli_meta_seconds"),
        help=h("cli_help_timeout", seconds=f"{DEFAULT_TIMEOUT:g}"),
    )
    command("import-targets", lambda a: _import(a, "targets"), "cli_help_import_targets").add_argument("file")
    command("import-values", lambda a: _import(a, "values"), "cli_help_import_values").add_argument("file")
    forget_p = command("forget", cmd_forget, "cli_help_forget")
    forget_p.add_argument("--load-run", type=int, required=True, metavar="N", help=h("cli_help_load_run"))
    command("publish", cmd_publish, "cli_help_publish").add_argument("file", help=h("cli_help_publish_file"))
    cw = command("copy-work", cmd_copy_work, "cli_help_copy_work")
    cw.add_argument("--to", required=True, metavar="URL", help=h("cli_help_copy_to"))
    g = command("import-goals", cmd_import_goals, "cli_help_import_goals")
    g.add_argument("file")
    g.add_argument("--by", metavar=h("cli_meta_name"), help=h("cli_help_by"))
    e = command("export-goals", cmd_export_goals, "cli_help_export_goals")
    e.add_argument("--municipality", required=True, metavar=h("cli_meta_code"), help=h("cli_help_goal_municipality"))
    e.add_argument("--out", required=True, metavar=h("cli_meta_file"), help=h("cli_help_out"))
    end = command("end-goals", cmd_end_goals, "cli_help_end_goals")
    end.add_argument("--municipality", required=True, metavar=h("cli_meta_code"), help=h("cli_help_goal_municipality"))
    end.add_argument("--by", required=True, metavar=h("cli_meta_name"), help=h("cli_help_end_by"))
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        _err(args.lang, exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(t("cli_interrupted", args.lang), file=sys.stderr)
        return 130
