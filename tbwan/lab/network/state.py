"""One consistent computation of the network: links, tunnels, HSRP, OSPF, routing. Pure.

A :class:`NetState` is built from the devices' facts, the cabling and the faults; it is
immutable except for caches (routing tables are computed per device on first use).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tbwan.lab.network.addr import network
from tbwan.lab.network.cabling import Cabling
from tbwan.lab.network.dhcp import with_leases
from tbwan.lab.network.facts import DeviceFacts
from tbwan.lab.network.links import (
    Faults,
    LinkState,
    Port,
    PortState,
    compute_links,
    l3_segments,
)
from tbwan.lab.network.ospf import (
    Adjacency,
    AreaGraph,
    OspfIf,
    adjacencies,
    area_graphs,
    ospf_interfaces,
)
from tbwan.lab.network.routing import OspfDomain, Rib, build_rib, connected, external_lsas, statics
from tbwan.lab.network.tunnels import Tunnel, compute_tunnels


@dataclass(frozen=True, slots=True)
class HsrpState:
    """One HSRP group member."""

    device: str
    iface: str
    group: int
    priority: int
    preempt: bool
    state: str
    vip: int | None
    active: Port | None
    standby: Port | None


class NetState:
    """The network at one moment."""

    def __init__(
        self,
        facts: dict[str, DeviceFacts],
        cabling: Cabling,
        faults: Faults,
        old_graphs: dict[int, AreaGraph] | None = None,
    ) -> None:
        self.cabling, self.faults = cabling, faults
        self.links, self.ports = compute_links(facts, cabling, faults)
        # addresses learnt from the carrier only exist once the line is up
        self.facts = facts = with_leases(facts, self.links, self.ports)
        self.segments = l3_segments(facts, self.links, self.ports)
        self.port_links: dict[Port, LinkState] = {}
        for st in self.links.values():
            for end in (st.spec.a, st.spec.b):
                if end is not None:
                    self.port_links[(end.device, end.interface)] = st
                    self.port_links.setdefault((end.device, end.interface.split(".")[0]), st)
        self._base: dict[str, Rib] = {}
        self.tunnels = self._tunnels()
        self._index_segments()
        self.hsrp = self._hsrp()
        self.active_vip = {
            h.vip: h.active for h in self.hsrp if h.vip is not None and h.active is not None
        }
        self.ospf_ifs = {
            dev: ospf_interfaces(dev, f, self.ports)
            for dev, f in facts.items()
            if dev not in faults.powered_off
        }
        by_port = {(i.device, i.name): i for lst in self.ospf_ifs.values() for i in lst}
        self.adjacencies = adjacencies(self.segments, by_port)
        self.graphs = area_graphs(self.ospf_ifs, self.adjacencies, old_graphs or {})
        externals = {
            dev: lsas
            for dev, f in facts.items()
            if any(p.redistribute for p in f.ospf) and dev in self.ospf_ifs
            if (lsas := external_lsas(dev, f, self.ports, self.ospf_ifs[dev]))
        }
        self.domain = OspfDomain(self.ospf_ifs, self.graphs, externals)
        self._ribs: dict[str, Rib] = {}

    # -- segments, addresses -------------------------------------------------------
    def _index_segments(self) -> None:
        self.seg_of: dict[Port, int] = {}
        self.seg_addr: dict[tuple[int, int], Port] = {}
        for n, seg in enumerate(self.segments):
            for port in seg:
                self.seg_of[port] = n
                ip = self.address(*port)
                if ip is not None:
                    self.seg_addr[(n, ip)] = port
        self.local: dict[str, set[int]] = {}
        self.public: dict[int, Port] = {}
        for (dev, name), st in self.ports.items():
            ip = self.facts[dev].interfaces[name].ip
            if st.up and ip is not None:
                self.local.setdefault(dev, set()).add(ip)
                if not self.cabling.is_inside(ip) and self.cabling.inside:
                    self.public[ip] = (dev, name)

    def address(self, dev: str, name: str) -> int | None:
        """The address of an interface (its unnumbered source's for unnumbered ones)."""
        f = self.facts[dev]
        i = f.interfaces.get(name)
        if i is None:
            return None
        if i.ip is None and i.unnumbered:
            src = f.interfaces.get(i.unnumbered)
            return src.ip if src else None
        return i.ip

    # -- tunnels ----------------------------------------------------------------------
    def base_rib(self, dev: str) -> Rib:
        """Connected and static routes only: what a tunnel's underlay may use."""
        rib = self._base.get(dev)
        if rib is None:
            conn = connected(self.facts[dev], dev, self.ports)
            for p, r in statics(self.facts[dev], dev, self.ports, conn).items():
                conn.setdefault(p, r)
            rib = self._base[dev] = Rib(dev, conn, None)
        return rib

    def _tunnels(self) -> list[Tunnel]:
        tunnels, clones = compute_tunnels(self)
        for dev, va in clones:
            f = self.facts[dev]
            self.facts[dev] = replace(f, interfaces={**f.interfaces, va.name: va})
        for t in tunnels:
            if t.up and t.peer is not None and t.peer_if is not None:
                self.ports[(t.device, t.name)] = PortState(True, True)
                if (t.device, t.name) < (t.peer, t.peer_if):
                    self.segments.append(((t.device, t.name), (t.peer, t.peer_if)))
        return tunnels

    # -- HSRP ---------------------------------------------------------------------------
    def _hsrp(self) -> list[HsrpState]:
        groups: dict[tuple[object, int], list[tuple[int, int, Port, bool, int | None]]] = {}
        for dev, f in self.facts.items():
            for i in f.interfaces.values():
                if not i.standby or i.ip is None:
                    continue
                port = (dev, i.name)
                if not self.ports.get(port, PortState(False, False)).up:
                    continue
                where: object = self.seg_of.get(port, port)
                for g in i.standby:
                    groups.setdefault((where, g.group), []).append(
                        (g.priority, i.ip, port, g.preempt, g.vip)
                    )
        out: list[HsrpState] = []
        for (_, grp), members in groups.items():
            ranked = sorted(members, reverse=True)
            active = ranked[0][2]
            standby = ranked[1][2] if len(ranked) > 1 else None
            vip = next((m[4] for m in ranked if m[4] is not None), None)
            for prio, _, port, preempt, _ in ranked:
                st = "Active" if port == active else ("Standby" if port == standby else "Listen")
                out.append(
                    HsrpState(port[0], port[1], grp, prio, preempt, st, vip, active, standby)
                )
        return out

    # -- forwarding plane -------------------------------------------------------------------
    def rib(self, dev: str) -> Rib:
        """The routing table of ``dev``."""
        rib = self._ribs.get(dev)
        if rib is None:
            domain = self.domain if dev in self.ospf_ifs else None
            rib = self._ribs[dev] = build_rib(dev, self.facts[dev], self.ports, domain)
        return rib

    def lookup(self, dev: str, dst: int) -> tuple[str | None, int | None] | None:
        """The first next hop towards ``dst``."""
        r = self.rib(dev).lookup(dst)
        return r.hops[0] if r is not None else None

    def owns(self, dev: str, addr: int) -> bool:
        """Whether ``addr`` is one of ``dev``'s up addresses or an HSRP address it holds."""
        if addr in self.local.get(dev, ()):
            return True
        active = self.active_vip.get(addr)
        return active is not None and active[0] == dev

    def next_device(self, dev: str, out_if: str, addr: int) -> tuple[str, str] | None:
        """The neighbour on ``out_if``'s segment that answers ARP for ``addr``."""
        seg = self.seg_of.get((dev, out_if))
        if seg is not None:
            port = self.seg_addr.get((seg, addr))
            if port is not None and port[0] != dev:
                return port
            active = self.active_vip.get(addr)
            if active is not None and self.seg_of.get(active) == seg:
                return active
        ip = self.facts[dev].interfaces[out_if].ip
        if ip is not None and self.cabling.inside and not self.cabling.is_inside(ip):
            return self.public.get(addr) if not self.cabling.is_inside(addr) else None
        return None

    def is_host(self, dev: str, out_if: str, addr: int) -> bool:
        """Whether ``addr`` is a known end host on ``out_if``'s subnet."""
        i = self.facts[dev].interfaces.get(out_if)
        if i is None or i.ip is None or addr not in self.cabling.hosts:
            return False
        return network(addr, i.plen) == network(i.ip, i.plen)

    def neighbors(self, dev: str) -> list[Adjacency]:
        """OSPF adjacencies as ``dev`` sees them."""
        return [a for a in self.adjacencies if a.device == dev]

    def ospf_if(self, dev: str) -> list[OspfIf]:
        """Interfaces of ``dev`` running OSPF (up)."""
        return self.ospf_ifs.get(dev, [])
