"""Reading a Junos configuration in ``set`` form into
:class:`~tbwan.lab.network.facts.DeviceFacts`. Pure.

The facts are the ones the IOS reader produces, so links, OSPF, tunnels and forwarding
treat an SRX like any other device:

- every logical unit is an interface named as Junos and the inventory name it
  (``ge-0/0/1.0``, ``st0.100``, ``lo0.0``); a physical port (``ge-0/0/1``) is the units'
  parent, so ``disable`` on it takes its units down with it;
- ``protocols ospf area A interface X`` puts the unit in area A (one OSPF instance);
- a route-based VPN (``security ipsec vpn V bind-interface st0.N``) makes ``st0.N`` a
  tunnel whose source is its IKE gateway's ``external-interface`` and whose destination
  is the gateway's ``address``; a gateway with ``dynamic`` peers on a ``multipoint`` unit
  makes the unit a hub for dynamic tunnels, like IOS's ``Virtual-Template``;
- IKE and IPsec proposals are written as the IOS lines that negotiate the same thing
  (``encryption aes 256``, ``esp-aes 256 esp-sha256-hmac``), so the IOS rule - a
  common ISAKMP policy, equal pre-shared keys (SHA-256 digests, ``$9$`` keys decoded
  first), equal transforms - decides whether SRX-IOS tunnels come up;
- security policies become zone pairs that pass ICMP or not (first policy matching ICMP,
  else the default policy); a zone's ``host-inbound-traffic`` decides on which interfaces
  the SRX answers pings (``system-services ping``), accepts IKE (``ike``) and hears OSPF
  hellos (``protocols ospf``: an interface that does not is as good as passive).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from tbwan.lab.network.addr import ip_int, parse_prefix
from tbwan.lab.network.facts import Crypto, DeviceFacts, Iface, OspfProcess, Static, digest
from tbwan.lab.network.junos_crypto import esp_transforms, ike_policy_lines
from tbwan.lab.network.junos_filter import filter_acl
from tbwan.lab.network.junos_zones import PERMIT, Zones

JUNOS_STATIC_PREFERENCE = 5
JUNOS_HELLO = 10  # Junos's default on broadcast, point-to-point and p2mp st0 interfaces

_NET_TYPES = {
    "p2p": "point-to-point",
    "p2mp": "point-to-multipoint",
    "nbma": "non-broadcast",
    "p2mp-over-lan": "point-to-multipoint",
}


@dataclass
class _Unit:
    name: str
    kw: dict[str, object] = field(default_factory=dict)


@dataclass
class _Reader:
    """What the ``set`` lines say, gathered before facts are built."""

    hostname: str = "Router"
    ifd_up: dict[str, bool] = field(default_factory=dict)
    ifd_kw: dict[str, dict[str, object]] = field(default_factory=dict)
    units: dict[str, _Unit] = field(default_factory=dict)
    multipoint: set[str] = field(default_factory=set)
    router_id: int | None = None
    ref_bw: int = 100
    passive: set[str] = field(default_factory=set)
    statics: list[Static] = field(default_factory=list)
    ike_proposals: dict[str, dict[str, str]] = field(default_factory=dict)
    ike_policies: dict[str, dict[str, object]] = field(default_factory=dict)
    ipsec_proposals: dict[str, dict[str, str]] = field(default_factory=dict)
    ipsec_policies: dict[str, list[str]] = field(default_factory=dict)
    gateways: dict[str, dict[str, str]] = field(default_factory=dict)
    vpns: dict[str, dict[str, str]] = field(default_factory=dict)
    zones: Zones = field(default_factory=Zones)
    lo0_filter: str | None = None
    firewall: list[list[str]] = field(default_factory=list)
    prefix_lists: dict[str, list[str]] = field(default_factory=dict)

    def unit(self, name: str) -> _Unit:
        if "." not in name:
            name += ".0"  # Junos: an interface named without a unit means unit 0
        return self.units.setdefault(name, _Unit(name))


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def _secret(text: str) -> str:
    """A key as typed: ``$9$`` values are Junos's reversible encoding of it."""
    if text.startswith("$9$"):
        from netutils.password import decrypt_juniper_type9  # only Junos configs need it

        try:
            return str(decrypt_juniper_type9(text))
        except (ValueError, IndexError, KeyError):
            return text
    return text


