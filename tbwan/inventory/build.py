"""Builders: the province's sites and devices from a few facts each.

Pure functions over the plan and pool allocators. The generator uses them once for the
whole province; onboarding uses :func:`build_commune` and :func:`hub_downlink` for one
new commune, so a commune added later looks exactly like one generated at the start.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from tbwan.errors import InventoryError
from tbwan.inventory.ipplan import Allocator, PoolAllocator, host
from tbwan.inventory.models import (
    Circuit,
    Device,
    Interface,
    InterfaceMode,
    Inventory,
    Media,
    Plan,
    Prefix,
    Role,
    Site,
    Vlan,
)

CARRIER_SITE = "tb-vnpt"
CARRIER_PROVIDER = "vnpt"
DIC_SITE = "tb-ttthdl"
DIC_EDGE = "tb-ttthdl-edge01"
DIC_EDGE_TRUNK = "GigabitEthernet0/0/0"
DIC_FIREWALL = "tb-ttthdl-fw01"


def vpn_hub_interface(inv: Inventory) -> str:
    """The DIC firewall's multipoint tunnel, where broadband communes' IPsec ends.

    It is the firewall's tunnel without a fixed destination (the communes' addresses are
    dynamic), whatever the platform calls it.

    Raises:
        InventoryError: The inventory has no such firewall or tunnel.
    """
    for site in inv.sites:
        for device in site.devices:
            if device.name != DIC_FIREWALL:
                continue
            for i in device.interfaces:
                if i.mode is InterfaceMode.TUNNEL and i.tunnel_destination is None:
                    return i.name
            raise InventoryError(
                f"{DIC_FIREWALL}: no tunnel without tunnel_destination for the broadband "
                "communes' IPsec (add one to its interfaces, e.g. Virtual-Template1 or st0.0)"
            )
    raise InventoryError(f"no device {DIC_FIREWALL!r} in the inventory: IPsec communes need it")


HUB_TRUNK = "GigabitEthernet0/0/2"
COPPER_SITE_KBPS = 10_000
COPPER_COMMUNE_KBPS = 4_000
FIBER_KBPS = 100_000

STAFF, SERVERS, SERVICES, MGMT = 10, 20, 30, 99
SITE_VLANS = (
    Vlan(vid=STAFF, name="staff", role="staff"),
    Vlan(vid=SERVERS, name="servers", role="servers"),
    Vlan(vid=MGMT, name="mgmt", role="management"),
)
COMMUNE_VLANS = (
    Vlan(vid=STAFF, name="staff", role="staff"),
    Vlan(vid=MGMT, name="mgmt", role="management"),
)


@dataclass
class Pools:
    """One allocator per pool of the plan."""

    loopback: Allocator
    p2p: Allocator
    tunnel: Allocator
    site_lan: Allocator
    commune_lan: Allocator

    @classmethod
    def from_plan(cls, plan: Plan, used: list[IPv4Network]) -> Pools:
        """Allocators over the plan's pools, skipping what ``used`` already holds."""
        return cls(
            *(
                PoolAllocator(n, plan.pools[n], used)
                for n in ("loopback", "p2p", "tunnel", "site_lan", "commune_lan")
            )
        )


def serial_for(name: str, prefix: str = "FGL") -> str:
    """A stable, plausible serial number for a generated device.

    >>> serial_for("tb-sonv-rt01")
    'FGLAA2D59EAA'
    """
    return prefix + hashlib.sha256(name.encode()).hexdigest()[:9].upper()


def _if(ip: IPv4Network, index: int) -> IPv4Interface:
    return IPv4Interface(f"{host(ip, index)}/{ip.prefixlen}")


def loopback(pools: Pools, area: int) -> Interface:
    """Loopback0 with the next /32 of the loopback pool."""
    net = pools.loopback.allocate(32)
    return Interface(
        name="Loopback0",
        mode=InterfaceMode.LOOPBACK,
        description="Router ID",
        ipv4=IPv4Interface(f"{net.network_address}/32"),
        ospf_area=area,
    )


@dataclass(frozen=True)
class Uplink:
    """The WAN side of a site's router, and the matching far-end interface."""

    local: Interface
    remote: Interface


