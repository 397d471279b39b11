"""Run-time control of a running lab over a JSON-lines Unix socket in the lab directory.

Client functions (``set_fault``, ``clear_faults``, ``apply_config``, ``running_config``)
work from any Python process; the socket file is readable by its owner only.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
from pathlib import Path
from typing import Any

from tbwan.lab.hostsfile import CONTROL_SOCKET, lab_dir, write_hosts
from tbwan.lab.models import Fault, LabDevice, LabError
from tbwan.lab.network.control_ops import dispatch as network_dispatch
from tbwan.lab.runner import LabServer
from tbwan.lab.seed import empty_config, lab_serial


def _request(directory: Path | str | None, payload: dict[str, Any]) -> dict[str, Any]:
    path = lab_dir(directory) / CONTROL_SOCKET
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(30)
            sock.connect(str(path))
            sock.sendall(json.dumps(payload).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as exc:
        raise LabError(f"cannot reach the lab's control socket {path}: {exc}") from exc
    reply: dict[str, Any] = json.loads(data or b"{}")
    if not reply.get("ok"):
        raise LabError(str(reply.get("error", "control request failed")))
    return reply


def set_fault(directory: Path | str | None, host: str, fault: Fault) -> None:
    """Replace the faults of ``host`` in the running lab."""
    _request(directory, {"op": "set_fault", "host": host, "fault": fault.to_json()})


def clear_faults(directory: Path | str | None, host: str | None = None) -> None:
    """Remove the faults of ``host`` (or of every device)."""
    _request(directory, {"op": "clear_faults", "host": host})


def apply_config(directory: Path | str | None, host: str, lines: list[str]) -> str:
    """Change ``host``'s running config out of band, like an unplanned manual change."""
    return str(_request(directory, {"op": "apply_config", "host": host, "lines": lines})["output"])


def running_config(directory: Path | str | None, host: str) -> str:
    """The running config of ``host``."""
    return str(_request(directory, {"op": "running_config", "host": host})["output"])


def add_devices(directory: Path | str | None, names: list[str]) -> dict[str, int]:
    """Rack new devices (empty config) in the running lab; ``hosts.json`` is rewritten."""
    reply = _request(directory, {"op": "add_devices", "hosts": names})
    return {str(k): int(v) for k, v in reply["ports"].items()}


def status(directory: Path | str | None = None) -> dict[str, Any]:
    """Device count and faults of the running lab."""
    return _request(directory, {"op": "status"})


def _dispatch(lab: LabServer, req: dict[str, Any]) -> dict[str, Any]:
    reply = network_dispatch(lab, req)  # circuits, power, exec: tbwan.lab.network
    if reply is not None:
        return reply
    op = req.get("op")
    if op == "set_fault":
        lab.set_fault(req["host"], Fault.from_json(req["fault"]))
        return {"ok": True}
    if op == "clear_faults":
        lab.clear_faults(req.get("host"))
        return {"ok": True}
    if op == "apply_config":
        return {"ok": True, "output": lab.apply_config(req["host"], list(req["lines"]))}
    if op == "running_config":
        return {"ok": True, "output": lab.running_config(req["host"])}
    if op == "status":
        faults = {n: s.fault.to_json() for n, s in lab.states.items() if s.fault != Fault()}
        return {"ok": True, "devices": len(lab.states), "faults": faults}
    return {"ok": False, "error": f"unknown op {op!r}"}


async def _add_devices(lab: LabServer, directory: Path, names: list[str]) -> dict[str, Any]:
    devices = [LabDevice(name=n, serial=lab_serial(n), seed_config=empty_config(n)) for n in names]
    added = await lab.add_devices(devices)
    write_hosts(directory, lab.ports)
    return {"ok": True, "ports": added}


async def serve_control(lab: LabServer, directory: Path) -> asyncio.AbstractServer:
    """Listen on ``DIRECTORY/control.sock`` for control requests."""
    path = directory / CONTROL_SOCKET
    path.unlink(missing_ok=True)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                req = json.loads(line)
                if req.get("op") == "add_devices":
                    reply = await _add_devices(lab, directory, [str(h) for h in req["hosts"]])
                else:
                    reply = _dispatch(lab, req)
            except (LabError, KeyError, TypeError, ValueError) as exc:
                reply = {"ok": False, "error": str(exc)}
            writer.write(json.dumps(reply).encode() + b"\n")
            await writer.drain()
        finally:
            writer.close()

    old = os.umask(0o077)
    try:
        server = await asyncio.start_unix_server(handle, path=str(path), limit=16 * 1024 * 1024)
    finally:
        os.umask(old)
    return server
