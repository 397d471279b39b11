"""Interfaces as ``show`` commands print them, from the running config. Pure.

:func:`oper_state` is the one place that decides an interface's status, line protocol and
counters; every command here (``show interfaces``, ``show ip interface [brief]``,
``show interfaces status|summary``) reads it, so a network model can replace it alone.
Formats follow IOS-XE (IOS 15 for classic switches) closely enough for NAPALM's getters
and the ntc-templates parsers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netutils.interface import abbreviated_interface_name, canonical_interface_name

from tbwan.lab.config_tree import Node
from tbwan.lab.hardware import model_of

if TYPE_CHECKING:
    from tbwan.lab.state import DeviceState

# Default bandwidth (Kbit/s) and whether the type is a physical Ethernet port.
_KINDS: tuple[tuple[str, int, bool, str], ...] = (
    ("TenGigabitEthernet", 10_000_000, True, "Ten Gigabit Ethernet"),
    ("GigabitEthernet", 1_000_000, True, "Gigabit Ethernet"),
    ("FastEthernet", 100_000, True, "Fast Ethernet"),
    ("Ethernet", 10_000, True, "Ethernet"),
    ("Loopback", 8_000_000, False, "Loopback"),
    ("Tunnel", 100, False, "Tunnel"),
    ("Vlan", 1_000_000, False, "Ethernet SVI"),
    ("Port-channel", 1_000_000, False, "EtherChannel"),
    ("Dialer", 56, False, "Unknown"),
    ("Virtual-Template", 100_000, False, "Virtual Template interface"),
    ("Virtual-Access", 100_000, False, "Virtual Access interface"),
    ("Serial", 1_544, False, "WIC MBRD Serial"),
    ("Cellular", 50_000, False, "Cellular"),
    ("Null", 10_000_000, False, "Unknown"),
)


@dataclass(frozen=True)
class Interface:
    """An interface as derived from an ``interface`` section."""

    name: str
    description: str
    address: str | None
    prefix_len: int | None
    enabled: bool
    bandwidth_kbit: int
    mtu: int
    speed: str = "auto"
    duplex: str = "auto"
    secondaries: tuple[tuple[str, int], ...] = ()
    ipv6: tuple[tuple[str, int], ...] = ()
    vrf: str | None = None
    switchport: str | None = None
    access_vlan: int = 1
    dot1q: int | None = None
    physical: bool = False
    hardware: str = "Unknown"

    @property
    def short(self) -> str:
        """IOS's abbreviation (``Gi0/1/0``), as tables print it."""
        return str(abbreviated_interface_name(self.name))


@dataclass(frozen=True)
class OperState:
    """What an interface does now: status, line protocol and counters."""

    status: str
    protocol: str
    in_packets: int = 0
    in_bytes: int = 0
    out_packets: int = 0
    out_bytes: int = 0
    input_errors: int = 0
    crc: int = 0
    output_errors: int = 0
    # negotiated on the link (the network model), None: as configured
    speed: int | None = None
    duplex: str | None = None
    # the address a carrier leased by DHCP (the network model), None: none learnt
    dhcp_address: str | None = None

    @property
    def up(self) -> bool:
        """Line protocol up."""
        return self.protocol == "up"


def oper_state(state: DeviceState, iface: Interface) -> OperState:
    """Status, protocol and counters of ``iface`` on the device of ``state``.

    The lab models no cabling here: an interface is up unless ``shutdown`` and counts no
    traffic. A network model replaces this function to drive state from links.
    """
    if state.network is not None:  # cabling known: the network model decides
        from tbwan.lab.network.oper import oper_state as network_oper_state

        return network_oper_state(state.network, state.device.name, iface.name, iface.enabled)
    if not iface.enabled:
        return OperState("administratively down", "down")
    return OperState("up", "up")


def _mask_len(mask: str) -> int:
    return sum(bin(int(o)).count("1") for o in mask.split("."))


