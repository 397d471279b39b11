"""Checks that span records: duplicates, overlaps, references, addresses in prefixes.

Each problem names the file and the record; all problems are reported at once.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path

from tbwan.errors import InventoryError
from tbwan.inventory.models import Device, Interface, InterfaceMode, Inventory, Site
from tbwan.platforms import PLATFORMS

MAX_SHOWN = 20


def _site_file(root: Path, site: Site) -> str:
    return str(root / "sites" / f"{site.slug}.yaml")


def _site_files(inv: Inventory, files: Sequence[Path]) -> Iterator[str]:
    """Each site file holds the site it is named after; a duplicate slug names its files."""
    holders: dict[str, list[Path]] = defaultdict(list)
    for site, path in zip(inv.sites, files, strict=True):
        holders[site.slug].append(path)
        if path.stem != site.slug:
            yield (
                f"{path}: holds site {site.slug!r}, but a site file is named after its slug: "
                f"rename it to {site.slug}.yaml or fix the slug"
            )
    for slug, paths in holders.items():
        if len(paths) > 1:
            yield (
                f"duplicate site slug {slug!r} in {' and '.join(map(str, paths))}: "
                "names must be unique"
            )


def _duplicates(root: Path, inv: Inventory, by_file: bool) -> Iterator[str]:
    for what, names in (
        ("site slug", [] if by_file else [s.slug for s in inv.sites]),
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
            elif d.role.value not in PLATFORMS[d.platform].roles:
                able = sorted(slug for slug, p in PLATFORMS.items() if d.role.value in p.roles)
                yield (
                    f"{f}: device {d.name!r} field platform: {d.platform!r} has no template "
                    f"for role {d.role.value!r} yet; use {', '.join(able)}"
                )
            yield from _interface_names(f, d)
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


# Pools that hold interface addresses (loopbacks, links, tunnels), never a site's LAN.
INFRA_POOLS = ("loopback", "p2p", "tunnel")
COMMUNE_POOL = "commune_lan"
COMMUNE_KIND = "commune"


def _pool_of(where: str, kind: str, prefix: IPv4Network, pools: dict[str, IPv4Network]) -> str:
    """What is wrong with where a site prefix lies among the pools ('' when nothing)."""
    infra = [n for n in INFRA_POOLS if n in pools and prefix.overlaps(pools[n])]
    if infra:
        return (
            f"{where} overlaps the {infra[0]} pool {pools[infra[0]]}, which holds interface "
            "addresses: allocate the site's LAN from its own pool"
        )
    holders = [n for n, net in pools.items() if prefix.subnet_of(net)]
    if not holders:
        return f"{where} is in no pool of the plan: allocate it from the plan"
    if COMMUNE_POOL in pools and kind == COMMUNE_KIND and COMMUNE_POOL not in holders:
        return (
            f"{where} is a commune's prefix taken from the {holders[0]} pool: allocate it "
            f"from the {COMMUNE_POOL} pool {pools[COMMUNE_POOL]}"
        )
    if kind != COMMUNE_KIND and COMMUNE_POOL in holders:
        return (
            f"{where} is taken from the {COMMUNE_POOL} pool, which is for communes only: "
            "allocate it from the site's own pool"
        )
    return ""


def _prefixes(root: Path, inv: Inventory) -> Iterator[str]:
    supernet = inv.plan.supernet
    pools = inv.plan.pools
    for name, pool in pools.items():
        if not pool.subnet_of(supernet):
            yield f"{root / 'plan.yaml'}: pool {name!r} {pool} is outside the supernet {supernet}"
    for (name_a, net_a), (name_b, net_b) in itertools.combinations(sorted(pools.items()), 2):
        if net_a.overlaps(net_b):
            yield f"{root / 'plan.yaml'}: pools {name_a!r} {net_a} and {name_b!r} {net_b} overlap"
    owned: list[tuple[IPv4Network, str]] = []
    for s in inv.sites:
        for p in s.prefixes:
            where = f"{_site_file(root, s)}: prefix {p.prefix}"
            if not p.prefix.subnet_of(supernet):
                yield f"{where} is outside the supernet {supernet}: allocate it from the plan"
            elif problem := _pool_of(where, s.kind, p.prefix, pools):
                yield problem
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


_MASKS = [(0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF for n in range(33)]


def _covering(
    ip: IPv4Address, prefixes: dict[tuple[int, int], IPv4Network]
) -> Iterator[IPv4Network]:
    """The site prefixes that hold ``ip`` (one dict lookup per prefix length, on integers:
    building 33 network objects per address would triple the load time)."""
    value = int(ip)
    for plen, mask in enumerate(_MASKS):
        net = prefixes.get((value & mask, plen))
        if net is not None:
            yield net


def _foreign_addresses(root: Path, inv: Inventory) -> Iterator[str]:
    """No interface address lies in another site's prefix (a LAN covering loopbacks)."""
    owner = {p.prefix: s.slug for s in inv.sites for p in s.prefixes}
    index = {(int(n.network_address), n.prefixlen): n for n in owner}
    for s in inv.sites:
        for d in s.devices:
            for i in d.interfaces:
                for field, ip in (
                    ("ipv4", i.ipv4.ip if i.ipv4 else None),
                    ("hsrp_vip", i.hsrp_vip),
                ):
                    if ip is None:
                        continue
                    for net in _covering(ip, index):
                        if owner[net] != s.slug:
                            yield (
                                f"{_site_file(root, s)}: device {d.name!r} interface "
                                f"{i.name!r} field {field}: {ip} lies in prefix {net} of site "
                                f"{owner[net]!r} ({_site_file(root, inv.site(owner[net]))}): "
                                "one of the two is wrong"
                            )


