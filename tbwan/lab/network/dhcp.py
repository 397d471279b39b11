"""Addresses a carrier hands out by DHCP (``ip address dhcp``) on a line leaving the lab.

A broadband commune's router learns its WAN address and a default route from the
carrier. The lab has no carrier, so the model plays it: an interface set to DHCP whose
carrier circuit leaves the lab and is up gets a /30 of the carrier-grade NAT space
(RFC 6598, 100.64.0.0/10), the same for the same circuit on every run, with the
carrier's end as its default gateway (administrative distance 254, as IOS installs a
DHCP default route). Pure.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from tbwan.lab.network.addr import ip_int
from tbwan.lab.network.facts import DeviceFacts, Static
from tbwan.lab.network.links import LinkState, Port, PortState

CGNAT = ip_int("100.64.0.0")
BLOCKS = 1 << 20  # /30 blocks in a /10
DHCP_DISTANCE = 254


def lease(circuit: str) -> tuple[int, int, int]:
    """(address, prefix length, gateway) the carrier gives the line ``circuit``.

    >>> from ipaddress import IPv4Address, IPv4Network
    >>> addr, plen, gw = lease("tbcl-287")
    >>> (addr, plen, gw) == lease("tbcl-287"), plen, gw == addr - 1, addr % 4
    (True, 30, True, 2)
    >>> IPv4Address(addr) in IPv4Network("100.64.0.0/10"), lease("tbcl-288")[0] != addr
    (True, True)
    """
    digest = hashlib.sha256(circuit.encode()).digest()
    base = CGNAT + (int.from_bytes(digest[:4], "big") % BLOCKS) * 4
    return base + 2, 30, base + 1


def with_leases(
    facts: dict[str, DeviceFacts], links: dict[str, LinkState], ports: dict[Port, PortState]
) -> dict[str, DeviceFacts]:
    """``facts`` with every DHCP interface on an up carrier line leaving the lab addressed,
    and its device given the carrier's default route."""
    out = dict(facts)
    for state in links.values():
        spec = state.spec
        if not state.up or spec.b is not None or spec.circuit is None:
            continue
        dev, name = spec.a.device, spec.a.interface
        f = out.get(dev)
        i = f.interfaces.get(name) if f is not None else None
        if f is None or i is None or not i.dhcp or i.ip is not None:
            continue
        if not ports.get((dev, name), PortState(False, False)).up:
            continue
        addr, plen, gw = lease(spec.circuit)
        out[dev] = replace(
            f,
            interfaces={**f.interfaces, name: replace(i, ip=addr, plen=plen)},
            statics=(*f.statics, Static(0, 0, gw, None, DHCP_DISTANCE)),
        )
    return out