def _kind(name: str) -> tuple[int, bool, str]:
    for prefix, bw, physical, hw in _KINDS:
        if name.startswith(prefix):
            return bw, physical, hw
    return 1_000_000, False, "Unknown"


def _interface(node: Node, switch: bool) -> Interface:
    name = node.text.split()[1]
    bw, physical, hw = _kind(name)
    physical = physical and "." not in name
    desc, addr, plen, enabled = "", None, None, True
    mtu = 1514 if name.startswith("Loopback") else 1500
    speed, duplex, bandwidth, vrf, mode, vlan, dot1q = "auto", "auto", None, None, None, 1, None
    sec: list[tuple[str, int]] = []
    v6: list[tuple[str, int]] = []
    routed = not (switch and physical)
    for child in node.children:
        t = child.text.split()
        if t[0] == "description":
            desc = child.text.split(" ", 1)[1]
        elif t[:2] == ["ip", "address"] and len(t) >= 4 and "." in t[2]:
            if "secondary" in t:
                sec.append((t[2], _mask_len(t[3])))
            else:
                addr, plen = t[2], _mask_len(t[3])
        elif t[:2] == ["ipv6", "address"] and len(t) >= 3 and "/" in t[2]:
            ip6, _, p6 = t[2].partition("/")
            v6.append((ip6.upper(), int(p6) if p6.isdigit() else 64))
        elif t == ["shutdown"]:
            enabled = False
        elif t[0] == "bandwidth" and len(t) > 1 and t[1].isdigit():
            bandwidth = int(t[1])
        elif t[0] == "mtu" and len(t) > 1 and t[1].isdigit():
            mtu = int(t[1])
        elif t[0] == "speed" and len(t) > 1:
            speed = t[1]
        elif t[0] == "duplex" and len(t) > 1:
            duplex = t[1]
        elif t[:2] in (["vrf", "forwarding"], ["ip", "vrf"]) and len(t) > 2:
            vrf = t[-1]
        elif t[:2] == ["switchport", "mode"] and len(t) > 2:
            mode = t[2]
        elif t[:3] == ["switchport", "access", "vlan"] and len(t) > 3 and t[3].isdigit():
            vlan = int(t[3])
        elif t == ["no", "switchport"]:
            routed = True
        elif t == ["switchport"]:
            routed = False
        elif t[:2] == ["encapsulation", "dot1Q"] and len(t) > 2 and t[2].isdigit():
            dot1q = int(t[2])
    if speed.isdigit():
        bw = int(speed) * 1000
    if bandwidth is not None:
        bw = bandwidth
    port_mode = None if routed and mode is None else (mode or "access")
    return Interface(
        name, desc, addr, plen, enabled, bw, mtu, speed, duplex, tuple(sec), tuple(v6), vrf,
        port_mode, vlan, dot1q, physical, hw,
    )  # fmt: skip


def interfaces(root: Node, model: str = "") -> list[Interface]:
    """Interfaces of the running config in the order IOS lists them."""
    switch = model_of(model).switch if model else False
    return [_interface(n, switch) for n in root.children if n.text.startswith("interface ")]


def table(state: DeviceState) -> list[tuple[Interface, OperState]]:
    """Every interface of the device with its operational state."""
    return [(i, oper_state(state, i)) for i in interfaces(state.running, state.device.model)]


def find(state: DeviceState, name: str) -> list[tuple[Interface, OperState]]:
    """The interface called ``name`` (abbreviations accepted), as a 0- or 1-item list."""
    want = str(canonical_interface_name(name)).lower()
    return [(i, o) for i, o in table(state) if i.name.lower() == want]


def mac_for(device: str, name: str) -> str:
    """A stable MAC address in Cisco dotted notation.

    >>> mac_for("r1", "Gi0/0") == mac_for("r1", "Gi0/0")
    True
    """
    h = hashlib.md5(f"{device}/{name}".encode(), usedforsecurity=False).hexdigest()
    h = "00" + h[2:12]
    return f"{h[0:4]}.{h[4:8]}.{h[8:12]}"


