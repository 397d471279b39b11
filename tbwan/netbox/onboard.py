"""NetBox as the onboarding source of truth: IPAM allocation, a NetBox-side lock, records.

Addresses come from NetBox IPAM (``available-prefixes`` / ``available-ips`` of the plan's
pools, kept in NetBox as untagged container prefixes), and the records are written by
the same sync as ``tbwan netbox sync``, narrowed to the new site and its hub. A lock
held in NetBox itself (a tag whose slug is unique) serialises allocation and creation,
so two onboardings, from two machines even, never get the same addresses.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from tbwan.errors import NetBoxError, OnboardError
from tbwan.inventory.build import Pools
from tbwan.inventory.models import Inventory, SiteStatus
from tbwan.inventory.names import commune_slug
from tbwan.netbox import schema as s
from tbwan.netbox.client import NetBox
from tbwan.netbox.reader import FIELDS, inventory_from_records, load_from_netbox
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.sync import sync
from tbwan.onboard.move import move_sites
from tbwan.onboard.plan import OnboardPlan, next_cid, plan_commune, resume_plan
from tbwan.onboard.request import CommuneRequest

LOCK_SLUG = "tbwan-onboard-lock"
LOCK_WAIT = 120.0  # seconds to wait for another onboarding
LOCK_STALE = timedelta(minutes=15)  # a lock older than this was left by a crash
POOLS = ("loopback", "p2p", "tunnel", "site_lan", "commune_lan")
PER_GET = 40  # slugs or names in one filtered GET (the URL stays well below 4 KiB)


class NetBoxAllocator:
    """The lowest free block of one pool, as NetBox IPAM reports it."""

    def __init__(self, nb: NetBox, name: str, pool: IPv4Network, pool_id: int) -> None:
        self.nb, self.name, self.pool, self.pool_id = nb, name, pool, pool_id
        self.taken: list[IPv4Network] = []  # handed out in this run, not yet in NetBox

    def _free(self, net: IPv4Network) -> bool:
        return not any(net.overlaps(t) for t in self.taken)

    def allocate(self, prefixlen: int) -> IPv4Network:
        """Lowest free ``/prefixlen``: from available-ips for /31 and /32 (links and
        loopbacks are addresses in NetBox), from available-prefixes otherwise."""
        base = f"/api/ipam/prefixes/{self.pool_id}"
        if prefixlen >= 31:
            free = {
                IPv4Address(r["address"].split("/")[0])
                for r in self.nb.get_list(f"{base}/available-ips/", {"limit": 1000})
            }
            for ip in sorted(free):
                net = IPv4Network((int(ip) & ~(2 ** (32 - prefixlen) - 1), prefixlen))
                if all(a in free for a in net) and self._free(net):
                    self.taken.append(net)
                    return net
        else:
            for block in self.nb.get_list(f"{base}/available-prefixes/", {}):
                avail = IPv4Network(block["prefix"])
                if avail.prefixlen > prefixlen:
                    continue
                for net in avail.subnets(new_prefix=prefixlen):
                    if self._free(net):
                        self.taken.append(net)
                        return net
        raise NetBoxError(
            f"pool {self.name!r} ({self.pool}) has no free /{prefixlen} left in "
            "NetBox: extend the pool in the plan"
        )


class NetBoxSourceOfTruth:
    """Onboarding against NetBox (see the module docstring)."""

    name = "NetBox"

    def __init__(self, nb: NetBox) -> None:
        self.nb = nb

    @classmethod
    def from_settings(cls) -> NetBoxSourceOfTruth:
        """NetBox from ``TBWAN_NETBOX_URL``/``TBWAN_NETBOX_TOKEN`` or ``.netbox/``."""
        return cls(NetBox(*netbox_settings()))

    # -- the lock -----------------------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the NetBox-side onboarding lock (bounded wait; stale locks broken)."""
        deadline = time.monotonic() + LOCK_WAIT
        me = f"pid {os.getpid()} at {datetime.now(UTC).isoformat(timespec='seconds')}"
        while True:
            try:
                tag = self.nb.create(
                    s.TAGS, [{"name": LOCK_SLUG, "slug": LOCK_SLUG, "description": me}]
                )[0]
                break
            except NetBoxError:
                held = self.nb.get_all(s.TAGS.path, {"slug": LOCK_SLUG})
                if held and _stale(held[0]):
                    self.nb.delete(s.TAGS, [held[0]["id"]])
                    continue
                if time.monotonic() > deadline:
                    owner = held[0].get("description") if held else "?"
                    raise OnboardError(
                        f"step create: another onboarding holds the NetBox lock "
                        f"({owner}); retry when it is done"
                    ) from None
                time.sleep(0.3)
        try:
            yield
        finally:
            self.nb.delete(s.TAGS, [tag["id"]])

    # -- SourceOfTruth ------------------------------------------------------------------
    def load(self) -> Inventory:
        """The whole inventory as NetBox holds it."""
        return load_from_netbox(self.nb)

    def load_for(self, request: CommuneRequest) -> Inventory:
        """The district's sites, and any site holding the request's code or slug."""
        slug = commune_slug(request.code, request.name)
        return self._read(
            [{"region": [request.district]}, {"cf_gso_code": request.code}, {"slug": [slug]}]
        )

    def scope(self, sites: Collection[str]) -> Inventory:
        """The regions, the plan and ``sites``, read now."""
        return self._read([{"slug": sorted(sites)}])

    def _district(self, district: str) -> Inventory:
        return self._read([{"region": [district]}])

    def _read(self, site_filters: list[dict[str, Any]]) -> Inventory:
        """The regions, the plan and the sites matching any of ``site_filters``, each with
        its VLANs, prefixes, circuits, devices, interfaces and addresses.

        Three rounds of parallel reads filtered by NetBox (sites; their records; circuit
        ends and addresses), instead of the province's addresses and circuits.
        """
        tag = {"tag": s.MANAGED_TAG}
        first = self.nb.get_many(
            [
                ("regions", s.REGIONS.path, {**tag, "fields": FIELDS["regions"]}),
                ("plan", s.CONFIG_CONTEXTS.path, {"name": s.PLAN_CONTEXT, "fields": "data"}),
                *(
                    (f"sites{n}", s.SITES.path, {**tag, **where, "fields": FIELDS["sites"]})
                    for n, where in enumerate(site_filters)
                ),
            ]
        )
        sites = {r["id"]: r for n in range(len(site_filters)) for r in first[f"sites{n}"]}
        slugs = sorted(r["slug"] for r in sites.values())
        records: dict[str, list[dict[str, Any]]] = {
            "regions": first["regions"],
            "plan": first["plan"],
            "sites": list(sites.values()),
        }
        kinds = {
            "vlans": s.VLANS,
            "prefixes": s.PREFIXES,
            "circuits": s.CIRCUITS,
            "devices": s.DEVICES,
            "interfaces": s.INTERFACES,
        }
        records.update(
            _merged(self.nb, [(n, k.path, tag, "site", slugs) for n, k in kinds.items()])
        )
        circuits = [c["id"] for c in records["circuits"]]
        devices = [d["name"] for d in records["devices"]]
        records.update(
            _merged(
                self.nb,
                [
                    ("terminations", s.TERMINATIONS.path, {}, "circuit_id", circuits),
                    ("ips", s.IP_ADDRESSES.path, tag, "device", devices),
                ],
            )
        )
        return inventory_from_records(records)

    def pools(self, inv: Inventory) -> Pools:
        """NetBox allocators over the plan's pools (created as containers if missing)."""
        have = {
            r["prefix"]: r
            for r in self.nb.get_all(
                s.PREFIXES.path, {"status": "container", "fields": "id,prefix"}
            )
        }
        missing = [
            {
                "prefix": str(inv.plan.pools[n]),
                "status": "container",
                "is_pool": True,
                "description": f"tbwan pool {n}",
            }
            for n in POOLS
            if str(inv.plan.pools[n]) not in have
        ]
        for record in self.nb.create(s.PREFIXES, missing) if missing else []:
            have[record["prefix"]] = record
        return Pools(
            *(
                NetBoxAllocator(
                    self.nb, n, inv.plan.pools[n], int(have[str(inv.plan.pools[n])]["id"])
                )
                for n in POOLS
            )
        )

    def reserve(self, request: CommuneRequest) -> OnboardPlan:
        """Under the lock: validate, allocate from IPAM, create the records as planned."""
        with self.locked():
            inv = self.load_for(request)  # a code taken elsewhere is refused by the plan
            resumed = resume_plan(inv, request)
            if resumed is not None:
                return resumed
            cids = [
                c["cid"]
                for c in self.nb.get_all(s.CIRCUITS.path, {"cid__isw": "tbcl-", "fields": "cid"})
            ]
            plan = plan_commune(inv, request, pools=self.pools(inv), cid=next_cid(cids))
            self._write(plan.apply(inv), [plan.site.slug, plan.hub_site])
            return plan

    def _write(self, inv: Inventory, sites: list[str]) -> None:
        sync(self.nb, inv, only_sites=[x for x in sites if x])

    def set_status(self, plan: OnboardPlan, status: SiteStatus) -> None:
        """Set the site's NetBox status."""
        site = self._site(plan.site.slug)
        if site is not None:
            self.nb.update(s.SITES, [{"id": site["id"], "status": status.value}])

    def _site(self, slug: str) -> dict[str, Any] | None:
        found = self.nb.get_all(s.SITES.path, {"slug": slug, "fields": "id,slug"})
        return found[0] if found else None

    def remove(self, plan: OnboardPlan) -> None:
        """Delete the site, its devices (with interfaces and addresses), prefixes, VLANs
        and circuit, and the hub's downlink."""
        site = self._site(plan.site.slug)
        if plan.hub_device and plan.hub_interface:
            hub_if = self.nb.get_all(
                s.INTERFACES.path,
                {"device": plan.hub_device, "name": plan.hub_interface.name, "fields": "id"},
            )
            self._delete_addresses(
                s.IP_ADDRESSES.path, {"interface_id": [r["id"] for r in hub_if]} if hub_if else None
            )
            if hub_if:
                self.nb.delete(s.INTERFACES, [r["id"] for r in hub_if])
        if site is None:
            return
        where = {"site_id": site["id"], "fields": "id"}
        devices = self.nb.get_all(s.DEVICES.path, where)
        if devices:
            self._delete_addresses(s.IP_ADDRESSES.path, {"device_id": [d["id"] for d in devices]})
            self.nb.delete(s.DEVICES, [d["id"] for d in devices])
        for kind in (s.PREFIXES, s.VLANS):
            ids = [r["id"] for r in self.nb.get_all(kind.path, where)]
            if ids:
                self.nb.delete(kind, ids)
        cids = [c.cid for c in plan.site.circuits]
        circuits = self.nb.get_all(s.CIRCUITS.path, {"cid": cids, "fields": "id"})
        if circuits:
            self.nb.delete(s.CIRCUITS, [c["id"] for c in circuits])
        self.nb.delete(s.SITES, [site["id"]])

    def _delete_addresses(self, path: str, params: dict[str, Any] | None) -> None:
        if params is None:
            return
        ids = [r["id"] for r in self.nb.get_all(path, {**params, "fields": "id"})]
        if ids:
            self.nb.delete(s.IP_ADDRESSES, ids)

    def move(
        self, sites: list[str], region: str, region_name: str | None, parent: str | None
    ) -> Inventory:
        """Re-parent ``sites`` in NetBox (creating the region when a name is given)."""
        after = move_sites(self.load(), sites, region, region_name, parent)
        self._write(after, sites)
        return after


def _stale(tag: dict[str, Any]) -> bool:
    created = tag.get("created")
    if not created:
        return False
    when = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    return datetime.now(UTC) - when > LOCK_STALE


def _merged(
    nb: NetBox, queries: list[tuple[str, str, Mapping[str, Any], str, list[Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """``(name, path, params, filter, values)`` read in parallel, ``values`` split over
    as many GETs as the URL length needs; nothing is read for an empty ``values``."""
    parts = [
        (f"{name}:{i}", path, {**params, key: values[i : i + PER_GET], "fields": FIELDS[name]})
        for name, path, params, key, values in queries
        for i in range(0, len(values), PER_GET)
    ]
    out: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in queries}
    for part, got in (nb.get_many(parts) if parts else {}).items():
        out[part.split(":")[0]].extend(got)
    return out
