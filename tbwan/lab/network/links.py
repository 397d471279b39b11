"""Link state: which interfaces are up, at what speed and duplex, and which L3 interfaces
share a segment. Pure.

A carrier circuit is modelled end to end: both ends are up only when the circuit is up,
both devices are powered, both interfaces (and their physical ports) are not shut and
each end's dot1q encapsulation is the tag the carrier hands the circuit off with (the
carrier's link-loss forwarding makes a dead far end visible at the near end, as the
province's contracts require). A port with no cable in the inventory is taken to have an
end host or the carrier's aggregation behind it: up unless shut.
"""

from __future__ import annotations

from dataclasses import dataclass

from tbwan.lab.network.cabling import Cabling, End, LinkSpec
from tbwan.lab.network.facts import DeviceFacts, Iface

Port = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PortState:
    """What ``show interfaces`` reports for one interface.

    Attributes:
        up: line protocol up.
        errors: input errors and CRCs count up (a duplex mismatch).
        reason: why it is down (for people and diagnosis), empty when up.
    """

    admin_up: bool
    up: bool
    speed: int | None = None
    duplex: str | None = None
    errors: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class LinkState:
    """One inventory link: up or not, and why."""

    spec: LinkSpec
    up: bool
    reason: str = ""
    mismatch: bool = False


@dataclass(frozen=True, slots=True)
class Faults:
    """Network-level faults: circuits down, devices powered off."""

    circuits_down: frozenset[str] = frozenset()
    powered_off: frozenset[str] = frozenset()


_CAPS = (("FastEthernet", 100), ("TenGigabitEthernet", 10000), ("Ethernet", 10))


def port_capacity(name: str) -> int:
    """Highest speed a port negotiates (Mb/s).

    >>> port_capacity("FastEthernet0/1"), port_capacity("GigabitEthernet0/0/0")
    (100, 1000)
    """
    for prefix, cap in _CAPS:
        if name.startswith(prefix):
            return cap
    return 1000


def negotiate(
    a: tuple[int | None, str | None, int], b: tuple[int | None, str | None, int]
) -> tuple[bool, int, str, str, bool]:
    """Speed/duplex of a link from each side's (speed, duplex, capacity).

    Returns (up, speed, duplex at a, duplex at b, mismatch). A side with neither speed nor
    duplex set negotiates; against a forced side it falls back to half duplex below 1 Gb/s.

    >>> negotiate((None, None, 1000), (None, None, 100))
    (True, 100, 'full', 'full', False)
    >>> negotiate((100, "full", 1000), (None, None, 1000))
    (True, 100, 'full', 'half', True)
    >>> negotiate((100, "full", 1000), (1000, "full", 1000))[0]
    False
    """
    (sa, da, ca), (sb, db, cb) = a, b
    auto_a, auto_b = sa is None and da is None, sb is None and db is None
    if auto_a and auto_b:
        return True, min(ca, cb), "full", "full", False
    if sa is not None and sb is not None and sa != sb:
        return False, 0, "", "", False
    speed = sa or sb or min(ca, cb)
    fallback = "full" if speed >= 1000 else "half"
    dup_a = fallback if auto_a else (da or "full")
    dup_b = fallback if auto_b else (db or "full")
    return True, speed, dup_a, dup_b, dup_a != dup_b


def _side(f: Iface | None, name: str) -> tuple[int | None, str | None, int]:
    return (f.speed if f else None, f.duplex if f else None, port_capacity(name))


def _carrier(end: End) -> tuple[int | None, str | None, int]:
    return (end.speed, "full" if end.speed else None, end.speed or 1000)