def ip_interface_brief(rows: list[tuple[Interface, OperState]]) -> str:
    """``show ip interface brief``."""
    lines = [f"{'Interface':<27}{'IP-Address':<16}OK? Method Status                Protocol"]
    for i, o in rows:
        addr = i.address or o.dhcp_address or "unassigned"
        method = "NVRAM" if i.address else ("DHCP" if o.dhcp_address else "unset")
        lines.append(f"{i.name:<27}{addr:<16}YES {method:<6} {o.status:<21} {o.protocol}")
    return "\n".join(lines)


def _speed_line(i: Interface, o: OperState, xe: bool) -> str:
    speed = i.speed if i.speed.isdigit() else str(i.bandwidth_kbit // 1000)
    duplex = i.duplex if i.duplex in ("full", "half") else "full"
    if o.speed is not None and o.duplex is not None:
        speed, duplex = str(o.speed), o.duplex
    if xe:
        link = "force-up" if i.speed.isdigit() else "auto"
        head = f"  {duplex.capitalize()} Duplex, {speed}Mbps"
        return f"{head}, link type is {link}, media type is RJ45"
    return f"  {duplex.capitalize()}-duplex, {speed}Mb/s, media type is 10/100/1000BaseTX"


def show_interfaces(device: str, model: str, rows: list[tuple[Interface, OperState]]) -> str:
    """``show interfaces [NAME]``."""
    xe = model_of(model).xe
    out: list[str] = []
    for i, o in rows:
        out.append(f"{i.name} is {o.status}, line protocol is {o.protocol} ")
        if i.name.startswith(("Loopback", "Tunnel", "Dialer", "Null")):
            out.append(f"  Hardware is {i.hardware}")
        else:
            mac = mac_for(device, i.name.split(".")[0])
            out.append(f"  Hardware is {i.hardware}, address is {mac} (bia {mac})")
        if i.description:
            out.append(f"  Description: {i.description}")
        if i.address:
            out.append(f"  Internet address is {i.address}/{i.prefix_len}")
        dly = 5000 if i.name.startswith("Loopback") else 10
        out.append(f"  MTU {i.mtu} bytes, BW {i.bandwidth_kbit} Kbit/sec, DLY {dly} usec, ")
        out.append("     reliability 255/255, txload 1/255, rxload 1/255")
        if i.dot1q is not None:
            out.append(f"  Encapsulation 802.1Q Virtual LAN, Vlan ID  {i.dot1q}.")
        elif i.name.startswith("Loopback"):
            out.append("  Encapsulation LOOPBACK, loopback not set")
        else:
            out.append("  Encapsulation ARPA, loopback not set")
        if i.physical:
            out.append("  Keepalive set (10 sec)")
            out.append(_speed_line(i, o, xe))
            out.append("  output flow-control is unsupported, input flow-control is unsupported")
        out.extend(_counter_lines(o))
    return "\n".join(out)


def _counter_lines(o: OperState) -> list[str]:
    return [
        "  ARP type: ARPA, ARP Timeout 04:00:00",
        "  Last input never, output never, output hang never",
        '  Last clearing of "show interface" counters never',
        "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0",
        "  Queueing strategy: fifo",
        "  Output queue: 0/40 (size/max)",
        "  5 minute input rate 0 bits/sec, 0 packets/sec",
        "  5 minute output rate 0 bits/sec, 0 packets/sec",
        f"     {o.in_packets} packets input, {o.in_bytes} bytes, 0 no buffer",
        "     Received 0 broadcasts (0 IP multicasts)",
        "     0 runts, 0 giants, 0 throttles ",
        f"     {o.input_errors} input errors, {o.crc} CRC, 0 frame, 0 overrun, 0 ignored",
        "     0 watchdog, 0 multicast, 0 pause input",
        f"     {o.out_packets} packets output, {o.out_bytes} bytes, 0 underruns",
        f"     {o.output_errors} output errors, 0 collisions, 0 interface resets",
        "     0 unknown protocol drops",
        "     0 babbles, 0 late collision, 0 deferred",
        "     0 lost carrier, 0 no carrier, 0 pause output",
        "     0 output buffer failures, 0 output buffers swapped out",
    ]


def show_ip_interface(rows: list[tuple[Interface, OperState]]) -> str:
    """``show ip interface [NAME]`` (NAPALM's ``get_interfaces_ip`` reads the addresses)."""
    out: list[str] = []
    for i, o in rows:
        out.append(f"{i.name} is {o.status}, line protocol is {o.protocol}")
        if not i.address:
            out.append("  Internet protocol processing disabled")
            continue
        out.append(f"  Internet address is {i.address}/{i.prefix_len}")
        out.append("  Broadcast address is 255.255.255.255")
        out.append(f"  MTU is {i.mtu} bytes")
        for addr, plen in i.secondaries:
            out.append(f"  Secondary address {addr}/{plen}")
        if i.vrf:
            out.append(f'  VPN Routing/Forwarding "{i.vrf}"')
        out.append("  Outgoing Common access list is not set ")
        out.append("  Outgoing access list is not set")
        out.append("  Inbound Common access list is not set ")
        out.append("  Inbound  access list is not set")
        out.append("  Proxy ARP is enabled")
    return "\n".join(out)


def show_ipv6_interface(device: str, rows: list[tuple[Interface, OperState]]) -> str:
    """``show ipv6 interface``: only interfaces with an IPv6 address."""
    out: list[str] = []
    for i, o in rows:
        if not i.ipv6:
            continue
        mac = mac_for(device, i.name).replace(".", "")
        eui = "FE80::" + ":".join(f"{int(mac[k : k + 4], 16):X}" for k in (0, 4, 8))
        out.append(f"{i.name} is {o.status}, line protocol is {o.protocol}")
        out.append(f"  IPv6 is enabled, link-local address is {eui} ")
        out.append("  Global unicast address(es):")
        for addr, plen in i.ipv6:
            out.append(f"    {addr}, subnet is {addr}/{plen} ")
    return "\n".join(out)


def interfaces_status(rows: list[tuple[Interface, OperState]]) -> str:
    """``show interfaces status``: Ethernet ports only."""
    out = ["", "Port         Name               Status       Vlan       Duplex  Speed Type "]
    for i, o in rows:
        if not i.physical:
            continue
        status = "disabled" if not i.enabled else "connected" if o.up else "notconnect"
        if i.switchport == "trunk":
            vlan = "trunk"
        elif i.switchport is not None:
            vlan = str(i.access_vlan)
        else:
            vlan = "routed"
        duplex = i.duplex if i.duplex in ("full", "half") else "a-full"
        speed = i.speed if i.speed.isdigit() else f"a-{i.bandwidth_kbit // 1000}"
        kind = "10/100BaseTX" if i.name.startswith("Fast") else "10/100/1000BaseTX"
        name = i.description[:18]
        out.append(f"{i.short:<13}{name:<19}{status:<13}{vlan:<11}{duplex:>6} {speed:>6} {kind}")
    return "\n".join(out)


def interface_summary(rows: list[tuple[Interface, OperState]]) -> str:
    """``show interfaces summary`` (NAPALM reads the queue drop columns)."""
    out = [
        " *: interface is up",
        " IHQ: pkts in input hold queue     IQD: pkts dropped from input queue",
        " OHQ: pkts in output hold queue    OQD: pkts dropped from output queue",
        " RXBS: rx rate (bits/sec)          RXPS: rx rate (pkts/sec)",
        " TXBS: tx rate (bits/sec)          TXPS: tx rate (pkts/sec)",
        " TRTL: throttle count",
        "",
        "  Interface                   IHQ       IQD       OHQ       OQD      RXBS      RXPS"
        "      TXBS      TXPS      TRTL",
        "-" * 113,
    ]
    for i, o in rows:
        mark = "*" if o.up else " "
        out.append(f"{mark} {i.name:<26}" + "".join(f"{0:>10}" for _ in range(9)))
    return "\n".join(out)
