"""OSPF adjacencies: ``show ip ospf neighbor`` parsed with TextFSM, checked against the
inventory's cabling."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command


@dataclass(frozen=True)
class Adjacency:
    """One expected OSPF neighbour of a host and what the device says about it."""

    interface: str
    peer: str
    address: str
    state: str  # "FULL", another OSPF state, or "missing"

    @property
    def up(self) -> bool:
        """Whether the adjacency is full."""
        return self.state == "FULL"


def expected_peers(device: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Neighbour address -> (interface, peer device) for every cabled OSPF interface.

    >>> expected_peers({"interfaces": [{"name": "Gi0/0/2.102", "ipv4": "10.34.6.110/31",
    ...     "ospf_area": 344, "peer_device": "tb-13195-hong-ly-rt01"}]})
    {'10.34.6.111': ('Gi0/0/2.102', 'tb-13195-hong-ly-rt01')}
    """
    peers: dict[str, tuple[str, str]] = {}
    for i in device.get("interfaces", []):
        if i.get("ospf_area") is None or not i.get("peer_device") or not i.get("ipv4"):
            continue
        iface = ipaddress.ip_interface(i["ipv4"])
        if iface.network.prefixlen != 31:
            continue
        other = next(a for a in iface.network if a != iface.ip)
        peers[str(other)] = (i["name"], i["peer_device"])
    return peers


def check_adjacencies(
    device: Mapping[str, Any], rows: Sequence[Mapping[str, str]]
) -> list[Adjacency]:
    """Every expected neighbour with its state from the parsed ``show ip ospf neighbor``.

    >>> dev = {"interfaces": [{"name": "Gi0/0/0", "ipv4": "10.34.4.1/31",
    ...        "ospf_area": 0, "peer_device": "edge"}]}
    >>> check_adjacencies(dev, [{"ip_address": "10.34.4.0", "state": "FULL/  -"}])[0].up
    True
    >>> check_adjacencies(dev, [])[0].state
    'missing'
    """
    seen = {r["ip_address"]: r["state"].split("/")[0].strip() for r in rows}
    return [
        Adjacency(interface=name, peer=peer, address=addr, state=seen.get(addr, "missing"))
        for addr, (name, peer) in sorted(expected_peers(device).items())
    ]


def ospf_neighbors(task: Task) -> Result:
    """The host's OSPF neighbours (ntc-templates rows) checked against its cabling.

    Returns:
        A list of :class:`Adjacency`; the task fails when one is not FULL.
    """
    rows = task.run(
        task=netmiko_send_command,
        name="show ip ospf neighbor",
        command_string="show ip ospf neighbor",
        use_textfsm=True,
    ).result
    if isinstance(rows, str):  # TextFSM found no table: no neighbour at all
        rows = []
    adjacencies = check_adjacencies(task.host["device"], [_lower(r) for r in rows])
    down = [a for a in adjacencies if not a.up]
    return Result(host=task.host, result=adjacencies, failed=bool(down))


def _lower(row: Mapping[str, Any]) -> dict[str, str]:
    # ntc-templates' field names changed case between releases
    return {str(k).lower(): str(v) for k, v in row.items()}
