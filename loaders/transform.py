"""Pure DataFrame-in/DataFrame-out transforms from Kolada's shapes to the store's tables.

Used by both the snapshot build and the API fetch, so a KPI or a group looks the same whichever way
it arrived. Each public function ends by checking its table's primary key.
"""

from __future__ import annotations

import re

import pandas as pd

from i18n import Message
from store.errors import InvalidInput

KPI_COLUMNS = [
    "kpi_id",
    "title",
    "description",
    "operating_area",
    "perspective",
    "is_divided_by_gender",
    "municipality_type",
    "auspice",
    "unit",
    "direction",
    "direction_reason",
    "headline_area",
    "headline_order",
    "publication_date",
    "prel_publication_date",
    "publ_period",
    "has_ou_data",
    "retired",
    "source",
]
GROUP_COLUMNS = ["group_id", "title", "kind", "area", "year", "owner_municipality_id"]
DIRECTIONS = ("higher", "lower", "none")
SEKOM_PREFIX = "SEKOM-"

_LIKNANDE = re.compile(r"^Liknande (?:kommuner|regioner),? (?P<area>.+?), (?P<owner>[^,]+), (?P<year>\d{4})$")
_COUNTY = re.compile(r"^(?P<county>.+) läns kommuner \(ovägt medel\)$")
_SKR_KOMMUNGRUPP = {
    "Storstäder",
    "Pendlingskommun nära storstad",
    "Större stad",
    "Pendlingskommun nära större stad",
    "Lågpendlingskommun nära större stad",
    "Mindre stad/tätort",
    "Pendlingskommun nära mindre tätort",
    "Landsbygdskommun",
    "Landsbygdskommun, ej nära större stad",
    "Landsbygdskommun med besöksnäring",
}
_SIZE = re.compile(r"^Kommuner med .*invånare")
_UNIT_WORDS = (
    "%",
    "kr",
    "antal",
    "index",
    "dagar",
    "procentenheter",
    "poäng",
    "kg",
    "ton",
    "timmar",
    "minuter",
    "år",
    "kvm",
    "meritvärde",
    "medelvärde",
    "median",
    "km",
    "kwh",
    "mwh",
    "st",
)


def check_primary_key(df: pd.DataFrame, key: list[str], table: str | Message) -> pd.DataFrame:
    """Fail loudly on a duplicate or missing key rather than letting the store pick a winner (`table`:
    a table's name, or words for where the rows came from)."""
    missing = df[key].isna().any(axis=1)
    if missing.any():
        raise InvalidInput("key_missing", table=table, n=int(missing.sum()), key=", ".join(key))
    dup = df.duplicated(key, keep=False)
    if dup.any():
        first = df.loc[dup, key].iloc[0].tolist()
        raise InvalidInput("key_duplicate", table=table, n=int(dup.sum()), first=str(first))
    return df


def unit_from_title(title: str) -> str:
    """Kolada has no unit field; the title's last comma part carries it ('andel (%)', 'kr/inv')."""
    if not isinstance(title, str) or not title:
        return ""
    if "(%)" in title or title.rstrip().endswith("%"):
        return "%"
    tail = re.sub(r"\s*\(-?\d{4}-?\)\s*$", "", title.rsplit(",", 1)[-1]).strip()
    low = tail.lower()
    if any(low.startswith(w) or f" {w}" in f" {low}" for w in _UNIT_WORDS) and len(tail) <= 40:
        return tail
    return ""


def county_id(municipality_id: str, type_: str) -> str | None:
    """Kolada's region ids are '00' + the first two digits of the kommunkod (1880 -> 0018)."""
    if type_ == "K":
        return "00" + municipality_id[:2]
    if municipality_id == "0000":
        return None
    return municipality_id


def municipalities(raw: pd.DataFrame) -> pd.DataFrame:
    """Steps: keep id/title/type, add county_id; check the key."""
    out = raw.rename(columns={"id": "municipality_id"})[["municipality_id", "title", "type"]].copy()
    out["county_id"] = [county_id(m, t) for m, t in zip(out["municipality_id"], out["type"])]
    return check_primary_key(out, ["municipality_id"], "municipality")


def kpi_catalogue(raw: pd.DataFrame, directions: pd.DataFrame, source: str = "kolada") -> pd.DataFrame:
    """Steps: rename id, parse booleans and dates, derive unit, join hand-set directions
    (`none` where undecided); check the key."""
    out = raw.rename(columns={"id": "kpi_id"}).copy()
    for col in KPI_COLUMNS:
        if col not in out.columns:
            out[col] = None
    for col in ("is_divided_by_gender", "has_ou_data", "retired"):
        out[col] = out[col].map(lambda v: str(v).strip().lower() in ("true", "1")).astype(bool)
    for col in ("publication_date", "prel_publication_date"):
        out[col] = pd.to_datetime(out[col].replace("", None), errors="coerce").dt.date
    out["publ_period"] = out["publ_period"].map(lambda v: None if v in ("", None) or pd.isna(v) else str(v))
    out = out.replace({"": None})
    out["unit"] = out["title"].map(unit_from_title)
    out["source"] = source
    d = directions.set_index("kpi_id")
    out["direction"] = out["kpi_id"].map(d["direction"]).fillna("none")
    out["direction_reason"] = out["kpi_id"].map(d["reason"])
    return check_primary_key(out[KPI_COLUMNS], ["kpi_id"], "kpi")


