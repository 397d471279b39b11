"""Nornir task: what one host shows of the network's state (thin I/O, no judgement).

Only NAPALM getters (``get_interfaces``, ``get_interfaces_counters``,
``get_lldp_neighbors``, ``ping``) and show commands parsed by ntc-templates through
Netmiko, so it reads a real IOS device exactly as it reads the lab. The show commands go
over the NAPALM driver's own Netmiko session (``device.device``): one login per host,
not two. A host is asked only what its part of the intended state needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nornir.core.task import Result, Task

from tbwan.tasks.napalm_connection import CONNECTION_NAME
from tbwan.verify import observed as parse
from tbwan.verify.intended import HostIntent

PING_COUNT = 2
PING_TIMEOUT = 1


def _show(device: Any, command: str) -> list[dict[str, str]]:
    """A show command parsed by its ntc-templates template (rows; [] when nothing)."""
    rows = device.device.send_command(command, use_textfsm=True)
    # Netmiko returns the raw text when no row matched (an empty table): no rows.
    return rows if isinstance(rows, list) else []


def _duplex(device: Any, name: str) -> str | None:
    rows = _show(device, f"show interfaces {name}")
    text = (rows[0].get("duplex", "") if rows else "").lower()
    return "half" if text.startswith("half") else "full" if text.startswith("full") else None


def observe_duplex(task: Task, *, interfaces: Mapping[str, Sequence[str]]) -> Result:
    """The duplex of ``interfaces[host]`` (``show interfaces X`` through ntc-templates).

    Asked only for both ends of a link where input errors count, to tell a duplex
    mismatch from a noisy line: NAPALM's getters do not give the duplex.

    Returns:
        Interface name -> ``full``, ``half`` or None.
    """
    device = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
    found = {name: _duplex(device, name) for name in interfaces.get(task.host.name, ())}
    return Result(host=task.host, result=found)


def observe_host(task: Task, *, intent: HostIntent, detail: bool = True) -> Result:
    """Read what ``intent`` needs from the host.

    ``detail=False`` (a change's before/after snapshot) reads only what a change can
    lose: interfaces up, OSPF neighbours, HSRP; not the error counters, LLDP and OSPF
    interface areas that a diagnosis needs.

    Returns:
        A :class:`tbwan.verify.observed.Observation`; ``changed`` is False.
    """
    device = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
    ifs: dict[str, parse.IfState] = {}
    if intent.links or intent.tunnels:
        counters = device.get_interfaces_counters() if intent.links and detail else None
        ifs = parse.interfaces(device.get_interfaces(), counters)
    lldp = {}
    if detail and any(link.circuit is None for link in intent.links):
        lldp = parse.lldp_neighbors(device.get_lldp_neighbors())
    neighbours: tuple[parse.OspfNeighbor, ...] = ()
    ospf_ifs: dict[str, parse.OspfInterface] = {}
    if intent.adjacencies:
        neighbours = parse.ospf_neighbors(_show(device, "show ip ospf neighbor"))
        if detail:
            ospf_ifs = parse.ospf_interfaces(_show(device, "show ip ospf interface brief"))
    routes = parse.routes(_show(device, "show ip route")) if intent.routes else {}
    hsrp = parse.hsrp_groups(_show(device, "show standby brief")) if intent.hsrp else ()
    pings = {
        svc.address: parse.ping_ok(
            device.ping(svc.address, source=svc.source, count=PING_COUNT, timeout=PING_TIMEOUT)
        )
        for svc in intent.services
    }
    obs = parse.Observation(
        host=task.host.name,
        interfaces=ifs,
        lldp=lldp,
        ospf_neighbors=neighbours,
        ospf_interfaces=ospf_ifs,
        routes=routes,
        hsrp=hsrp,
        pings=pings,
    )
    return Result(host=task.host, result=obs)
