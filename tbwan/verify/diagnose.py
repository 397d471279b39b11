"""Say why, from what was observed: carrier, misconfiguration, device or upstream (pure).

Each failing link, adjacency, tunnel or HSRP group is looked at from both ends; a site
that does not reach the DIC services takes the diagnosis of its own uplink, else of the
hub it hangs off. ``drifted`` holds the config audit of the hosts involved (True: the
running config differs from the intended one), so "config compliant" is a fact, not a
guess; a host missing from it was not audited and the message says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from tbwan.verify.checks import parent_interface
from tbwan.verify.intended import (
    ExpectedAdjacency,
    ExpectedLink,
    ExpectedTunnel,
    IntendedState,
)
from tbwan.verify.models import Cause, Check, CheckKind, Diagnosis
from tbwan.verify.observed import IfState, Observation, if_key

type DiagFn = Callable[[Cause, str], Diagnosis]


@dataclass(frozen=True)
class Evidence:
    """Everything the diagnosis reads."""

    state: IntendedState
    observed: Mapping[str, Observation]
    not_asked: Mapping[str, str]  # host -> why it could not be asked
    checks: Mapping[str, tuple[Check, ...]]
    drifted: Mapping[str, bool]  # host -> config drifted (audited hosts only)

    def failed(self, host: str, kind: CheckKind, subject: str) -> bool:
        """Whether ``host``'s check of ``kind`` on ``subject`` failed."""
        return any(
            not c.ok and c.kind is kind and c.subject == subject for c in self.checks.get(host, ())
        )

    def iface(self, host: str, name: str) -> tuple[IfState | None, IfState | None]:
        """The interface and its parent (subinterfaces) as ``host`` showed them."""
        obs = self.observed[host]
        parent = parent_interface(name)
        return obs.interface(name), obs.interface(parent) if parent else None


def _short(error: str) -> str:
    """The first sentence of a client's error (Netmiko's come with advice paragraphs).

    >>> _short("ReadTimeout: Pattern not detected: 'x' in output. Things you might try")
    "ReadTimeout: Pattern not detected: 'x' in output"
    """
    return error.split(". ", 1)[0][:160]


def _end(ev: Evidence, host: str, name: str) -> str:
    """``unknown`` (not asked), ``absent``, ``admin``, ``down``, ``errors`` or ``up``."""
    if host not in ev.observed:
        return "unknown"
    state, parent = ev.iface(host, name)
    if state is None:
        return "absent"
    if not state.is_enabled or (parent is not None and not parent.is_enabled):
        return "admin"
    if not state.is_up:
        return "down"
    return "errors" if state.rx_errors else "up"


def _admin_name(ev: Evidence, host: str, name: str) -> str:
    state, parent = ev.iface(host, name)
    if parent is not None and not parent.is_enabled:
        return parent.name
    return state.name if state else name


def _sites_of(state: IntendedState, ends: set[tuple[str, str]]) -> tuple[str, ...]:
    hit = [
        s.site
        for s in state.sites.values()
        if s.uplink is not None and (s.uplink.host, s.uplink.interface) in ends
    ]
    if not hit:  # not an uplink: the sites of its routers
        hit = sorted(
            {
                state.host_site[h]
                for h, _ in ends
                if h in state.host_site and state.sites[state.host_site[h]].router == h
            }
        )
    return tuple(hit)


def _audit_words(ev: Evidence, hosts: tuple[str, ...]) -> tuple[bool, str]:
    drifted = [h for h in hosts if ev.drifted.get(h)]
    if drifted:
        return True, f"{', '.join(drifted)} drifted from the intended config"
    if all(h in ev.drifted for h in hosts):
        return False, "config compliant"
    return False, "config not audited"