class _Builder:
    def __init__(self, facts: dict[str, DeviceFacts], cabling: Cabling, faults: Faults) -> None:
        self.facts, self.cabling, self.faults = facts, cabling, faults
        self.links: dict[str, LinkState] = {}
        self.by_port: dict[Port, list[LinkState]] = {}
        self.duplex: dict[Port, tuple[int, str, bool]] = {}

    def iface(self, dev: str, name: str) -> Iface | None:
        f = self.facts.get(dev)
        return f.interfaces.get(name) if f else None

    def end_ok(self, end: End) -> str:
        """Why this end is not usable ('' when it is), ignoring the far side."""
        if end.device not in self.facts:
            return f"{end.device} is not in the lab"
        if end.device in self.faults.powered_off:
            return f"{end.device} is powered off"
        i = self.iface(end.device, end.interface)
        if i is None:
            return f"{end.device} has no interface {end.interface}"
        parent = self.iface(end.device, i.parent)
        if not i.admin_up or (parent is not None and not parent.admin_up):
            return f"{end.device} {end.interface} is shut down"
        if "." in end.interface and end.tag is not None and i.dot1q != end.tag:
            return f"{end.device} {end.interface} encapsulation is not dot1Q {end.tag}"
        return ""

    def add(self, spec: LinkSpec, up: bool, reason: str = "", mismatch: bool = False) -> None:
        if spec.a.device not in self.facts:
            return
        state = LinkState(spec, up, reason, mismatch)
        self.links[spec.key] = state
        for end in (spec.a, spec.b):
            if end is not None:
                self.by_port.setdefault((end.device, end.interface), []).append(state)

    def outer(self, spec: LinkSpec) -> None:
        """A cable between two devices, or a circuit leaving the lab."""
        if spec.b is not None and spec.b.device not in self.facts:
            spec = LinkSpec(spec.a, None, spec.circuit)  # the far device is not in this lab
        reason = self.end_ok(spec.a) or (self.end_ok(spec.b) if spec.b else "")
        if not reason and spec.circuit in self.faults.circuits_down:
            reason = f"circuit {spec.circuit} is down"
        if reason:
            self.add(spec, False, reason)
            return
        a_if = self.iface(spec.a.device, spec.a.interface)
        if spec.b is None:
            far = _carrier(spec.a)
        else:
            far = _side(self.iface(spec.b.device, spec.b.interface), spec.b.interface)
        up, speed, da, db, mism = negotiate(_side(a_if, spec.a.interface), far)
        if not up:
            self.add(spec, False, "speed mismatch")
            return
        self.duplex[(spec.a.device, spec.a.interface)] = (speed, da, mism and da == "full")
        if spec.b is not None:
            self.duplex[(spec.b.device, spec.b.interface)] = (speed, db, mism and db == "full")
        self.add(spec, True, mismatch=mism)

    def circuit(self, spec: LinkSpec) -> None:
        """A carrier circuit between two lab devices, end to end."""
        assert spec.b is not None
        if spec.a.device not in self.facts or spec.b.device not in self.facts:
            near = spec.a if spec.a.device in self.facts else spec.b
            self.outer(LinkSpec(near, None, spec.circuit))
            return
        reason = ""
        if spec.circuit in self.faults.circuits_down:
            reason = f"circuit {spec.circuit} is down"
        for end in (spec.a, spec.b):
            reason = reason or self.end_ok(end) or self._trunk_down(end)
        if reason:
            self.add(spec, False, reason)
            return
        mism = False
        for end in (spec.a, spec.b):
            phys = end.interface.split(".", 1)[0]
            if "." in end.interface or (end.device, phys) in self.duplex:
                continue
            up, speed, dup, _, m = negotiate(
                _side(self.iface(end.device, phys), phys), _carrier(end)
            )
            if not up:
                self.add(spec, False, f"{end.device} {phys} speed differs from the carrier's")
                return
            self.duplex[(end.device, phys)] = (speed, dup, m and dup == "full")
            mism = mism or m
        self.add(spec, True, mismatch=mism)

    def _trunk_down(self, end: End) -> str:
        phys = end.interface.split(".", 1)[0]
        if phys == end.interface:
            return ""
        for state in self.by_port.get((end.device, phys), []):
            if not state.up:
                return state.reason
        return ""


