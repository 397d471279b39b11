"""IOS text of LLDP, CDP, ARP, HSRP and crypto ``show`` commands. Pure."""

from __future__ import annotations

from typing import Any

from tbwan.lab.network.addr import ip_str, network
from tbwan.lab.network.show_routing import short_if
from tbwan.lab.network.state import NetState
from tbwan.lab.show import mac_for

LLDP_HEAD = """Capability codes:
    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
"""
LLDP_COLUMNS = "Device ID           Local Intf     Hold-time  Capability      Port ID"


def _ctx(s: Any) -> tuple[NetState, str] | None:
    net = getattr(s.state, "network", None)
    if net is None:
        return None
    return net.state(), s.state.device.name


def neighbours(st: NetState, dev: str) -> list[tuple[str, str, str]]:
    """(local port, neighbour, its port) over up links, by physical port."""
    out: set[tuple[str, str, str]] = set()
    for link in st.links.values():
        spec = link.spec
        if not link.up or spec.b is None:
            continue
        for me, them in ((spec.a, spec.b), (spec.b, spec.a)):
            if me.device == dev and them.device in st.facts:
                local, far = me.interface.split(".")[0], them.interface.split(".")[0]
                out.add((local, them.device, far))
    return sorted(out)


def _caps(st: NetState, dev: str) -> str:
    f = st.facts[dev]
    return "R" if any(i.kind == "ether" and i.ip for i in f.interfaces.values()) else "B"


def lldp(s: Any, args: list[str]) -> str:
    """``show lldp neighbors [detail]``."""
    got = _ctx(s)
    if got is None:
        return "\n".join([LLDP_HEAD, LLDP_COLUMNS, "", "Total entries displayed: 0", ""])
    st, dev = got
    rows = neighbours(st, dev)
    if args and "detail".startswith(args[0].lower()):
        return _lldp_detail(st, dev, rows)
    lines = [LLDP_HEAD, LLDP_COLUMNS]
    for local, peer, far in rows:
        lines.append(
            f"{peer[:20]:<20}{short_if(local):<15}{120:<11}{_caps(st, peer):<16}{short_if(far)}"
        )
    lines += ["", f"Total entries displayed: {len(rows)}", ""]
    return "\n".join(lines)


def _lldp_detail(st: NetState, dev: str, rows: list[tuple[str, str, str]]) -> str:
    out: list[str] = []
    for local, peer, far in rows:
        pf = st.facts[peer]
        pi = pf.interfaces.get(far)
        mgmt = st.address(peer, "Loopback0") or next(
            (i.ip for i in pf.interfaces.values() if i.ip), 0
        )
        caps = _caps(st, peer)
        out += [
            "------------------------------------------------",
            f"Local Intf: {short_if(local)}",
            f"Chassis id: {mac_for(peer, 'chassis')}",
            f"Port id: {short_if(far)}",
            f"Port Description: {getattr(pi, 'description', '') or far}",
            f"System Name: {peer}",
            "",
            "System Description: ",
            "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
            "Version 17.9.4a, RELEASE SOFTWARE (fc3)",
            "",
            "Time remaining: 95 seconds",
            f"System Capabilities: B,{caps}" if caps == "R" else "System Capabilities: B",
            f"Enabled Capabilities: {caps}",
            "Management Addresses:",
            f"    IP: {ip_str(mgmt or 0)}",
            "Auto Negotiation - supported, enabled",
            "Physical media capabilities:",
            "    1000baseT(FD)",
            "Media Attachment Unit type: 30",
            "Vlan ID: - not advertised",
            "",
        ]
    out += ["", f"Total entries displayed: {len(rows)}", ""]
    return "\n".join(out)


def cdp(s: Any, args: list[str]) -> str:
    """``show cdp neighbors``."""
    got = _ctx(s)
    head = (
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge\n"
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone, \n"
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay \n\n"
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID"
    )
    if got is None:
        return head + "\n\nTotal cdp entries displayed : 0"
    st, dev = got
    # CDP is Cisco's: a Junos neighbour (an SRX) sends none
    rows = [r for r in neighbours(st, dev) if st.facts[r[1]].platform != "junos"]
    lines = [head]
    for local, peer, far in rows:
        cap = "R B S I" if _caps(st, peer) == "R" else "S I"
        model = st.cabling.models.get(peer, "ISR4331")
        lines.append(peer)
        lines.append(
            f"                 {short_if(local):<18}{161:<11}{cap:<12}{model:<10}{short_if(far)}"
        )
    lines += ["", f"Total cdp entries displayed : {len(rows)}"]
    return "\n".join(lines)


