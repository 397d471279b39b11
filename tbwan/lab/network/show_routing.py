"""IOS text of the routing ``show`` commands, from a :class:`NetState`. Pure.

Formats follow IOS-XE so that ntc-templates (TextFSM) and NAPALM's ``ios`` driver parse
them.
"""

from __future__ import annotations

from tbwan.lab.network.addr import ip_str, mask, parse_prefix
from tbwan.lab.network.routing import Route
from tbwan.lab.network.state import NetState

CODES = """Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR
"""

_SHORT = (
    ("GigabitEthernet", "Gi"),
    ("FastEthernet", "Fa"),
    ("TenGigabitEthernet", "Te"),
    ("Loopback", "Lo"),
    ("Tunnel", "Tu"),
    ("Vlan", "Vl"),
    ("Port-channel", "Po"),
)


def short_if(name: str) -> str:
    """IOS's short interface name.

    >>> short_if("GigabitEthernet0/0/2.101")
    'Gi0/0/2.101'
    """
    for long, short in _SHORT:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def hms(seconds: float) -> str:
    """``00:05:12`` (or ``1d02h`` past a day), as IOS prints ages."""
    s = int(seconds)
    if s >= 86400:
        return f"{s // 86400}d{(s % 86400) // 3600:02d}h"
    return f"{s // 3600:02d}:{(s % 3600) // 60:02d}:{s % 60:02d}"


def ospf_neighbor(st: NetState, dev: str, dead: int = 37) -> str:
    """``show ip ospf neighbor``."""
    adjs = st.neighbors(dev)
    if not adjs:
        return ""
    lines = ["", "Neighbor ID     Pri   State           Dead Time   Address         Interface"]
    for a in sorted(adjs, key=lambda a: (a.iface, a.peer_rid)):
        pri = 0 if a.role == "-" else 1
        state = f"{a.state}/{'  -' if a.role == '-' else a.role}"
        lines.append(
            f"{ip_str(a.peer_rid):<15} {pri:>3}   {state:<15} 00:00:{dead:02d}    "
            f"{ip_str(a.peer_ip):<15} {a.iface}"
        )
    return "\n".join(lines)


def ospf_interface_brief(st: NetState, dev: str) -> str:
    """``show ip ospf interface brief``."""
    ifs = st.ospf_if(dev)
    if not ifs:
        return ""
    lines = ["Interface    PID   Area            IP Address/Mask    Cost  State Nbrs F/C"]
    adjs = st.neighbors(dev)
    for i in ifs:
        mine = [a for a in adjs if a.iface == i.name]
        full = sum(a.state == "FULL" for a in mine)
        if i.net_type == "loopback":
            state = "LOOP"
        elif i.net_type == "point-to-point":
            state = "P2P"
        else:
            roles = {a.role for a in mine}
            state = (
                "DR"
                if not mine or "DR" not in roles
                else ("BDR" if "BDR" not in roles else "DROTH")
            )
        lines.append(
            f"{short_if(i.name):<12} {i.process:<5} {i.area:<15} "
            f"{ip_str(i.ip) + '/' + str(i.plen):<18} {i.cost:<5} {state:<5} {full}/{len(mine)}"
        )
    return "\n".join(lines)


def _via(r: Route, age: str) -> list[str]:
    out = []
    for ifname, nh in r.hops:
        if nh is None:
            out.append(f"is directly connected, {ifname}")
        elif ifname is None or r.code == "S":
            out.append(f"[{r.distance}/{r.metric}] via {ip_str(nh)}")
        else:
            out.append(f"[{r.distance}/{r.metric}] via {ip_str(nh)}, {age}, {ifname}")
    return out


PROTOCOL_CODES = {"connected": ("C", "L"), "static": ("S",), "ospf": ("O", "O IA", "O E2")}


