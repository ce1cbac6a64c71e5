"""`python -m loaders`: build, fetch, import-targets, import-values, status.

Expected problems (no network, a locked store, a bad file) end with a plain message and exit code 1
or 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from store import queries
from store.db import StoreError, connect, db_path


def _fmt_int(n: int) -> str:
    return f"{int(n):,}".replace(",", " ")


def cmd_build(args: argparse.Namespace) -> int:
    from loaders.build import build

    result = build(progress=lambda m: print(m, file=sys.stderr))
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    print(f"Byggt {result.path}: {_fmt_int(result.rows)} värden på {seconds} s")
    if result.carried:
        kept = ", ".join(f"{k} {v}" for k, v in result.carried.items() if v)
        if kept:
            print(f"Överfört från tidigare databas: {kept}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    con = connect(read_only=True)
    try:
        t = queries.status_totals(con).iloc[0]
        print(f"Databas: {db_path()}")
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
            rows = (
                ""
                if r.rows_written is None or r.rows_written != r.rows_written
                else f", {_fmt_int(r.rows_written)} rader"
            )
            msg = f" – {r.message}" if isinstance(r.message, str) and r.message else ""
            print(f"  #{r.load_run_id} {r.started_at:%Y-%m-%d %H:%M} {r.outcome}: {r.source} ({r.request}){rows}{msg}")
    finally:
        con.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m loaders", description="Ladda Kolada-data till Trappans databas.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="bygg databasen från den medföljande ögonblicksbilden i data/").set_defaults(
        func=cmd_build
    )
    sub.add_parser("status", help="vad som är laddat, varifrån och när").set_defaults(func=cmd_status)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except StoreError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Avbrutet – inget ändrat.", file=sys.stderr)
        return 130
