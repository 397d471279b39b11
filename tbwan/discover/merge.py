"""Merge discovered devices into a source of truth: sites, VLANs, prefixes, circuits.

Pure. Existing records stay; a discovered device replaces the record of the same name
(its facts are the running network's); VLANs, prefixes and circuits the devices show are
added when missing. A result that the inventory's own validation refuses is not returned:
the devices it names become row errors and the rest is merged again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from ipaddress import IPv4Network
from pathlib import Path
from typing import Literal

from tbwan.discover.records import Discovered
from tbwan.discover.rules import DiscoverRules
from tbwan.discover.targets import RowError
from tbwan.inventory.models import (
    MEDIA_RATES,
    Circuit,
    Device,
    Interface,
    Inventory,
    Media,
    Prefix,
    Role,
    Site,
    Vlan,
)
from tbwan.inventory.names import ascii_fold, slugify
from tbwan.inventory.validate import COMMUNE_KIND, problems

_INFRA_POOLS = ("loopback", "p2p", "tunnel")
_DEVICE_IN = re.compile(r"device '([^']+)'")
Action = Literal["create", "update", "unchanged"]


@dataclass(frozen=True)
class SiteChange:
    """What merging does to one site."""

    slug: str
    action: Action
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class MergeResult:
    """The merged inventory, what changed per site, rows refused and notes per row."""

    inventory: Inventory
    changes: tuple[SiteChange, ...]
    errors: tuple[RowError, ...]
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def changed(self) -> tuple[SiteChange, ...]:
        """The sites created or updated."""
        return tuple(c for c in self.changes if c.action != "unchanged")


def pool_problems(device: Device, inv: Inventory) -> tuple[list[str], list[str]]:
    """(errors, notes) of a device's addresses against the plan's pools.

    Addresses in the supernet but in no pool are errors (the plan does not know them);
    addresses outside the supernet (Internet-facing) are kept and noted.
    """
    errors: list[str] = []
    notes: list[str] = []
    pools = inv.plan.pools
    for i in device.interfaces:
        if i.ipv4 is None:
            continue
        if i.ipv4.ip not in inv.plan.supernet:
            notes.append(f"{i.name} {i.ipv4} is outside the plan's supernet (kept as found)")
        elif not any(i.ipv4.network.subnet_of(p) for p in pools.values()):
            errors.append(
                f"{i.name} {i.ipv4} is in no pool of the plan ({', '.join(pools)}): "
                "renumber the device or add the pool to plan.yaml"
            )
    return errors, notes


def _vlan_name(name: str, vid: int) -> str:
    slug = slugify(name) if name else ""
    return slug or f"vlan{vid}"


def _site_vlans(
    existing: Site | None, found: Sequence[Discovered], rules: DiscoverRules
) -> tuple[Vlan, ...]:
    vlans: dict[int, Vlan] = {v.vid: v for v in existing.vlans} if existing else {}
    for d in found:
        for vid, name in sorted(d.vlans.items()):
            slug = _vlan_name(name, vid)
            role = vlans[vid].role if vid in vlans else rules.vlan_roles.get(slug, slug)
            vlans[vid] = Vlan(vid=vid, name=slug, role=role)
    return tuple(vlans[v] for v in sorted(vlans))


def _lan(i: Interface, inv: Inventory) -> IPv4Network | None:
    if i.ipv4 is None or i.ipv4.ip not in inv.plan.supernet or i.unnumbered:
        return None
    infra = [inv.plan.pools[n] for n in _INFRA_POOLS if n in inv.plan.pools]
    if any(i.ipv4.network.subnet_of(p) for p in infra):
        return None
    return i.ipv4.network


def _site_prefixes(
    existing: Site | None,
    devices: Iterable[Device],
    vlans: tuple[Vlan, ...],
    inv: Inventory,
    untagged_role: str,
) -> tuple[Prefix, ...]:
    prefixes: dict[IPv4Network, Prefix] = (
        {p.prefix: p for p in existing.prefixes} if existing else {}
    )
    roles = {v.vid: v.role for v in vlans}
    for d in devices:
        for i in d.interfaces:
            net = _lan(i, inv)
            if net is None or net in prefixes or net.prefixlen >= 31:
                continue
            if i.vlan is None:  # a routed LAN port: no VLAN to name its role
                prefixes[net] = Prefix(prefix=net, role=untagged_role)
            elif i.vlan in roles:
                prefixes[net] = Prefix(prefix=net, role=roles[i.vlan], vlan=i.vlan)
    return tuple(
        sorted(prefixes.values(), key=lambda p: (p.prefix.network_address, p.prefix.prefixlen))
    )


def _circuit(i: Interface, rules: DiscoverRules, supernet: IPv4Network) -> Circuit | None:
    """A dedicated line (fiber, or copper at its shaped rate) to the carrier, or Internet
    access outside the plan's supernet carrying IPsec to the DIC."""
    assert i.circuit is not None
    media, rate, end = Media.FIBER, 100_000, rules.circuit_termination
    if i.ipv4 is not None and i.ipv4.ip not in supernet:
        media, end = Media.IPSEC, rules.vpn_termination
    elif i.shape_kbps:
        media, rate = Media.COPPER, i.shape_kbps
    if rate not in MEDIA_RATES[media]:
        return None
    return Circuit(
        cid=i.circuit,
        provider=rules.provider(i.circuit),
        media=media,
        rate_kbps=rate,
        termination_z=end,
    )


