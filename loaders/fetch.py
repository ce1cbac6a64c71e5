"""Fetch values from the Kolada API into the store: one load_run, one new version, all or nothing.

Why in this order: the load_run row is written first and on its own, so a fetch that dies halfway
(network, a bad page, Ctrl-C, kill -9) still leaves a row saying what failed. Every page is fetched
and parsed before anything is written; only then is a copy of the published version changed (new
KPIs, changed values) and published in one atomic step (store.loads, store.statistics), while the
dashboard keeps serving the old version. Values that are the same as the stored ones are not
rewritten, so the same fetch twice changes 0 rows and publishes nothing; fetched values replace the
snapshot's for the same keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from i18n import Message
from loaders import transform
from loaders.kolada import KoladaClient, KoladaError, Progress, validate_values
from store import loads, queries, versions, write
from store.db import DATA_DIR, Store

API_SOURCE = "Kolada API v3"


@dataclass(frozen=True)
class FetchRequest:
    """What the person asked for; `describe()` is stored in load_run.request."""

    kpi_ids: tuple[str, ...] = ()
    kpi_group_ids: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    municipality_ids: tuple[str, ...] = ()
    from_date: str | None = None

    def describe(self) -> str:
        parts = []
        if self.kpi_ids:
            parts.append("kpi=" + ",".join(self.kpi_ids))
        if self.kpi_group_ids:
            parts.append("kpi_group=" + ",".join(self.kpi_group_ids))
        if self.years:
            parts.append("years=" + _year_text(self.years))
        if self.municipality_ids:
            parts.append("municipality=" + ",".join(self.municipality_ids))
        if self.from_date:
            parts.append("from_date=" + self.from_date)
        return " ".join(parts)


@dataclass(frozen=True)
class FetchResult:
    load_run_id: int
    kpis: int
    rows_fetched: int
    rows_changed: int
    new_kpis: int
    pages: int


def _year_text(years: Sequence[int]) -> str:
    ys = sorted(years)
    return f"{ys[0]}-{ys[-1]}" if ys == list(range(ys[0], ys[-1] + 1)) and len(ys) > 2 else ",".join(map(str, ys))


def fetch(
    store: Store,
    request: FetchRequest,
    client: KoladaClient | None = None,
    progress: Progress | None = None,
    timeout: float | None = None,
    lock_timeout: float = versions.LOAD_LOCK_TIMEOUT,
) -> FetchResult:
    """Steps: record the run; resolve KPI groups; fetch catalogue rows for KPIs the store lacks; fetch
    and parse every value page; check every row (kolada.validate_values) and the key; then, holding
    the load lock only for this last step, write a new version and publish it. The network part runs
    inside one deadline (`timeout` seconds, default the client's 10 min) and without the lock, so a
    slow Kolada never holds up a build. On any error the run is marked failed with the message and
    the error is raised again; the published data is unchanged."""
    own_client = client is None
    client = client or KoladaClient()
    client.start_deadline(timeout)
    try:
        with loads.recorded(store, API_SOURCE, request.describe()) as run_id:
            kpi_ids = list(request.kpi_ids)
            if request.kpi_group_ids:
                kpi_ids += client.kpi_group_members(request.kpi_group_ids)
            kpi_ids = list(dict.fromkeys(kpi_ids))
            known = set(queries.kpi_ids(store)["kpi_id"])
            unknown = [k for k in kpi_ids if k not in known]
            new_kpis = None
            if unknown:
                raw = client.kpis(unknown)
                missing = sorted(set(unknown) - set(raw["id"]))
                if missing:
                    raise KoladaError("fetch_unknown_kpi", ids=", ".join(missing))
                directions = transform.read_directions(DATA_DIR / "kpi_direction.csv")
                new_kpis = transform.kpi_catalogue(raw, directions)
            values = client.values(
                kpi_ids, request.years or None, request.municipality_ids or None, request.from_date, progress
            )
            values = validate_values(
                values,
                kpi_ids,
                set(queries.municipalities(store, types=("K", "L"))["municipality_id"]),
                asked_years=request.years or None,
                asked_municipalities=request.municipality_ids or None,
            )
            transform.check_primary_key(values, write.OBS_KEY, Message("fetch_table_observation"))
            message = Message("load_fetched", n=len(values), pages=client.pages_requested)
            with loads.locked(store, lock_timeout):
                changed = loads.publish_values(store, run_id, API_SOURCE, request.describe(), values, new_kpis, message)
    finally:
        if own_client:
            client.close()
    return FetchResult(
        load_run_id=run_id,
        kpis=len(kpi_ids),
        rows_fetched=len(values),
        rows_changed=changed,
        new_kpis=0 if new_kpis is None else len(new_kpis),
        pages=client.pages_requested,
    )
