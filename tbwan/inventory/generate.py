"""Generate the province's inventory from the source CSVs (``inventory/source/``).

Deterministic: the same CSVs always give the same sites, devices and addresses. The
order of allocation is the DIC, the 51 other dedicated-line sites in file order, the
backup site, then the communes in file order.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path

from tbwan.inventory.build import (
    CARRIER_SITE,
    DIC_EDGE,
    DIC_EDGE_TRUNK,
    DIC_FIREWALL,
    DIC_SITE,
    HUB_TRUNK,
    MGMT,
    SERVERS,
    SERVICES,
    Built,
    Pools,
    add_interfaces,
    address,
    build_commune,
    build_dedicated_site,
    loopback,
    serial_for,
    site_circuit,
)
from tbwan.inventory.ipplan import host
from tbwan.inventory.models import (
    Circuit,
    Device,
    Interface,
    InterfaceMode,
    Inventory,
    Media,
    Plan,
    Prefix,
    Region,
    Role,
    Services,
    Site,
    Vlan,
)
from tbwan.inventory.names import slugify, strip_unit_type

PROVINCE = Region(slug="tinh-thai-binh", name="Tỉnh Thái Bình", gso_code="34")
OUTSIDE = Region(slug="ha-noi", name="Thành phố Hà Nội", gso_code="01")
FW_INTERNET = IPv4Interface("203.0.113.2/29")  # documentation range: configs only
BACKUP_INTERNET = IPv4Interface("198.51.100.10/29")
BACKUP_SITE = "tb-dcdp"
# The DIC firewall is a Juniper SRX: its interfaces are logical units
FW_IF = {
    "lo": "lo0.0",
    "edge": "ge-0/0/0.0",
    "core01": "ge-0/0/1.0",
    "core02": "ge-0/0/2.0",
    "internet": "ge-0/0/3.0",
    "communes": "st0.0",
    "backup": "st0.100",
}

PLAN = Plan(
    supernet=IPv4Network("10.34.0.0/16"),
    pools={
        "loopback": IPv4Network("10.34.0.0/22"),
        "p2p": IPv4Network("10.34.4.0/22"),
        "tunnel": IPv4Network("10.34.8.0/22"),
        "dic": IPv4Network("10.34.16.0/21"),
        "backup": IPv4Network("10.34.24.0/21"),
        "site_lan": IPv4Network("10.34.64.0/18"),
        "commune_lan": IPv4Network("10.34.128.0/17"),
    },
    services=Services(
        aaa=(IPv4Address("10.34.16.10"),),
        syslog=(IPv4Address("10.34.16.11"),),
        ntp=(IPv4Address("10.34.16.12"),),
        snmp=(IPv4Address("10.34.16.13"),),
        mgmt_networks=(IPv4Network("10.34.16.0/24"), IPv4Network("10.34.18.0/24")),
        vpn_peer=FW_INTERNET.ip,
        domain="thaibinh.gov.vn",
    ),
)


@dataclass(frozen=True)
class Unit:
    """One row of the communes CSV."""

    district_code: str
    district_name: str
    code: str
    name: str
    unit_type: str


def district_slug(name: str) -> str:
    """Region slug of a district or city.

    >>> district_slug("Thành phố Thái Bình"), district_slug("Huyện Vũ Thư")
    ('tp-thai-binh', 'vu-thu')
    """
    base = slugify(strip_unit_type(name))
    return f"tp-{base}" if name.lower().startswith("thành phố") else base


def read_units(path: Path) -> list[Unit]:
    """Rows of ``thaibinh_units.csv``."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Unit(
                r["district_code"],
                r["district_name"],
                r["unit_code"],
                r["unit_name"],
                r["unit_type"],
            )
            for r in csv.DictReader(fh)
        ]


