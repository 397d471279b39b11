"""Nornir task: what one host shows of the network's state (thin I/O, no judgement).

Only NAPALM getters (``get_interfaces``, ``get_interfaces_counters``,
``get_lldp_neighbors``, ``get_route_to``, ``ping``) and show commands parsed by
ntc-templates, so it reads a real device exactly as it reads the lab. Which commands
comes from the platform profile (:class:`tbwan.platforms.ShowCommands`). On IOS they go
over the NAPALM driver's own Netmiko session (``device.device``), on Junos through the
driver's ``cli``: one login per host, not two. A host is asked only what its part of the
intended state needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nornir.core.task import Result, Task
from ntc_templates.parse import parse_output

from tbwan.platforms import Platform, platform_of
from tbwan.tasks.napalm_connection import CONNECTION_NAME
from tbwan.verify import observed as parse
from tbwan.verify.intended import HostIntent

PING_COUNT = 2
PING_TIMEOUT = 1


def _show(device: Any, platform: Platform, command: str | None) -> list[dict[str, str]]:
    """A show command parsed by its ntc-templates template (rows; [] when nothing).

    A Netmiko-based driver (IOS) reads it over its own Netmiko session
    (``device.device``); others (Junos: NETCONF) through NAPALM's ``cli`` and the
    platform's template.
    """
    if command is None:  # the platform has no such state or no template for it
        return []
    send_command = getattr(getattr(device, "device", None), "send_command", None)
    if send_command is not None:  # a Netmiko-based driver: parsed by Netmiko itself
        rows = send_command(command, use_textfsm=True)
        # Netmiko returns the raw text when no row matched (an empty table): no rows.
        return rows if isinstance(rows, list) else []
    text = str(device.cli([command])[command])
    rows = parse_output(platform=platform.netmiko_device_type, command=command, data=text)
    return [{str(k): str(v) for k, v in row.items()} for row in rows]


def _duplex(device: Any, platform: Platform, name: str) -> str | None:
    template = platform.show.interface
    rows = _show(device, platform, template.format(name=name) if template else None)
    text = (rows[0].get("duplex", "") if rows else "").lower()
    return "half" if text.startswith("half") else "full" if text.startswith("full") else None


def _routes(device: Any, platform: Platform, prefixes: Sequence[str]) -> dict[str, parse.Route]:
    """The routes verify expects: ``show ip route``, or NAPALM's ``get_route_to`` per prefix
    where the platform has no parsed table (Junos)."""
    if platform.show.routes is not None:
        return parse.routes(_show(device, platform, platform.show.routes))
    found: dict[str, Any] = {}
    for prefix in prefixes:
        found.update(device.get_route_to(destination=prefix))
    return parse.napalm_routes(found)


def observe_duplex(task: Task, *, interfaces: Mapping[str, Sequence[str]]) -> Result:
    """The duplex of ``interfaces[host]`` (``show interfaces X`` through ntc-templates).

    Asked only for both ends of a link where input errors count, to tell a duplex
    mismatch from a noisy line: NAPALM's getters do not give the duplex.

    Returns:
        Interface name -> ``full``, ``half`` or None.
    """
    device = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
    platform = platform_of(task.host)
    found = {name: _duplex(device, platform, name) for name in interfaces.get(task.host.name, ())}
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
    platform = platform_of(task.host)
    ifs: dict[str, parse.IfState] = {}
    if intent.links or intent.tunnels:
        counters = device.get_interfaces_counters() if intent.links and detail else None
        ifs = parse.interfaces(device.get_interfaces(), counters)
    lldp = {}
    if detail and any(link.circuit is None for link in intent.links):
        lldp = parse.lldp_neighbors(device.get_lldp_neighbors())
    show = platform.show
    neighbours: tuple[parse.OspfNeighbor, ...] = ()
    ospf_ifs: dict[str, parse.OspfInterface] = {}
    if intent.adjacencies:
        neighbours = parse.ospf_neighbors(_show(device, platform, show.ospf_neighbors))
        if detail:
            ospf_ifs = parse.ospf_interfaces(_show(device, platform, show.ospf_interfaces))
    routes = _routes(device, platform, [r.prefix for r in intent.routes]) if intent.routes else {}
    hsrp = parse.hsrp_groups(_show(device, platform, show.hsrp)) if intent.hsrp else ()
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