def _interfaces(r: _Reader, t: list[str]) -> None:
    ifd = t[0]
    if len(t) >= 3 and t[1] == "unit":
        unit = r.unit(f"{ifd}.{t[2]}")
        _unit_line(r, unit, t[3:])
        return
    rest = t[1:]
    kw = r.ifd_kw.setdefault(ifd, {})
    if rest == ["disable"]:
        r.ifd_up[ifd] = False
    elif rest[:1] == ["speed"] and len(rest) > 1:
        kw["speed"] = _speed(rest[1])
    elif rest[:2] == ["ether-options", "speed"] and len(rest) > 2:
        kw["speed"] = _speed(rest[2].removeprefix("ethernet-"))
    elif rest[:1] == ["link-mode"] and len(rest) > 1:
        kw["duplex"] = "half" if rest[1].startswith("half") else "full"
    else:
        r.ifd_up.setdefault(ifd, True)


def _speed(text: str) -> int | None:
    units = {"m": 1, "g": 1000}
    num, suffix = text[:-1], text[-1:].lower()
    return int(num) * units[suffix] if num.isdigit() and suffix in units else None


def _unit_line(r: _Reader, unit: _Unit, t: list[str]) -> None:
    kw = unit.kw
    if t == ["disable"]:
        kw["admin_up"] = False
    elif t == ["multipoint"]:
        r.multipoint.add(unit.name)
    elif t[:1] == ["vlan-id"] and len(t) > 1 and t[1].isdigit():
        kw["dot1q"] = int(t[1])
    elif t[:3] == ["family", "inet", "address"] and len(t) > 3 and "ip" not in kw:
        addr, _, plen = t[3].partition("/")
        kw["ip"], kw["plen"] = ip_int(addr), int(plen or 32)
    elif t[:3] == ["family", "inet", "unnumbered-address"] and len(t) > 3:
        kw["unnumbered"] = t[3]
    elif t[:3] == ["family", "inet", "mtu"] and len(t) > 3 and t[3].isdigit():
        kw["mtu"] = int(t[3])
    elif t[:4] == ["family", "inet", "filter", "input"] and len(t) > 4 and unit.name == "lo0.0":
        r.lo0_filter = t[4]


def _ospf(r: _Reader, t: list[str]) -> None:
    if t[:1] == ["reference-bandwidth"] and len(t) > 1:
        r.ref_bw = _bandwidth_mbps(t[1])
        return
    if len(t) < 4 or t[0] != "area" or t[2] != "interface":
        return
    area = ip_int(t[1]) if "." in t[1] else int(t[1])
    unit = r.unit(t[3])
    kw, rest = unit.kw, t[4:]
    kw["ospf_process"], kw["ospf_area"] = 1, area
    if rest == ["passive"]:
        r.passive.add(unit.name)
    elif rest[:1] == ["interface-type"] and len(rest) > 1:
        kw["ospf_net"] = _NET_TYPES.get(rest[1], "broadcast")
    elif rest[:1] == ["metric"] and len(rest) > 1:
        kw["cost"] = int(rest[1])
    elif rest[:1] == ["hello-interval"] and len(rest) > 1:
        kw["hello"] = int(rest[1])
    elif rest[:1] == ["dead-interval"] and len(rest) > 1:
        kw["dead"] = int(rest[1])
    elif rest[:2] == ["authentication", "md5"] and len(rest) > 4 and rest[3] == "key":
        # digested like IOS's "ip ospf message-digest-key N md5 KEY": key id and key
        kw["auth"], kw["auth_key"] = "md5", digest(f"{rest[2]}:{_secret(rest[4])}")
    elif rest[:2] == ["authentication", "simple-password"] and len(rest) > 2:
        kw["auth"], kw["auth_key"] = "text", digest(_secret(rest[2]))
    elif rest == ["disable"]:
        kw.pop("ospf_process", None)
        kw.pop("ospf_area", None)


