"""Network faults and manual changes in a running lab, over its control socket.

Client functions (``circuit``, ``degrade``, ``power``, ``lab_exec``, ``neighbors``,
``routes``, ``links``) work from any Python process; :func:`dispatch` serves them in the
lab process.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbwan.lab.models import LabError
from tbwan.lab.network.addr import ip_str

if TYPE_CHECKING:
    from tbwan.lab.network.model import Network
    from tbwan.lab.runner import LabServer

NETWORK_OPS = ("circuit", "degrade", "power", "exec", "neighbors", "routes", "links")


def _request(directory: Path | str | None, payload: dict[str, Any]) -> dict[str, Any]:
    from tbwan.lab.control import _request as request

    return request(directory, payload)


def circuit(directory: Path | str | None, cid: str, action: str, seconds: float = 5.0) -> None:
    """``down``, ``up`` or ``flap`` (down, then up after ``seconds``) a carrier circuit."""
    _request(directory, {"op": "circuit", "cid": cid, "action": action, "seconds": seconds})


def degrade(directory: Path | str | None, cid: str, loss: float, latency_ms: float) -> None:
    """Make a circuit lose ``loss`` (0..1) of packets and add ``latency_ms`` each way."""
    _request(directory, {"op": "degrade", "cid": cid, "loss": loss, "latency": latency_ms})


def power(directory: Path | str | None, host: str, on: bool) -> None:
    """Power a device off (it stops answering) or on (it boots its startup config)."""
    _request(directory, {"op": "power", "host": host, "on": on})


def lab_exec(directory: Path | str | None, host: str, lines: list[str]) -> str:
    """Type ``lines`` on ``host``'s console (privileged), as an engineer would."""
    return str(_request(directory, {"op": "exec", "host": host, "lines": lines})["output"])


def neighbors(directory: Path | str | None, host: str) -> list[dict[str, Any]]:
    """The model's OSPF adjacencies of ``host``."""
    return list(_request(directory, {"op": "neighbors", "host": host})["neighbors"])


def routes(directory: Path | str | None, host: str) -> list[dict[str, Any]]:
    """The model's routing table of ``host``."""
    return list(_request(directory, {"op": "routes", "host": host})["routes"])


def links(directory: Path | str | None) -> list[dict[str, Any]]:
    """Every inventory link (cables and circuits) with its state and the reason if down."""
    return list(_request(directory, {"op": "links"})["links"])


def _network(lab: LabServer) -> Network:
    if lab.network is None:
        raise LabError("this lab has no network model (started without the inventory's cabling)")
    return lab.network


def power_off(lab: LabServer, host: str) -> None:
    """Power ``host`` off: it leaves the network, its sessions drop, new ones are cut."""
    state = lab.any_state(host)
    _network(lab).power(host, False)
    for conn in list(lab.live):
        owner = conn.get_owner()
        if getattr(owner, "state", None) is state:
            conn.abort()


def power_on(lab: LabServer, host: str) -> None:
    """Power ``host`` on: it boots its startup config (unsaved changes are lost).

    A Junos device boots its committed config; its candidate's uncommitted changes and
    any lock are gone.
    """
    from tbwan.lab.config_tree import parse_config
    from tbwan.lab.state import DeviceState

    any_state = lab.any_state(host)
    _network(lab).power(host, True)
    if not isinstance(any_state, DeviceState):  # Junos
        any_state.booted = time.monotonic()
        any_state.store.lock_owner = None
        any_state.store.candidate = any_state.store.committed.copy()
        return
    state = any_state
    state.running = parse_config(state.startup)
    state.booted = time.monotonic()
    state.changed("reload")


def run_lines(lab: LabServer, host: str, lines: list[str]) -> str:
    """Feed ``lines`` to a privileged console session of ``host``; return the output."""
    from tbwan.lab.commands import Session

    if lab.any_state(host).platform == "junos":
        return _junos_lines(lab, host, lines)
    session = Session(lab.state(host), lab.creds, "console")
    session.privileged = True
    out: list[str] = []
    for line in lines:
        text = session.feed(line)
        out.append(f"{session.prompt}{line}" + (f"\n{text}" if text else ""))
    return "\n".join(out)


def _junos_lines(lab: LabServer, host: str, lines: list[str]) -> str:
    """:func:`run_lines` on a Junos device: its CLI as ``root`` on the console."""
    from tbwan.lab.junos.cli import JunosCli
    from tbwan.lab.junos.state import JunosState

    state = lab.any_state(host)
    assert isinstance(state, JunosState)
    cli = JunosCli(state, "root")
    out: list[str] = []
    for line in lines:
        prompt = cli.prompt.rsplit("\n", 1)[-1]
        text = cli.feed(line)
        out.append(f"{prompt}{line}" + (f"\n{text}" if text else ""))
    cli.close()
    return "\n".join(out)


def dispatch(lab: LabServer, req: dict[str, Any]) -> dict[str, Any] | None:
    """Serve a network request; None when ``req`` is not one."""
    op = req.get("op")
    if op not in NETWORK_OPS:
        return None
    if op == "exec":
        return {"ok": True, "output": run_lines(lab, req["host"], list(req["lines"]))}
    net = _network(lab)
    if op == "circuit":
        cid, action = str(req["cid"]), str(req["action"])
        if action == "down":
            net.circuit_down(cid)
        elif action == "up":
            net.circuit_up(cid)
        elif action == "flap":
            net.circuit_down(cid)
            asyncio.get_running_loop().call_later(float(req.get("seconds", 5)), net.circuit_up, cid)
        else:
            raise LabError(f"circuit action {action!r}: use down, up or flap")
    elif op == "degrade":
        net.degrade(str(req["cid"]), float(req["loss"]), float(req["latency"]))
    elif op == "power":
        (power_on if req["on"] else power_off)(lab, str(req["host"]))
    elif op == "neighbors":
        st = net.state()
        adjs = st.neighbors(lab.any_state(req["host"]).device.name)
        return {"ok": True, "neighbors": [_adj(a) for a in adjs]}
    elif op == "routes":
        rib = net.state().rib(lab.any_state(req["host"]).device.name)
        return {"ok": True, "routes": [_route(r) for r in rib.sorted()]}
    elif op == "links":
        st = net.state()
        return {
            "ok": True,
            "links": [
                {"key": k, "circuit": s.spec.circuit, "up": s.up, "reason": s.reason,
                 "a": asdict(s.spec.a), "b": asdict(s.spec.b) if s.spec.b else None,
                 "duplex_mismatch": s.mismatch}
                for k, s in sorted(st.links.items())
            ],
        }  # fmt: skip
    return {"ok": True}


def _adj(a: Any) -> dict[str, Any]:
    return {
        "interface": a.iface,
        "neighbor": a.peer,
        "neighbor_interface": a.peer_iface,
        "router_id": ip_str(a.peer_rid),
        "address": ip_str(a.peer_ip),
        "area": a.area,
        "state": a.state,
    }


def _route(r: Any) -> dict[str, Any]:
    return {
        "prefix": f"{ip_str(r.net)}/{r.plen}",
        "code": r.code,
        "distance": r.distance,
        "metric": r.metric,
        "next_hops": [
            {"interface": i, "address": ip_str(n) if n is not None else None} for i, n in r.hops
        ],
    }
