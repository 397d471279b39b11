"""Routing tables: connected, static and OSPF (intra-area, inter-area through ABRs,
external type 2 from redistribution and default origination). Pure.

Tables are computed on demand per device and cached until the network changes; the
per-area SPF results live on the area graphs and survive changes elsewhere.
"""

from __future__ import annotations

from typing import NamedTuple

from tbwan.lab.network.addr import mask, network
from tbwan.lab.network.facts import DeviceFacts
from tbwan.lab.network.links import Port, PortState
from tbwan.lab.network.ospf import AreaGraph, Hop, OspfIf

Prefix = tuple[int, int]
NextHop = tuple[str | None, int | None]  # (interface, next-hop address)


class Route(NamedTuple):
    """One routing-table entry.

    Attributes:
        code: IOS's code: ``C``, ``L``, ``S``, ``O``, ``O IA``, ``O E2``.
    """

    net: int
    plen: int
    code: str
    distance: int
    metric: int
    hops: tuple[NextHop, ...]


class Rib:
    """A device's routing table with longest-prefix match, resolved per prefix on demand.

    Connected and static routes are held; OSPF routes are asked of the domain per prefix
    (a full table is built only when a command lists it).
    """

    def __init__(self, dev: str, local: dict[Prefix, Route], ospf: OspfDomain | None) -> None:
        self.dev, self.local, self.ospf = dev, local, ospf
        lens = {p for _, p in local} | (ospf.lens if ospf is not None else set())
        self._lens = sorted(lens, reverse=True)
        self._memo: dict[Prefix, Route | None] = {}

    def get(self, prefix: Prefix) -> Route | None:
        """The route for exactly ``prefix``."""
        if prefix in self._memo:
            return self._memo[prefix]
        best = self._memo[prefix] = self._resolve(prefix)
        return best

    def _resolve(self, prefix: Prefix) -> Route | None:
        best = self.local.get(prefix)
        if self.ospf is not None and (best is None or best.distance > 110):
            o = self.ospf.route_for(self.dev, prefix)
            if o is not None:
                best = o
        return best

    def lookup(self, addr: int) -> Route | None:
        """The longest matching route for ``addr``."""
        for plen in self._lens:
            r = self.get((addr & mask(plen), plen))
            if r is not None:
                return r
        return None

    @property
    def routes(self) -> dict[Prefix, Route]:
        """Every route (built for the caller, not kept: a full table is listed rarely)."""
        out = self.ospf.table(self.dev) if self.ospf is not None else {}
        for p, r in self.local.items():
            old = out.get(p)
            if old is None or r.distance < old.distance:
                out[p] = r
        return out

    def sorted(self) -> list[Route]:
        """Routes in address order, as ``show ip route`` lists them."""
        routes = self.routes
        return [routes[k] for k in sorted(routes)]


def connected(f: DeviceFacts, dev: str, ports: dict[Port, PortState]) -> dict[Prefix, Route]:
    """Connected and local routes of up interfaces."""
    out: dict[Prefix, Route] = {}
    for i in f.interfaces.values():
        if i.ip is None or not ports.get((dev, i.name), PortState(True, True)).up:
            continue
        net = network(i.ip, i.plen)
        out[(net, i.plen)] = Route(net, i.plen, "C", 0, 0, ((i.name, None),))
        if i.plen < 32:
            out[(i.ip, 32)] = Route(i.ip, 32, "L", 0, 0, ((i.name, None),))
    return out


def statics(
    f: DeviceFacts, dev: str, ports: dict[Port, PortState], base: dict[Prefix, Route]
) -> dict[Prefix, Route]:
    """Static routes whose next hop resolves over ``base`` (connected routes)."""
    rib = Rib(dev, base, None)
    out: dict[Prefix, Route] = {}
    for s in f.statics:
        if s.interface is not None:
            if not ports.get((dev, s.interface), PortState(False, False)).up:
                continue
            hop: NextHop = (s.interface, s.next_hop)
        elif s.next_hop is not None:
            via = rib.lookup(s.next_hop)
            if via is None or via.code not in ("C",):
                continue
            hop = (via.hops[0][0], s.next_hop)
        else:
            continue
        old = out.get((s.net, s.plen))
        if old is None or s.distance < old.distance:
            out[(s.net, s.plen)] = Route(s.net, s.plen, "S", s.distance, 0, (hop,))
        elif s.distance == old.distance:
            out[(s.net, s.plen)] = Route(s.net, s.plen, "S", s.distance, 0, (*old.hops, hop))
    return out


