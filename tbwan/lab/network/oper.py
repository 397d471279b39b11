"""Interface status, line protocol and counters from the network model's link state."""

from __future__ import annotations

import time

from tbwan.lab.network.addr import ip_str
from tbwan.lab.network.model import Network
from tbwan.lab.show import OperState


def oper_state(net: Network, dev: str, name: str, enabled: bool) -> OperState:
    """What ``show interfaces`` says about ``name`` on ``dev``.

    An up interface counts a trickle of traffic (routing protocol hellos, management);
    a duplex mismatch counts input errors and CRCs on the full-duplex side, growing with
    time, as on real links.
    """
    if not enabled:
        return OperState("administratively down", "down")
    port = net.state().ports.get((dev, name))
    if port is None:
        return OperState("up", "up")
    if not port.up:
        if port.reason.startswith("tunnel") or "VLAN" in port.reason:
            return OperState("up", "down")
        return OperState("down", "down")
    i = net.state().facts[dev].interfaces.get(name)
    leased = ip_str(i.ip) if i is not None and i.dhcp and i.ip is not None else None
    secs = max(0, int(time.monotonic() - net.since))
    pkts = 40 + secs // 2
    errors = 5 + secs // 3 if port.errors else 0
    return OperState(
        "up",
        "up",
        pkts,
        pkts * 96,
        pkts,
        pkts * 96,
        input_errors=errors,
        crc=errors,
        speed=port.speed,
        duplex=port.duplex,
        dhcp_address=leased,
    )