def _circuits(
    found: Sequence[Discovered], existing: set[str], rules: DiscoverRules, supernet: IPv4Network
) -> tuple[dict[str, Circuit], dict[str, str], dict[str, list[str]]]:
    """New circuits, the site each belongs to, and notes per device on circuits not recorded.

    A circuit is recorded from the physical port it is the uplink of (the line's own end,
    with its rate from shaping); a hub's or the DIC edge's subinterface naming it only
    refers to it, once the far site is discovered too.
    """
    circuits: dict[str, Circuit] = {}
    owner: dict[str, str] = {}
    notes: dict[str, list[str]] = {d.device.name: [] for d in found}
    for d in found:
        for i in d.device.interfaces:
            if not i.circuit or i.circuit in existing or "." in i.name:
                continue
            c = _circuit(i, rules, supernet)
            if c is None:
                notes[d.device.name].append(f"{i.name}: circuit {i.circuit} at an unsold rate")
                continue
            if i.circuit not in owner or d.site < owner[i.circuit]:
                owner[i.circuit] = d.site
                circuits[i.circuit] = c
    return circuits, owner, notes


def _resolve_circuits(devices: Sequence[Device], known: set[str]) -> list[Device]:
    out: list[Device] = []
    for d in devices:
        ifs = tuple(
            i.model_copy(update={"circuit": None}) if i.circuit and i.circuit not in known else i
            for i in d.interfaces
        )
        out.append(d.model_copy(update={"interfaces": ifs}))
    return out


def _root_region(inv: Inventory, rules: DiscoverRules) -> str:
    if rules.region:
        return rules.region
    return next((r.slug for r in inv.regions if r.parent is None), inv.regions[0].slug)


def _new_kind(slug: str, group: Sequence[Discovered], rules: DiscoverRules) -> str:
    """The kind of a site discovery creates.

    A site with a commune router is a commune: validation holds a commune's LAN to the
    ``commune_lan`` pool and every other site's away from it, so the kind must say so.
    """
    if not group and slug == rules.circuit_termination:
        return "carrier"
    if any(d.device.role is Role.COMMUNE_ROUTER for d in group):
        return COMMUNE_KIND
    return rules.site_kind


def _describe(old: Site | None, new: Site) -> SiteChange:
    if old is None:
        names = ", ".join(d.name for d in new.devices) or "where the discovered circuits land"
        return SiteChange(new.slug, "create", (f"new site: {names}",))
    if old == new:
        return SiteChange(new.slug, "unchanged")
    details: list[str] = []
    before = {d.name: d for d in old.devices}
    for d in new.devices:
        was = before.get(d.name)
        if was is None:
            details.append(f"device {d.name}: new")
        elif was != d:
            diff = _device_diff(was, d)
            details.append(f"device {d.name}: {diff}")
    for what, a, b in (
        ("vlan", {v.vid for v in old.vlans}, {v.vid for v in new.vlans}),
        ("prefix", {str(p.prefix) for p in old.prefixes}, {str(p.prefix) for p in new.prefixes}),
        ("circuit", {c.cid for c in old.circuits}, {c.cid for c in new.circuits}),
    ):
        for item in sorted(b - a, key=str):
            details.append(f"{what} {item}: new")
    return SiteChange(new.slug, "update", tuple(details) or ("records changed",))


def _device_diff(old: Device, new: Device) -> str:
    parts = [
        f
        for f in ("role", "platform", "model", "serial", "primary_ip")
        if getattr(old, f) != getattr(new, f)
    ]
    a = {i.name: i for i in old.interfaces}
    b = {i.name: i for i in new.interfaces}
    changed = [n for n in b if n in a and a[n] != b[n]]
    if changed:
        parts.append(f"{len(changed)} interface(s) changed ({', '.join(changed[:3])})")
    if b.keys() - a.keys():
        parts.append(f"{len(b.keys() - a.keys())} interface(s) new")
    if a.keys() - b.keys():
        parts.append(f"{len(a.keys() - b.keys())} interface(s) gone")
    return ", ".join(parts) or "interface order changed"