def read_dedicated(path: Path) -> list[dict[str, str]]:
    """Rows of ``dedicated_sites.csv``."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _p2p(pools: Pools) -> tuple[IPv4Interface, IPv4Interface]:
    net = pools.p2p.allocate(31)
    return IPv4Interface(f"{host(net, 0)}/31"), IPv4Interface(f"{host(net, 1)}/31")


def build_dic(pools: Pools, region: str) -> Site:
    """The Data Integration Center: WAN edge, UTM firewall, two core switches."""
    dic = PLAN.pools["dic"]
    services, servers, mgmt = list(dic.subnets(new_prefix=24))[:3]
    prefixes = (
        Prefix(
            prefix=services, role="services", vlan=SERVICES, description="DIC management services"
        ),
        Prefix(prefix=servers, role="servers", vlan=SERVERS, description="DIC shared systems"),
        Prefix(prefix=mgmt, role="management", vlan=MGMT, description="DIC device management"),
    )
    los = {n: loopback(pools, 0) for n in ("edge01", "fw01", "core01", "core02")}
    edge_fw, fw_c1, fw_c2 = _p2p(pools), _p2p(pools), _p2p(pools)
    edge = Device(
        name=DIC_EDGE,
        role=Role.DIC_EDGE,
        platform="ios",
        model="ASR1001-X",
        serial=serial_for(DIC_EDGE, "FXS"),
        primary_ip=address(los["edge01"]),
        interfaces=(
            los["edge01"],
            Interface(
                name=DIC_EDGE_TRUNK,
                mode=InterfaceMode.ROUTED,
                circuit="tbdl-004",
                description="Carrier trunk: dedicated data network",
            ),
            Interface(
                name="GigabitEthernet0/0/1",
                mode=InterfaceMode.ROUTED,
                description=f"Inside to {DIC_FIREWALL}",
                ipv4=edge_fw[0],
                peer_device=DIC_FIREWALL,
                peer_interface=FW_IF["edge"],
                ospf_area=0,
            ),
        ),
    )
    fw = Device(
        name=DIC_FIREWALL,
        role=Role.DIC_FIREWALL,
        platform="junos",
        model="SRX1500",
        serial=serial_for(DIC_FIREWALL, "FDO"),
        primary_ip=address(los["fw01"]),
        default_gateway=FW_INTERNET.network.network_address + 1,  # the Internet provider
        interfaces=(
            los["fw01"].model_copy(update={"name": FW_IF["lo"]}),
            Interface(
                name=FW_IF["edge"],
                mode=InterfaceMode.ROUTED,
                description=f"Outside to {DIC_EDGE}",
                ipv4=edge_fw[1],
                peer_device=DIC_EDGE,
                peer_interface="GigabitEthernet0/0/1",
                ospf_area=0,
                zone="WAN",
            ),
            Interface(
                name=FW_IF["core01"],
                mode=InterfaceMode.ROUTED,
                description=f"Inside to {DIC_SITE}-core01",
                ipv4=fw_c1[0],
                peer_device=f"{DIC_SITE}-core01",
                peer_interface="GigabitEthernet1/0/1",
                ospf_area=0,
                zone="DIC",
            ),
            Interface(
                name=FW_IF["core02"],
                mode=InterfaceMode.ROUTED,
                description=f"Inside to {DIC_SITE}-core02",
                ipv4=fw_c2[0],
                peer_device=f"{DIC_SITE}-core02",
                peer_interface="GigabitEthernet1/0/1",
                ospf_area=0,
                zone="DIC",
            ),
            Interface(
                name=FW_IF["internet"],
                mode=InterfaceMode.ROUTED,
                description="Internet (IPsec VPN termination)",
                ipv4=FW_INTERNET,
                zone="INTERNET",
            ),
            Interface(
                name=FW_IF["communes"],
                mode=InterfaceMode.TUNNEL,
                description="IPsec from broadband communes (DVTI)",
                unnumbered=FW_IF["lo"],
                tunnel_source=FW_IF["internet"],
                ospf_area=0,
                zone="VPN",
            ),
        ),
    )
    cores = [
        _core(n, i, los[n], link[1], prefixes)
        for i, (n, link) in enumerate((("core01", fw_c1), ("core02", fw_c2)))
    ]
    return Site(
        slug=DIC_SITE,
        name="Trung tâm Tích hợp dữ liệu tỉnh (Sở TT&TT)",
        name_en="Provincial Data Integration Center (DIC)",
        kind="datacenter",
        region=region,
        vlans=(
            Vlan(vid=SERVERS, name="servers", role="servers"),
            Vlan(vid=SERVICES, name="services", role="services"),
            Vlan(vid=MGMT, name="mgmt", role="management"),
        ),
        prefixes=prefixes,
        circuits=(site_circuit("tbdl-004", Media.FIBER, commune=False),),
        devices=(edge, fw, *cores),
    )


def _require_far(built: Built) -> Interface:
    assert built.far_end_interface is not None
    return built.far_end_interface


def _core(
    short: str, index: int, lo: Interface, uplink: IPv4Interface, prefixes: tuple[Prefix, ...]
) -> Device:
    name = f"{DIC_SITE}-{short}"
    other = f"{DIC_SITE}-core0{2 - index}"
    ports = [f"GigabitEthernet1/0/{i}" for i in range(3, 25)]
    svis = [
        Interface(
            name=f"Vlan{p.vlan}",
            mode=InterfaceMode.SVI,
            vlan=p.vlan,
            description=f"Gateway {p.role}",
            ipv4=IPv4Interface(f"{host(p.prefix, 2 + index)}/{p.prefix.prefixlen}"),
            hsrp_vip=host(p.prefix, 1),
            hsrp_priority=110 if index == 0 else 100,  # core01 is the active gateway
            ospf_area=0,
        )
        for p in prefixes
        if p.vlan is not None
    ]
    access = [
        Interface(
            name=n,
            mode=InterfaceMode.ACCESS,
            vlan=SERVERS if i < 16 else (SERVICES if i < 19 else MGMT),
            description="DIC server access",
        )
        for i, n in enumerate(ports)
    ]
    return Device(
        name=name,
        role=Role.DIC_CORE,
        platform="ios",
        model="C9300-24T",
        serial=serial_for(name, "FOC"),
        primary_ip=address(lo),
        interfaces=(
            lo,
            Interface(
                name="GigabitEthernet1/0/1",
                mode=InterfaceMode.ROUTED,
                description=f"Uplink to {DIC_FIREWALL}",
                ipv4=uplink,
                peer_device=DIC_FIREWALL,
                peer_interface=FW_IF[f"core0{index + 1}"],
                ospf_area=0,
            ),
            Interface(
                name="GigabitEthernet1/0/2",
                mode=InterfaceMode.TRUNK,
                description=f"Inter-core trunk to {other}",
                vlans=tuple(p.vlan for p in prefixes if p.vlan is not None),
                peer_device=other,
                peer_interface="GigabitEthernet1/0/2",
            ),
            *access,
            *svis,
        ),
    )


def build_backup(pools: Pools) -> Built:
    """The rented backup data center: one router, IPsec tunnel to the DIC firewall."""
    lan = next(PLAN.pools["backup"].subnets(new_prefix=24))
    lo = loopback(pools, 0)
    tun = pools.tunnel.allocate(31)
    rt = f"{BACKUP_SITE}-rt01"
    router = Device(
        name=rt,
        role=Role.BACKUP_ROUTER,
        platform="ios",
        model="ISR4331/K9",
        serial=serial_for(rt),
        primary_ip=address(lo),
        default_gateway=BACKUP_INTERNET.network.network_address + 1,  # the data center's
        interfaces=(
            lo,
            Interface(
                name="GigabitEthernet0/0/0",
                mode=InterfaceMode.ROUTED,
                description="Internet (data center uplink)",
                ipv4=BACKUP_INTERNET,
                circuit="viettel-idc-001",
            ),
            Interface(
                name="GigabitEthernet0/0/1",
                mode=InterfaceMode.ROUTED,
                description="Replication servers (email, portal, e-office)",
                ipv4=IPv4Interface(f"{host(lan, 1)}/24"),
                ospf_area=0,
            ),
            Interface(
                name="Tunnel100",
                mode=InterfaceMode.TUNNEL,
                description=f"IPsec to {DIC_FIREWALL}",
                ipv4=IPv4Interface(f"{host(tun, 1)}/31"),
                tunnel_source="GigabitEthernet0/0/0",
                tunnel_destination=FW_INTERNET.ip,
                peer_device=DIC_FIREWALL,
                peer_interface=FW_IF["backup"],
                ospf_area=0,
            ),
        ),
    )
    far = Interface(
        name=FW_IF["backup"],
        mode=InterfaceMode.TUNNEL,
        description=f"IPsec to {rt}",
        ipv4=IPv4Interface(f"{host(tun, 0)}/31"),
        tunnel_source=FW_IF["internet"],
        tunnel_destination=BACKUP_INTERNET.ip,
        peer_device=rt,
        peer_interface="Tunnel100",
        ospf_area=0,
        zone="VPN",
    )
    site = Site(
        slug=BACKUP_SITE,
        name="Trung tâm dữ liệu dự phòng (thuê tại Viettel IDC)",
        name_en="DIC backup site (rented data center)",
        kind="datacenter",
        region=OUTSIDE.slug,
        prefixes=(Prefix(prefix=lan, role="servers", description="Replication servers"),),
        circuits=(
            Circuit(
                cid="viettel-idc-001",
                provider="viettel",
                media=Media.IPSEC,
                rate_kbps=100_000,
                termination_z=DIC_SITE,
                description="Data center Internet, IPsec to the DIC",
            ),
        ),
        devices=(router,),
    )
    return Built(site=site, far_end_device=DIC_FIREWALL, far_end_interface=far)


def generate(units: list[Unit], dedicated: list[dict[str, str]]) -> Inventory:
    """The whole province as an :class:`Inventory` (validated by the caller)."""
    pools = Pools.from_plan(PLAN, [])
    districts: dict[str, Region] = {}
    for u in units:
        districts.setdefault(
            u.district_name,
            Region(
                slug=district_slug(u.district_name),
                name=u.district_name,
                parent=PROVINCE.slug,
                gso_code=u.district_code,
            ),
        )
    by_name = {r.name: r.slug for r in districts.values()}
    extra: dict[str, list[Interface]] = defaultdict(list)
    dic_row = next(r for r in dedicated if r["code"] == DIC_SITE)
    sites: list[Site] = [build_dic(pools, by_name[dic_row["district"]])]
    hubs: dict[str, str] = {}
    tag = 100
    for index, row in enumerate(dedicated, start=1):
        if row["code"] == DIC_SITE:
            continue
        tag += 1
        built = build_dedicated_site(
            pools,
            slug=row["code"],
            name=row["name_vi"],
            name_en=row["name_en"],
            kind=row["kind"],
            region=by_name[row["district"]],
            media=Media(row["link_media"]),
            cid=f"tbdl-{index:03d}",
            tag=tag,
        )
        extra[DIC_EDGE].append(_require_far(built))
        sites.append(built.site)
        if row["kind"] == "district-committee":
            hubs[by_name[row["district"]]] = row["code"]
    backup = build_backup(pools)
    extra[DIC_FIREWALL].append(_require_far(backup))
    sites.append(backup.site)
    sites.append(
        Site(
            slug=CARRIER_SITE,
            name="Nút mạng truyền số liệu chuyên dùng (VNPT Thái Bình)",
            name_en="Carrier node of the dedicated data network",
            kind="carrier",
            region=sites[0].region,
        )
    )
    tags: dict[str, int] = defaultdict(lambda: 100)
    for index, u in enumerate(units, start=1):
        region = districts[u.district_name]
        hub = hubs[region.slug]
        tags[hub] += 1
        media = Media.FIBER if u.unit_type in ("phường", "thị trấn") else Media.COPPER
        built = build_commune(
            pools,
            slug=f"tb-{u.code}-{slugify(strip_unit_type(u.name))}",
            name=u.name,
            region=region.slug,
            gso_code=u.code,
            unit_type=u.unit_type,
            hub_site=hub,
            media=media,
            rate_kbps=None,
            cid=f"tbcl-{index:03d}",
            tag=tags[hub],
            area=int(u.district_code),
            vpn_peer=PLAN.services.vpn_peer,
        )
        if built.far_end_device and built.far_end_interface:
            extra[built.far_end_device].append(built.far_end_interface)
        sites.append(built.site)
    sites = [_attach(s, extra) for s in sites]
    regions = (PROVINCE, *districts.values(), OUTSIDE)
    return Inventory(plan=PLAN, regions=regions, sites=tuple(sites))


def _attach(site: Site, extra: dict[str, list[Interface]]) -> Site:
    for device in site.devices:
        if device.name in extra:
            site = add_interfaces(site, device.name, extra[device.name])
    return site


__all__ = ["HUB_TRUNK", "generate", "read_dedicated", "read_units"]