def _bandwidth_mbps(text: str) -> int:
    scale = {"k": 1e-3, "m": 1, "g": 1000}
    suffix = text[-1:].lower()
    if suffix in scale and text[:-1].isdigit():
        return max(1, int(int(text[:-1]) * scale[suffix]))
    return max(1, int(text) // 1_000_000) if text.isdigit() else 100


def _static(r: _Reader, t: list[str]) -> None:
    if len(t) < 3 or t[0] != "route":
        return
    net, plen = parse_prefix(t[1])
    rest = t[2:]
    pref = JUNOS_STATIC_PREFERENCE
    if "preference" in rest[:-1]:
        pref = int(rest[rest.index("preference") + 1])
    if rest[:1] == ["next-hop"] and len(rest) > 1:
        nh = rest[1]
        if nh.count(".") == 3 and "/" not in nh:
            r.statics.append(Static(net, plen, ip_int(nh), None, pref))
        else:
            r.statics.append(Static(net, plen, None, nh, pref))


def _security(r: _Reader, t: list[str]) -> None:
    if t[0] == "policies":
        r.zones.policy_line(t[1:])
        return
    if len(t) < 4:
        return
    sect, kind, name, rest = t[0], t[1], t[2], t[3:]
    if sect == "ike" and kind == "proposal":
        r.ike_proposals.setdefault(name, {})[rest[0]] = rest[-1]
    elif sect == "ike" and kind == "policy":
        pol = r.ike_policies.setdefault(name, {"proposals": []})
        if rest[0] == "proposals":
            pol["proposals"] = [*pol["proposals"], *rest[1:]]  # type: ignore[misc]
        elif rest[0] == "pre-shared-key" and len(rest) > 2:
            pol["psk"] = _secret(rest[2])
    elif sect == "ike" and kind == "gateway":
        gw = r.gateways.setdefault(name, {})
        if rest[0] == "dynamic":
            gw["dynamic"] = "yes"
        elif rest[0] == "address" and len(rest) > 1:
            ip_int(rest[1])  # a name instead of an address: the line is skipped
            gw.setdefault("address", rest[1])
        elif len(rest) > 1:
            gw.setdefault(rest[0], rest[1])
    elif sect == "ipsec" and kind == "proposal":
        r.ipsec_proposals.setdefault(name, {})[rest[0]] = rest[-1]
    elif sect == "ipsec" and kind == "policy" and rest[0] == "proposals":
        r.ipsec_policies[name] = [*r.ipsec_policies.get(name, []), *rest[1:]]
    elif sect == "ipsec" and kind == "vpn":
        vpn = r.vpns.setdefault(name, {})
        if rest[0] == "bind-interface" and len(rest) > 1:
            vpn["bind"] = rest[1]
        elif rest[:2] == ["ike", "gateway"] and len(rest) > 2:
            vpn["gateway"] = rest[2]
        elif rest[:2] == ["ike", "ipsec-policy"] and len(rest) > 2:
            vpn["policy"] = rest[2]
    elif sect == "zones" and kind == "security-zone":
        r.zones.zone_line(name, rest)


def _crypto(r: _Reader) -> Crypto:
    keys: list[tuple[int, int, str]] = []
    for gw in r.gateways.values():
        pol = r.ike_policies.get(gw.get("ike-policy", ""), {})
        psk = pol.get("psk")
        if not isinstance(psk, str):
            continue
        if "address" in gw:
            keys.append((ip_int(gw["address"]), 0xFFFFFFFF, digest(psk)))
        elif "dynamic" in gw:
            keys.append((0, 0, digest(psk)))
    policies = tuple(
        ike_policy_lines(r.ike_proposals[name])
        for pol in r.ike_policies.values()
        for name in pol["proposals"]  # type: ignore[attr-defined]
        if name in r.ike_proposals
    )
    tsets = tuple(
        (pol, esp_transforms(r.ipsec_proposals[props[0]]))
        for pol, props in r.ipsec_policies.items()
        if props and props[0] in r.ipsec_proposals
    )
    profiles = tuple((vpn, v["policy"]) for vpn, v in r.vpns.items() if "policy" in v)
    return Crypto(tuple(keys), policies, tsets, profiles)


def _iface(r: _Reader, unit: _Unit) -> Iface:
    ifd = unit.name.split(".", 1)[0]
    kw = dict(unit.kw)
    if ifd in ("lo0", "st0"):
        parent = unit.name  # no separate port: the unit is the interface
        kw["admin_up"] = bool(kw.get("admin_up", True)) and r.ifd_up.get(ifd, True)
        kind = "loopback" if ifd == "lo0" else "tunnel"
    else:
        parent, kind = ifd, "ether"
    vpn = next((v for v in r.vpns.values() if v.get("bind") == unit.name), None)
    if kind == "tunnel" and vpn is not None:
        gw = r.gateways.get(vpn.get("gateway", ""), {})
        kw["tunnel_mode"] = "ipsec ipv4"
        kw["tunnel_profile"] = next(n for n, v in r.vpns.items() if v is vpn)
        if "external-interface" in gw:
            ext = gw["external-interface"]
            kw["tunnel_source"] = ext if "." in ext else ext + ".0"
        if "address" in gw:
            kw["tunnel_dest"] = ip_int(gw["address"])
        if "dynamic" in gw and unit.name in r.multipoint:
            kind = "template"
    if "ospf_area" in kw:
        kw.setdefault("hello", JUNOS_HELLO)
        if kind == "tunnel":
            kw.setdefault("ospf_net", "point-to-point")  # st0's default interface type
    kw["zone"] = r.zones.member.get(unit.name)
    return Iface(unit.name, parent=parent, kind=kind, **kw)  # type: ignore[arg-type]


def _line(r: _Reader, head: str, rest: list[str]) -> None:
    """One ``set`` line (without ``set``), split into words."""
    if head == "interfaces":
        _interfaces(r, rest)
    elif head == "system" and rest[0] == "host-name" and len(rest) > 1:
        r.hostname = rest[1]
    elif head == "protocols" and rest[0] == "ospf":
        _ospf(r, rest[1:])
    elif head == "routing-options" and rest[0] == "router-id" and len(rest) > 1:
        r.router_id = ip_int(rest[1])
    elif head == "routing-options" and rest[0] == "static":
        _static(r, rest[1:])
    elif head == "security":
        _security(r, rest)
    elif head == "firewall":
        r.firewall.append(rest[2:] if rest[:2] == ["family", "inet"] else rest)
    elif head == "policy-options" and rest[0] == "prefix-list" and len(rest) > 2:
        parse_prefix(rest[2])  # not an address: the line is skipped
        r.prefix_lists.setdefault(rest[1], []).append(rest[2])


def parse_junos_facts(set_text: str) -> DeviceFacts:
    """Read the facts of one Junos configuration in ``set`` form (``show configuration |
    display set``); ``deactivate`` lines hide what they name."""
    lines = [ln.strip() for ln in set_text.splitlines()]
    inactive = [ln.split(None, 1)[1] for ln in lines if ln.startswith("deactivate ")]
    r = _Reader()
    for line in lines:
        if not line.startswith("set "):
            continue
        body = line[4:]
        if any(body == p or body.startswith(p + " ") for p in inactive):
            continue
        t = _words(body)
        if len(t) < 2:
            continue
        try:
            _line(r, t[0], t[1:])
        except (ValueError, IndexError, KeyError):
            continue  # a value Junos would have refused at commit: the line means nothing
    ifaces: dict[str, Iface] = {}
    for ifd, up in r.ifd_up.items():
        if ifd not in ("lo0", "st0"):
            extra = r.ifd_kw.get(ifd, {})
            ifaces[ifd] = Iface(ifd, admin_up=up, parent=ifd, **extra)  # type: ignore[arg-type]
    for unit in r.units.values():
        ifd = unit.name.split(".", 1)[0]
        if ifd not in ifaces and ifd not in ("lo0", "st0"):
            ifaces[ifd] = Iface(ifd, parent=ifd)
        ifaces[unit.name] = _iface(r, unit)
    # hellos a zone does not let in form no adjacency: the interface is as good as passive
    deaf = {n for n, i in ifaces.items() if i.kind != "loopback" and i.ospf_area is not None}
    deaf -= r.zones.let_in("protocols", "ospf")
    passive = frozenset(r.passive | deaf)
    ospf = OspfProcess(1, router_id=r.router_id, passive=passive, ref_bw_mbps=r.ref_bw)
    return DeviceFacts(
        hostname=r.hostname,
        interfaces=ifaces,
        ospf=(ospf,),
        statics=tuple(r.statics),
        crypto=_crypto(r),
        zone_pairs=r.zones.pairs(),
        inspect_icmp=frozenset({PERMIT}),
        platform="junos",
        self_icmp=r.zones.let_in("system-services", "ping"),
        ike_ifaces=r.zones.let_in("system-services", "ike"),
        self_acl=(filter_acl(r.lo0_filter, r.firewall, r.prefix_lists) if r.lo0_filter else None),
    )
