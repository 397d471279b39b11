"""The state of a lab SRX as Junos XML (the replies of its operational RPCs), from the
network model. Pure but for the clock (uptime-based counters, as on the IOS devices).

``state`` is the lab device's state: ``device.name``, ``network`` (the lab's
:class:`~tbwan.lab.network.model.Network`, or None without cabling) and ``running_set()``;
without a network the configuration alone answers (interfaces up unless disabled).
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml.builder import E  # type: ignore[import-untyped, unused-ignore]

from tbwan.lab.network.addr import ip_int, ip_str, network, prefix_str
from tbwan.lab.network.facts import DeviceFacts, Iface
from tbwan.lab.network.oper import oper_state
from tbwan.lab.network.readjunos import parse_junos_facts
from tbwan.lab.network.routing import Route
from tbwan.lab.network.show_l2 import arp_entries, neighbours
from tbwan.lab.network.state import NetState
from tbwan.lab.show import OperState, mac_for

PROTOCOLS = {"C": "Direct", "L": "Local", "S": "Static", "O": "OSPF", "O IA": "OSPF"}
PREFERENCE = {"Direct": 0, "Local": 0, "Static": 5, "OSPF": 10, "OSPF-ext": 150}


def _ctx(state: Any) -> tuple[NetState | None, str, DeviceFacts]:
    name = state.device.name
    net = getattr(state, "network", None)
    st = net.state() if net is not None else None
    if st is not None and name in st.facts:
        return st, name, st.facts[name]
    return None, name, parse_junos_facts(state.running_set())


_DESCRIPTION = re.compile(r"^set interfaces (\S+) (?:unit (\d+) )?description (.*)$", re.M)


def _descriptions(state: Any) -> dict[str, str]:
    """Interface (``ge-0/0/1``, ``ge-0/0/1.0``) -> description, from the committed config."""
    out: dict[str, str] = {}
    for ifd, unit, text in _DESCRIPTION.findall(state.running_set()):
        out[f"{ifd}.{unit}" if unit else ifd] = text.strip().strip('"')
    return out


def _mac(dev: str, port: str) -> str:
    """A stable MAC in Junos's colon notation."""
    dotted = mac_for(dev, port).replace(".", "")
    return ":".join(dotted[i : i + 2] for i in range(0, 12, 2))


def _oper(state: Any, st: NetState | None, dev: str, i: Iface) -> OperState:
    if st is None:
        return OperState("up", "up") if i.admin_up else OperState("administratively down", "down")
    if i.kind == "template" and i.admin_up:  # a multipoint st0 unit: up with any peer
        clones = [c for c in st.facts[dev].interfaces.values() if c.clone_of == i.name]
        if any((p := st.ports.get((dev, c.name))) is not None and p.up for c in clones):
            return OperState("up", "up")
    link = st.port_links.get((dev, i.name))
    if i.parent == i.name and i.admin_up and link is not None and not link.up:
        return OperState("down", "down")  # the cable is on the port; the inventory names a unit
    return oper_state(state.network, dev, i.name, i.admin_up)


def _shown(f: DeviceFacts, name: str | None) -> str:
    """An interface as Junos names it: a dynamic spoke's stand-in is its ``st0`` unit."""
    i = f.interfaces.get(name or "")
    return (i.clone_of or i.name) if i is not None else (name or "")


def _ports(f: DeviceFacts) -> dict[str, list[Iface]]:
    """Physical interface -> its units (lo0 and st0 have no Iface of their own)."""
    out: dict[str, list[Iface]] = {}
    for name, i in f.interfaces.items():
        if i.clone_of is not None:
            continue
        ifd = name.split(".", 1)[0]
        out.setdefault(ifd, [])
        if "." in name:
            out[ifd].append(i)
    return out


def _up(o: OperState) -> str:
    return "up" if o.protocol == "up" else "down"


def _stats(o: OperState) -> list[etree._Element]:
    return [
        E(
            "traffic-statistics",
            E("input-bytes", str(o.in_bytes)),
            E("output-bytes", str(o.out_bytes)),
            E("input-packets", str(o.in_packets)),
            E("output-packets", str(o.out_packets)),
        ),
        E("input-error-list", E("input-errors", str(o.input_errors)), E("input-discards", "0")),
        E(
            "ethernet-mac-statistics",
            E("input-broadcasts", "0"),
            E("output-broadcasts", "0"),
            E("input-unicasts", str(o.in_packets)),
            E("output-unicasts", str(o.out_packets)),
            E("input-multicasts", "0"),
            E("output-multicasts", "0"),
        ),
        E("output-error-list", E("output-errors", str(o.output_errors)), E("output-drops", "0")),
    ]


