"""Refuse an export that would hold nothing: a deck, workbook or chart for a year in which the
municipality has no value for any of the chosen KPIs (`deck --year 2030` used to write 20 slides of
"–" and exit 0). The check runs before any slide is built or Chromium started, so the CLI exits
with code 2 and writes no file, and the app shows the message instead of a useless download."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from dashboard.export.errors import ExportError
from i18n import t
from store import queries


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
        raise ExportError(t("deck_no_values_at_all", lang, **where))
    raise ExportError(t("deck_no_values", lang, first=years[0], last=years[-1], **where))