def _link(ev: Evidence, link: ExpectedLink) -> Diagnosis | None:
    a, b = (link.host, link.interface), (link.peer_host, link.peer_interface)
    ea, eb = _end(ev, *a), _end(ev, *b)
    failing = ev.failed(link.host, CheckKind.LINK, link.interface) or ev.failed(
        link.peer_host, CheckKind.LINK, link.peer_interface
    )
    if (ea == eb == "up" and not failing) or ea == eb == "unknown":
        return None
    subject = f"circuit {link.circuit}" if link.circuit else f"{link.host} {link.interface}"
    hosts = (link.host, link.peer_host)
    sites = _sites_of(ev.state, {a, b})

    def diag(cause: Cause, message: str) -> Diagnosis:
        return Diagnosis(subject=subject, cause=cause, hosts=hosts, sites=sites, message=message)

    for (host, name), end in ((a, ea), (b, eb)):
        if end == "admin":
            return diag(
                Cause.MISCONFIGURATION,
                f"{host} {_admin_name(ev, host, name)} is administratively down (shutdown): "
                "misconfiguration, see audit",
            )
        if end == "absent":
            return diag(
                Cause.MISCONFIGURATION,
                f"{host} has no interface {name}: misconfiguration, see audit",
            )
    if "unknown" in (ea, eb):
        (gone, _), (seen, seen_if), seen_end = (a, b, eb) if ea == "unknown" else (b, a, ea)
        if seen_end != "down":
            return None  # its neighbours see the link up: a management problem (see _devices)
        carrier = (
            f"; {link.circuit} cannot be ruled out if {gone} is managed over it: "
            f"check with {link.provider}"
            if link.circuit
            else ""
        )
        return diag(
            Cause.DEVICE,
            f"{gone} unreachable ({_short(ev.not_asked.get(gone, 'not asked'))}), its neighbour "
            f"{seen} sees {seen_if} down: power or device{carrier}",
        )
    if ea == eb == "down":
        drifted, words = _audit_words(ev, hosts)
        if drifted:
            return diag(
                Cause.MISCONFIGURATION,
                f"link down at both ends and {words}: misconfiguration, see audit",
            )
        if link.circuit:
            return diag(
                Cause.CARRIER,
                f"link down at both ends, {words}: carrier fault, "
                f"call {link.provider} with the circuit id {link.circuit}",
            )
        return diag(Cause.DEVICE, f"link down at both ends, {words}: cable or port fault")
    if "down" in (ea, eb):
        (host, name) = a if ea == "down" else b
        return diag(Cause.UNKNOWN, f"{host} {name} is down while the other end is up")
    return _link_quality(ev, link, diag)


def _link_quality(ev: Evidence, link: ExpectedLink, diag: DiagFn) -> Diagnosis | None:
    sa, _ = ev.iface(link.host, link.interface)
    sb, _ = ev.iface(link.peer_host, link.peer_interface)
    assert sa is not None and sb is not None
    if sa.duplex and sb.duplex and sa.duplex != sb.duplex:
        # blame the end whose config drifted, else the one not at the plan's full duplex
        a_wrong = ev.drifted.get(link.host, False) or (
            not ev.drifted.get(link.peer_host, False) and sa.duplex != "full"
        )
        wrong, right = (sa, sb) if a_wrong else (sb, sa)
        host = link.host if a_wrong else link.peer_host
        other = link.peer_host if a_wrong else link.host
        return diag(
            Cause.MISCONFIGURATION,
            f"duplex mismatch on {host} {wrong.name} ({wrong.duplex}-duplex vs "
            f"{right.duplex}-duplex at {other}): input errors counting, misconfiguration, "
            "see audit",
        )
    if sa.rx_errors or sb.rx_errors:
        return diag(
            Cause.UNKNOWN,
            f"input errors counting on {link.host} {link.interface} ({sa.rx_errors}) / "
            f"{link.peer_host} {link.peer_interface} ({sb.rx_errors}): duplex mismatch "
            "or a noisy line",
        )
    for host, name, st, planned in (
        (link.host, link.interface, sa, link.speed_mbps),
        (link.peer_host, link.peer_interface, sb, None),
    ):
        if ev.failed(host, CheckKind.LINK, name) and st.speed_mbps:
            want = f", planned {planned} Mbps" if planned else ""
            return diag(
                Cause.MISCONFIGURATION,
                f"{host} {name} runs at {st.speed_mbps:g} Mbps{want}: misconfiguration, see audit",
            )
    return None


