"""NetBox's change log -> what a cached load must re-read: pure functions, no I/O.

A cached load keeps the records of its last full load and the id of the newest change
it has seen (the *anchor*). The next load asks ``/api/core/object-changes/`` for every
change from the anchor on; :func:`plan_refresh` turns the answer into the ids to re-read
per list, or a reason to reload everything.

Rules:

* The anchor's own entry must still be there, with the same time (first entry answered
  == anchor): otherwise the change log was pruned (``CHANGELOG_RETENTION``) past it, or
  the database was replaced, and changes may be lost.
* A change to an object whose values tbwan's records embed (a device role's slug is
  inside every device record of that role, the managed tag is in every filter) or to a
  custom field definition reloads everything; so does a site or region change when the
  load is filtered (which sites, devices and interfaces match may have moved).
* A gap in the ids may be a transaction still running (its changes become visible later)
  or one rolled back (never). The anchor stays before the first gap, so its changes are
  read again next time, until ``HOLE_GRACE`` seconds have passed.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tbwan.netbox.reader import OBJECT_TYPES

HOLE_GRACE = 600.0

# Types whose values sit inside tbwan's records (a device role's slug in every device
# record, the managed tag in every filter): list -> (attribute, type) of the nested copy.
# A change to one reloads everything when a record refers to it (``referenced``).
EMBEDDED: dict[str, tuple[tuple[str, str], ...]] = {
    "regions": (("tags", "extras.tag"),),
    "sites": (("group", "dcim.sitegroup"),),
    "devices": (
        ("role", "dcim.devicerole"),
        ("platform", "dcim.platform"),
        ("device_type", "dcim.devicetype"),
    ),
    "circuits": (("provider", "circuits.provider"), ("type", "circuits.circuittype")),
    "vlans": (("role", "ipam.role"),),
    "prefixes": (("role", "ipam.role"),),
}
EMBEDDED_TYPES = frozenset(kind for pairs in EMBEDDED.values() for _, kind in pairs)
ALWAYS_FULL = frozenset({"extras.customfield"})  # renames keys of every custom_fields


def referenced(records: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, list[int]]:
    """Embedded type -> the ids tbwan's records refer to (kept with the snapshot).

    >>> referenced({"devices": [{"role": {"id": 2}, "platform": None, "device_type": {"id": 5}}]})
    {'dcim.devicerole': [2], 'dcim.devicetype': [5]}
    """
    out: dict[str, set[int]] = {}
    for name, pairs in EMBEDDED.items():
        for record in records.get(name, ()):
            for attr, kind in pairs:
                value = record.get(attr)
                for nested in value if isinstance(value, list) else [value]:
                    if isinstance(nested, dict) and nested.get("id") is not None:
                        out.setdefault(kind, set()).add(int(nested["id"]))
    return {kind: sorted(ids) for kind, ids in sorted(out.items())}


# list -> (list holding a nested copy of it, how to read that copy's id)
Nested = tuple[str, str]
NESTED: dict[str, tuple[Nested, ...]] = {
    "ips": (("devices", "primary_ip4"),),
    "vlans": (("prefixes", "vlan"),),
    "regions": (("sites", "region"), ("regions", "parent")),
    "sites": (("terminations", "termination"),),
}


@dataclass(frozen=True)
class Anchor:
    """Where the change log was read up to: the entry's id and time (as NetBox wrote it);
    ``hole_since``: when a gap after it was first seen (epoch seconds)."""

    change_id: int
    hole_since: float | None = None
    time: str = ""


@dataclass(frozen=True)
class Refresh:
    """What to re-read: ``ids[list]`` by id (a record NetBox no longer returns is
    dropped), ``device_ids``: devices new to the records, whose interfaces to read."""

    anchor: Anchor
    full: str | None = None  # why everything must be reloaded, or None
    ids: dict[str, frozenset[int]] = field(default_factory=dict)
    deleted: dict[str, frozenset[int]] = field(default_factory=dict)
    changes: int = 0

    @property
    def nothing(self) -> bool:
        """True when the records are current as they are."""
        return self.full is None and not self.ids and not self.deleted


def advance(ids: Sequence[int], anchor: Anchor, now: float) -> Anchor:
    """The new anchor after reading change ids ``ids`` (ascending, from the anchor on).

    >>> advance([5, 6, 7], Anchor(5), now=100.0)
    Anchor(change_id=7, hole_since=None, time='')
    >>> advance([5, 6, 8, 9], Anchor(5), now=100.0)  # 7 may still be in flight
    Anchor(change_id=6, hole_since=100.0, time='')
    >>> advance([6, 8, 9], Anchor(6, hole_since=100.0), now=800.0)  # given up on 7
    Anchor(change_id=9, hole_since=None, time='')
    """
    if not ids:
        return anchor
    for before, after in itertools.pairwise(ids):
        if after != before + 1:
            since = anchor.hole_since if anchor.hole_since is not None else now
            if now - since <= HOLE_GRACE:
                return Anchor(before, since)
            break
    return Anchor(ids[-1], None)


def anchor_at(changes: Sequence[Mapping[str, Any]], anchor: Anchor, now: float) -> Anchor:
    """:func:`advance` over change log entries (ascending), keeping the entry's time."""
    ids = [int(c["id"]) for c in changes]
    moved = advance(ids, anchor, now)
    if moved.change_id == anchor.change_id:
        return replace(moved, time=anchor.time)
    times = {int(c["id"]): str(c.get("time", "")) for c in changes}
    return replace(moved, time=times.get(moved.change_id, ""))


