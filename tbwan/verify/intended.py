"""The network's intended state, from the source of truth alone (pure, no device).

What must be true of the running network if the inventory is right and every device
holds its intended config: the links up (at the speed the template sets), the OSPF
adjacencies FULL, each site's prefixes in the DIC core's table (and, at the DIC edge, via
the hub the site hangs off), the DIC services each site must reach, the IPsec tunnels up
and the HSRP roles of the DIC cores. The rules mirror what the templates render
(``templates/ios/_macros.j2``): an interface with a peer and an OSPF area is not passive,
``/31`` links are point-to-point, HSRP priority 110 goes to the ``...01`` core.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from tbwan.inventory.models import Device, Interface, InterfaceMode, Inventory, Role, Site

ROUTERS = (Role.CE_ROUTER, Role.HUB_ROUTER, Role.COMMUNE_ROUTER, Role.BACKUP_ROUTER)
"""Roles that route a site's LAN: they ping the DIC services for their site."""
SERVICES = ("aaa", "syslog", "ntp", "snmp")
"""The DIC services every site must reach (``plan.yaml``: ``services``)."""


@dataclass(frozen=True, slots=True)
class ExpectedLink:
    """One end of a link that must be up (both ends appear, one per host)."""

    host: str
    interface: str
    peer_host: str
    peer_interface: str
    circuit: str | None = None
    provider: str | None = None
    media: str | None = None
    rate_kbps: int | None = None
    speed_mbps: int | None = None  # what the port must show; None: the port's own speed
    duplex: str | None = None  # "full" where the template forces it
    shape_kbps: int | None = None  # the shaper on a copper line (the circuit's rate)


@dataclass(frozen=True, slots=True)
class ExpectedAdjacency:
    """An OSPF neighbour that must be FULL on ``host``'s ``interface``."""

    host: str
    interface: str
    neighbor_host: str
    neighbor_id: str
    neighbor_interface: str
    area: int


@dataclass(frozen=True, slots=True)
class ExpectedRoute:
    """A prefix that must be in ``host``'s routing table (via ``next_hop`` if given)."""

    host: str
    prefix: str
    site: str
    via_host: str | None = None
    next_hop: str | None = None


@dataclass(frozen=True, slots=True)
class ExpectedService:
    """A DIC service ``host`` (the site's router) must reach from its loopback."""

    site: str
    host: str
    service: str
    address: str
    source: str


@dataclass(frozen=True, slots=True)
class ExpectedTunnel:
    """An IPsec tunnel interface that must be up."""

    host: str
    interface: str
    peer_host: str
    peer_interface: str
    destination: str | None
    source: str | None  # the WAN interface the tunnel rides on


@dataclass(frozen=True, slots=True)
class ExpectedHsrp:
    """The HSRP state ``host`` must hold for ``group`` on ``interface``."""

    host: str
    interface: str
    group: int
    vip: str
    state: str  # "Active" or "Standby", as IOS prints it


@dataclass(frozen=True, slots=True)
class SiteIntent:
    """A site as verify reports it: its district, devices, router and uplink."""

    site: str
    region: str
    kind: str
    hosts: tuple[str, ...]
    router: str | None
    uplink: ExpectedLink | None
    hub_site: str | None


@dataclass(frozen=True)
class IntendedState:
    """Everything verify checks, for the whole inventory."""

    links: tuple[ExpectedLink, ...] = ()
    adjacencies: tuple[ExpectedAdjacency, ...] = ()
    routes: tuple[ExpectedRoute, ...] = ()
    services: tuple[ExpectedService, ...] = ()
    tunnels: tuple[ExpectedTunnel, ...] = ()
    hsrp: tuple[ExpectedHsrp, ...] = ()
    sites: dict[str, SiteIntent] = field(default_factory=dict)
    host_site: dict[str, str] = field(default_factory=dict)
    host_role: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _by_host(self) -> dict[str, dict[str, list[Any]]]:
        index: dict[str, dict[str, list[Any]]] = {}
        for kind in ("links", "adjacencies", "routes", "services", "tunnels", "hsrp"):
            for item in getattr(self, kind):
                index.setdefault(item.host, {}).setdefault(kind, []).append(item)
        return index

    def for_host(self, host: str) -> HostIntent:
        """What must be observed on ``host``."""
        mine = self._by_host.get(host, {})
        return HostIntent(host=host, **{kind: tuple(items) for kind, items in mine.items()})