def _adjacency(ev: Evidence, adj: ExpectedAdjacency) -> Diagnosis | None:
    if adj.host not in ev.observed or adj.neighbor_host not in ev.observed:
        return None
    ends = {(adj.host, adj.interface), (adj.neighbor_host, adj.neighbor_interface)}

    def diag(cause: Cause, message: str, at: str = f"{adj.host} {adj.interface}") -> Diagnosis:
        return Diagnosis(
            subject=at,
            cause=cause,
            hosts=(adj.host, adj.neighbor_host),
            sites=_sites_of(ev.state, ends),
            message=message,
        )

    for host, name in ((adj.host, adj.interface), (adj.neighbor_host, adj.neighbor_interface)):
        ospf = ev.observed[host].ospf_interfaces.get(if_key(name))
        if ospf is None:
            return diag(
                Cause.MISCONFIGURATION,
                f"OSPF is not running on {host} {name}: misconfiguration, see audit",
                f"{host} {name}",
            )
        if ospf.area != str(adj.area):
            return diag(
                Cause.MISCONFIGURATION,
                f"OSPF area mismatch on {host} {name} (area {ospf.area} vs {adj.area}): "
                "misconfiguration, see audit",
                f"{host} {name}",
            )
    seen = [
        c.observed
        for c in ev.checks.get(adj.host, ())
        if c.kind is CheckKind.OSPF and c.subject == adj.interface
    ]
    state = seen[0] if seen else "not FULL"
    return diag(
        Cause.MISCONFIGURATION,
        f"OSPF adjacency {adj.host} {adj.interface} - {adj.neighbor_host} "
        f"{adj.neighbor_interface} is {state} with the link up and the areas matching: "
        "hello/dead timers, MTU, authentication or network type differ, see audit",
    )


def _tunnel(ev: Evidence, tun: ExpectedTunnel) -> Diagnosis | None:
    if tun.host not in ev.observed or tun.peer_host not in ev.observed:
        return None
    hosts = (tun.host, tun.peer_host)
    sites = tuple(
        sorted(
            {
                ev.state.host_site[h]
                for h in hosts
                if ev.state.sites[ev.state.host_site[h]].router == h
            }
        )
    )
    subject = f"{tun.host} {tun.interface}"
    for host, name in ((tun.host, tun.interface), (tun.peer_host, tun.peer_interface)):
        if _end(ev, host, name) == "admin":
            return Diagnosis(
                subject=subject,
                cause=Cause.MISCONFIGURATION,
                hosts=hosts,
                sites=sites,
                message=f"{host} {name} is administratively down: misconfiguration, see audit",
            )
    if tun.source and _end(ev, tun.host, tun.source) not in ("up", "errors"):
        return Diagnosis(
            subject=subject,
            cause=Cause.CARRIER,
            hosts=hosts,
            sites=sites,
            message=f"{tun.host} {tun.source}, the tunnel's WAN interface, is down: "
            "Internet access of the site, call its provider",
        )
    _, words = _audit_words(ev, hosts)
    return Diagnosis(
        subject=subject,
        cause=Cause.MISCONFIGURATION,
        hosts=hosts,
        sites=sites,
        message=f"IPsec tunnel {tun.host} {tun.interface} - {tun.peer_host} "
        f"{tun.peer_interface} down with the WAN interfaces up ({words}): IKE/IPsec do not "
        "agree (pre-shared key or transform set); the audit masks keys, so compare the "
        "pre-shared key at both ends",
    )


