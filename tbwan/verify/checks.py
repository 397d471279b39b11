"""Hold one host's intended state against what it showed (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from napalm.base.validate import compare as napalm_compare

from tbwan.verify.intended import (
    ExpectedAdjacency,
    ExpectedHsrp,
    ExpectedLink,
    ExpectedRoute,
    ExpectedService,
    ExpectedTunnel,
    HostIntent,
)
from tbwan.verify.models import Check, CheckKind
from tbwan.verify.observed import IfState, Observation, if_key


def parent_interface(name: str) -> str | None:
    """The physical interface of a subinterface (None for a physical one).

    >>> parent_interface("GigabitEthernet0/0/2.101")
    'GigabitEthernet0/0/2'
    """
    return name.split(".", 1)[0] if "." in name else None


def link_state(state: IfState | None, parent: IfState | None = None) -> str:
    """How an interface is, in the words IOS uses."""
    if state is None:
        return "absent"
    if not state.is_enabled or (parent is not None and not parent.is_enabled):
        return "administratively down"
    if not state.is_up:
        return "down"
    speed = f" {state.speed_mbps:g} Mbps" if state.speed_mbps else ""
    duplex = f" {state.duplex}-duplex" if state.duplex else ""
    errors = f", {state.rx_errors} input errors" if state.rx_errors else ""
    return f"up{speed}{duplex}{errors}"


def interfaces_document(links: Iterable[ExpectedLink]) -> dict[str, dict[str, Any]]:
    """The links' expectations as a NAPALM validation document for ``get_interfaces``
    (what ``compliance_report`` / ``napalm_validate`` read).

    >>> interfaces_document([ExpectedLink("r1", "Gi0/0/0", "r2", "Gi0/1", speed_mbps=100)])
    {'Gi0/0/0': {'is_up': True, 'is_enabled': True, 'speed': 100.0}}
    """
    doc: dict[str, dict[str, Any]] = {}
    for link in links:
        want: dict[str, Any] = {"is_up": True, "is_enabled": True}
        if link.speed_mbps:
            want["speed"] = float(link.speed_mbps)
        doc[link.interface] = want
    return doc


def _as_getter(state: IfState) -> dict[str, Any]:
    """One interface as ``get_interfaces`` gives it (the fields the document names)."""
    return {"is_up": state.is_up, "is_enabled": state.is_enabled, "speed": state.speed_mbps}


def _link(link: ExpectedLink, obs: Observation) -> Iterator[Check]:
    state = obs.interface(link.interface)
    parent_name = parent_interface(link.interface)
    parent = obs.interface(parent_name) if parent_name else None
    expected = "up"
    if link.speed_mbps:
        expected += f" {link.speed_mbps} Mbps"
    if link.duplex:
        expected += f" {link.duplex}-duplex"
    # NAPALM's own validation compares the getter's values with the plan's; what it
    # cannot see (the parent's shutdown, errors, duplex) is checked beside it.
    doc = interfaces_document([link])
    if state is not None and state.speed_mbps is None:
        doc[link.interface].pop("speed", None)  # the port does not say: not a failure
    actual = {link.interface: _as_getter(state)} if state is not None else {}
    report = napalm_compare(doc, actual)
    ok = (
        isinstance(report, dict)
        and bool(report["complies"])
        and (parent is None or parent.is_enabled)
        and state is not None
        and not state.rx_errors
        and (not link.duplex or state.duplex in (None, link.duplex))
    )
    yield Check(
        kind=CheckKind.LINK,
        subject=link.interface,
        ok=ok,
        expected=expected,
        observed=link_state(state, parent),
        peer=link.peer_host,
    )
    # LLDP proves the cabling on direct cables (carrier circuits do not carry it); a
    # port without an LLDP neighbour is not a failure (LLDP may be off), a wrong one is.
    seen = obs.lldp.get(if_key(link.interface), ())
    if link.circuit is None and seen and link.peer_host not in seen:
        yield Check(
            kind=CheckKind.LLDP,
            subject=link.interface,
            ok=False,
            expected=link.peer_host,
            observed=", ".join(seen),
            peer=link.peer_host,
        )


def _adjacency(adj: ExpectedAdjacency, obs: Observation) -> Check:
    key = if_key(adj.interface)
    rows = [n for n in obs.ospf_neighbors if n.interface == key]
    match = next((n for n in rows if n.neighbor_id == adj.neighbor_id), None)
    if match is not None:
        observed = match.state
    elif rows:
        observed = "other neighbour " + ", ".join(n.neighbor_id for n in rows)
    else:
        observed = "no neighbour"
    return Check(
        kind=CheckKind.OSPF,
        subject=adj.interface,
        ok=match is not None and match.state == "FULL",
        expected=f"FULL with {adj.neighbor_id} ({adj.neighbor_host}) in area {adj.area}",
        observed=observed,
        peer=adj.neighbor_host,
    )


def _route(route: ExpectedRoute, obs: Observation) -> Check:
    got = obs.routes.get(route.prefix)
    expected = f"via {route.next_hop} ({route.via_host})" if route.next_hop else "present"
    if got is None:
        return Check(
            kind=CheckKind.ROUTE,
            subject=route.prefix,
            ok=False,
            expected=expected,
            observed="absent",
            peer=route.via_host,
        )
    ok = route.next_hop is None or route.next_hop in got.next_hops
    return Check(
        kind=CheckKind.ROUTE,
        subject=route.prefix,
        ok=ok,
        expected=expected,
        observed=f"{got.protocol} via {', '.join(got.next_hops) or 'connected'}",
        peer=route.via_host,
    )


def _service(svc: ExpectedService, obs: Observation) -> Check:
    reached = obs.pings.get(svc.address)
    return Check(
        kind=CheckKind.SERVICE,
        subject=f"{svc.service} {svc.address}",
        ok=bool(reached),
        expected=f"reachable from {svc.source}",
        observed="reachable" if reached else "not reachable" if reached is False else "not asked",
    )


def _tunnel(tun: ExpectedTunnel, obs: Observation) -> Check:
    state = obs.interface(tun.interface)
    return Check(
        kind=CheckKind.TUNNEL,
        subject=tun.interface,
        ok=state is not None and state.is_up,
        expected=f"up to {tun.destination or tun.peer_host}",
        observed=link_state(state),
        peer=tun.peer_host,
    )


def _hsrp(exp: ExpectedHsrp, obs: Observation) -> Check:
    key = if_key(exp.interface)
    got = next((g for g in obs.hsrp if g.interface == key and g.group == exp.group), None)
    return Check(
        kind=CheckKind.HSRP,
        subject=f"{exp.interface} group {exp.group}",
        ok=got is not None and got.state == exp.state,
        expected=f"{exp.state} for {exp.vip}",
        observed=f"{got.state} for {got.vip}" if got else "no group",
    )


def check_host(intent: HostIntent, obs: Observation) -> tuple[Check, ...]:
    """Every check of ``intent`` against ``obs``, in a stable order."""
    checks: list[Check] = []
    for link in intent.links:
        checks.extend(_link(link, obs))
    checks.extend(_adjacency(a, obs) for a in intent.adjacencies)
    checks.extend(_tunnel(t, obs) for t in intent.tunnels)
    checks.extend(_hsrp(h, obs) for h in intent.hsrp)
    checks.extend(_route(r, obs) for r in intent.routes)
    checks.extend(_service(s, obs) for s in intent.services)
    return tuple(checks)
