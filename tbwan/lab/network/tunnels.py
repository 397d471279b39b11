"""Tunnels: static VTIs between two tunnel interfaces, and dynamic VTIs (a spoke's tunnel
cloned into a ``Virtual-Access`` interface from the hub's ``Virtual-Template``, or into a
per-peer stand-in of a Junos hub's ``multipoint`` ``st0`` unit). Pure.

A tunnel is up when its source interface is up, the far end points back at it, both
underlays reach each other with connected or static routes, and, for IPsec, both ends
share an ISAKMP policy, the pre-shared key (compared by digest) and the transform sets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tbwan.lab.network.addr import ip_str
from tbwan.lab.network.facts import Iface
from tbwan.lab.network.links import Port, PortState

if TYPE_CHECKING:
    from tbwan.lab.network.state import NetState


@dataclass(frozen=True, slots=True)
class Tunnel:
    """A tunnel interface and what became of it."""

    device: str
    name: str
    peer: str | None
    peer_if: str | None
    up: bool
    reason: str
    local: int | None
    remote: int | None


def compute_tunnels(st: NetState) -> tuple[list[Tunnel], list[tuple[str, Iface]]]:
    """Every tunnel's state, and the ``Virtual-Access`` interfaces DVTI spokes clone."""
    ends: dict[tuple[int, int], Port] = {}
    templates: dict[int, Port] = {}
    cands: list[tuple[str, Iface, int | None]] = []
    for dev, f in st.facts.items():
        if dev in st.faults.powered_off:
            continue
        for i in f.interfaces.values():
            if i.kind not in ("tunnel", "template"):
                continue
            src = f.interfaces.get(i.tunnel_source or "")
            up_src = src is not None and st.ports.get((dev, src.name), PortState(False, False)).up
            local = src.ip if src is not None and up_src else None
            if i.kind == "template":
                if local is not None and i.admin_up:
                    templates[local] = (dev, i.name)
                continue
            cands.append((dev, i, local))
            if local is not None and i.tunnel_dest is not None:
                ends[(local, i.tunnel_dest)] = (dev, i.name)
    template_ports = set(templates.values())
    out: list[Tunnel] = []
    clones: list[tuple[str, Iface]] = []
    count: dict[str, int] = {}
    for dev, i, local in cands:
        t = _tunnel(st, dev, i, local, ends, templates)
        hub, vt = t.peer, t.peer_if
        if t.up and hub is not None and vt is not None and (hub, vt) in template_ports:
            count[hub] = count.get(hub, 0) + 1
            template = st.facts[hub].interfaces[vt]
            name = clone_name(vt, count[hub], local)
            va = replace(
                template, name=name, parent=name, kind="tunnel", tunnel_dest=local, clone_of=vt
            )
            clones.append((hub, va))
            t = replace(t, peer_if=name)
            out.append(Tunnel(hub, name, dev, i.name, True, "", t.remote, local))
        out.append(t)
    return out, clones


def clone_name(template: str, n: int, peer: int | None) -> str:
    """The interface a hub adds per dynamic spoke: IOS clones ``Virtual-Access<n>`` from a
    ``Virtual-Template``; a Junos ``multipoint`` ``st0`` unit has no interface per peer,
    so the model's per-spoke stand-in is ``<unit>@<peer address>`` (shown as the unit).

    >>> clone_name("Virtual-Template1", 2, None), clone_name("st0.0", 1, 0x64400502)
    ('Virtual-Access2', 'st0.0@100.64.5.2')
    """
    if template.startswith("Virtual-Template"):
        return f"Virtual-Access{n}"
    return f"{template}@{ip_str(peer or 0)}"


def _tunnel(
    st: NetState,
    dev: str,
    i: Iface,
    local: int | None,
    ends: dict[tuple[int, int], Port],
    templates: dict[int, Port],
) -> Tunnel:
    def down(reason: str, peer: Port | None = None) -> Tunnel:
        return Tunnel(dev, i.name, peer[0] if peer else None, peer[1] if peer else None,
                      False, reason, local, i.tunnel_dest)  # fmt: skip

    if not i.admin_up:
        return down("administratively down")
    if local is None or i.tunnel_dest is None:
        return down("tunnel source or destination not usable")
    peer = ends.get((i.tunnel_dest, local)) or templates.get(i.tunnel_dest)
    if peer is None:
        return down("no tunnel at the destination points back here")
    pf = st.facts[peer[0]]
    pi = pf.interfaces[peer[1]]
    if not pi.admin_up:
        return down("the far end is shut down", peer)
    if not (_underlay(st, dev, i.tunnel_dest) and _underlay(st, peer[0], local)):
        return down("tunnel destination unreachable", peer)
    if (i.tunnel_mode or "gre ip").startswith("ipsec") or i.tunnel_profile:
        for f, src in ((st.facts[dev], i.tunnel_source), (pf, pi.tunnel_source)):
            if f.ike_ifaces is not None and src not in f.ike_ifaces:
                return down(f"{f.hostname} does not let IKE in on {src}", peer)
        mine, theirs = st.facts[dev].crypto, pf.crypto
        if not set(mine.isakmp_policies) & set(theirs.isakmp_policies):
            return down("no matching ISAKMP policy", peer)
        key = mine.key_for(i.tunnel_dest)
        if key is None or key != theirs.key_for(local):
            return down("ISAKMP pre-shared keys differ", peer)
        ts = mine.transforms(i.tunnel_profile)
        if ts is None or ts != theirs.transforms(pi.tunnel_profile):
            return down("IPsec transform sets differ", peer)
    return Tunnel(dev, i.name, peer[0], peer[1], True, "", local, i.tunnel_dest)


def _underlay(st: NetState, dev: str, dst: int) -> bool:
    r = st.base_rib(dev).lookup(dst)
    if r is None:
        return False
    out_if = r.hops[0][0]
    return out_if is not None and st.ports.get((dev, out_if), PortState(False, False)).up