def read_directions(path) -> pd.DataFrame:
    """data/kpi_direction.csv: kpi_id, direction, reason, headline ('grundskola:1;kkik:4' — the
    areas whose headline set holds the KPI, with its position there)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    bad = df[~df["direction"].isin(DIRECTIONS)]
    if len(bad):
        raise InvalidInput(
            "directions_unknown", path=str(path), kpi=bad["kpi_id"].iloc[0], direction=repr(bad["direction"].iloc[0])
        )
    empty = df[df["reason"].str.strip() == ""]
    if len(empty):
        raise InvalidInput("directions_no_reason", path=str(path), kpi=empty["kpi_id"].iloc[0])
    return check_primary_key(df, ["kpi_id"], "kpi_direction.csv")


def headlines(directions: pd.DataFrame, area_ids: set[str]) -> pd.DataFrame:
    """area_id, kpi_id, position — parsed from the `headline` column; unknown areas are an error."""
    rows = []
    for kpi_id, cell in zip(directions["kpi_id"], directions["headline"]):
        for part in filter(None, (p.strip() for p in cell.split(";"))):
            area, _, pos = part.partition(":")
            if area not in area_ids or not pos.isdigit():
                raise InvalidInput("directions_bad_headline", kpi=kpi_id, part=repr(part))
            rows.append((area, kpi_id, int(pos)))
    out = pd.DataFrame(rows, columns=["area_id", "kpi_id", "position"])
    return check_primary_key(out, ["area_id", "kpi_id"], "area_headline")


AREA_KINDS = ("kkik", "verksamhet", "oj", "grupp")  # the sidebar's groups of areas, in this order
KKIK_GROUP = "GKPI118"
_OJ = re.compile(r"^Öppna jämförelser\s*-?\s*", re.IGNORECASE)
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e"})  # å, ä, ö after z
GROUP_SORT_START = 100  # KPI-group areas come after the hand-kept areas of data/areas.csv


def area_kind(operating_area: str | None, kpi_group_id: str | None, title: str = "") -> str:
    """Which group of the sidebar's area list an area belongs to (AREA_KINDS)."""
    if kpi_group_id == KKIK_GROUP:
        return "kkik"
    if operating_area:
        return "verksamhet"
    return "oj" if _OJ.match(title or "") else "grupp"


def kpi_group_areas(
    areas: pd.DataFrame, kpi_group: pd.DataFrame, members: pd.DataFrame, kpi: pd.DataFrame
) -> pd.DataFrame:
    """Every Kolada KPI group not already an area (KKiK is) as an area, in the columns of `areas`.

    area_id is the group id in lower case ('gkpi97'): URL-safe and stable when Kolada renames a
    group. Titles: Öppna jämförelser sets as 'Öppna jämförelser – Trygghet och säkerhet'; a title
    that several groups share gets '(kommuner)' or '(regioner)' after the kind of KPI most of its
    members are, and the group id if that still does not tell them apart. The peer area (the word
    of Kolada's "Liknande kommuner <area>" groups) is the one of the members' most common
    operating area, else 'övergripande'. A title that an operating area already has ('Befolkning')
    gets '(nyckeltalsgrupp)'. Kolada names its groups in Swedish only: title_en is the
    Swedish name, with 'Öppna jämförelser' as 'Open comparisons'."""
    taken = set(areas["kpi_group_id"].dropna())
    groups = kpi_group[~kpi_group["group_id"].isin(taken)].copy()
    info = members.merge(kpi[["kpi_id", "operating_area", "municipality_type"]], on="kpi_id", how="left")
    peer_by_area = dict(zip(areas["operating_area"], areas["peer_area"]))
    rows = []
    for g in groups.itertuples():
        m = info[info["group_id"] == g.group_id]
        title = " ".join(str(g.title).split())
        oj = _OJ.match(title)
        rest = title[oj.end() :].strip(" -") if oj else title
        common = m["operating_area"].dropna().mode()
        peer = peer_by_area.get(common.iloc[0]) if len(common) else None
        n_k, n_l = int((m["municipality_type"] == "K").sum()), int((m["municipality_type"] == "L").sum())
        rows.append(
            {
                "area_id": str(g.group_id).lower(),
                "title_sv": f"Öppna jämförelser – {rest}" if oj else title,
                "title_en": f"Open comparisons – {rest}" if oj else title,
                "operating_area": None,
                "kpi_group_id": g.group_id,
                "peer_area": peer or "övergripande",
                "kind": "oj" if oj else "grupp",
                "_who": "regioner" if n_l > n_k else "kommuner",
            }
        )
    columns = [c for c in areas.columns if c not in ("sort_order", "kind")]
    out = pd.DataFrame(rows, columns=[*columns, "kind", "_who"])
    for lang in ("sv", "en"):
        col = f"title_{lang}"
        who = out["_who"] if lang == "sv" else out["_who"].map({"kommuner": "municipalities", "regioner": "regions"})
        tells_apart = out.groupby(col)["_who"].transform("nunique") > 1
        out.loc[tells_apart, col] = out.loc[tells_apart, col] + " (" + who[tells_apart] + ")"
        shared = out[col].duplicated(keep=False)
        out.loc[shared, col] = out.loc[shared, col] + " (" + out.loc[shared, "kpi_group_id"] + ")"
        clash = out[col].isin(set(areas[col]))  # 'Befolkning' is also an operating area
        out.loc[clash, col] = out.loc[clash, col] + (" (nyckeltalsgrupp)" if lang == "sv" else " (KPI group)")
    out["_kind"] = out["kind"].map(AREA_KINDS.index)
    out["_title"] = out["title_sv"].str.lower().map(lambda x: x.translate(_SWEDISH_ORDER))
    out = out.sort_values(["_kind", "_title"]).drop(columns=["_who", "_kind", "_title"]).reset_index(drop=True)
    out["sort_order"] = range(GROUP_SORT_START, GROUP_SORT_START + len(out))
    return check_primary_key(out, ["area_id"], "area")


