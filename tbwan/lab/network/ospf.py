"""OSPF: which interfaces run it, which adjacencies form, and SPF per area. Pure.

An adjacency forms (as IOS checks hellos) when both ends are on the same segment and
subnet, in the same area, with equal hello/dead timers and the same authentication type
and key (compared by digest); passive interfaces send no hellos. An MTU mismatch leaves
the pair in EXSTART. A network-type mismatch (point-to-point against broadcast) still
reaches FULL but the two router LSAs do not describe the same link, so SPF does not use
it, which is what IOS does; point-to-multipoint (an SRX's ``st0`` hub) against
point-to-point is usable, as both advertise a point-to-point link to the neighbour.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from tbwan.lab.network.addr import network
from tbwan.lab.network.facts import DEFAULT_HELLO, DeviceFacts, Iface, OspfProcess
from tbwan.lab.network.links import Port, PortState

MAX_COST = 65535
# both describe the neighbour as a point-to-point link in their router LSA
_P2P_LINKS = frozenset({"point-to-point", "point-to-multipoint"})


@dataclass(frozen=True, slots=True)
class OspfIf:
    """An interface on which OSPF runs (line protocol up)."""

    device: str
    name: str
    area: int
    process: int
    ip: int
    plen: int
    net_type: str
    hello: int
    dead: int
    cost: int
    passive: bool
    auth: str
    key: str | None
    mtu: int
    mtu_ignore: bool
    router_id: int


@dataclass(frozen=True, slots=True)
class Adjacency:
    """One side of an adjacency: ``device`` sees ``peer`` on ``iface``."""

    device: str
    iface: str
    peer: str
    peer_iface: str
    area: int
    state: str
    role: str
    peer_ip: int
    peer_rid: int
    spf_ok: bool = True


def router_id(
    dev: str, f: DeviceFacts, proc: OspfProcess | None, ports: dict[Port, PortState]
) -> int:
    """``router-id`` if set, else the highest loopback address, else the highest up address."""
    if proc is not None and proc.router_id is not None:
        return proc.router_id
    loops = [i.ip for i in f.interfaces.values() if i.kind == "loopback" and i.ip and i.admin_up]
    if loops:
        return max(loops)
    ups = [
        i.ip
        for i in f.interfaces.values()
        if i.ip and ports.get((dev, i.name), PortState(True, True)).up
    ]
    return max(ups, default=0)


def _area_of(i: Iface, proc_list: tuple[OspfProcess, ...]) -> tuple[int, int] | None:
    if i.ospf_area is not None and i.ospf_process is not None:
        return i.ospf_process, i.ospf_area
    if i.ip is None:
        return None
    for p in proc_list:
        for net, care, area in p.networks:
            if i.ip & care == net:
                return p.process, area
    return None


def bandwidth_kbit(i: Iface, port: PortState) -> int:
    """The interface's bandwidth as OSPF's cost uses it."""
    if i.bandwidth:
        return i.bandwidth
    kind = i.kind
    if kind == "loopback":
        return 8_000_000
    if kind in ("tunnel", "template"):
        return 100
    if port.speed:
        return port.speed * 1000
    return 1_000_000


def ospf_interfaces(dev: str, f: DeviceFacts, ports: dict[Port, PortState]) -> list[OspfIf]:
    """The interfaces of ``dev`` running OSPF with line protocol up."""
    out: list[OspfIf] = []
    rids: dict[int, int] = {}
    for i in f.interfaces.values():
        where = _area_of(i, f.ospf)
        if where is None:
            continue
        proc_no, area = where
        proc = f.process(proc_no)
        assert proc is not None
        if proc.shutdown:
            continue
        port = ports.get((dev, i.name), PortState(True, True))
        if not port.up:
            continue
        ip, plen = i.ip, i.plen
        if ip is None and i.unnumbered:
            src = f.interfaces.get(i.unnumbered)
            ip, plen = (src.ip, 32) if src and src.ip else (None, 0)
        if ip is None:
            continue
        if proc_no not in rids:
            rids[proc_no] = router_id(dev, f, proc, ports)
        kind = i.kind
        default_net = "point-to-point" if kind in ("tunnel", "template") else "broadcast"
        net_type = "loopback" if kind == "loopback" else (i.ospf_net or default_net)
        hello = i.hello or DEFAULT_HELLO.get(net_type, 10)
        dead = i.dead or hello * 4
        area_auth = dict(proc.area_auth).get(area)
        auth = i.auth or area_auth or "null"
        cost = i.cost or max(1, min(MAX_COST, proc.ref_bw_mbps * 1000 // bandwidth_kbit(i, port)))
        out.append(
            OspfIf(
                dev, i.name, area, proc_no, ip, plen, net_type, hello, dead, cost,
                proc.is_passive(i.clone_of or i.name) or kind == "loopback", auth,
                i.auth_key if auth != "null" else None, i.mtu, i.mtu_ignore, rids[proc_no],
            )
        )  # fmt: skip
    return out


def _compatible(x: OspfIf, y: OspfIf) -> bool:
    if x.area != y.area or x.hello != y.hello or x.dead != y.dead:
        return False
    if x.auth != y.auth or x.key != y.key or x.router_id == y.router_id:
        return False
    if x.plen != 32 and y.plen != 32:
        return x.plen == y.plen and network(x.ip, x.plen) == network(y.ip, y.plen)
    return True


def adjacencies(segments: list[tuple[Port, ...]], by_port: dict[Port, OspfIf]) -> list[Adjacency]:
    """Both sides of every adjacency on every segment."""
    out: list[Adjacency] = []
    for seg in segments:
        members = [by_port[p] for p in seg if p in by_port and not by_port[p].passive]
        if len(members) < 2:
            continue
        dr, bdr = _election(members)
        for x in members:
            for y in members:
                if x is y or not _compatible(x, y):
                    continue
                p2p = x.net_type == "point-to-point"
                role = "-" if y.net_type == "point-to-point" else _role(y, dr, bdr)
                if p2p or y.net_type == "point-to-point" or x in (dr, bdr) or y in (dr, bdr):
                    ok_mtu = x.mtu == y.mtu or x.mtu_ignore
                    state = "FULL" if ok_mtu else "EXSTART"
                else:
                    state = "2WAY"
                spf_ok = x.net_type == y.net_type or {x.net_type, y.net_type} <= _P2P_LINKS
                out.append(
                    Adjacency(
                        x.device, x.name, y.device, y.name, x.area, state, role,
                        y.ip, y.router_id, spf_ok,
                    )
                )  # fmt: skip
    return out


def _election(members: list[OspfIf]) -> tuple[OspfIf | None, OspfIf | None]:
    bcast = sorted((m for m in members if m.net_type == "broadcast"), key=lambda m: -m.router_id)
    return (bcast[0] if bcast else None), (bcast[1] if len(bcast) > 1 else None)


def _role(y: OspfIf, dr: OspfIf | None, bdr: OspfIf | None) -> str:
    return "DR" if y is dr else ("BDR" if y is bdr else "DROTHER")


Hop = tuple[str, int]  # (outgoing interface, next-hop address)


@dataclass(frozen=True, slots=True)
class Spf:
    """Shortest paths from one router in one area."""

    dist: dict[str, int]
    hops: dict[str, tuple[Hop, ...]]


@dataclass
class AreaGraph:
    """One area's link-state database, reduced to what SPF needs.

    ``edges[r]`` lists (neighbour, cost, out-interface, next hop); ``stubs[r]`` the
    prefixes ``r`` advertises. SPF results are cached on the object: an area whose
    database does not change keeps its object, so its SPF is not run again.
    """

    area: int
    edges: dict[str, tuple[tuple[str, int, str, int], ...]]
    stubs: dict[str, tuple[tuple[int, int, int], ...]]
    spf_cache: dict[str, Spf] = field(default_factory=dict)
    runs: int = 0
    _owners: dict[tuple[int, int], tuple[tuple[str, int], ...]] | None = None

    @property
    def owners(self) -> dict[tuple[int, int], tuple[tuple[str, int], ...]]:
        """Prefix -> the routers advertising it, with their stub cost (built once)."""
        if self._owners is None:
            index: dict[tuple[int, int], list[tuple[str, int]]] = {}
            for router, stubs in self.stubs.items():
                for net, plen, cost in stubs:
                    index.setdefault((net, plen), []).append((router, cost))
            self._owners = {p: tuple(o) for p, o in index.items()}
        return self._owners

    def fingerprint(self) -> tuple[object, ...]:
        """Equal for equal databases."""
        return (
            self.area,
            tuple(sorted(self.edges.items())),
            tuple(sorted(self.stubs.items())),
        )

    def spf(self, root: str) -> Spf:
        """Dijkstra from ``root`` with equal-cost first hops (up to 4)."""
        cached = self.spf_cache.get(root)
        if cached is not None:
            return cached
        self.runs += 1
        dist: dict[str, int] = {root: 0}
        hops: dict[str, tuple[Hop, ...]] = {root: ()}
        heap: list[tuple[int, str]] = [(0, root)]
        done: set[str] = set()
        while heap:
            d, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            for peer, cost, ifname, nh in self.edges.get(node, ()):
                nd = d + cost
                via = ((ifname, nh),) if node == root else hops[node]
                old = dist.get(peer)
                if old is None or nd < old:
                    dist[peer], hops[peer] = nd, via
                    heapq.heappush(heap, (nd, peer))
                elif nd == old and peer not in done:
                    hops[peer] = tuple(sorted(set(hops[peer]) | set(via)))[:4]
        result = Spf(dist, hops)
        self.spf_cache[root] = result
        return result


def area_graphs(
    ifs: dict[str, list[OspfIf]], adjs: list[Adjacency], old: dict[int, AreaGraph]
) -> dict[int, AreaGraph]:
    """Build every area's graph, reusing ``old`` graphs whose database did not change."""
    cost = {(i.device, i.name): i.cost for dev_ifs in ifs.values() for i in dev_ifs}
    edges: dict[int, dict[str, list[tuple[str, int, str, int]]]] = {}
    stubs: dict[int, dict[str, list[tuple[int, int, int]]]] = {}
    for dev, dev_ifs in ifs.items():
        for i in dev_ifs:
            edges.setdefault(i.area, {}).setdefault(dev, [])
            plen = 32 if i.net_type == "loopback" else i.plen
            stubs.setdefault(i.area, {}).setdefault(dev, []).append(
                (network(i.ip, plen), plen, i.cost)
            )
    back = {(a.device, a.peer) for a in adjs if a.state == "FULL" and a.spf_ok}
    for a in adjs:
        if a.state == "FULL" and a.spf_ok and (a.peer, a.device) in back:
            edges[a.area][a.device].append((a.peer, cost[(a.device, a.iface)], a.iface, a.peer_ip))
    out: dict[int, AreaGraph] = {}
    for area, area_edges in edges.items():
        g = AreaGraph(
            area,
            {r: tuple(sorted(e)) for r, e in area_edges.items()},
            {r: tuple(sorted(s)) for r, s in stubs[area].items()},
        )
        prev = old.get(area)
        out[area] = prev if prev is not None and prev.fingerprint() == g.fingerprint() else g
    return out
