"""Checks that span records: duplicates, overlaps, references, addresses in prefixes.

Each problem names the file and the record; all problems are reported at once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Network
from pathlib import Path

from tbwan.errors import InventoryError
from tbwan.inventory.models import Device, Interface, InterfaceMode, Inventory, Site
from tbwan.platforms import PLATFORMS

MAX_SHOWN = 20


def _site_file(root: Path, site: Site) -> str:
    return str(root / "sites" / f"{site.slug}.yaml")


def _duplicates(root: Path, inv: Inventory) -> Iterator[str]:
    for what, names in (
        ("site slug", [s.slug for s in inv.sites]),
        ("region slug", [r.slug for r in inv.regions]),
        ("host name", [d.name for d in inv.devices]),
        ("circuit id", [c.cid for s in inv.sites for c in s.circuits]),
    ):
        for name, count in Counter(names).items():
            if count > 1:
                yield f"{root}: duplicate {what} {name!r} ({count} records): names must be unique"
    seen: dict[str, str] = {}
    for site in inv.sites:
        for dev in site.devices:
            for i in dev.interfaces:
                if i.ipv4 is None:
                    continue
                key = str(i.ipv4.ip)
                here = f"{dev.name} {i.name}"
                if key in seen:
                    yield (
                        f"{_site_file(root, site)}: device {dev.name!r} interface {i.name!r} "
                        f"ipv4 {i.ipv4} is already used by {seen[key]}"
                    )
                seen[key] = here
        for dev in site.devices:
            for name, count in Counter(i.name for i in dev.interfaces).items():
                if count > 1:
                    yield (
                        f"{_site_file(root, site)}: device {dev.name!r} has interface "
                        f"{name!r} {count} times"
                    )


def _references(root: Path, inv: Inventory) -> Iterator[str]:
    regions = {r.slug for r in inv.regions}
    sites = {s.slug for s in inv.sites}
    circuits = {c.cid for s in inv.sites for c in s.circuits}
    hosts = {d.name for d in inv.devices}
    for r in inv.regions:
        if r.parent is not None and r.parent not in regions:
            yield (
                f"{root / 'regions.yaml'}: region {r.slug!r} field parent: region "
                f"{r.parent!r} does not exist"
            )
    for s in inv.sites:
        f = _site_file(root, s)
        if s.region not in regions:
            yield (
                f"{f}: site {s.slug!r} field region: district/region {s.region!r} does not "
                f"exist; use one of regions.yaml ({', '.join(sorted(regions))})"
            )
        if s.hub is not None and s.hub not in sites:
            yield f"{f}: site {s.slug!r} field hub: site {s.hub!r} does not exist"
        for c in s.circuits:
            if c.termination_z not in sites:
                yield (
                    f"{f}: circuit {c.cid!r} field termination_z: site {c.termination_z!r} "
                    "does not exist"
                )
        for d in s.devices:
            if d.platform not in PLATFORMS:
                yield (
                    f"{f}: device {d.name!r} field platform: unknown platform {d.platform!r}; "
                    f"use one of {', '.join(sorted(PLATFORMS))}"
                )
            for i in d.interfaces:
                if i.circuit is not None and i.circuit not in circuits:
                    yield (
                        f"{f}: device {d.name!r} interface {i.name!r} field circuit: "
                        f"circuit {i.circuit!r} does not exist"
                    )
                if i.peer_device is not None and i.peer_device not in hosts:
                    yield (
                        f"{f}: device {d.name!r} interface {i.name!r} field peer_device: "
                        f"host {i.peer_device!r} does not exist"
                    )


def _prefixes(root: Path, inv: Inventory) -> Iterator[str]:
    supernet = inv.plan.supernet
    for name, pool in inv.plan.pools.items():
        if not pool.subnet_of(supernet):
            yield f"{root / 'plan.yaml'}: pool {name!r} {pool} is outside the supernet {supernet}"
    owned: list[tuple[IPv4Network, str]] = []
    for s in inv.sites:
        for p in s.prefixes:
            where = f"{_site_file(root, s)}: prefix {p.prefix}"
            if not p.prefix.subnet_of(supernet):
                yield f"{where} is outside the supernet {supernet}: allocate it from the plan"
            owned.append((p.prefix, where))
    owned.sort(key=lambda t: (t[0].network_address, t[0].prefixlen))
    for (a, wa), (b, wb) in itertools.pairwise(owned):
        if a.overlaps(b):
            yield f"{wb} overlaps {a} ({wa.split(':')[0]}): prefixes must not overlap"


@dataclass(frozen=True)
class _SiteIndex:
    """What an interface's addresses are checked against."""

    where: str
    slug: str
    by_vlan: dict[int, IPv4Network]
    containers: list[IPv4Network]
    vids: set[int]
    supernet: IPv4Network


def _addresses(root: Path, inv: Inventory) -> Iterator[str]:
    pools = inv.plan.pools
    infra = [pools[n] for n in ("loopback", "p2p", "tunnel") if n in pools]
    for s in inv.sites:
        idx = _SiteIndex(
            where=_site_file(root, s),
            slug=s.slug,
            by_vlan={p.vlan: p.prefix for p in s.prefixes if p.vlan is not None},
            containers=[*(p.prefix for p in s.prefixes), *infra],
            vids={v.vid for v in s.vlans},
            supernet=inv.plan.supernet,
        )
        for d in s.devices:
            for i in d.interfaces:
                yield from _interface(idx, d, i)


def _interface(idx: _SiteIndex, d: Device, i: Interface) -> Iterator[str]:
    where = f"{idx.where}: device {d.name!r} interface {i.name!r}"
    if (
        i.mode in (InterfaceMode.ACCESS, InterfaceMode.SVI)
        and i.vlan is not None
        and i.vlan not in idx.vids
    ):
        yield f"{where} field vlan: VLAN {i.vlan} is not defined at site {idx.slug!r}"
    for v in i.vlans:
        if v not in idx.vids:
            yield f"{where} field vlans: VLAN {v} is not defined at site {idx.slug!r}"
    if i.ipv4 is None:
        return
    ip = i.ipv4.ip
    lan = idx.by_vlan.get(i.vlan) if i.vlan is not None else None
    if lan is not None:
        if ip not in lan or i.ipv4.network != lan:
            yield (
                f"{where} field ipv4: {i.ipv4} is outside its prefix {lan} (VLAN {i.vlan}): "
                "fix the address or the prefix"
            )
        return
    if ip not in idx.supernet:
        if i.ospf_area is not None:
            yield (
                f"{where} field ipv4: {i.ipv4} is outside the supernet "
                f"{idx.supernet}; only Internet-facing interfaces may be"
            )
        return
    if not any(ip in net and i.ipv4.network.subnet_of(net) for net in idx.containers):
        yield (
            f"{where} field ipv4: {i.ipv4} is in no prefix of the site and no pool of the "
            "plan: allocate it from the plan"
        )


def problems(inv: Inventory, root: Path) -> list[str]:
    """Every cross-record problem of ``inv`` (empty when valid)."""
    return [
        *_duplicates(root, inv),
        *_references(root, inv),
        *_prefixes(root, inv),
        *_addresses(root, inv),
    ]


def validate_inventory(inv: Inventory, root: Path) -> None:
    """Raise :class:`InventoryError` listing the problems of ``inv``, if any."""
    found = problems(inv, root)
    if found:
        more = f"\n  ... and {len(found) - MAX_SHOWN} more" if len(found) > MAX_SHOWN else ""
        listed = "\n  ".join(found[:MAX_SHOWN])
        raise InventoryError(f"{len(found)} problem(s) in the inventory:\n  {listed}{more}")