def wan_link(
    pools: Pools,
    *,
    local_name: str,
    remote_device: str,
    remote_parent: str,
    tag: int,
    circuit: Circuit,
    area: int,
    local_device: str,
) -> Uplink:
    """A dedicated line: a /31 from the p2p pool, a dot1q subinterface at the far end."""
    net = pools.p2p.allocate(31)
    remote_name = f"{remote_parent}.{tag}"
    fiber = circuit.media is Media.FIBER
    local = Interface(
        name="GigabitEthernet0/0/0",
        mode=InterfaceMode.ROUTED,
        description=f"WAN {circuit.media.value} {circuit.cid} to {remote_device}",
        ipv4=_if(net, 1),
        circuit=circuit.cid,
        peer_device=remote_device,
        peer_interface=remote_name,
        ospf_area=area,
        speed_mbps=100 if fiber else None,
        shape_kbps=None if fiber else circuit.rate_kbps,
    )
    remote = Interface(
        name=remote_name,
        mode=InterfaceMode.ROUTED,
        vlan=tag,
        description=f"{circuit.cid} to {local_device}",
        ipv4=_if(net, 0),
        circuit=circuit.cid,
        peer_device=local_device,
        peer_interface=local_name,
        ospf_area=area,
    )
    return Uplink(local=local, remote=remote)


def lan_subinterfaces(parent: str, prefixes: tuple[Prefix, ...], area: int) -> list[Interface]:
    """Router-on-a-stick gateways, one dot1q subinterface per VLAN prefix."""
    return [
        Interface(
            name=f"{parent}.{p.vlan}",
            mode=InterfaceMode.ROUTED,
            vlan=p.vlan,
            description=f"Gateway {p.role}",
            ipv4=_if(p.prefix, 1),
            ospf_area=area,
        )
        for p in prefixes
        if p.vlan is not None
    ]


def access_ports(names: list[str], vlan: int, role: str, speed: int | None) -> list[Interface]:
    """Access ports fixed at 100 Mbps full duplex (``speed`` None: auto)."""
    return [
        Interface(
            name=n,
            mode=InterfaceMode.ACCESS,
            vlan=vlan,
            description=f"{role} access",
            speed_mbps=speed,
        )
        for n in names
    ]


def site_circuit(cid: str, media: Media, commune: bool, rate_kbps: int | None = None) -> Circuit:
    """The dedicated line of a site, landing at the carrier's node."""
    if rate_kbps is not None:
        rate = rate_kbps
    elif media is Media.FIBER:
        rate = FIBER_KBPS
    elif media is Media.COPPER:
        rate = COPPER_COMMUNE_KBPS if commune else COPPER_SITE_KBPS
    else:
        rate = 20_000
    return Circuit(
        cid=cid,
        provider=CARRIER_PROVIDER,
        media=media,
        rate_kbps=rate,
        termination_z=CARRIER_SITE,
        description=f"Dedicated line ({media.value})",
    )


@dataclass(frozen=True)
class Built:
    """A new site plus the interface its far end gains (hub or DIC edge)."""

    site: Site
    far_end_device: str | None
    far_end_interface: Interface | None


