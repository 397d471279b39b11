"""Load tbwan's Nornir data from NetBox through a snapshot kept current by the change log.

A full load reads every list (``reader.fetch``), rebuilds and validates the inventory and
stores the records, the rebuilt Nornir data and the newest change id in a
:class:`~tbwan.netbox.cache.SnapshotStore`. The next load asks NetBox's change log what
changed since (one request when nothing did): nothing -> the stored Nornir data; a few
objects -> those are re-read by id (deleted ones dropped) and the inventory rebuilt;
anything the snapshot cannot follow (see ``changelog``), a snapshot older than its
maximum age, or no snapshot -> a full load.

Changes NetBox does not write to its change log (raw SQL in its database, a restore of a
database dump) are not seen until the snapshot expires: use ``cache: false`` or
``TBWAN_NETBOX_CACHE=0`` after such work.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tbwan.errors import NetBoxError
from tbwan.inventory.hostdata import NornirData, nornir_data
from tbwan.netbox.cache import Records, SnapshotStore, State
from tbwan.netbox.changelog import (
    Anchor,
    Refresh,
    anchor_at,
    merge,
    plan_refresh,
    referenced,
    with_dependents,
)
from tbwan.netbox.client import NetBox
from tbwan.netbox.graphql import fetch_graphql
from tbwan.netbox.reader import fetch, inventory_from_records, list_queries

CHANGES_PATH = "/api/core/object-changes/"
CHANGE_FIELDS = "id,time,action,changed_object_type,changed_object_id"
RECENT = 100  # changes read at a full load to find the anchor (and gaps before it)


@dataclass(frozen=True)
class Loaded:
    """A load's Nornir data and how it was obtained (for people, tests, benchmarks)."""

    data: NornirData
    source: str  # "netbox": full load; "cache": nothing changed; "cache+changes"
    detail: str
    requests: int


APIS = ("graphql", "rest")


@dataclass(frozen=True)
class Filters:
    """The server-side filters of a load (slugs)."""

    sites: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "sites": sorted(self.sites),
            "roles": sorted(self.roles),
            "regions": sorted(self.regions),
        }

    @property
    def any(self) -> bool:
        return bool(self.sites or self.roles or self.regions)


def fetch_records(nb: NetBox, filters: Filters, api: str = "graphql") -> Records:
    """Every list, through GraphQL (faster, see ``graphql``) unless ``api`` is ``rest`` or
    the load is filtered by region (REST's region filter includes child regions)."""
    if api not in APIS:
        raise NetBoxError(f"unknown NetBox api {api!r}: use one of {', '.join(APIS)}")
    if api == "graphql" and not filters.regions:
        return fetch_graphql(nb, sites=filters.sites, roles=filters.roles)
    return fetch(nb, sites=filters.sites, roles=filters.roles, regions=filters.regions)


def _rebuild(records: Records) -> NornirData:
    return nornir_data(inventory_from_records(records))


def latest_anchor(nb: NetBox, now: float) -> Anchor:
    """The newest change id (before any list is read), held back before a gap."""
    page = nb.get_page(CHANGES_PATH, {"ordering": "-id", "limit": RECENT, "fields": "id,time"})
    changes = sorted(page, key=lambda c: int(c["id"]))
    if not changes:
        return Anchor(0)
    return anchor_at(changes, Anchor(int(changes[0]["id"]), time=str(changes[0]["time"])), now)


def full_load(
    nb: NetBox,
    filters: Filters,
    store: SnapshotStore | None,
    now: float,
    why: str,
    api: str = "graphql",
) -> Loaded:
    """Read everything; store a new snapshot when ``store`` is given."""
    if not nb.version:
        nb.check()
    anchor: Anchor | None = None
    if store is not None:
        try:
            anchor = latest_anchor(nb, now)
        except NetBoxError as exc:  # e.g. a token without view permission on the log
            why = f"{why}; not cached: cannot read NetBox's change log ({exc.message})"
    records = fetch_records(nb, filters, api)
    data = _rebuild(records)
    if store is not None and anchor is not None:
        state = State(
            url=nb.url,
            filters=filters.as_dict(),
            created=now,
            anchor_id=anchor.change_id,
            anchor_time=anchor.time,
            hole_since=anchor.hole_since,
            generation=uuid.uuid4().hex,
            refs=referenced(records),
            netbox_version=nb.version,
        )
        store.save(state, records, data)
    return Loaded(data, "netbox", why, nb.requests)


