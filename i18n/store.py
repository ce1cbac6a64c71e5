"""Words of the store (issue #12): which statistics version the dashboard shows and where people's
work is kept (the Data page)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "store_version": (
        "Statistikversion {version}, publicerad {published}. Sparat arbete (bedömningar, mål, egna grupper) i {work}.",
        "Statistics version {version}, published {published}. Saved work (assessments, targets, own groups) in {work}.",
    ),
    "store_work_sqlite": ("SQLite-filen {name} bredvid statistiken", "the SQLite file {name} beside the statistics"),
    "store_work_postgresql": ("PostgreSQL-databasen {name}", "the PostgreSQL database {name}"),
}