def ip_route(st: NetState, dev: str, age: float, protocol: str | None = None) -> str:
    """``show ip route [connected | static | ospf]``."""
    rib = st.rib(dev)
    routes = rib.sorted()
    if protocol is not None:
        routes = [r for r in routes if r.code in PROTOCOL_CODES[protocol]]
    default = rib.get((0, 0))
    out = [CODES]
    if default is not None and default.hops and default.hops[0][1] is not None:
        nh = ip_str(default.hops[0][1] or 0)
        out.append(f"Gateway of last resort is {nh} to network 0.0.0.0\n")
    else:
        out.append("Gateway of last resort is not set\n")
    agestr = hms(age)
    majors: dict[int, list[Route]] = {}
    for r in routes:
        majors.setdefault(_classful(r.net), []).append(r)
    for major, group in sorted(majors.items()):
        if not (len(group) == 1 and group[0].plen == 0):
            lens = {r.plen for r in group}
            cl = _classful_len(major)
            out.append(
                f"      {ip_str(major)}/{cl} is variably subnetted, {len(group)} subnets, "
                f"{len(lens)} masks"
            )
        for r in group:
            code = r.code + ("*" if r.plen == 0 else "")
            code = code.replace(" *", "*").replace("O E2*", "O*E2")
            head = f"{code:<9}{ip_str(r.net)}/{r.plen}"
            vias = _via(r, agestr)
            out.append(f"{head} {vias[0]}")
            pad = " " * (len(head) + 1)
            out.extend(pad + v for v in vias[1:])
    return "\n".join(out)


def _classful(net: int) -> int:
    return net & mask(_classful_len(net))


def _classful_len(net: int) -> int:
    first = net >> 24
    return 0 if net == 0 else (8 if first < 128 else (16 if first < 192 else 24))


def ip_route_entry(st: NetState, dev: str, target: str, age: float, ospf_pid: int = 1) -> str:
    """``show ip route ADDRESS [MASK]``: the routing entry NAPALM's get_route_to reads."""
    parts = target.split()
    try:
        if len(parts) > 1:
            net, plen = parse_prefix(f"{parts[0]}/{bin(parse_prefix(parts[1])[0]).count('1')}")
            r = st.rib(dev).get((net, plen))
        else:
            r = st.rib(dev).lookup(parse_prefix(parts[0])[0])
    except (ValueError, IndexError):
        return "% Invalid input detected at '^' marker."
    if r is None:
        return "% Network not in table"
    agestr = hms(age)
    proto = {"C": "connected", "L": "connected", "S": "static"}.get(r.code, f"ospf {ospf_pid}")
    kind = {"O": "intra area", "O IA": "inter area", "O E2": "extern 2"}.get(r.code)
    lines = [f"Routing entry for {ip_str(r.net)}/{r.plen}"]
    extra = f", type {kind}" if kind else ""
    lines.append(f'  Known via "{proto}", distance {r.distance}, metric {r.metric}{extra}')
    if r.code in ("C", "L"):
        lines.append("  Routing Descriptor Blocks:")
        lines.append(f"  * directly connected, via {r.hops[0][0]}")
        lines.append(f"      Route metric is {r.metric}, traffic share count is 1")
        return "\n".join(lines)
    first = r.hops[0]
    if first[1] is not None and first[0] is not None:
        lines.append(f"  Last update from {ip_str(first[1])} on {first[0]}, {agestr} ago")
    lines.append("  Routing Descriptor Blocks:")
    for n, (ifname, nh) in enumerate(r.hops):
        star = "*" if n == 0 else " "
        text = f"  {star} {ip_str(nh or 0)}"
        if r.code != "S":
            text += f", from {ip_str(nh or 0)}, {agestr} ago"
        if ifname:
            text += f", via {ifname}"
        lines.append(text)
        lines.append(f"      Route metric is {r.metric}, traffic share count is 1")
    return "\n".join(lines)