def classify_group(title: str) -> tuple[str, str | None, int | None, str | None]:
    """(kind, area, year, owner title) from a Kolada group title; the title is all Kolada gives."""
    m = _LIKNANDE.match(title)
    if m:
        return "liknande", m["area"].strip(), int(m["year"]), m["owner"].strip()
    m = _COUNTY.match(title)
    if m:
        return "county", None, None, m["county"]
    base = title.replace("(ovägt medel)", "").strip()
    if base in _SKR_KOMMUNGRUPP:
        return "skr_kommungrupp", None, None, None
    if _SIZE.match(base):
        return "size", None, None, None
    return "network", None, None, None


def municipality_groups(
    groups: pd.DataFrame, members: pd.DataFrame, munis: pd.DataFrame, sekom: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Steps: classify each group by its title; resolve the liknande group's owner title and the
    county group's region to ids; add SKR's socio-economic classes as groups; check both keys."""
    parsed = [classify_group(t) for t in groups["title"]]
    out = groups[["group_id", "title"]].copy()
    out["kind"] = [p[0] for p in parsed]
    out["area"] = [p[1] for p in parsed]
    out["year"] = pd.array([p[2] for p in parsed], dtype="Int64")
    by_title = dict(zip(munis["title"], munis["municipality_id"]))
    # A county group's region is the one its members' kommunkoder share (Sörmland is "Södermanlands").
    # (vectorised: a Python function per group took over a second of every build)
    prefix = members["municipality_id"].str[:2].groupby(members["group_id"]).agg(["nunique", "first"])
    member_county = {
        g: "00" + f if n == 1 else None for g, n, f in zip(prefix.index, prefix["nunique"], prefix["first"])
    }
    owners = []
    for (kind, _area, _year, owner), gid in zip(parsed, out["group_id"]):
        if kind == "liknande":
            owners.append(by_title.get(owner))
        elif kind == "county":
            owners.append(member_county.get(gid))
        else:
            owners.append(None)
    out["owner_municipality_id"] = owners
    mem = members[["group_id", "municipality_id"]].drop_duplicates()
    if sekom is not None and len(sekom):
        classes = sorted(sekom["sekom_class"].unique())
        extra = pd.DataFrame(
            {
                "group_id": [SEKOM_PREFIX + c for c in classes],
                "title": [f"SKR socioekonomisk grupp {c} (ovägt medel)" for c in classes],
                "kind": "sekom",
                "area": None,
                "year": pd.array([None] * len(classes), dtype="Int64"),
                "owner_municipality_id": None,
            }
        )
        out = pd.concat([out, extra], ignore_index=True)
        mem = pd.concat(
            [
                mem,
                pd.DataFrame(
                    {"group_id": SEKOM_PREFIX + sekom["sekom_class"], "municipality_id": sekom["municipality_id"]}
                ),
            ],
            ignore_index=True,
        )
    check_primary_key(out, ["group_id"], "municipality_group")
    check_primary_key(mem, ["group_id", "municipality_id"], "municipality_group_member")
    return out[GROUP_COLUMNS], mem