def _addresses(f: DeviceFacts, i: Iface, terse: bool) -> list[etree._Element]:
    ip, plen = i.ip, i.plen
    if ip is None and i.unnumbered:
        src = f.interfaces.get(i.unnumbered)
        ip, plen = (src.ip, 32) if src is not None else (None, 0)
    if ip is None:
        return []
    if terse:
        ifa = E("interface-address", E("ifa-local", f"{ip_str(ip)}/{plen}"))
    else:
        ifa = E(
            "interface-address",
            E("ifa-destination", prefix_str(network(ip, plen), plen)),
            E("ifa-local", ip_str(ip)),
        )
    return [E("address-family", E("address-family-name", "inet"), ifa)]


def interface_information(state: Any, pattern: str = "*", terse: bool = False) -> etree._Element:
    """``<interface-information>`` for the interfaces matching ``pattern`` (a glob)."""
    st, dev, f = _ctx(state)
    descriptions = _descriptions(state)
    root = E("interface-information")
    for ifd, units in _ports(f).items():
        wanted = [u for u in units if fnmatch.fnmatch(u.name, pattern)]
        if not fnmatch.fnmatch(ifd, pattern) and not wanted:
            continue
        phys = f.interfaces.get(ifd)
        if phys is None:  # lo0, st0: up while enabled
            o = OperState("up", "up")
            admin = True
        else:
            o, admin = _oper(state, st, dev, phys), phys.admin_up
        desc = descriptions.get(ifd, "")
        speed = o.speed or (phys.speed if phys is not None else None)
        el = E(
            "physical-interface",
            E("name", ifd),
            E("admin-status", "up" if admin else "down"),
            E("oper-status", _up(o)),
            E("description", desc) if desc else E("local-index", "0"),
            E("mtu", "1514" if ifd.startswith("ge-") else "Unlimited"),
            E("speed", f"{speed}mbps" if speed else "Unlimited"),
            E("current-physical-address", _mac(dev, ifd)),
            E("interface-flapped", "Never", seconds="0"),
            *_stats(o),
        )
        for u in wanted if not fnmatch.fnmatch(ifd, pattern) else units:
            uo = _oper(state, st, dev, u)
            flags = E("if-config-flags", E("iff-up" if u.admin_up else "iff-down"))
            el.append(
                E(
                    "logical-interface",
                    E("name", u.name),
                    *([E("description", descriptions[u.name])] if u.name in descriptions else []),
                    E("admin-status", "up" if u.admin_up else "down"),
                    E("oper-status", _up(uo)),
                    flags,
                    *_stats(uo),
                    *_addresses(f, u, terse),
                )
            )
        root.append(el)
    return root


IOS_DESCRIPTION = (
    "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
    "Version 17.9.4a, RELEASE SOFTWARE (fc3)"
)


def lldp_neighbors(state: Any, port: str | None = None) -> etree._Element:
    """``<lldp-neighbors-information>`` over the up links; with ``port`` (the
    ``get-lldp-interface-neighbors`` RPCs) that port's neighbour in detail."""
    st, dev, _ = _ctx(state)
    root = E("lldp-neighbors-information")
    for local, peer, far in neighbours(st, dev) if st is not None else []:
        if port is not None and local != port:
            continue
        el = E(
            "lldp-neighbor-information",
            E("lldp-local-port-id", local),
            E("lldp-local-parent-interface-name", "-"),
            E("lldp-remote-chassis-id-subtype", "Mac address"),
            E("lldp-remote-chassis-id", _mac(peer, "chassis")),
            E("lldp-remote-port-id-subtype", "Interface name"),
            E("lldp-remote-port-id", far),
            E("lldp-remote-system-name", peer),
        )
        if port is not None and st is not None:
            router = any(i.kind == "ether" and i.ip for i in st.facts[peer].interfaces.values())
            caps = "Bridge Router" if router else "Bridge"
            el.extend([
                E("lldp-local-interface", local),
                E("lldp-remote-port-description", far),
                E("lldp-system-description", E("lldp-remote-system-description", IOS_DESCRIPTION)),
                E("lldp-remote-system-capabilities-supported", caps),
                E("lldp-remote-system-capabilities-enabled", "Router" if router else "Bridge"),
            ])  # fmt: skip
        root.append(el)
    return root


def arp_table(state: Any) -> etree._Element:
    """``<arp-table-information>``: the neighbours on the up segments."""
    st, dev, _ = _ctx(state)
    root = E("arp-table-information")
    rows = [r for r in arp_entries(st, dev) if r[1] != "-"] if st is not None else []
    for ip, _age, mac, name in rows:
        colons = mac.replace(".", "")
        root.append(
            E(
                "arp-table-entry",
                E("mac-address", ":".join(colons[i : i + 2] for i in range(0, 12, 2))),
                E("ip-address", ip_str(ip)),
                E("hostname", ip_str(ip)),
                E("interface-name", name),
                E("time-to-expire", "1180"),
                E("arp-table-entry-flags", E("none")),
            )
        )
    root.append(E("arp-entry-count", str(len(rows))))
    return root