def build_dedicated_site(
    pools: Pools,
    *,
    slug: str,
    name: str,
    name_en: str,
    kind: str,
    region: str,
    media: Media,
    cid: str,
    tag: int,
) -> Built:
    """A dedicated-line site: CE (or hub) router plus a 100 Mbps access switch."""
    lan = pools.site_lan.allocate(24)
    subnets = list(lan.subnets(new_prefix=25))
    staff = subnets[0]
    servers, rest = list(subnets[1].subnets(new_prefix=26))
    mgmt = next(rest.subnets(new_prefix=28))
    prefixes = (
        Prefix(prefix=staff, role="staff", vlan=STAFF, description=f"{name_en} staff"),
        Prefix(prefix=servers, role="servers", vlan=SERVERS, description=f"{name_en} servers"),
        Prefix(prefix=mgmt, role="management", vlan=MGMT, description=f"{name_en} management"),
    )
    circuit = site_circuit(cid, media, commune=False)
    rt, sw = f"{slug}-rt01", f"{slug}-sw01"
    lo = loopback(pools, 0)
    up = wan_link(
        pools,
        local_name="GigabitEthernet0/0/0",
        remote_device=DIC_EDGE,
        remote_parent=DIC_EDGE_TRUNK,
        tag=tag,
        circuit=circuit,
        area=0,
        local_device=rt,
    )
    hub = kind == "district-committee"
    rt_ifs = [
        lo,
        up.local,
        Interface(
            name="GigabitEthernet0/0/1",
            mode=InterfaceMode.ROUTED,
            description=f"LAN trunk to {sw}",
            peer_device=sw,
            peer_interface="GigabitEthernet0/1",
        ),
        *lan_subinterfaces("GigabitEthernet0/0/1", prefixes, 0),
    ]
    if hub:
        rt_ifs.append(
            Interface(
                name=HUB_TRUNK,
                mode=InterfaceMode.ROUTED,
                description="Commune lines (carrier aggregation)",
            )
        )
    router = Device(
        name=rt,
        role=Role.HUB_ROUTER if hub else Role.CE_ROUTER,
        platform="ios",
        model="ISR4331/K9",
        serial=serial_for(rt),
        primary_ip=address(lo),
        interfaces=tuple(rt_ifs),
    )
    sw_mgmt = _if(mgmt, 2)
    fast = [f"FastEthernet0/{i}" for i in range(1, 25)]
    switch = Device(
        name=sw,
        role=Role.ACCESS_SWITCH,
        platform="ios",
        model="WS-C2960+24TC-L",
        serial=serial_for(sw, "FOC"),
        primary_ip=sw_mgmt,
        default_gateway=_if(mgmt, 1).ip,  # the CE router's management gateway
        interfaces=(
            *access_ports(fast[:20], STAFF, "staff", 100),
            *access_ports(fast[20:22], SERVERS, "servers", 100),
            *access_ports(fast[22:], MGMT, "management", 100),
            Interface(
                name="GigabitEthernet0/1",
                mode=InterfaceMode.TRUNK,
                description=f"Uplink to {rt}",
                vlans=(STAFF, SERVERS, MGMT),
                peer_device=rt,
                peer_interface="GigabitEthernet0/0/1",
            ),
            Interface(
                name="Vlan99",
                mode=InterfaceMode.SVI,
                vlan=MGMT,
                description="Management",
                ipv4=sw_mgmt,
            ),
        ),
    )
    site = Site(
        slug=slug,
        name=name,
        name_en=name_en,
        kind=kind,
        region=region,
        vlans=SITE_VLANS,
        prefixes=prefixes,
        circuits=(circuit,),
        devices=(router, switch),
    )
    return Built(site=site, far_end_device=DIC_EDGE, far_end_interface=up.remote)