@dataclass(frozen=True)
class HostIntent:
    """The part of :class:`IntendedState` one host is asked about."""

    host: str
    links: tuple[ExpectedLink, ...] = ()
    adjacencies: tuple[ExpectedAdjacency, ...] = ()
    routes: tuple[ExpectedRoute, ...] = ()
    services: tuple[ExpectedService, ...] = ()
    tunnels: tuple[ExpectedTunnel, ...] = ()
    hsrp: tuple[ExpectedHsrp, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to check on this host."""
        return not (
            self.links
            or self.adjacencies
            or self.routes
            or self.services
            or self.tunnels
            or self.hsrp
        )


def _devices(inv: Inventory) -> dict[str, tuple[Site, Device]]:
    return {d.name: (s, d) for s in inv.sites for d in s.devices}


def _peer(devices: dict[str, tuple[Site, Device]], i: Interface) -> tuple[Device, Interface] | None:
    if i.peer_device is None or i.peer_interface is None or i.peer_device not in devices:
        return None
    peer = devices[i.peer_device][1]
    try:
        return peer, peer.interface(i.peer_interface)
    except KeyError:
        return None


def _links(inv: Inventory, devices: dict[str, tuple[Site, Device]]) -> Iterator[ExpectedLink]:
    circuits = {c.cid: c for s in inv.sites for c in s.circuits}
    for site in inv.sites:
        for dev in site.devices:
            for i in dev.interfaces:
                peer = _peer(devices, i)
                if peer is None or i.mode is InterfaceMode.TUNNEL or not i.enabled:
                    continue
                if not peer[1].enabled:
                    continue
                cid = i.circuit or peer[1].circuit
                circuit = circuits.get(cid) if cid else None
                yield ExpectedLink(
                    host=dev.name,
                    interface=i.name,
                    peer_host=peer[0].name,
                    peer_interface=peer[1].name,
                    circuit=cid,
                    provider=circuit.provider if circuit else None,
                    media=circuit.media.value if circuit else None,
                    rate_kbps=circuit.rate_kbps if circuit else None,
                    speed_mbps=i.speed_mbps,
                    duplex="full" if i.speed_mbps else None,
                    shape_kbps=i.shape_kbps,
                )


def _runs_ospf(i: Interface) -> bool:
    return i.enabled and i.ospf_area is not None and (i.ipv4 is not None or bool(i.unnumbered))


def _adjacencies(devices: dict[str, tuple[Site, Device]]) -> Iterator[ExpectedAdjacency]:
    for _, dev in devices.values():
        if dev.role is Role.ACCESS_SWITCH:
            continue
        for i in dev.interfaces:
            peer = _peer(devices, i)
            if peer is None or not _runs_ospf(i) or not _runs_ospf(peer[1]):
                continue
            assert i.ospf_area is not None  # _runs_ospf
            yield ExpectedAdjacency(
                host=dev.name,
                interface=i.name,
                neighbor_host=peer[0].name,
                neighbor_id=str(peer[0].primary_ip.ip),
                neighbor_interface=peer[1].name,
                area=i.ospf_area,
            )


def site_prefixes(site: Site) -> tuple[IPv4Network, ...]:
    """The LAN prefixes the site's routers put into OSPF (not links, not loopbacks)."""
    found: list[IPv4Network] = []
    for dev in site.devices:
        if dev.role not in ROUTERS:
            continue
        for i in dev.interfaces:
            if (
                i.ipv4 is None
                or i.ospf_area is None
                or i.mode in (InterfaceMode.LOOPBACK, InterfaceMode.TUNNEL)
                or i.peer_device is not None
                or i.ipv4.network.prefixlen >= 31
            ):
                continue
            if i.ipv4.network not in found:
                found.append(i.ipv4.network)
    return tuple(found)


def site_router(site: Site) -> Device | None:
    """The device that routes the site's LAN (None for the DIC and the carrier node)."""
    return next((d for d in site.devices if d.role in ROUTERS), None)


def _uplink_to(router: Device, towards: set[str]) -> Interface | None:
    return next((i for i in router.interfaces if i.peer_device in towards and i.ipv4), None)


def _routes(inv: Inventory, devices: dict[str, tuple[Site, Device]]) -> Iterator[ExpectedRoute]:
    cores = [d.name for _, d in devices.values() if d.role is Role.DIC_CORE]
    edges = {d.name for _, d in devices.values() if d.role is Role.DIC_EDGE}
    for site in inv.sites:
        router = site_router(site)
        if router is None:
            continue
        prefixes = site_prefixes(site)
        for core in cores:
            for p in prefixes:
                yield ExpectedRoute(host=core, prefix=str(p), site=site.slug)
        # At the DIC edge the next hop names the hub (or the site's own CE router).
        hub_router = site_router(inv.site(site.hub)) if site.hub else router
        uplink = _uplink_to(hub_router, edges) if hub_router is not None else None
        if hub_router is None or uplink is None or uplink.ipv4 is None:
            continue
        assert uplink.peer_device is not None
        for p in prefixes:
            yield ExpectedRoute(
                host=uplink.peer_device,
                prefix=str(p),
                site=site.slug,
                via_host=hub_router.name,
                next_hop=str(uplink.ipv4.ip),
            )


def _services(inv: Inventory) -> Iterator[ExpectedService]:
    svc = inv.plan.services
    for site in inv.sites:
        router = site_router(site)
        if router is None:  # the DIC (services are local) and the carrier node
            continue
        for name in SERVICES:
            address: IPv4Address = getattr(svc, name)[0]
            yield ExpectedService(
                site=site.slug,
                host=router.name,
                service=name,
                address=str(address),
                source=str(router.primary_ip.ip),
            )


def _tunnels(devices: dict[str, tuple[Site, Device]]) -> Iterator[ExpectedTunnel]:
    for _, dev in devices.values():
        for i in dev.interfaces:
            peer = _peer(devices, i)
            if i.mode is InterfaceMode.TUNNEL and peer is not None and i.enabled:
                yield ExpectedTunnel(
                    host=dev.name,
                    interface=i.name,
                    peer_host=peer[0].name,
                    peer_interface=peer[1].name,
                    destination=str(i.tunnel_destination) if i.tunnel_destination else None,
                    source=i.tunnel_source,
                )


def hsrp_state(device_name: str) -> str:
    """The HSRP state a DIC core must hold: the template gives ``...01`` priority 110.

    >>> hsrp_state("tb-ttthdl-core01"), hsrp_state("tb-ttthdl-core02")
    ('Active', 'Standby')
    """
    return "Active" if device_name.endswith("01") else "Standby"


def _hsrp(devices: dict[str, tuple[Site, Device]]) -> Iterator[ExpectedHsrp]:
    for _, dev in devices.values():
        for i in dev.interfaces:
            if i.hsrp_vip is not None and i.enabled:
                yield ExpectedHsrp(
                    host=dev.name,
                    interface=i.name,
                    group=1,
                    vip=str(i.hsrp_vip),
                    state=hsrp_state(dev.name),
                )


def _site_intents(inv: Inventory, links: tuple[ExpectedLink, ...]) -> dict[str, SiteIntent]:
    out: dict[str, SiteIntent] = {}
    for site in inv.sites:
        if not site.devices:
            continue
        router = site_router(site)
        uplink = None
        if router is not None:
            uplink = next((x for x in links if x.host == router.name and x.circuit), None)
        out[site.slug] = SiteIntent(
            site=site.slug,
            region=site.region,
            kind=site.kind,
            hosts=tuple(d.name for d in site.devices),
            router=router.name if router else None,
            uplink=uplink,
            hub_site=site.hub,
        )
    return out


def intended_state(inv: Inventory) -> IntendedState:
    """The intended network state of ``inv`` (every site, every device)."""
    devices = _devices(inv)
    links = tuple(_links(inv, devices))
    return IntendedState(
        links=links,
        adjacencies=tuple(_adjacencies(devices)),
        routes=tuple(_routes(inv, devices)),
        services=tuple(_services(inv)),
        tunnels=tuple(_tunnels(devices)),
        hsrp=tuple(_hsrp(devices)),
        sites=_site_intents(inv, links),
        host_site={d.name: s.slug for s, d in devices.values()},
        host_role={d.name: d.role.value for _, d in devices.values()},
    )