def _keep_links(device: Device, old: Site, seen: set[str]) -> Device:
    """``device`` with the links its old record had to devices not discovered this time.

    Discovery sees a link only when it reaches both ends; a link the source of truth
    already holds to a device outside this run stays (a rerun on part of the network
    changes nothing, and NetBox's cables read back as peers on both ends).
    """
    before = next((d for d in old.devices if d.name == device.name), None)
    if before is None:
        return device
    known = {i.name: i for i in before.interfaces}
    ifs = []
    for i in device.interfaces:
        was = known.get(i.name)
        if i.peer_device is None and was is not None and was.peer_device not in (None, *seen):
            link = {"peer_device": was.peer_device, "peer_interface": was.peer_interface}
            ifs.append(i.model_copy(update=link))
        else:
            ifs.append(i)
    return device.model_copy(update={"interfaces": tuple(ifs)})


def _merge_once(
    inv: Inventory, found: Sequence[Discovered], rules: DiscoverRules
) -> tuple[Inventory, list[SiteChange], dict[str, list[str]]]:
    by_site: dict[str, list[Discovered]] = {}
    for d in found:
        by_site.setdefault(d.site, []).append(d)
    existing_sites = {s.slug: s for s in inv.sites}
    known = {c.cid for s in inv.sites for c in s.circuits}
    new_circuits, circuit_site, notes = _circuits(found, known, rules, inv.plan.supernet)
    for c in new_circuits.values():  # where circuits land must exist: a bare site if need be
        if c.termination_z not in existing_sites:
            by_site.setdefault(c.termination_z, [])
    sites: dict[str, Site] = dict(existing_sites)
    changes: list[SiteChange] = []
    for slug in sorted(by_site):
        old = existing_sites.get(slug)
        group = by_site[slug]
        devices = _resolve_circuits([d.device for d in group], known | set(new_circuits))
        if old is not None:
            seen = {d.device.name for d in found}
            devices = [_keep_links(d, old, seen) for d in devices]
        added = [c for cid, c in sorted(new_circuits.items()) if circuit_site[cid] == slug]
        kept = [d for d in (old.devices if old else ()) if d.name not in {x.name for x in devices}]
        merged_devices = tuple(sorted([*kept, *devices], key=lambda d: d.name))
        vlans = _site_vlans(old, group, rules)
        if old is None:
            location = next((d.location for d in group if d.location), None)
            base = Site(
                slug=slug,
                name=ascii_fold(location) if location else slug,
                kind=_new_kind(slug, group, rules),
                region=_root_region(inv, rules),
            )
        else:
            base = old
        new = base.model_copy(
            update={
                "vlans": vlans,
                "prefixes": _site_prefixes(
                    old, merged_devices, vlans, inv, rules.untagged_lan_role
                ),
                "circuits": (*base.circuits, *added),
                "devices": merged_devices,
            }
        )
        new = Site.model_validate(new.model_dump())
        sites[slug] = new
        changes.append(_describe(old, new))
    merged = Inventory(
        plan=inv.plan, regions=inv.regions, sites=tuple(sites[s] for s in sorted(sites))
    )
    return merged, changes, notes


def _without_peers(d: Discovered, gone: set[str]) -> Discovered:
    if not any(i.peer_device in gone for i in d.device.interfaces):
        return d
    ifs = tuple(
        i.model_copy(update={"peer_device": None, "peer_interface": None})
        if i.peer_device in gone
        else i
        for i in d.device.interfaces
    )
    return replace(d, device=d.device.model_copy(update={"interfaces": ifs}))


def merge(
    inv: Inventory, found: Sequence[Discovered], rules: DiscoverRules, root: Path
) -> MergeResult:
    """Merge ``found`` into ``inv`` (whose files are under ``root``, for messages)."""
    errors: list[RowError] = []
    notes: dict[int, tuple[str, ...]] = {}
    good: list[Discovered] = []
    for d in found:
        bad, pool_notes = pool_problems(d.device, inv)
        if bad:
            errors.append(RowError(d.row, d.address, f"{d.device.name}: {'; '.join(bad)}"))
        else:
            good.append(d)
            notes[d.row] = (*d.notes, *pool_notes)
    for _ in range(len(good) + 1):
        merged, changes, merge_notes = _merge_once(inv, good, rules)
        found_problems = problems(merged, root)
        # a link to a device refused here is not its neighbour's fault: that link goes
        named = {
            m.group(1): p
            for p in found_problems
            for m in [_DEVICE_IN.search(p)]
            if m and "field peer_device" not in p
        }
        culprits = [d for d in good if d.device.name in named]
        if not found_problems:
            break
        if not culprits:
            raise_msg = "; ".join(found_problems[:5])
            errors.extend(RowError(d.row, d.address, f"not merged: {raise_msg}") for d in good)
            return MergeResult(inv, (), tuple(errors), notes)
        for d in culprits:
            errors.append(RowError(d.row, d.address, named[d.device.name]))
        gone = {d.device.name for d in culprits}
        good = [_without_peers(d, gone) for d in good if d not in culprits]
    for d in good:
        notes[d.row] = (*notes.get(d.row, ()), *merge_notes.get(d.device.name, []))
    return MergeResult(merged, tuple(changes), tuple(sorted(errors, key=lambda e: e.row)), notes)
