"""The lab as a network: links, LLDP/CDP, ARP, OSPF, routes, ping, IPsec, HSRP.

Built from the inventory's cabling (:func:`cabling_from_inventory`) and the devices'
running configs; recomputed when a config or a fault changes. See the "Network model"
section of ``tbwan/lab/README.md``.

Python API (in the lab process, or through :mod:`tbwan.lab.control` from outside):

- ``net = lab.network`` (a :class:`Network`), ``st = net.state()`` (a :class:`NetState`).
- ``st.neighbors(host)``: OSPF adjacencies (``peer``, ``peer_rid``, ``iface``, ``state``).
- ``st.rib(host).lookup(addr)`` / ``.sorted()``: routes (``code``, ``hops``).
- ``st.ports[(host, ifname)]``: link state (``up``, ``speed``, ``duplex``, ``errors``).
- ``st.links[cid]``: a circuit or cable (``up``, ``reason``).
- ``net.circuit_down(cid)``, ``net.circuit_up(cid)``, ``net.degrade(cid, loss, latency_ms)``,
  ``net.power(host, on)``, ``net.ping(host, addr, source)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tbwan.lab.network.cabling import Cabling, cabling_from_inventory
from tbwan.lab.network.model import Network
from tbwan.lab.network.state import NetState

__all__ = [
    "Cabling",
    "NetState",
    "Network",
    "StartFaults",
    "attach_network",
    "cabling_from_inventory",
]


@dataclass(frozen=True)
class StartFaults:
    """Network faults the lab starts with (``tbwan lab up --circuit-down/--device-off``)."""

    circuits_down: Sequence[str] = ()
    powered_off: Sequence[str] = ()


def attach_network(
    states: Mapping[str, Any], cabling: Cabling | None, faults: StartFaults | None = None
) -> Network | None:
    """A :class:`Network` over the lab's device states (each gets ``.network``), or None.

    Raises:
        LabError: a start fault names a circuit or device the lab does not have.
    """
    if cabling is None:
        return None
    net = Network(cabling, states)
    for state in states.values():
        state.network = net
    for cid in (faults or StartFaults()).circuits_down:
        net.circuit_down(cid)
    for host in (faults or StartFaults()).powered_off:
        net.power(host, False)
    return net