def _shaping(root: Path, inv: Inventory) -> Iterator[str]:
    """Shaping is bounded by the circuit the interface rides."""
    rates = {c.cid: c.rate_kbps for s in inv.sites for c in s.circuits}
    for s in inv.sites:
        for d in s.devices:
            for i in d.interfaces:
                if i.shape_kbps is None:
                    continue
                where = f"{_site_file(root, s)}: device {d.name!r} interface {i.name!r}"
                rate = rates.get(i.circuit) if i.circuit is not None else None
                if i.circuit is None:
                    yield f"{where} field shape_kbps: set without a circuit to bound it"
                elif rate is not None and i.shape_kbps > rate:
                    yield (
                        f"{where} field shape_kbps: {i.shape_kbps} is above the rate of circuit "
                        f"{i.circuit!r} ({rate} kbit/s): shape at most to the circuit's rate"
                    )


def _addresses(root: Path, inv: Inventory) -> Iterator[str]:
    pools = inv.plan.pools
    infra = [pools[n] for n in INFRA_POOLS if n in pools]
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


def problems(inv: Inventory, root: Path, files: Sequence[Path] | None = None) -> list[str]:
    """Every cross-record problem of ``inv`` (empty when valid); ``files``, the file each
    site was read from (in the order of ``inv.sites``), lets a problem name it."""
    return [
        *(_site_files(inv, files) if files is not None else ()),
        *_duplicates(root, inv, by_file=files is not None),
        *_references(root, inv),
        *_prefixes(root, inv),
        *_addresses(root, inv),
        *_foreign_addresses(root, inv),
        *_shaping(root, inv),
    ]


def validate_inventory(inv: Inventory, root: Path, files: Sequence[Path] | None = None) -> None:
    """Raise :class:`InventoryError` listing the problems of ``inv``, if any."""
    found = problems(inv, root, files)
    if found:
        more = f"\n  ... and {len(found) - MAX_SHOWN} more" if len(found) > MAX_SHOWN else ""
        listed = "\n  ".join(found[:MAX_SHOWN])
        raise InventoryError(f"{len(found)} problem(s) in the inventory:\n  {listed}{more}")


def _interface_names(f: str, d: Device) -> Iterator[str]:
    """A device's interface names (its own, unnumbered sources, tunnel sources) that its
    platform does not use."""
    platform = PLATFORMS.get(d.platform)
    if platform is None:
        return
    for i in d.interfaces:
        for field, name in (
            ("name", i.name),
            ("unnumbered", i.unnumbered),
            ("tunnel_source", i.tunnel_source),
        ):
            if name is not None and not platform.interface_name.fullmatch(name):
                yield (
                    f"{f}: device {d.name!r} interface {i.name!r} field {field}: {name!r} is "
                    f"not a {platform.name} interface name (full names such as "
                    f"{platform.interface_example})"
                )