class OspfDomain:
    """The OSPF computation for the whole network at one point in time."""

    def __init__(
        self,
        ifs: dict[str, list[OspfIf]],
        graphs: dict[int, AreaGraph],
        externals: dict[str, list[tuple[Prefix, int]]],
    ) -> None:
        self.ifs, self.graphs, self.externals = ifs, graphs, externals
        self.areas = {dev: sorted({i.area for i in lst}) for dev, lst in ifs.items()}
        self.abrs = {d for d, a in self.areas.items() if len(a) > 1 and 0 in a}
        self._intra: dict[tuple[str, int], dict[Prefix, tuple[int, tuple[Hop, ...]]]] = {}
        self._inter: dict[str, dict[Prefix, tuple[int, tuple[Hop, ...]]]] = {}
        self._summaries: dict[tuple[str, int], dict[Prefix, int]] = {}
        self._ext: dict[str, dict[Prefix, Route]] = {}
        self.area_abrs: dict[int, list[str]] = {}
        for abr in sorted(self.abrs):
            for area in self.areas[abr]:
                self.area_abrs.setdefault(area, []).append(abr)
        self.lens = {p for g in graphs.values() for st in g.stubs.values() for _, p, _ in st}
        self.lens |= {p for lsas in externals.values() for (_, p), _ in lsas}

    def intra(self, dev: str, area: int) -> dict[Prefix, tuple[int, tuple[Hop, ...]]]:
        """Intra-area prefixes of ``area`` seen from ``dev``: cost and first hops."""
        key = (dev, area)
        hit = self._intra.get(key)
        if hit is not None:
            return hit
        g = self.graphs[area]
        spf = g.spf(dev)
        out: dict[Prefix, tuple[int, tuple[Hop, ...]]] = {}
        for node, d in spf.dist.items():
            hops = spf.hops[node]
            for net, plen, c in g.stubs.get(node, ()):
                cost = d + c
                old = out.get((net, plen))
                if old is None or cost < old[0]:
                    out[(net, plen)] = (cost, hops)
                elif cost == old[0] and hops != old[1]:
                    out[(net, plen)] = (cost, tuple(sorted(set(old[1]) | set(hops)))[:4])
        self._intra[key] = out
        return out

    def summaries(self, abr: str, into: int) -> dict[Prefix, int]:
        """Type-3 summaries ``abr`` originates into area ``into``."""
        key = (abr, into)
        hit = self._summaries.get(key)
        if hit is not None:
            return hit
        out: dict[Prefix, int] = {}
        for area in self.areas[abr]:
            if area == into:
                continue
            for p, (cost, _) in self.intra(abr, area).items():
                if p not in out or cost < out[p]:
                    out[p] = cost
        if into != 0:
            for p, (cost, _) in self.inter(abr).items():
                out.setdefault(p, cost)
        self._summaries[key] = out
        return out

    def inter(self, dev: str) -> dict[Prefix, tuple[int, tuple[Hop, ...]]]:
        """Inter-area routes of ``dev`` (an ABR reads only the backbone's summaries)."""
        hit = self._inter.get(dev)
        if hit is not None:
            return hit
        mine = self.areas.get(dev, [])
        areas = [0] if dev in self.abrs else mine
        intra_all: set[Prefix] = set()
        for a in mine:
            intra_all.update(self.intra(dev, a))
        out: dict[Prefix, tuple[int, tuple[Hop, ...]]] = {}
        for area in areas:
            spf = self.graphs[area].spf(dev)
            for abr in sorted(self.abrs):
                if abr == dev or abr not in spf.dist or area not in self.areas[abr]:
                    continue
                base, hops = spf.dist[abr], spf.hops[abr]
                for p, c in self.summaries(abr, area).items():
                    if p in intra_all:
                        continue
                    cost = base + c
                    old = out.get(p)
                    if old is None or cost < old[0]:
                        out[p] = (cost, hops)
                    elif cost == old[0] and hops != old[1]:
                        out[p] = (cost, tuple(sorted(set(old[1]) | set(hops)))[:4])
        self._inter[dev] = out
        return out

    def route_for(self, dev: str, p: Prefix, externals: bool = True) -> Route | None:
        """The OSPF route of ``dev`` for exactly ``p`` (None if it has none)."""
        best: tuple[int, tuple[Hop, ...]] | None = None
        for area in self.areas.get(dev, []):
            x = self._intra_for(dev, area, p)
            if x is None:
                continue
            if not x[1]:
                return None  # its own prefix: connected
            if best is None or x[0] < best[0]:
                best = x
        if best is not None:
            return Route(p[0], p[1], "O", 110, best[0], best[1])
        x = self._inter_for(dev, p)
        if x is not None:
            return Route(p[0], p[1], "O IA", 110, x[0], x[1])
        return self.external_routes(dev).get(p) if externals else None

    def _intra_for(self, dev: str, area: int, p: Prefix) -> tuple[int, tuple[Hop, ...]] | None:
        """What :meth:`intra` says for one prefix, from the area's index of advertisers
        (no per-device table kept: a lookup on every device stays cheap in memory)."""
        g = self.graphs[area]
        owners = g.owners.get(p)
        if owners is None:
            return None
        spf = g.spf(dev)
        best: tuple[int, tuple[Hop, ...]] | None = None
        for node, c in owners:
            d = spf.dist.get(node)
            if d is None:
                continue
            cost, hops = d + c, spf.hops[node]
            if best is None or cost < best[0]:
                best = (cost, hops)
            elif cost == best[0] and hops != best[1]:
                best = (cost, tuple(sorted(set(best[1]) | set(hops)))[:4])
        return best

    def _inter_for(self, dev: str, p: Prefix) -> tuple[int, tuple[Hop, ...]] | None:
        if dev in self.abrs:
            return self.inter(dev).get(p)
        best: tuple[int, tuple[Hop, ...]] | None = None
        for area in self.areas.get(dev, []):
            spf = self.graphs[area].spf(dev)
            for abr in self.area_abrs.get(area, ()):
                if abr == dev or abr not in spf.dist:
                    continue
                c = self.summaries(abr, area).get(p)
                if c is None:
                    continue
                cost, hops = spf.dist[abr] + c, spf.hops[abr]
                if best is None or cost < best[0]:
                    best = (cost, hops)
                elif cost == best[0] and hops != best[1]:
                    best = (cost, tuple(sorted(set(best[1]) | set(hops)))[:4])
        return best

    def table(self, dev: str) -> dict[Prefix, Route]:
        """Every OSPF route of ``dev`` at once (what :meth:`route_for` gives per prefix)."""
        best: dict[Prefix, tuple[int, tuple[Hop, ...]]] = {}
        own: set[Prefix] = set()
        for area in self.areas.get(dev, []):
            for p, (cost, hops) in self.intra(dev, area).items():
                if not hops:
                    own.add(p)
                elif p not in best or cost < best[p][0]:
                    best[p] = (cost, hops)
        out = {p: Route(p[0], p[1], "O", 110, c, h) for p, (c, h) in best.items() if p not in own}
        skip = own | best.keys()
        inter: dict[Prefix, tuple[int, tuple[Hop, ...]]] = {}
        if dev in self.abrs:
            inter = {p: x for p, x in self.inter(dev).items() if p not in skip}
        else:
            for area in self.areas.get(dev, []):
                spf = self.graphs[area].spf(dev)
                for abr in self.area_abrs.get(area, ()):
                    if abr == dev or abr not in spf.dist:
                        continue
                    base, hops = spf.dist[abr], spf.hops[abr]
                    for p, c in self.summaries(abr, area).items():
                        if p in skip:
                            continue
                        old = inter.get(p)
                        if old is None or base + c < old[0]:
                            inter[p] = (base + c, hops)
                        elif base + c == old[0] and hops != old[1]:
                            inter[p] = (old[0], tuple(sorted(set(old[1]) | set(hops)))[:4])
        for p, (c, h) in inter.items():
            out[p] = Route(p[0], p[1], "O IA", 110, c, h)
        for p, r in self.external_routes(dev).items():
            if p not in out and p not in own:
                out[p] = r
        return out

    def external_routes(self, dev: str) -> dict[Prefix, Route]:
        """Type-2 external routes of ``dev`` (lowest metric, then nearest ASBR)."""
        hit = self._ext.get(dev)
        if hit is not None:
            return hit
        best: dict[Prefix, tuple[int, int, tuple[NextHop, ...]]] = {}
        for asbr, lsas in self.externals.items():
            if asbr == dev or not self.ifs.get(asbr):
                continue
            rid = max(i.router_id for i in self.ifs[asbr])
            loops = [(i.ip, 32) for i in self.ifs[asbr] if i.net_type == "loopback"]
            via = None
            for target in loops or [(rid, 32)]:
                via = self.route_for(dev, target, externals=False)
                if via is not None:
                    break
            if via is None:
                continue
            for p, metric in lsas:
                old = best.get(p)
                if old is None or (metric, via.metric) < (old[0], old[1]):
                    best[p] = (metric, via.metric, via.hops)
        out = {
            (net, plen): Route(net, plen, "O E2", 110, metric, hops)
            for (net, plen), (metric, _, hops) in best.items()
        }
        self._ext[dev] = out
        return out