def _reread(
    nb: NetBox, filters: Filters, records: Records, refresh: Refresh
) -> tuple[Records, list[str]]:
    """Re-read the changed records (and their dependents) into a copy of ``records``."""
    queries = list_queries(sites=filters.sites, roles=filters.roles, regions=filters.regions)
    ids = with_dependents(refresh.ids, records)
    out = dict(records)
    notes: list[str] = []
    for name, gone in refresh.deleted.items():
        out[name] = merge(out[name], gone, [])
        notes.append(f"{len(gone)} {name} deleted")

    def one(name: str) -> tuple[str, frozenset[int], list[dict[str, Any]]]:
        path, params = queries[name]
        wanted = ids[name]
        if len(wanted) > max(500, len(out[name]) // 4):  # cheaper as one whole list
            whole = nb.get_all(path, params)
            return name, frozenset(int(r["id"]) for r in out[name]), whole
        return name, wanted, nb.get_ids(path, params, wanted)

    with ThreadPoolExecutor(max(1, min(len(ids), nb.workers))) as pool:
        for name, drop, fresh in pool.map(one, sorted(ids)):
            before = {int(r["id"]) for r in out[name]}
            out[name] = merge(out[name], drop, fresh)
            notes.append(f"{len(ids[name])} {name} re-read")
            if name == "devices" and filters.any:
                # a device that now matches the filter brings its interfaces along
                arrived = {int(r["id"]) for r in fresh} - before
                if arrived:
                    path, params = queries["interfaces"]
                    got = nb.get_ids(path, params, arrived, key="device_id")
                    out["interfaces"] = merge(out["interfaces"], frozenset(), got)
    return out, notes


def load_data(
    nb: NetBox,
    filters: Filters,
    store: SnapshotStore | None,
    *,
    max_age: float,
    api: str = "graphql",
    renew: bool = False,
    clock: Callable[[], float] = time.time,
) -> Loaded:
    """The Nornir data for ``filters``: from the snapshot when the change log allows;
    a full read goes through ``api`` (see :func:`fetch_records`)."""
    now = clock()

    def full(why: str) -> Loaded:
        return full_load(nb, filters, store, now, why, api)

    if store is None:
        return full_load(nb, filters, None, now, "cache off", api)
    state = None if renew else store.read_state()
    if state is None:
        return full("refresh asked" if renew else "no snapshot yet")
    if now - state.created > max_age:
        return full(f"snapshot older than {max_age:.0f} s")
    anchor = Anchor(state.anchor_id, state.hole_since, state.anchor_time)
    try:
        changes = nb.get_all(
            CHANGES_PATH,
            {"id__gte": anchor.change_id, "ordering": "id", "fields": CHANGE_FIELDS},
        )
    except NetBoxError as exc:
        return full(f"change log unreadable ({exc.message})")
    refresh = plan_refresh(changes, anchor, filtered=filters.any, now=now, refs=state.refs)
    if refresh.full is not None:
        return full(refresh.full)
    moved = state.advanced(refresh.anchor)
    if refresh.nothing:
        data = store.read_data(state)
        if data is None:
            return full("snapshot model unreadable")
        if moved != state:
            store.save_state(moved)
        detail = f"{refresh.changes} new changes, none to tbwan's records"
        return Loaded(data, "cache", detail, nb.requests)
    records = store.read_records(state)
    if records is None:
        return full("snapshot records unreadable")
    records, notes = _reread(nb, filters, records, refresh)
    data = _rebuild(records)
    store.save(moved.regenerated(referenced(records)), records, data)
    return Loaded(data, "cache+changes", ", ".join(notes), nb.requests)


def describe(loaded: Loaded) -> str:
    """One line for logs: ``netbox (no snapshot yet), 31 requests``."""
    return f"{loaded.source} ({loaded.detail}), {loaded.requests} requests"
