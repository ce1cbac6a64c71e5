"""Every column of a target described once (the idea of pudl's fields.py): its name, its database
type and what it means, and the column lists built from them.

Why: a target is stored in the work store (`target`, `area_target_rule`), carried by a goal tree's
indicator (`goal_node`, the goal sheet), read back (store.queries.targets) and written
(store.write.TargetRow, import-targets). Written out in each of those places, the lists drifted
apart; built from one list here, a new field (say peer_key on the goal sheet) is added once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Double, SmallInteger, String, Text
from sqlalchemy.types import TypeEngine


@dataclass(frozen=True)
class Field:
    name: str
    type: TypeEngine
    description: str


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("kpi_id", String(64), "a Kolada KPI (N15419) or an own KPI imported with import-values (EGEN-…)"),
        Field("municipality_id", String(8), "kommunkod, four digits (0180)"),
        Field("gender", String(1), "T (totalt), K (kvinnor) or M (män)"),
        Field(
            "target_type",
            String(20),
            "min, max, interval, rank_top, quartile_top, at_least_riket, at_least_peers or trajectory",
        ),
        Field(
            "target_value",
            Double(),
            "the bound of min/max, the lower bound of an interval, N of rank_top, the value a trajectory "
            "reaches in to_year; empty for quartile_top, at_least_riket and at_least_peers",
        ),
        Field("target_high", Double(), "interval: the upper bound"),
        Field("from_year", SmallInteger(), "the first year the target judges (a trajectory starts at its value then)"),
        Field("to_year", SmallInteger(), "the last year the target judges (a trajectory reaches target_value then)"),
        Field(
            "peer_key",
            Text(),
            "at_least_peers: the peer set whose unweighted mean is the bound (riket, lan, liknande, "
            "kommungrupp, sekom, grannar, alla, own:OWN1 …)",
        ),
        Field("note", Text(), "free text"),
    )
}

# What a target IS: two targets with the same values here judge alike (store.write.judges_alike).
TARGET_SPEC = ["target_type", "target_value", "target_high", "from_year", "to_year", "peer_key"]
YEAR_COLUMNS = ("from_year", "to_year")
VALUE_COLUMNS = ("target_value", "target_high")
# One target as a person sets it: store.write.TargetRow, an import-targets row.
TARGET_COLUMNS = ["kpi_id", "municipality_id", "gender", *TARGET_SPEC, "note"]
# Who set it, from where, and what ended it (goal_*: the goal tree version and indicator that set it).
TARGET_PROVENANCE = [
    "source",
    "created_by",
    "created_at",
    "ended_by",
    "ended_at",
    "replaces",
    "goal_version_id",
    "goal_node_id",
]
TARGET_READ_COLUMNS = ["target_id", *TARGET_COLUMNS, *TARGET_PROVENANCE]
# One node of a goal tree (store.goals, the goal sheet): an indicator carries a target's fields.
NODE_COLUMNS = ["node_id", "parent_id", "kind", "title", "owner", "kpi_id", "gender", *TARGET_SPEC, "note"]
# Cells of a goal sheet row that only an indicator may fill.
INDICATOR_ONLY = ["kpi_id", "gender", *(c for c in TARGET_SPEC if c not in YEAR_COLUMNS)]


def column(name: str, *args: object, **kwargs: object) -> Column:
    """A work-store column of one of the FIELDS, with its type (constraints and options as for Column)."""
    return Column(name, FIELDS[name].type, *args, **kwargs)