def compute_links(
    facts: dict[str, DeviceFacts], cabling: Cabling, faults: Faults
) -> tuple[dict[str, LinkState], dict[Port, PortState]]:
    """Every link's state and every interface's state."""
    b = _Builder(facts, cabling, faults)
    for spec in cabling.links:
        if spec.b is None or spec.circuit is None:
            b.outer(spec)
    for spec in cabling.links:
        if spec.b is not None and spec.circuit is not None:
            b.circuit(spec)
    ports: dict[Port, PortState] = {}
    for dev, f in facts.items():
        off = dev in faults.powered_off
        for name, i in f.interfaces.items():
            ports[(dev, name)] = _port(b, dev, i, off)
    return b.links, ports


def _port(b: _Builder, dev: str, i: Iface, off: bool) -> PortState:
    if off:
        return PortState(i.admin_up, False, reason=f"{dev} is powered off")
    if not i.admin_up:
        return PortState(False, False, reason="administratively down")
    kind = i.kind
    if kind == "loopback":
        return PortState(True, True)
    if kind in ("tunnel", "template"):
        return PortState(True, False, reason="tunnel not established")
    if kind == "svi":
        vid = int(i.name[4:]) if i.name[4:].isdigit() else 0
        ok = vid in b.facts[dev].vlans
        return PortState(True, ok, reason="" if ok else f"VLAN {vid} does not exist")
    if i.parent != i.name:
        parent = b.facts[dev].interfaces.get(i.parent)
        pstate = _port(b, dev, parent, off) if parent else None
        if pstate is None or not pstate.up:
            return PortState(True, False, reason=f"{i.parent} is down")
    for state in b.by_port.get((dev, i.name), []):
        if not state.up:
            return PortState(True, False, reason=state.reason)
    speed, duplex, errors = b.duplex.get((dev, i.parent), (None, None, False))
    if speed is None and i.parent == i.name:
        cap = port_capacity(i.name)
        speed, duplex = i.speed or cap, i.duplex or "full"
    return PortState(True, True, speed, duplex, errors)


def l3_segments(
    facts: dict[str, DeviceFacts], links: dict[str, LinkState], ports: dict[Port, PortState]
) -> list[tuple[Port, ...]]:
    """Groups of L3 interfaces that reach each other at layer 2 (over up links)."""
    segments: list[tuple[Port, ...]] = []

    def l3(port: Port) -> bool:
        i = facts[port[0]].interfaces.get(port[1])
        return i is not None and (i.ip is not None or i.unnumbered is not None)

    for state in links.values():
        spec = state.spec
        if not state.up or spec.b is None:
            continue
        pa, pb = (spec.a.device, spec.a.interface), (spec.b.device, spec.b.interface)
        if l3(pa) and l3(pb):
            segments.append((pa, pb))
            continue
        va, vb = _vlan_map(facts, ports, pa), _vlan_map(facts, ports, pb)
        for vid in sorted(set(va) & set(vb)):
            segments.append(tuple(va[vid] + vb[vid]))
    return segments


def _vlan_map(
    facts: dict[str, DeviceFacts], ports: dict[Port, PortState], port: Port
) -> dict[int, list[Port]]:
    """VLAN -> the up L3 interfaces of this device bridged onto ``port``."""
    dev, name = port
    f = facts[dev]
    i = f.interfaces.get(name)
    out: dict[int, list[Port]] = {}
    if i is None:
        return out
    if i.switchport is not None or i.trunk_vlans is not None:
        carried = (
            {i.access_vlan}
            if i.switchport == "access"
            else (set(i.trunk_vlans) if i.trunk_vlans is not None else set(f.vlans))
        )
        for vid in carried:
            svi = f"Vlan{vid}"
            if svi in f.interfaces and ports.get((dev, svi), PortState(False, False)).up:
                out.setdefault(vid, []).append((dev, svi))
        return out
    for sub in f.interfaces.values():
        if sub.parent != name or sub.name == name or sub.dot1q is None or sub.ip is None:
            continue
        if ports.get((dev, sub.name), PortState(False, False)).up:
            out.setdefault(sub.dot1q, []).append((dev, sub.name))
    return out
