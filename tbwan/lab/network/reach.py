"""Reachability: packets forwarded hop by hop over the routing tables. Pure.

A packet leaves a device by its longest-match route; the next device is the one on the
outgoing interface's segment that owns the next-hop address (ARP), or the packet is
delivered when the destination is on the segment (a device's address, an HSRP virtual
address, or one of the end hosts the lab knows: the DIC services). Interface ACLs are
applied to ICMP in and out; a zone-based firewall passes ICMP between two zones only when a
zone-pair's inspect policy matches ICMP (return traffic of an inspected flow passes); a
Junos device answers pings only on interfaces whose zone lets ping in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tbwan.lab.network.addr import network
from tbwan.lab.network.facts import AclEntry, DeviceFacts

MAX_HOPS = 30


class Plane(Protocol):
    """What forwarding needs from the network state."""

    facts: dict[str, DeviceFacts]

    def lookup(self, dev: str, dst: int) -> tuple[str | None, int | None] | None: ...

    def next_device(self, dev: str, out_if: str, addr: int) -> tuple[str, str] | None: ...

    def owns(self, dev: str, addr: int) -> bool: ...

    def is_host(self, dev: str, out_if: str, addr: int) -> bool: ...


@dataclass(frozen=True, slots=True)
class Hop:
    """One router a packet crossed: where it came in and where it left."""

    device: str
    in_if: str | None
    out_if: str | None


@dataclass(frozen=True, slots=True)
class Trip:
    """A packet's fate: ``delivered``, ``unreachable`` (no route: IOS sends back U),
    ``filtered`` (an ACL denied it: U as well) or ``lost`` (ARP failed, a firewall dropped
    it, a loop)."""

    outcome: str
    hops: tuple[Hop, ...]
    at: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the packet arrived."""
        return self.outcome == "delivered"


def acl_permits(entries: tuple[AclEntry, ...] | None, src: int, dst: int, kind: str) -> bool:
    """Whether an ACL lets an ICMP packet of ``kind`` (echo, echo-reply, ...) through.

    An ACL that is applied but not defined permits everything, as on IOS.
    """
    if entries is None:
        return True
    for e in entries:
        if e.proto not in ("ip", "icmp"):
            continue
        if src & e.src[1] != e.src[0] or dst & e.dst[1] != e.dst[0]:
            continue
        if e.icmp_type is not None and e.icmp_type != kind:
            continue
        return e.permit
    return False


def _zones_pass(f: DeviceFacts, in_if: str | None, out_if: str | None, reply: bool) -> bool:
    zin = f.interfaces[in_if].zone if in_if in f.interfaces else None
    zout = f.interfaces[out_if].zone if out_if in f.interfaces else None
    if in_if is None or out_if is None or zin == zout:
        return True
    if zin is None or zout is None:
        return False
    pairs = [(zin, zout), (zout, zin)] if reply else [(zin, zout)]
    return any(f.zone_pairs.get(p) in f.inspect_icmp for p in pairs)


def _answers(f: DeviceFacts, in_if: str, src: int, dst: int, kind: str) -> bool:
    """Whether a packet arriving on ``in_if`` for the device itself gets in (a Junos
    device: its lo0 filter, and for a new ping its zone's host-inbound services)."""
    if f.self_acl is not None and not acl_permits(f.self_acl, src, dst, kind):
        return False
    if kind != "echo" or f.self_icmp is None or in_if in f.self_icmp:
        return True
    i = f.interfaces.get(in_if)
    return i is not None and i.clone_of in f.self_icmp


def _acl(f: DeviceFacts, ifname: str | None, inbound: bool) -> tuple[AclEntry, ...] | None:
    i = f.interfaces.get(ifname or "")
    name = (i.acl_in if inbound else i.acl_out) if i else None
    if name is None:
        return None
    return f.acls.get(name) or None  # an undefined or empty ACL filters nothing, as on IOS


def forward(
    plane: Plane,
    dev: str,
    src: int,
    dst: int,
    kind: str = "echo",
    in_if: str | None = None,
    ttl: int = MAX_HOPS,
) -> Trip:
    """Carry one ICMP packet from ``dev`` (arrived on ``in_if``, or originated there)."""
    hops: list[Hop] = []
    seen: set[tuple[str, str | None]] = set()
    reply = kind != "echo"
    for _ in range(ttl):
        f = plane.facts[dev]
        if in_if is not None and not acl_permits(_acl(f, in_if, True), src, dst, kind):
            return Trip("filtered", tuple(hops), dev)
        if plane.owns(dev, dst):
            if in_if is not None and not _answers(f, in_if, src, dst, kind):
                return Trip("lost", tuple(hops), dev)
            hops.append(Hop(dev, in_if, None))
            return Trip("delivered", tuple(hops), dev)
        if in_if is not None and not f.ip_routing:
            return Trip("lost", tuple(hops), dev)
        hop = plane.lookup(dev, dst)
        if hop is None:
            return Trip("unreachable", tuple(hops), dev)
        out_if, nh = hop
        hops.append(Hop(dev, in_if, out_if))
        if out_if is None:
            return Trip("lost", tuple(hops), dev)
        if not acl_permits(_acl(f, out_if, False), src, dst, kind):
            return Trip("filtered", tuple(hops), dev)
        if not _zones_pass(f, in_if, out_if, reply):
            return Trip("lost", tuple(hops), dev)
        target = nh if nh is not None else dst
        if nh is None and plane.is_host(dev, out_if, dst):
            return Trip("delivered", tuple(hops), None)
        nxt = plane.next_device(dev, out_if, target)
        if nxt is None or (nxt[0], nxt[1]) in seen:
            return Trip("lost", tuple(hops), dev)
        seen.add(nxt)
        dev, in_if = nxt
    return Trip("lost", tuple(hops), dev)


def host_gateway(
    facts: dict[str, DeviceFacts],
    active_vip: dict[int, tuple[str, str]],
    lan: list[tuple[str, str]],
    host: int,
) -> tuple[str, str] | None:
    """The router an end host sends through: its subnet's HSRP active router, else the
    lowest-addressed router interface on the subnet."""
    best: tuple[int, str, str] | None = None
    for dev, ifname in lan:
        i = facts[dev].interfaces[ifname]
        if i.ip is None or network(host, i.plen) != network(i.ip, i.plen):
            continue
        for g in i.standby:
            if g.vip is not None and g.vip in active_vip:
                return active_vip[g.vip]
        if best is None or i.ip < best[0]:
            best = (i.ip, dev, ifname)
    return (best[1], best[2]) if best else None
