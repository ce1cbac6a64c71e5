"""Refuse an export that would hold nothing: a deck, workbook or chart for a year in which the
municipality has no value for any of the chosen KPIs (`deck --year 2030` used to write 20 slides of
"–" and exit 0). The check runs before any slide is built or Chromium started, so the CLI exits
with code 2 and writes no file, and the app shows the message instead of a useless download.

And leave out what would be empty: a KPI of the selection without a value for the year gets no
slide full of "–" (`split_by_value`); the deck names it instead."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from dashboard.export.errors import ExportError
from dashboard.export.slides import LeftOut
from i18n import t
from store import queries


def split_by_value(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    kpi_ids: Sequence[str],
    titles: dict[str, str],
    year: int,
    gender: str = "T",
) -> tuple[list[str], list[LeftOut]]:
    """The KPIs (in their order) with a value for the municipality, year and gender, and the others
    with the latest earlier year they have a value (None: none before `year`)."""
    found = queries.observations(con, list(kpi_ids), municipality_ids=[municipality_id], genders=[gender])
    latest = found[found["year"] < year].groupby("kpi_id")["year"].max().to_dict()
    with_value = set(found.loc[found["year"] == year, "kpi_id"])
    kept = [k for k in kpi_ids if k in with_value]
    left_out = [
        LeftOut(k, " ".join(str(titles.get(k, k)).split()), int(latest[k]) if k in latest else None)
        for k in kpi_ids
        if k not in with_value
    ]
    return kept, left_out


def require_values(
    con: duckdb.DuckDBPyConnection,
    municipality_id: str,
    municipality: str,
    kpi_ids: Sequence[str],
    year: int,
    gender: str = "T",
    lang: str = "sv",
) -> None:
    """ExportError naming the municipality, year and gender (and the years that do have values)
    unless at least one of `kpi_ids` has a value for `year`."""
    found = queries.observations(con, list(kpi_ids), municipality_ids=[municipality_id], genders=[gender])
    years = sorted({int(y) for y in found["year"]})
    if year in years:
        return
    where = {"kommun": municipality, "year": year, "gender": t(f"gender_{gender}", lang).lower()}
    if not years:
        raise ExportError("deck_no_values_at_all", **where)
    raise ExportError("deck_no_values", first=years[0], last=years[-1], **where)