def ip_route_summary(st: NetState, dev: str) -> str:
    """``show ip route summary``."""
    counts: dict[str, list[int]] = {}
    kinds = {"O": 0, "O IA": 0, "O E2": 0}
    for r in st.rib(dev).routes.values():
        src = {"C": "connected", "L": "connected", "S": "static"}.get(r.code, "ospf 1")
        c = counts.setdefault(src, [0, 0])
        c[0 if r.plen <= _classful_len(r.net) else 1] += 1
        if r.code in kinds:
            kinds[r.code] += 1
    lines = [
        "IP routing table name is default (0x0)",
        "IP routing table maximum-paths is 32",
        "Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)",
    ]
    total = [0, 0]
    for src in ("connected", "static", "ospf 1"):
        if src not in counts and src != "connected":
            continue
        n, sub = counts.get(src, [0, 0])
        total[0] += n
        total[1] += sub
        lines.append(f"{src:<16}{n:<12}{sub:<12}{0:<12}{(n + sub) * 96:<12}{(n + sub) * 304}")
        if src == "ospf 1":
            lines.append(
                f"  Intra-area: {kinds['O']} Inter-area: {kinds['O IA']} External-1: 0 "
                f"External-2: {kinds['O E2']}"
            )
            lines.append("  NSSA External-1: 0 NSSA External-2: 0")
    routes = sum(total)
    lines.append(f"{'Total':<16}{total[0]:<12}{total[1]:<12}{0:<12}{routes * 96:<12}{routes * 304}")
    return "\n".join(lines)


def ip_protocols(st: NetState, dev: str) -> str:
    """``show ip protocols``: the OSPF process, its areas and passive interfaces."""
    f = st.facts[dev]
    ifs = st.ospf_if(dev)
    procs = {p.process: p for p in f.ospf}
    for i in ifs:
        procs.setdefault(i.process, f.process(i.process))  # type: ignore[arg-type]
    if not procs:
        return "*** IP Routing is NSF aware ***\n"
    out = ["*** IP Routing is NSF aware ***", ""]
    for pid, p in sorted(procs.items()):
        rid = next((i.router_id for i in ifs if i.process == pid), p.router_id or 0)
        areas = sorted({i.area for i in ifs if i.process == pid})
        out += [
            f'Routing Protocol is "ospf {pid}"',
            "  Outgoing update filter list for all interfaces is not set",
            "  Incoming update filter list for all interfaces is not set",
            f"  Router ID {ip_str(rid)}",
        ]
        if p.redistribute:
            out.append("  It is an autonomous system boundary router")
            srcs = ", ".join(r.source for r in p.redistribute if r.source != "default")
            if srcs:
                out.append(f"  Redistributing External Routes from,\n    {srcs}")
        if len(areas) > 1 and 0 in areas:
            out.append("  It is an area border router")
        out += [
            f"  Number of areas in this router is {len(areas)}. {len(areas)} normal 0 stub 0 nssa",
            "  Maximum path: 4",
            "  Routing for Networks:",
        ]
        for net, care, area in p.networks:
            out.append(f"    {ip_str(net)} {ip_str(~care & 0xFFFFFFFF)} area {area}")
        out.append("  Routing on Interfaces Configured Explicitly (Area 0):" if 0 in areas else "")
        for area in areas:
            for i in ifs:
                if i.area == area and f.interfaces[i.name].ospf_area is not None:
                    out.append(f"    {i.name}")
        passive = [i.name for i in ifs if i.passive]
        if passive:
            out.append("  Passive Interface(s):")
            out.extend(f"    {n}" for n in passive)
        out.append("  Routing Information Sources:")
        out.append("    Gateway         Distance      Last Update")
        for a in st.neighbors(dev):
            out.append(f"    {ip_str(a.peer_rid):<15} {110:>8}      00:05:12")
        out.append("  Distance: (default is 110)")
        out.append("")
    return "\n".join(x for x in out if x is not None)