def arp_entries(st: NetState, dev: str) -> list[tuple[int, str, str, str]]:
    """(address, age, MAC, interface) as ``show arp`` lists them."""
    out: dict[int, tuple[int, str, str, str]] = {}
    f = st.facts[dev]
    for name, i in f.interfaces.items():
        port = st.ports.get((dev, name))
        if i.ip is None or port is None or not port.up or i.kind in ("loopback", "tunnel"):
            continue
        out[i.ip] = (i.ip, "-", mac_for(dev, i.parent), name)
        for g in i.standby:
            if g.vip is not None and st.active_vip.get(g.vip) == (dev, name):
                out[g.vip] = (g.vip, "-", f"0000.0c9f.f{g.group:03x}", name)
        seg = st.seg_of.get((dev, name))
        if seg is not None:
            for pdev, pname in st.segments[seg]:
                if pdev == dev:
                    continue
                ip = st.address(pdev, pname)
                pi = st.facts[pdev].interfaces.get(pname)
                if ip is not None and pi is not None:
                    out[ip] = (ip, "0", mac_for(pdev, pi.parent), name)
        for host in st.cabling.hosts:
            if network(host, i.plen) == network(i.ip, i.plen):
                out[host] = (host, "0", mac_for("host", ip_str(host)), name)
    return [out[k] for k in sorted(out)]


def arp(s: Any, args: list[str]) -> str:
    """``show arp`` / ``show ip arp``."""
    got = _ctx(s)
    lines = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    if got is None:
        return lines[0]
    st, dev = got
    for ip, age, mac, name in arp_entries(st, dev):
        lines.append(f"Internet  {ip_str(ip):<17}{age:>8}   {mac}  ARPA   {name}")
    return "\n".join(lines)


def standby_brief(s: Any, args: list[str]) -> str:
    """``show standby brief``."""
    head = (
        "                     P indicates configured to preempt.\n"
        "                     |\n"
        "Interface   Grp  Pri P State   Active          Standby         Virtual IP"
    )
    got = _ctx(s)
    if got is None:
        return head
    st, dev = got
    lines = [head]
    for h in sorted(st.hsrp, key=lambda h: (h.iface, h.group)):
        if h.device != dev:
            continue
        me = (h.device, h.iface)
        lines.append(
            f"{short_if(h.iface):<12}{h.group:<5}{h.priority:<4}{'P' if h.preempt else ' '} "
            f"{h.state:<8}{_who(st, me, h.active):<16}{_who(st, me, h.standby):<16}"
            f"{ip_str(h.vip or 0)}"
        )
    return "\n".join(lines)


def _who(st: NetState, me: tuple[str, str], port: tuple[str, str] | None) -> str:
    if port is None:
        return "unknown"
    if port == me:
        return "local"
    return ip_str(st.address(*port) or 0)


def isakmp_sa(s: Any, args: list[str]) -> str:
    """``show crypto isakmp sa``."""
    lines = [
        "IPv4 Crypto ISAKMP SA",
        "dst             src             state          conn-id status",
    ]
    got = _ctx(s)
    if got is not None:
        st, dev = got
        for n, t in enumerate(x for x in st.tunnels if x.device == dev):
            if t.remote is None or t.local is None:
                continue
            state, status = ("QM_IDLE", "ACTIVE") if t.up else ("MM_NO_STATE", "ACTIVE")
            if not t.up and "unreachable" in t.reason:
                continue
            lines.append(
                f"{ip_str(t.remote):<16}{ip_str(t.local):<16}{state:<15}{1001 + n:>7} {status}"
            )
    return "\n".join([*lines, "", "IPv6 Crypto ISAKMP SA", ""])


def ipsec_sa(s: Any, args: list[str]) -> str:
    """``show crypto ipsec sa``: one block per tunnel interface."""
    got = _ctx(s)
    if got is None:
        return ""
    st, dev = got
    out: list[str] = []
    for t in st.tunnels:
        if t.device != dev or t.local is None:
            continue
        pk = 1000 if t.up else 0
        out += [
            f"interface: {t.name}",
            f"    Crypto map tag: {t.name}-head-0, local addr {ip_str(t.local)}",
            "",
            "   protected vrf: (none)",
            "   local  ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)",
            "   remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)",
            f"   current_peer {ip_str(t.remote or 0)} port 500",
            "     PERMIT, flags={origin_is_acl,}",
            f"    #pkts encaps: {pk}, #pkts encrypt: {pk}, #pkts digest: {pk}",
            f"    #pkts decaps: {pk}, #pkts decrypt: {pk}, #pkts verify: {pk}",
            "",
            f"     local crypto endpt.: {ip_str(t.local)}, "
            f"remote crypto endpt.: {ip_str(t.remote or 0)}",
            "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb "
            + (st.facts[dev].interfaces[t.name].tunnel_source or ""),
            f"     current outbound spi: {'0x1A2B3C4D(439041101)' if t.up else '0x0(0)'}",
            "     PFS (Y/N): N, DH group: none",
            "",
            "     inbound esp sas:",
        ]
        if t.up:
            out += ["      spi: 0x4D3C2B1A(1295788826)", "        Status: ACTIVE(ACTIVE)"]
        out += ["", "     outbound esp sas:"]
        if t.up:
            out += ["      spi: 0x1A2B3C4D(439041101)", "        Status: ACTIVE(ACTIVE)"]
        out.append("")
    return "\n".join(out)