def _protocol(r: Route) -> tuple[str, int]:
    if r.code.startswith("O E"):
        return "OSPF", PREFERENCE["OSPF-ext"]
    name = PROTOCOLS.get(r.code, "OSPF" if r.code.startswith("O") else "Static")
    return name, r.distance if name == "Static" else PREFERENCE[name]


def _routes(st: NetState, dev: str, destination: str) -> list[Route]:
    rib = st.rib(dev)
    if not destination:
        return rib.sorted()
    try:
        if "/" in destination:
            addr, plen = destination.split("/", 1)
            r = rib.get((network(ip_int(addr), int(plen)), int(plen)))
        else:
            r = rib.lookup(ip_int(destination))
    except ValueError:
        return []  # not an address: no route, as Junos lists none
    return [r] if r is not None else []


def route_information(state: Any, destination: str = "", protocol: str = "") -> etree._Element:
    """``<route-information>`` for inet.0 (one route, or all without ``destination``)."""
    st, dev, f = _ctx(state)
    table = E("route-table", E("table-name", "inet.0"))
    routes: list[Route] = _routes(st, dev, destination) if st is not None else []
    for r in routes:
        name, pref = _protocol(r)
        if protocol and protocol.lower() != name.lower():
            continue
        entry = E(
            "rt-entry",
            E("active-tag", "*"),
            E("current-active"),
            E("last-active"),
            E("protocol-name", name),
            E("preference", str(pref)),
            E("age", "1w0d 00:00:00", seconds="604800"),
            E("metric", str(r.metric)),
        )
        for n, (out_if, nh) in enumerate(r.hops):
            hop = E("nh")
            if n == 0:
                hop.append(E("selected-next-hop"))
            if nh is not None:
                hop.append(E("to", ip_str(nh)))
            hop.append(E("via", _shown(f, out_if) or "discard"))
            entry.append(hop)
        table.append(
            E("rt", E("rt-destination", ip_str(r.net)), E("rt-prefix-length", str(r.plen)), entry)
        )
    table.insert(1, E("total-route-count", str(len(table) - 1)))
    return E("route-information", table)


def ospf_neighbors(state: Any) -> etree._Element:
    """``<ospf-neighbor-information>``."""
    st, dev, f = _ctx(state)
    root = E("ospf-neighbor-information")
    for a in st.neighbors(dev) if st is not None else []:
        root.append(
            E(
                "ospf-neighbor",
                E("neighbor-address", ip_str(a.peer_ip)),
                E("interface-name", _shown(f, a.iface)),
                E("ospf-neighbor-state", a.state.capitalize().replace("2way", "2Way")),
                E("neighbor-id", ip_str(a.peer_rid)),
                E("neighbor-priority", "128"),
                E("activity-timer", "35"),
                E("ospf-area", ip_str(a.area)),
                E("neighbor-up-time", "1w0d 00:00", seconds="604800"),
                E("neighbor-adjacency-time", "1w0d 00:00", seconds="604800"),
            )
        )
    return root


_IF_STATES = {"point-to-point": "PtToPt", "point-to-multipoint": "PtToMltPt", "loopback": "DR"}


def ospf_interfaces(state: Any) -> etree._Element:
    """``<ospf-interface-information>``: every unit in OSPF, ``Down`` when it is not up."""
    st, dev, f = _ctx(state)
    root = E("ospf-interface-information")
    running = {_shown(f, i.name): i for i in st.ospf_if(dev)} if st is not None else {}
    peers: dict[str, list[str]] = {}
    for a in st.neighbors(dev) if st is not None else []:
        peers.setdefault(_shown(f, a.iface), []).append(a.role)
    for name, i in f.interfaces.items():
        if i.ospf_area is None or i.clone_of is not None:
            continue
        up = running.get(name)
        roles = peers.get(name, [])
        if up is None:
            if_state = "Down"
        elif up.net_type in _IF_STATES:
            if_state = _IF_STATES[up.net_type]
        else:
            if_state = "DRother" if "DR" in roles else ("BDR" if roles else "DR")
        root.append(
            E(
                "ospf-interface",
                E("interface-name", name),
                E("ospf-interface-state", if_state),
                E("ospf-area", ip_str(i.ospf_area)),
                E("dr-id", "0.0.0.0"),
                E("bdr-id", "0.0.0.0"),
                E("neighbor-count", str(len(roles))),
            )
        )
    return root