def _kind(change: Mapping[str, Any]) -> str:
    return str(change["changed_object_type"])


def _action(change: Mapping[str, Any]) -> str:
    action = change["action"]
    return str(action["value"] if isinstance(action, dict) else action)


def plan_refresh(
    changes: Sequence[Mapping[str, Any]],
    anchor: Anchor,
    *,
    filtered: bool,
    now: float,
    refs: Mapping[str, Sequence[int]] | None = None,
) -> Refresh:
    """What to re-read given the change log entries from the anchor on (ascending ids,
    fields ``id``, ``time``, ``action``, ``changed_object_type``, ``changed_object_id``);
    ``refs``: :func:`referenced` of the records (None: every embedded change counts)."""
    first = changes[0] if changes else None
    if anchor.change_id and (
        first is None
        or int(first["id"]) != anchor.change_id
        or str(first.get("time", "")) != anchor.time
    ):
        return Refresh(
            anchor,
            full=f"NetBox's change log no longer holds change {anchor.change_id} as seen "
            "(pruned, or another database)",
        )
    new = [c for c in changes if int(c["id"]) > anchor.change_id]
    next_anchor = anchor_at(changes, anchor, now)
    touched: dict[str, set[int]] = {}
    last_action: dict[tuple[str, int], str] = {}
    for change in new:
        kind = _kind(change)
        used = refs is None or int(change["changed_object_id"]) in set(refs.get(kind, ()))
        if kind in ALWAYS_FULL or (kind in EMBEDDED_TYPES and used):
            why = f"a {kind} tbwan's records use changed in NetBox (change {change['id']})"
            return Refresh(next_anchor, full=why)
        name = OBJECT_TYPES.get(kind)
        if name is None:
            continue  # not part of what tbwan reads (journal entries, cables, users, ...)
        if filtered and name in ("sites", "regions"):
            return Refresh(
                next_anchor, full=f"a {kind} changed and the load is filtered by site/region"
            )
        object_id = int(change["changed_object_id"])
        touched.setdefault(name, set()).add(object_id)
        last_action[(name, object_id)] = _action(change)
    deleted = {
        name: frozenset(i for i in found if last_action[(name, i)] == "delete")
        for name, found in touched.items()
    }
    reread = {name: frozenset(found - deleted[name]) for name, found in touched.items()}
    return Refresh(
        next_anchor,
        ids={k: v for k, v in reread.items() if v},
        deleted={k: v for k, v in deleted.items() if v},
        changes=len(new),
    )


def _nested_id(record: Mapping[str, Any], attr: str) -> int | None:
    if attr == "termination":  # a circuit termination's far end: only sites matter here
        if record.get("termination_type") != "dcim.site":
            return None
        value = record.get("termination_id")
        return int(value) if value is not None else None
    nested = record.get(attr)
    return int(nested["id"]) if isinstance(nested, dict) and "id" in nested else None


def with_dependents(
    ids: Mapping[str, frozenset[int]], records: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, frozenset[int]]:
    """``ids`` plus the records holding a nested copy of a re-read one (a device whose
    primary address changed, a prefix whose VLAN was renumbered, ...)."""
    out = {name: set(found) for name, found in ids.items()}
    for source, holders in NESTED.items():
        changed = ids.get(source)
        if not changed:
            continue
        for holder, attr in holders:
            for record in records.get(holder, ()):
                if _nested_id(record, attr) in changed:
                    out.setdefault(holder, set()).add(int(record["id"]))
    return {name: frozenset(found) for name, found in out.items() if found}


def merge(
    records: Sequence[dict[str, Any]], drop: frozenset[int], fresh: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``records`` without the ids in ``drop``, with ``fresh`` put in (by id).

    >>> merge([{"id": 1}, {"id": 2, "v": 0}], frozenset({1, 2}), [{"id": 2, "v": 1}])
    [{'id': 2, 'v': 1}]
    """
    fresh_ids = {int(r["id"]) for r in fresh}
    kept = [r for r in records if int(r["id"]) not in drop and int(r["id"]) not in fresh_ids]
    return [*kept, *fresh]