def _hsrp(ev: Evidence) -> Iterator[Diagnosis]:
    for exp in ev.state.hsrp:
        subject = f"{exp.interface} group {exp.group}"
        if exp.host in ev.observed and ev.failed(exp.host, CheckKind.HSRP, subject):
            yield Diagnosis(
                subject=f"{exp.host} {exp.interface}",
                cause=Cause.MISCONFIGURATION,
                hosts=(exp.host,),
                sites=(ev.state.host_site[exp.host],),
                message=f"HSRP group {exp.group} on {exp.host} {exp.interface} is not "
                f"{exp.state} as planned: check its priority and preempt and the other "
                "core's interface, see audit",
            )


def _pairs[T: (ExpectedLink, ExpectedAdjacency, ExpectedTunnel)](
    items: tuple[T, ...], ends: Callable[[T], frozenset[tuple[str, str]]]
) -> Iterator[T]:
    seen: set[frozenset[tuple[str, str]]] = set()
    for item in items:
        key = ends(item)
        if key not in seen:
            seen.add(key)
            yield item


def _devices(ev: Evidence, covered: set[str]) -> Iterator[Diagnosis]:
    for host, error in sorted(ev.not_asked.items()):
        if host in covered:
            continue
        site = ev.state.host_site.get(host, "")
        yield Diagnosis(
            subject=host,
            cause=Cause.DEVICE,
            hosts=(host,),
            sites=(site,) if site else (),
            message=f"{host} could not be asked ({_short(error)}) though no neighbour sees its "
            "links down: management access (SSH, AAA, credentials) or the device",
        )


def diagnoses(ev: Evidence) -> tuple[Diagnosis, ...]:
    """Every failure explained once, links first (an adjacency over a down link is the
    link's failure, not a second one)."""
    found: list[Diagnosis] = []
    broken: set[frozenset[tuple[str, str]]] = set()
    for link in _pairs(
        ev.state.links,
        lambda x: frozenset({(x.host, x.interface), (x.peer_host, x.peer_interface)}),
    ):
        d = _link(ev, link)
        ends = frozenset({(link.host, link.interface), (link.peer_host, link.peer_interface)})
        if d is not None:
            found.append(d)
            broken.add(ends)
    for adj in _pairs(
        ev.state.adjacencies,
        lambda x: frozenset({(x.host, x.interface), (x.neighbor_host, x.neighbor_interface)}),
    ):
        ends = frozenset({(adj.host, adj.interface), (adj.neighbor_host, adj.neighbor_interface)})
        failing = ev.failed(adj.host, CheckKind.OSPF, adj.interface) or ev.failed(
            adj.neighbor_host, CheckKind.OSPF, adj.neighbor_interface
        )
        if failing and ends not in broken and not _over_broken_tunnel(ev, adj):
            d = _adjacency(ev, adj)
            if d is not None:
                found.append(d)
    for tun in _pairs(
        ev.state.tunnels,
        lambda x: frozenset({(x.host, x.interface), (x.peer_host, x.peer_interface)}),
    ):
        failing = ev.failed(tun.host, CheckKind.TUNNEL, tun.interface) or ev.failed(
            tun.peer_host, CheckKind.TUNNEL, tun.peer_interface
        )
        if failing:
            d = _tunnel(ev, tun)
            if d is not None:
                found.append(d)
    found.extend(_hsrp(ev))
    covered = {h for d in found if d.cause is Cause.DEVICE for h in d.hosts}
    found.extend(_devices(ev, covered))
    return tuple(found)


def _over_broken_tunnel(ev: Evidence, adj: ExpectedAdjacency) -> bool:
    return any(
        t.host == adj.host
        and t.interface == adj.interface
        and ev.failed(t.host, CheckKind.TUNNEL, t.interface)
        for t in ev.state.tunnels
    )
