"""Brownfield seed configs: what engineers wrote by hand before tbwan ran the network.

Pure and deterministic: one device's config from the inventory, written here line by line
(not with tbwan's templates), so discovery and the baseline audit have a realistic network
to adopt. The addressing, cabling, VLANs, switchports, shaping, tunnels and firewall zones
are the inventory's (the network works); what differs is what hand-made configs differ in:

* hostnames ``TB_SONV_RT01`` instead of ``tb-sonv-rt01``, descriptions in capitals with
  the carrier's circuit id (``** VNPT TBDL-005 FIBER >> TB_TTTHDL_EDGE01 **``);
* local users only (``no aaa new-model``), no TACACS+;
* SNMP v2c communities (values passed in: random per lab run, never in the repository);
* a syslog host that is not the DIC collector, no logging source, a small buffer;
* one device in three has no NTP server, the others one without ``ntp source``;
* OSPF by ``network`` statements, no point-to-point network type on /31s;
* extra static routes (an old printer network, a decommissioned server);
* an old ``banner motd`` and a numbered VTY access list; old IKE policy (3DES/MD5/group 2).

Values that cannot be discovered (passwords, keys) are random per run too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from ipaddress import IPv4Interface
from secrets import token_hex

from tbwan.inventory.models import Device, Interface, InterfaceMode, Inventory, Role, Site
from tbwan.inventory.names import ascii_fold

_TYPE_RANK = {"Loopback": 0, "Port-channel": 1, "Tunnel": 2, "Virtual-Template": 3, "Vlan": 9}


@dataclass(frozen=True)
class LegacySecrets:
    """Values a legacy config holds that must not live in the repository (random per run)."""

    community_ro: str
    community_rw: str
    user_secret: str
    psk: str


def legacy_hostname(name: str) -> str:
    """The hand-made hostname of a device.

    >>> legacy_hostname("tb-sonv-rt01")
    'TB_SONV_RT01'
    """
    return name.upper().replace("-", "_")


def _pick(name: str, salt: str, n: int) -> int:
    digest = hashlib.sha256(f"{salt}:{name}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % n


def _description(i: Interface, site: Site) -> str | None:
    if i.circuit:
        circuit = next((c for c in site.circuits if c.cid == i.circuit), None)
        provider = circuit.provider.upper() if circuit else "ISP"
        media = circuit.media.value.upper() if circuit else "WAN"
        peer = f" >> {legacy_hostname(i.peer_device)}" if i.peer_device else ""
        return f"** {provider} {i.circuit.upper()} {media}{peer} **"
    if i.peer_device:
        return f"** LINK TO {legacy_hostname(i.peer_device)} **"
    if i.description is None:
        return None
    return f"** {ascii_fold(i.description).upper()} **"


def _sorted(interfaces: tuple[Interface, ...]) -> list[Interface]:
    def key(i: Interface) -> tuple[int, tuple[int, ...]]:
        kind = i.name.rstrip("0123456789/.:")
        digits = "".join(c if c.isdigit() else " " for c in i.name[len(kind) :])
        return _TYPE_RANK.get(kind, 5), tuple(int(x) for x in digits.split())

    return sorted(interfaces, key=key)


def _interface(i: Interface, site: Site, zone: str | None, primary: bool) -> list[str]:
    kind = " type tunnel" if i.name.startswith("Virtual-Template") else ""
    out = [f"interface {i.name}{kind}"]
    desc = _description(i, site)
    if desc:
        out.append(f" description {desc}")
    if i.mode is InterfaceMode.ACCESS:
        out += [f" switchport access vlan {i.vlan}", " switchport mode access"]
    elif i.mode is InterfaceMode.TRUNK:
        out += [f" switchport trunk allowed vlan {','.join(map(str, i.vlans))}"]
        out += [" switchport mode trunk"]
    if i.mode is InterfaceMode.ROUTED and i.vlan:
        out.append(f" encapsulation dot1Q {i.vlan}")
    if i.ipv4 is not None:
        out.append(f" ip address {i.ipv4.ip} {i.ipv4.netmask}")
    elif i.unnumbered:
        out.append(f" ip unnumbered {i.unnumbered}")
    elif i.dhcp:
        out.append(" ip address dhcp")
    elif i.mode is InterfaceMode.ROUTED and "." not in i.name:
        out.append(" no ip address")
    if i.hsrp_vip:
        out += [" standby version 2", f" standby 1 ip {i.hsrp_vip}"]
        out += [f" standby 1 priority {i.hsrp_priority or (110 if primary else 100)}"]
        out.append(" standby 1 preempt")
    if zone:
        out.append(f" zone-member security {zone}")
    if i.mode is InterfaceMode.TUNNEL:
        out += [f" tunnel source {i.tunnel_source}", " tunnel mode ipsec ipv4"]
        if i.tunnel_destination:
            out.append(f" tunnel destination {i.tunnel_destination}")
        out.append(" tunnel protection ipsec profile TBWAN-VTI")
    if i.speed_mbps:
        out += [f" speed {i.speed_mbps}", " duplex full"]
    if i.shape_kbps:
        out.append(f" service-policy output SHAPE-{i.shape_kbps}K")
    if i.mode is InterfaceMode.ACCESS:
        out.append(" spanning-tree portfast")
    if not i.enabled:
        out.append(" shutdown")
    elif i.mode in (InterfaceMode.ROUTED, InterfaceMode.TUNNEL, InterfaceMode.SVI) and not (
        i.name.startswith("Loopback")
    ):
        out.append(" no shutdown")
    return [*out, "!"]


def _zones(device: Device) -> dict[str, str]:
    """Interface -> firewall zone, as the inventory states it."""
    return {i.name: i.zone for i in device.interfaces if i.zone}


def _ospf(device: Device, process: int) -> list[str]:
    areas = [i for i in _sorted(device.interfaces) if i.ospf_area is not None]
    if not areas:
        return []
    out = [f"router ospf {process}", f" router-id {device.primary_ip.ip}"]
    out.append(" passive-interface default")
    for i in areas:
        if (i.peer_device or i.mode is InterfaceMode.TUNNEL) and (i.ipv4 or i.unnumbered):
            out.append(f" no passive-interface {i.name}")
    for i in areas:
        if i.ipv4 is not None:
            net = i.ipv4.network
            out.append(f" network {net.network_address} {net.hostmask} area {i.ospf_area}")
    return [*out, "!"]


def _shaping(device: Device) -> list[str]:
    out: list[str] = []
    for rate in sorted({i.shape_kbps for i in device.interfaces if i.shape_kbps}):
        out += [f"policy-map SHAPE-{rate}K", " class class-default"]
        out += [f"  shape average {rate * 1000}", "!"]
    return out


def _crypto(device: Device, psk: str) -> list[str]:
    tunnels = [i for i in device.interfaces if i.mode is InterfaceMode.TUNNEL]
    if not tunnels and device.role is not Role.DIC_FIREWALL:
        return []
    peers = [str(i.tunnel_destination) for i in tunnels if i.tunnel_destination]
    if device.role is Role.DIC_FIREWALL:
        peers.append("0.0.0.0 0.0.0.0")
    out = ["crypto isakmp policy 10", " encryption 3des", " hash md5"]
    out += [" authentication pre-share", " group 2"]
    out += [f"crypto isakmp key {psk} address {p}" for p in peers]
    out += ["!", "crypto ipsec transform-set TBWAN-TS esp-aes 256 esp-sha256-hmac", " mode tunnel"]
    out += ["!", "crypto ipsec profile TBWAN-VTI", " set transform-set TBWAN-TS", "!"]
    if device.role is Role.DIC_FIREWALL:
        out += ["crypto isakmp profile TBWAN-COMMUNES", " match identity address 0.0.0.0"]
        out += [" virtual-template 1", "!"]
        out += _FIREWALL_POLICY
    return out


_FIREWALL_POLICY = [
    "class-map type inspect match-any TBWAN-TRAFFIC",
    " match protocol tcp",
    " match protocol udp",
    " match protocol icmp",
    "!",
    "policy-map type inspect TBWAN-INSPECT",
    " class type inspect TBWAN-TRAFFIC",
    "  inspect",
    " class class-default",
    "  drop log",
    "!",
    "zone security DIC",
    "zone security WAN",
    "zone security VPN",
    "zone security INTERNET",
    *(
        line
        for a, b in (("WAN", "DIC"), ("DIC", "WAN"), ("VPN", "DIC"), ("DIC", "VPN"))
        for line in (
            f"zone-pair security {a}-TO-{b} source {a} destination {b}",
            " service-policy type inspect TBWAN-INSPECT",
        )
    ),
    "!",
]


def _static_routes(device: Device, site: Site) -> list[str]:
    out: list[str] = []
    routed = [i for i in device.interfaces if i.ipv4 is not None and i.ipv4.network.prefixlen < 30]
    if device.role is Role.ACCESS_SWITCH:
        svi = next(i for i in device.interfaces if i.mode is InterfaceMode.SVI)
        gateway = next(p.prefix for p in site.prefixes if p.vlan == svi.vlan)
        out.append(f"ip default-gateway {next(gateway.hosts())}")
    elif routed:
        lan: IPv4Interface = routed[0].ipv4  # type: ignore[assignment]
        printer = lan.network.broadcast_address - 2
        k = _pick(device.name, "printer", 200) + 10
        out.append(f"ip route 192.168.{k}.0 255.255.255.0 {printer} name OLD-PRINTERS")
        if _pick(device.name, "server", 2) == 0:
            out.append(f"ip route 172.16.{k}.0 255.255.255.0 Null0 name DECOM-SERVER")
    uplink = next((i for i in device.interfaces if i.circuit and i.ipv4), None)
    if device.role is Role.BACKUP_ROUTER and uplink is not None and uplink.ipv4 is not None:
        out.append(f"ip route 0.0.0.0 0.0.0.0 {next(uplink.ipv4.network.hosts())}")
    if device.role is Role.DIC_FIREWALL:
        inet = device.interface("GigabitEthernet0/0/3").ipv4
        if inet is not None:
            out.append(f"ip route 0.0.0.0 0.0.0.0 {next(inet.network.hosts())}")
    return [*out, "!"]


def legacy_config(inv: Inventory, site: Site, device: Device, secrets: LegacySecrets) -> str:
    """The hand-made running config of ``device`` at ``site``."""
    plan = inv.plan
    svc = plan.services
    region = next((r.name for r in inv.regions if r.slug == site.region), site.region)
    lines = [
        "service timestamps debug datetime msec",
        "service timestamps log datetime msec",
        "service password-encryption",
        "no service pad",
        "!",
        f"hostname {legacy_hostname(device.name)}",
        "!",
    ]
    if device.role is Role.DIC_CORE:
        lines += ["ip routing", "!"]
    lines += [
        "no aaa new-model",
        "clock timezone ICT 7 0",
        "no ip domain lookup",
        f"ip domain name {svc.domain}",
        "login block-for 120 attempts 5 within 60",
        "!",
        f"username {plan.local_user} privilege 15 secret {secrets.user_secret}",
        f"username support privilege 5 secret {secrets.user_secret}",
        "!",
    ]
    if device.role in (Role.ACCESS_SWITCH, Role.COMMUNE_ROUTER, Role.DIC_CORE):
        for v in site.vlans:
            lines += [f"vlan {v.vid}", f" name {v.name}"]
        lines.append("!")
    if device.role in (Role.ACCESS_SWITCH, Role.DIC_CORE):
        lines += ["spanning-tree mode rapid-pvst"]
        if device.role is Role.ACCESS_SWITCH:
            lines.append("spanning-tree portfast bpduguard default")
        lines.append("!")
    lines += _crypto(device, secrets.psk)
    lines += _shaping(device)
    lines += ["ip ssh version 2", "ip scp server enable", "!"]
    zones = _zones(device)
    for i in _sorted(device.interfaces):
        lines += _interface(i, site, zones.get(i.name), device.name.endswith("01"))
    lines += _ospf(device, plan.ospf_process)
    lines += _static_routes(device, site)
    lines += [f"access-list 10 permit {n.network_address} {n.hostmask}" for n in svc.mgmt_networks]
    lines += ["!", "logging buffered 16384", "logging host 10.34.16.50", "!"]
    lines += [
        f"snmp-server community {secrets.community_ro} RO 10",
        f"snmp-server community {secrets.community_rw} RW 10",
        f"snmp-server location {ascii_fold(site.name)} - {ascii_fold(region)}",
        "snmp-server contact Phong Ky thuat",
        "!",
        "banner motd ^CUNAUTHORISED ACCESS PROHIBITED. Lien he phong ky thuat.^C",
        "!",
        "line con 0",
        " logging synchronous",
        "line vty 0 4",
        " access-class 10 in",
        " login local",
        " transport input ssh",
        "!",
    ]
    if _pick(device.name, "ntp", 3) != 0:
        lines += [f"ntp server {ip}" for ip in svc.ntp]
    lines += ["!", "archive", " path flash:archive", " write-memory", "!", "end", ""]
    return "\n".join(lines)


def legacy_configs(
    inv: Inventory, secrets: LegacySecrets, only: set[str] | None = None
) -> dict[str, str]:
    """Host name -> hand-made IOS config, for every IOS device (or those in ``only``).

    The brownfield is IOS, as discovery reads it: a device of another platform (the
    DIC firewall as an SRX) gets none.
    """
    return {
        d.name: legacy_config(inv, s, d, secrets)
        for s in inv.sites
        for d in s.devices
        if (only is None or d.name in only) and d.platform == "ios"
    }


def random_secrets() -> LegacySecrets:
    """Fresh values for one lab run (never written anywhere but the lab's memory)."""
    return LegacySecrets(
        community_ro="ro" + token_hex(6),
        community_rw="rw" + token_hex(6),
        user_secret=token_hex(10),
        psk=token_hex(12),
    )
