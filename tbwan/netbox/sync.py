"""``tbwan netbox sync``: make NetBox hold the inventory, changing only what differs.

Records are matched by natural key (slug, name, device+interface, ...), compared field by
field, then created, patched or (with ``prune``) deleted in bulk. A second run changes
nothing. Deletion only ever touches records that carry the ``tbwan`` tag.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from tbwan.errors import NetBoxError
from tbwan.inventory.models import Inventory
from tbwan.netbox import schema as s
from tbwan.netbox.client import NetBox
from tbwan.netbox.desired import Ref, Want, desired, primary_ips

Step = Callable[[str, int], None]

# Kinds a narrowed sync reads by natural key: the NetBox filter taking that key's values.
_BY_KEY = {s.SITES: "slug", s.DEVICES: "name", s.CIRCUITS: "cid", s.PREFIXES: "prefix"}
_MAX_QUERY = 2500  # characters of filter values in one GET (gunicorn's request line: 4 KiB)


class Pending:
    """Stands for the id of a record that a dry run would create."""

    def __repr__(self) -> str:
        return "<new>"


def norm(value: Any) -> Any:
    """A NetBox JSON value reduced to what tbwan writes: ids for objects, choice values.

    >>> norm({"value": "active", "label": "Active"}), norm({"id": 7, "url": "x"}), norm(None)
    ('active', 7, None)
    """
    if isinstance(value, dict):
        if "value" in value and "label" in value:
            return value["value"]
        if "id" in value:
            return value["id"]
    return value


@dataclass
class SyncReport:
    """What a sync did (or, dry, would do)."""

    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(sum(c.values()) for c in (self.created, self.updated, self.deleted))

    def summary(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        if not self.changed:
            return f"NetBox already matches the inventory ({sum(self.unchanged.values())} records)"
        parts = [
            f"{sum(c.values())} {name}"
            for name, c in (
                ("created", self.created),
                ("updated", self.updated),
                ("deleted", self.deleted),
            )
            if c
        ]
        return f"{verb}: {', '.join(parts)}; {sum(self.unchanged.values())} unchanged"


class Syncer:
    """One sync run against one NetBox."""

    def __init__(
        self,
        nb: NetBox,
        *,
        dry_run: bool,
        step: Step | None = None,
        devices: Collection[str] | None = None,
    ) -> None:
        self.nb = nb
        self.devices = devices  # only these devices' interfaces and addresses are read
        self.report = SyncReport(dry_run=dry_run)
        self.index: dict[s.Kind, dict[tuple[Any, ...], dict[str, Any]]] = {}
        self.tag_id: int | Pending = Pending()
        self.step = step or (lambda _label, _n: None)
        # with only some sites: the natural keys the wanted records refer to, so that the
        # big kinds are read for those keys alone (see `narrowed`)
        self.referenced: dict[s.Kind, set[tuple[Any, ...]]] | None = None

    # -- references ---------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            key = tuple(self.resolve(v) for v in value.key)
            if any(isinstance(k, Pending) for k in key):
                return Pending()
            record = self.index.get(value.kind, {}).get(key)
            return Pending() if record is None else record["id"]
        return value

    def key_of(self, kind: s.Kind, record: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(norm(record.get(k)) for k in kind.key)

    def narrowed(self, kind: s.Kind, wants: list[Want]) -> dict[str, list[Any]] | None:
        """Filters that read only the ``kind`` records ``wants`` name or refer to (None:
        read them all). Only with :attr:`referenced` set (a sync of some sites)."""
        if self.referenced is None:
            return None
        refs = self.referenced.get(kind, set())
        values: set[Any]
        if kind in _BY_KEY:
            values = {w.fields[kind.key[0]] for w in wants} | {k[0] for k in refs}
            where = {_BY_KEY[kind]: values}
        elif kind is s.VLANS:  # keyed by (site, vid): the VLANs of the sites synced
            sites = {w.fields["site"] for w in wants} | {k[0] for k in refs}
            ids = {self.resolve(site) for site in sites}
            where = {"site_id": {i for i in ids if not isinstance(i, Pending)}}
        elif kind is s.TERMINATIONS:  # keyed by (circuit, side): the circuits just synced
            ids = {self.resolve(w.fields["circuit"]) for w in wants}
            where = {"circuit_id": {i for i in ids if not isinstance(i, Pending)}}
        else:
            return None
        (name, found), *_ = where.items()
        if sum(len(str(v)) + len(name) + 2 for v in found) > _MAX_QUERY:
            return None  # too many for one URL: read them all
        return {name: sorted(found)}

    def query(self, kind: s.Kind, wants: list[Want]) -> dict[str, Any] | None:
        """The GET parameters that read ``kind`` (None: nothing to read)."""
        narrow = self.narrowed(kind, wants)
        if narrow is not None and not next(iter(narrow.values())):
            return None  # nothing wanted or referenced: nothing to read
        # only the compared fields: NetBox serializes far less, reads are ~2x faster
        names = {"id", "display", "tags", "custom_fields", *kind.key}
        names.update(k for w in wants[:1] for k in w.fields)
        if kind is s.DEVICES:
            names.add("primary_ip4")
        params: dict[str, Any] = {"fields": ",".join(sorted(names))}
        if kind is s.IP_ADDRESSES:  # only tbwan's: keyed by interface, one each
            if isinstance(self.tag_id, Pending):
                return None
            params["tag_id"] = self.tag_id
        if self.devices is not None and kind in (s.INTERFACES, s.IP_ADDRESSES):
            if not self.devices:
                return None
            params["device"] = sorted(self.devices)
        return {**params, **(narrow or {})}

    def load(self, kind: s.Kind, wants: list[Want]) -> None:
        """Index the records NetBox has for ``kind`` by natural key."""
        params = self.query(kind, wants)
        records = [] if params is None else self.nb.get_all(kind.path, params)
        self.index[kind] = {self.key_of(kind, r): r for r in records}

    def prefetch(self, plan: dict[s.Kind, list[Want]]) -> None:
        """Load every kind whose read does not filter on records an earlier kind may
        create (VLANs wait for their sites, circuit ends for their circuits, interfaces
        and addresses for their devices), in one parallel round: a kind's records are
        only ever created by its own ``apply``."""
        later = (s.VLANS, s.TERMINATIONS, s.INTERFACES, s.IP_ADDRESSES)
        todo = [k for k in s.ORDER if k not in later]
        queries = {k: self.query(k, plan[k]) for k in todo}
        got = self.nb.get_many(
            (k.endpoint, k.path, params) for k, params in queries.items() if params is not None
        )
        for kind in todo:
            records = got.get(kind.endpoint, [])
            self.index[kind] = {self.key_of(kind, r): r for r in records}

    # -- one kind ---------------------------------------------------------------
    def diff(self, want: Want, fields: dict[str, Any], have: dict[str, Any]) -> dict[str, Any]:
        patch = {k: v for k, v in fields.items() if norm(have.get(k)) != v}
        have_cf = have.get("custom_fields") or {}
        cf = {k: v for k, v in want.custom.items() if have_cf.get(k) != v}
        if cf:
            patch["custom_fields"] = cf
        if want.kind.tagged:
            have_tags = [norm(t) for t in have.get("tags") or []]
            if self.tag_id not in have_tags:
                patch["tags"] = [*have_tags, self.tag_id]
        return patch

    def payload(self, want: Want) -> dict[str, Any]:
        payload = {k: self.resolve(v) for k, v in want.fields.items()}
        if want.custom:
            payload["custom_fields"] = want.custom
        if want.kind.tagged:
            payload["tags"] = [self.tag_id]
        return payload

    @staticmethod
    def _has_pending(payload: dict[str, Any]) -> bool:
        return any(isinstance(v, Pending) for v in payload.values())

    def apply(self, kind: s.Kind, wants: list[Want]) -> None:
        creates: list[tuple[tuple[Any, ...], Want]] = []
        updates: list[dict[str, Any]] = []
        index = self.index.setdefault(kind, {})
        for want in wants:
            fields = {k: self.resolve(v) for k, v in want.fields.items()}
            key = tuple(fields[k] for k in kind.key)
            have = None if any(isinstance(k, Pending) for k in key) else index.get(key)
            if have is None:
                creates.append((key, want))
                continue
            if isinstance(have["id"], Pending):
                continue  # a dry run's planned create already covers it
            patch = self.diff(want, fields, have)
            if patch:
                updates.append({"id": have["id"], **patch})
                self.report.updated[kind.endpoint] += 1
                self.report.changes.append(f"update {want.label()}: {', '.join(sorted(patch))}")
            else:
                self.report.unchanged[kind.endpoint] += 1
        if kind is s.IP_ADDRESSES and creates:
            creates = self.move_addresses(wants, creates, updates)
        self.report.changes.extend(f"create {want.label()}" for _, want in creates)
        self.report.created[kind.endpoint] += len(creates)
        self.step(kind.endpoint, len(wants))
        if self.report.dry_run:
            for key, want in creates:
                index[key] = {**want.fields, "id": Pending()}
            return
        if updates:  # first: an update may free a unique value (an address) a create needs
            self.nb.update(kind, updates)
        reread = False
        while creates:
            # a record referring to another of its kind (a region's parent) waits for a
            # later round, once that one exists
            ready = [(key, self.payload(w)) for key, w in creates]
            ready = [(key, p) for key, p in ready if not self._has_pending(p)]
            if not ready:
                raise NetBoxError(f"cannot create {creates[0][1].label()}: a reference is missing")
            try:
                made = self.nb.create(kind, [p for _, p in ready])
            except NetBoxError:
                if reread:
                    raise
                # NetBox may have applied a create whose answer was lost (a dropped
                # connection under load): read the kind again and create only what is
                # still missing, once
                reread = True
                self.load(kind, wants)
                index = self.index[kind]
                creates = [(key, w) for key, w in creates if key not in index]
                continue
            done = set()
            for (key, _), record in zip(ready, made, strict=True):
                index[key] = record
                done.add(key)
            creates = [(key, w) for key, w in creates if key not in done]

    def move_addresses(
        self,
        wants: list[Want],
        creates: list[tuple[tuple[Any, ...], Want]],
        updates: list[dict[str, Any]],
    ) -> list[tuple[tuple[Any, ...], Want]]:
        """Move an address NetBox has on an interface tbwan no longer wants (a renamed
        interface) instead of creating it again: NetBox refuses a second copy of an
        address (global uniqueness). Returns the creates that are left."""
        index = self.index[s.IP_ADDRESSES]
        wanted = {tuple(self.resolve(w.fields[k]) for k in s.IP_ADDRESSES.key) for w in wants}
        spare = {
            norm(record.get("address")): (key, record)
            for key, record in index.items()
            if key not in wanted and not isinstance(record["id"], Pending)
        }
        left = []
        for key, want in creates:
            found = spare.pop(want.fields["address"], None)
            if found is None or any(isinstance(k, Pending) for k in key):
                left.append((key, want))
                continue
            old_key, record = found
            fields = {k: self.resolve(v) for k, v in want.fields.items()}
            patch = self.diff(want, fields, record)
            updates.append({"id": record["id"], **patch})
            del index[old_key]
            index[key] = {**record, **patch}
            self.report.updated[s.IP_ADDRESSES.endpoint] += 1
            self.report.changes.append(f"move {want.label()}: {want.fields['address']}")
        return left

    # -- setup and pruning --------------------------------------------------------
    def ensure_tag_and_fields(self) -> None:
        tags = {t["slug"]: t for t in self.nb.get_all(s.TAGS.path, {"slug": s.MANAGED_TAG})}
        if s.MANAGED_TAG in tags:
            self.tag_id = tags[s.MANAGED_TAG]["id"]
        elif self.report.dry_run:
            self.report.changes.append(f"create tag {s.MANAGED_TAG}")
            self.report.created[s.TAGS.endpoint] += 1
        else:
            tag = {"name": s.MANAGED_TAG, "slug": s.MANAGED_TAG, "color": "2196f3"}
            self.tag_id = self.nb.create(s.TAGS, [tag])[0]["id"]
        have = {f["name"]: f for f in self.nb.get_all(s.CUSTOM_FIELDS_KIND.path)}
        creates, updates = [], []
        for cf in s.CUSTOM_FIELDS:
            want = {"name": cf.name, "type": cf.type, "object_types": sorted(cf.object_types)}
            existing = have.get(cf.name)
            if existing is None:
                creates.append({**want, "label": cf.label})
            elif sorted(existing.get("object_types") or []) != want["object_types"]:
                updates.append({"id": existing["id"], "object_types": want["object_types"]})
        self.report.changes.extend(f"create custom field {p['name']}" for p in creates)
        self.report.changes.extend(f"update custom field id {p['id']}" for p in updates)
        self.report.created[s.CUSTOM_FIELDS_KIND.endpoint] += len(creates)
        self.report.updated[s.CUSTOM_FIELDS_KIND.endpoint] += len(updates)
        if not self.report.dry_run:
            if creates:
                self.nb.create(s.CUSTOM_FIELDS_KIND, creates)
            if updates:
                self.nb.update(s.CUSTOM_FIELDS_KIND, updates)

    def prune(self, wanted: dict[s.Kind, set[tuple[Any, ...]]]) -> None:
        for kind in reversed(s.ORDER):
            if not kind.tagged:
                continue
            stale = [
                (key, r)
                for key, r in self.index.get(kind, {}).items()
                if key not in wanted.get(kind, set())
                and self.tag_id in [norm(t) for t in r.get("tags") or []]
            ]
            for _, record in stale:
                self.report.changes.append(f"delete {kind.endpoint} {record.get('display')}")
            self.report.deleted[kind.endpoint] += len(stale)
            if stale and not self.report.dry_run:
                self.nb.delete(kind, [r["id"] for _, r in stale])


def referenced(wants: Iterable[Want]) -> dict[s.Kind, set[tuple[Any, ...]]]:
    """Natural keys of every record ``wants`` refer to, nested references included."""
    found: dict[s.Kind, set[tuple[Any, ...]]] = defaultdict(set)

    def visit(value: Any) -> None:
        if isinstance(value, Ref):
            found[value.kind].add(value.key)
            for part in value.key:
                visit(part)

    for want in wants:
        for value in want.fields.values():
            visit(value)
    return found


def sync(
    nb: NetBox,
    inv: Inventory,
    *,
    dry_run: bool = False,
    prune: bool = False,
    step: Step | None = None,
    only_sites: Collection[str] | None = None,
) -> SyncReport:
    """Make NetBox hold ``inv``; return what changed (or would, with ``dry_run``).

    ``only_sites`` syncs just those sites' records (and regions, plan), reading only their
    devices' interfaces and addresses, and of the sites, devices, VLANs, prefixes and
    circuits only those wanted or referred to: what onboarding one commune needs.
    """
    if prune and only_sites is not None:
        raise NetBoxError("--prune needs the whole inventory, not a subset of its sites")
    devices = None
    if only_sites is not None:
        devices = [d.name for site in inv.sites if site.slug in only_sites for d in site.devices]
    syncer = Syncer(nb, dry_run=dry_run, step=step, devices=devices)
    syncer.ensure_tag_and_fields()
    plan = desired(inv, only_sites)
    if only_sites is not None:  # a few records of each kind: read them all at once
        syncer.referenced = referenced(w for wants in plan.values() for w in wants)
        syncer.prefetch(plan)
    wanted: dict[s.Kind, set[tuple[Any, ...]]] = {}
    for kind in s.ORDER:
        if kind not in syncer.index:  # not prefetched
            syncer.load(kind, plan[kind])
        syncer.apply(kind, plan[kind])
        wanted[kind] = {tuple(syncer.resolve(w.fields[k]) for k in kind.key) for w in plan[kind]}
    syncer.apply(s.DEVICES, primary_ips(inv, only_sites))
    if prune:
        syncer.prune(wanted)
    return syncer.report
