"""The province's intended state, and observations of a network that matches it.

Scenario tests start from :func:`healthy` (what every device would show if the network
were exactly as planned) and break one thing, as a fault would.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory
from tbwan.verify.intended import IntendedState, intended_state
from tbwan.verify.observed import (
    HsrpGroup,
    IfState,
    Observation,
    OspfInterface,
    OspfNeighbor,
    Route,
    if_key,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def province() -> Inventory:
    """The repository's inventory."""
    return load_inventory(REPO / "inventory")


@pytest.fixture(scope="session")
def state(province: Inventory) -> IntendedState:
    """The province's intended state."""
    return intended_state(province)


def healthy(state: IntendedState) -> dict[str, Observation]:
    """Per host, what a device of a network exactly as planned shows."""
    obs: dict[str, dict[str, object]] = {h: {} for h in state.host_site}

    def ifs(host: str) -> dict[str, IfState]:
        return obs[host].setdefault("interfaces", {})  # type: ignore[return-value]

    for link in state.links:
        ifs(link.host)[if_key(link.interface)] = IfState(
            name=link.interface,
            is_up=True,
            is_enabled=True,
            speed_mbps=float(link.speed_mbps or 1000),
        )
        if "." in link.interface:
            parent = link.interface.split(".")[0]
            ifs(link.host)[if_key(parent)] = IfState(name=parent, is_up=True, is_enabled=True)
        if link.circuit is None:
            lldp = obs[link.host].setdefault("lldp", {})
            lldp[if_key(link.interface)] = (link.peer_host,)  # type: ignore[index]
    for tun in state.tunnels:
        ifs(tun.host)[if_key(tun.interface)] = IfState(tun.interface, True, True)
        if tun.source:
            ifs(tun.host)[if_key(tun.source)] = IfState(tun.source, True, True, 1000.0)
    for adj in state.adjacencies:
        o = obs[adj.host]
        o["ospf_neighbors"] = (
            *o.get("ospf_neighbors", ()),  # type: ignore[misc]
            OspfNeighbor(adj.neighbor_id, "FULL", "10.0.0.1", if_key(adj.interface)),
        )
        oi = o.setdefault("ospf_interfaces", {})
        oi[if_key(adj.interface)] = OspfInterface(if_key(adj.interface), str(adj.area), "P2P")  # type: ignore[index]
    for route in state.routes:
        routes = obs[route.host].setdefault("routes", {})
        routes[route.prefix] = Route(route.prefix, "O IA", (route.next_hop or "10.34.4.2",))  # type: ignore[index]
    for h in state.hsrp:
        o = obs[h.host]
        o["hsrp"] = (*o.get("hsrp", ()), HsrpGroup(if_key(h.interface), h.group, h.state, h.vip))  # type: ignore[misc]
    for svc in state.services:
        obs[svc.host].setdefault("pings", {})[svc.address] = True  # type: ignore[index]
    return {h: Observation(host=h, **kw) for h, kw in obs.items()}  # type: ignore[arg-type]


def set_if(obs: dict[str, Observation], host: str, name: str, **changes: object) -> None:
    """Change one interface of ``host`` in ``obs``."""
    o = obs[host]
    key = if_key(name)
    interfaces = dict(o.interfaces)
    interfaces[key] = replace(interfaces[key], **changes)  # type: ignore[arg-type]
    obs[host] = replace(o, interfaces=interfaces)
