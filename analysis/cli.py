"""`python -m analysis`: rank (one KPI over all municipalities), staircase (steps 1–4 and 8), kpis
(search the whole catalogue) and followup (a goal tree's follow-up).

Expected problems (unknown KPI or municipality, no store) end with a plain message and exit code 1,
never a traceback. Output goes to stdout so it can be piped into files.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from analysis import search
from analysis.format import spreadsheet_text
from analysis.markdown import staircase_markdown
from analysis.scorecard import ranking
from analysis.staircase import AnalysisError, staircase, staircase_to_dict
from i18n import cli_help as h
from i18n import say, t
from store import catalogue, queries
from store.db import StoreError, connect


def _gender(text: str) -> str:
    g = text.upper()
    if g not in ("T", "K", "M"):
        raise argparse.ArgumentTypeError(h("cli_arg_gender_bad"))
    return g


def cmd_rank(args: argparse.Namespace) -> int:
    con = connect(read_only=True)
    try:
        if queries.kpi_info(con, [args.kpi]).empty:
            raise AnalysisError("err_unknown_kpi", kpi=args.kpi)
        df = ranking(con, args.kpi, args.year, args.gender)
    finally:
        con.close()
    if args.format == "json":
        df = df.astype(object).where(df.notna(), None)
        print(json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=1))
    else:
        df.map(spreadsheet_text).to_csv(sys.stdout, index=False)
    return 0


def cmd_staircase(args: argparse.Namespace) -> int:
    con = connect(read_only=True)
    try:
        s = staircase(con, args.municipality, args.kpi, args.year, args.gender, peer_key=args.peer, lang=args.lang)
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(staircase_to_dict(s, args.lang), ensure_ascii=False, indent=1))
    else:
        print(staircase_markdown(s, args.lang), end="")
    return 0


SEARCH_COLUMNS = ["kpi_id", "title", "has_values", "first_year", "last_year"]


def _cell(value: object) -> object:
    """Text from the catalogue stays text in a spreadsheet: a leading = + - @ would start a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def cmd_kpis(args: argparse.Namespace) -> int:
    if not args.search.strip():
        raise AnalysisError("err_nothing_to_search")
    con = connect(read_only=True)
    try:
        index = search.build_index(catalogue.catalogue(con))
    finally:
        con.close()
    hits = search.search(index, args.search, limit=args.limit)[SEARCH_COLUMNS]
    if args.format == "json":
        records = [
            {
                "kpi_id": r.kpi_id,
                "title": r.title,
                "has_values": bool(r.has_values),
                "first_year": None if pd.isna(r.first_year) else int(r.first_year),
                "last_year": None if pd.isna(r.last_year) else int(r.last_year),
            }
            for r in hits.itertuples(index=False)
        ]
        print(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        hits.assign(title=hits["title"].map(_cell), has_values=hits["has_values"].map(str).str.lower()).to_csv(
            sys.stdout, index=False
        )
    return 0


def cmd_followup(args: argparse.Namespace) -> int:
    from analysis.followup import follow_up, follow_up_to_dict
    from analysis.followup_report import followup_markdown

    con = connect(read_only=True)
    try:
        f = follow_up(con, args.municipality.zfill(4), args.year, args.period, lang=args.lang)
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(follow_up_to_dict(f), ensure_ascii=False, indent=1))
    else:
        print(followup_markdown(f, args.lang), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=h("cli_analysis_description"))
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("rank", help=h("cli_analysis_rank"))
    r.add_argument("--kpi", required=True)
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--gender", type=_gender, default="T")
    r.add_argument("--format", choices=["csv", "json"], default="csv")
    r.set_defaults(func=cmd_rank)
    s = sub.add_parser("staircase", help=h("cli_analysis_staircase"))
    s.add_argument("--municipality", required=True, help=h("cli_arg_municipality_1880"))
    s.add_argument("--kpi", required=True)
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--gender", type=_gender, default="T")
    s.add_argument("--peer", default="liknande", help=h("cli_arg_peer"))
    s.add_argument("--lang", choices=["sv", "en"], default="sv")
    s.add_argument("--format", choices=["json", "md"], default="md")
    s.set_defaults(func=cmd_staircase)
    k = sub.add_parser("kpis", help=h("cli_analysis_kpis"))
    k.add_argument("--search", required=True, help=h("cli_arg_search"))
    k.add_argument("--limit", type=int, default=20, help=h("cli_arg_limit"))
    k.add_argument("--format", choices=["csv", "json"], default="csv")
    k.set_defaults(func=cmd_kpis)
    f = sub.add_parser("followup", help=h("cli_analysis_followup"))
    f.add_argument("--municipality", required=True, help=h("cli_arg_municipality_2029"))
    f.add_argument("--year", type=int, required=True)
    f.add_argument("--period", choices=["delar", "helar"], default="helar", help=h("cli_arg_period"))
    f.add_argument("--lang", choices=["sv", "en"], default="sv")
    f.add_argument("--format", choices=["json", "md"], default="md")
    f.set_defaults(func=cmd_followup)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (StoreError, AnalysisError) as exc:
        lang = getattr(args, "lang", "sv")
        print(t("cli_error", lang, message=say(exc, lang)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(t("cli_interrupted", getattr(args, "lang", "sv")), file=sys.stderr)
        return 130
