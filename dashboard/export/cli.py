"""Command line for council exports.

    python -m dashboard.export deck --municipality 1880 --area grundskola --year 2019 --out deck.pptx
    python -m dashboard.export deck … --map                  # each KPI's slide followed by its map
    python -m dashboard.export deck … --map N15419,N15505    # maps for these KPIs only
    python -m dashboard.export excel --municipality 1880 --area grundskola --year 2019 --out data.xlsx
    python -m dashboard.export chart --municipality 1880 --kpi N15419 --year 2019 --out n15419.svg
    python -m dashboard.export followup --municipality 2029 --year 2022 --period helar --out uppfoljning.pptx

Expected problems (unknown municipality, no Chromium, a locked store, no value at all for the year)
print one plain line and exit with status 2; nothing is written then. KPIs without a value for the
year are left out of a deck or workbook, and the command names them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.format import fmt_number
from dashboard.export.errors import ExportError
from i18n import cli_help as h
from i18n import say, t
from store.db import StoreError, connect


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard.export", description=h("cli_export_description"))
    sub = p.add_subparsers(dest="command", required=True)
    for name, what in (
        ("deck", h("cli_export_deck")),
        ("excel", h("cli_export_excel")),
        ("chart", h("cli_export_chart")),
    ):
        s = sub.add_parser(name, help=what)
        s.add_argument("--municipality", required=True, help=h("cli_arg_municipality_orebro"))
        s.add_argument("--year", required=True, type=int, help=h("cli_arg_year_2019"))
        s.add_argument("--out", required=True, type=Path, help=h("cli_arg_out"))
        s.add_argument("--gender", default="T", choices=["T", "K", "M"], help=h("cli_arg_gender"))
        s.add_argument("--peer", default="liknande", help=h("cli_arg_peer_default"))
        s.add_argument("--lang", default="sv", choices=["sv", "en"])
        s.add_argument("--area", help=h("cli_arg_area"))
        s.add_argument("--kpi", action="append", default=[], help=h("cli_arg_kpis"))
        if name != "chart":
            s.add_argument("--assessments", action="store_true", help=h("cli_arg_assessments"))
            s.add_argument(
                "--map",
                nargs="?",
                const="*",
                metavar=h("cli_meta_kpis"),
                help=h("cli_arg_map"),
            )
        if name == "deck":
            s.add_argument("--xlsx", type=Path, help=h("cli_arg_xlsx_charts"))
    f = sub.add_parser("followup", help=h("cli_export_followup"))
    f.add_argument("--municipality", required=True, help=h("cli_arg_municipality_leksand"))
    f.add_argument("--year", required=True, type=int, help=h("cli_arg_year_2022"))
    f.add_argument("--period", default="helar", choices=["delar", "helar"], help=h("cli_arg_period"))
    f.add_argument("--out", required=True, type=Path, help=h("cli_arg_out_pptx"))
    f.add_argument("--xlsx", type=Path, help=h("cli_arg_xlsx_report"))
    f.add_argument("--lang", default="sv", choices=["sv", "en"])
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    start = time.perf_counter()
    try:
        written = _run(args)
    except (ExportError, StoreError) as exc:
        print(t("cli_error", args.lang, message=say(exc, args.lang)), file=sys.stderr)
        return 2
    for path, note in written:
        print(t("goals_cli_written", args.lang, path=path))
        if note:
            print(note)
    print(t("deck_cli_done", args.lang, seconds=fmt_number(time.perf_counter() - start, 1, args.lang)))
    return 0


def _run(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """The files written, each with the note of KPIs left out for want of a value ('' if none)."""
    # imported here so `--help` and argument errors answer at once
    from dashboard.export.build import build_files
    from dashboard.export.content import DeckRequest, deck_content
    from dashboard.export.workbook import deck_workbook

    if args.command == "followup":
        return [(path, "") for path in _run_followup(args)]
    kpis = tuple(k.strip().upper() for arg in args.kpi for k in arg.split(",") if k.strip())
    wanted_maps = getattr(args, "map", None)
    map_kpis = (
        () if wanted_maps in (None, "*") else tuple(k.strip().upper() for k in wanted_maps.split(",") if k.strip())
    )
    req = DeckRequest(
        municipality_id=args.municipality,
        year=args.year,
        area_id=args.area,
        kpi_ids=kpis,
        from_assessments=getattr(args, "assessments", False),
        gender=args.gender,
        peer_key=args.peer,
        lang=args.lang,
        maps=wanted_maps is not None,
        map_kpis=map_kpis,
    )
    _check_out(args.out, {"deck": (".pptx",), "excel": (".xlsx",), "chart": (".png", ".svg", ".pdf")}[args.command])
    con = connect(read_only=True)
    try:
        if args.command == "deck":
            files = build_files(con, req)
            outputs = [(args.out, files.pptx, files.deck.note)]
            outputs += [(args.xlsx, files.xlsx, "")] if args.xlsx else []
        elif args.command == "excel":
            deck = deck_content(con, req)
            outputs = [(args.out, deck_workbook(deck), deck.note)]
        else:
            from dashboard.export.build import build_chart

            if len(kpis) != 1:
                raise ExportError("err_one_kpi_for_chart")
            outputs = [(args.out, build_chart(con, req, args.out.suffix.lstrip(".").lower()), "")]
    finally:
        con.close()
    for path, data, _ in outputs:
        path.write_bytes(data)
    return [(path, note) for path, _, note in outputs]


def _run_followup(args: argparse.Namespace) -> list[Path]:
    from dashboard.export.followup import FollowupRequest, build_followup

    _check_out(args.out, (".pptx",))
    if args.xlsx:
        _check_out(args.xlsx, (".xlsx",))
    req = FollowupRequest(args.municipality.zfill(4), args.year, args.period, args.lang)
    con = connect(read_only=True)
    try:
        files = build_followup(con, req, workbook=bool(args.xlsx))
    finally:
        con.close()
    outputs = [(args.out, files.pptx)] + ([(args.xlsx, files.xlsx)] if args.xlsx else [])
    for path, data in outputs:
        path.write_bytes(data)
    return [path for path, _ in outputs]


def _check_out(path: Path, suffixes: tuple[str, ...]) -> None:
    if path.suffix.lower() not in suffixes:
        raise ExportError("err_out_suffix", path=path, suffixes=" / ".join(suffixes))
    if not path.parent.exists():
        raise ExportError("err_out_folder", folder=path.parent)