def build_commune(
    pools: Pools,
    *,
    slug: str,
    name: str,
    region: str,
    gso_code: str,
    unit_type: str,
    hub_site: str,
    media: Media,
    rate_kbps: int | None,
    cid: str,
    tag: int,
    area: int,
    vpn_peer: IPv4Address,
    vpn_hub_interface: str = "Virtual-Template1",
) -> Built:
    """A commune: one small router with built-in switch ports, uplinked to its hub.

    An IPsec commune's tunnel ends on the DIC firewall's ``vpn_hub_interface`` (its
    multipoint tunnel: ``Virtual-Template1`` on IOS, ``st0.0`` on an SRX).
    """
    lan = pools.commune_lan.allocate(26)
    staff, rest = list(lan.subnets(new_prefix=27))
    mgmt = next(rest.subnets(new_prefix=28))
    prefixes = (
        Prefix(prefix=staff, role="staff", vlan=STAFF, description=f"{name} staff"),
        Prefix(prefix=mgmt, role="management", vlan=MGMT, description=f"{name} management"),
    )
    circuit = site_circuit(cid, media, commune=True, rate_kbps=rate_kbps)
    rt = f"{slug}-rt01"
    hub_rt = f"{hub_site}-rt01"
    ipsec = media is Media.IPSEC
    lo = loopback(pools, 0 if ipsec else area)
    if ipsec:
        # Broadband addresses are dynamic: the firewall terminates these tunnels on a
        # virtual template (DVTI), so nothing changes on the firewall per commune.
        wan = [
            Interface(
                name="GigabitEthernet0/0/0",
                mode=InterfaceMode.ROUTED,
                description=f"Broadband {cid} (IPsec to DIC)",
                circuit=cid,
                dhcp=True,
            ),
            Interface(
                name="Tunnel0",
                mode=InterfaceMode.TUNNEL,
                description=f"IPsec to {DIC_FIREWALL}",
                unnumbered="Loopback0",
                tunnel_source="GigabitEthernet0/0/0",
                tunnel_destination=vpn_peer,
                peer_device=DIC_FIREWALL,
                peer_interface=vpn_hub_interface,
                ospf_area=0,
            ),
        ]
        far_dev: str | None = None
        far: Interface | None = None
        lan_area = 0
    else:
        up = wan_link(
            pools,
            local_name="GigabitEthernet0/0/0",
            remote_device=hub_rt,
            remote_parent=HUB_TRUNK,
            tag=tag,
            circuit=circuit,
            area=area,
            local_device=rt,
        )
        wan, far_dev, far, lan_area = [up.local], hub_rt, up.remote, area
    ports = [f"GigabitEthernet0/1/{i}" for i in range(8)]
    router = Device(
        name=rt,
        role=Role.COMMUNE_ROUTER,
        platform="ios",
        model="C1111-8P",
        serial=serial_for(rt),
        primary_ip=address(lo),
        interfaces=(
            lo,
            *wan,
            *access_ports(ports[:7], STAFF, "staff", 100),
            *access_ports(ports[7:], MGMT, "management", 100),
            Interface(
                name="Vlan10",
                mode=InterfaceMode.SVI,
                vlan=STAFF,
                description="Gateway staff",
                ipv4=_if(staff, 1),
                ospf_area=lan_area,
            ),
            Interface(
                name="Vlan99",
                mode=InterfaceMode.SVI,
                vlan=MGMT,
                description="Gateway management",
                ipv4=_if(mgmt, 1),
                ospf_area=lan_area,
            ),
        ),
    )
    site = Site(
        slug=slug,
        name=name,
        kind="commune",
        region=region,
        gso_code=gso_code,
        unit_type=unit_type,
        hub=hub_site,
        vlans=COMMUNE_VLANS,
        prefixes=prefixes,
        circuits=(circuit,),
        devices=(router,),
    )
    return Built(site=site, far_end_device=far_dev, far_end_interface=far)


def address(interface: Interface) -> IPv4Interface:
    """The address of an interface the builders gave one (loopbacks, links)."""
    if interface.ipv4 is None:  # pragma: no cover - the builders always set it
        raise ValueError(f"interface {interface.name} has no address")
    return interface.ipv4


def add_interfaces(site: Site, device: str, interfaces: list[Interface]) -> Site:
    """A copy of ``site`` whose ``device`` has ``interfaces`` appended."""
    devices = tuple(
        d.model_copy(update={"interfaces": (*d.interfaces, *interfaces)}) if d.name == device else d
        for d in site.devices
    )
    return site.model_copy(update={"devices": devices})


def next_tag(device: Device, parent: str, first: int = 101) -> int:
    """The lowest free dot1q tag (or tunnel number) under ``parent`` on ``device``.

    >>> d = Device(name="r", role=Role.HUB_ROUTER, platform="ios", model="m", serial="ABCDEF",
    ...     primary_ip=IPv4Interface("10.0.0.1/32"), interfaces=(Interface(name="Loopback0",
    ...     mode=InterfaceMode.LOOPBACK, ipv4=IPv4Interface("10.0.0.1/32")),
    ...     Interface(name="Gi0/0/2.101", mode=InterfaceMode.ROUTED, vlan=101)))
    >>> next_tag(d, "Gi0/0/2.")
    102
    """
    used = {
        int(i.name[len(parent) :])
        for i in device.interfaces
        if i.name.startswith(parent) and i.name[len(parent) :].isdigit()
    }
    tag = first
    while tag in used:
        tag += 1
    return tag