def build_rib(
    dev: str, f: DeviceFacts, ports: dict[Port, PortState], ospf: OspfDomain | None
) -> Rib:
    """The routing table of ``dev``: the lowest administrative distance wins."""
    routes = connected(f, dev, ports)
    for p, r in statics(f, dev, ports, routes).items():
        routes.setdefault(p, r)
    return Rib(dev, routes, ospf)


def external_lsas(
    dev: str, f: DeviceFacts, ports: dict[Port, PortState], ospf_ifs: list[OspfIf]
) -> list[tuple[Prefix, int]]:
    """Type-5 LSAs ``dev`` originates: ``(prefix, metric)``."""
    out: list[tuple[Prefix, int]] = []
    conn = connected(f, dev, ports)
    stat = statics(f, dev, ports, conn)
    in_ospf = {(network(i.ip, i.plen), i.plen) for i in ospf_ifs}
    for proc in f.ospf:
        for r in proc.redistribute:
            if r.source == "static":
                out.extend((p, r.metric) for p in stat if p != (0, 0))
            elif r.source == "connected":
                out.extend(
                    (p, r.metric) for p, x in conn.items() if x.code == "C" and p not in in_ospf
                )
            elif r.source == "default" and (r.always or (0, 0) in stat):
                out.append(((0, 0), r.metric))
    return out
