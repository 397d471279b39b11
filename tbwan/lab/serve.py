"""The lab as a long-running process: listeners, ``hosts.json``, control socket, signals."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Iterable
from pathlib import Path

from tbwan.lab.config_tree import Node
from tbwan.lab.control import serve_control
from tbwan.lab.hostsfile import CONTROL_SOCKET, HOSTS_FILE, LOG_FILE, PID_FILE, write_hosts
from tbwan.lab.models import Credentials, Fault, LabDevice
from tbwan.lab.network import StartFaults
from tbwan.lab.network.cabling import Cabling
from tbwan.lab.runner import LabServer
from tbwan.lab.seed import empty_config

log = logging.getLogger("tbwan.lab")


def synthetic_devices(count: int, prefix: str = "lab-r") -> list[LabDevice]:
    """``count`` devices with the empty config, for benchmarks and demos."""
    return [
        LabDevice(
            name=f"{prefix}{i:03d}",
            serial=f"FGL{i:08d}",
            seed_config=empty_config(f"{prefix}{i:03d}"),
        )
        for i in range(1, count + 1)
    ]


def _setup_log(directory: Path) -> None:
    handler = logging.FileHandler(directory / LOG_FILE, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


async def _serve(
    devices: list[LabDevice],
    creds: Credentials,
    directory: Path,
    faults: dict[str, Fault],
    trees: dict[str, Node] | None,
    cabling: Cabling | None = None,
    network_faults: StartFaults | None = None,
) -> None:
    lab = LabServer(
        devices, creds, faults=faults, trees=trees, cabling=cabling, network_faults=network_faults
    )
    ports = await lab.start()
    control = await serve_control(lab, directory)
    write_hosts(directory, ports)
    if lab.network is not None:
        lab.network.state()  # converge now, after hosts.json, rather than at the first command
    log.info("lab up: pid %d, %d devices, faults %s", os.getpid(), len(ports), sorted(faults))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("lab stopping")
    control.close()
    await lab.close()


def run_lab(
    devices: Iterable[LabDevice],
    creds: Credentials,
    directory: Path,
    faults: dict[str, Fault] | None = None,
    trees: dict[str, Node] | None = None,
    *,
    cabling: Cabling | None = None,
    network_faults: StartFaults | None = None,
) -> None:
    """Serve until SIGTERM/SIGINT, then remove the files this process wrote.

    ``trees``: the devices' seeds already applied (the start-up cache), by name. With
    ``cabling`` (the inventory's links and circuits) the devices form a network: links,
    OSPF, routes and ping follow their configs and the network faults.
    """
    directory.mkdir(parents=True, exist_ok=True)
    _setup_log(directory)
    try:
        asyncio.run(
            _serve(list(devices), creds, directory, faults or {}, trees, cabling, network_faults)
        )
    finally:
        for name in (HOSTS_FILE, CONTROL_SOCKET):
            (directory / name).unlink(missing_ok=True)
        pid_file = directory / PID_FILE
        if pid_file.exists() and pid_file.read_text().strip() == str(os.getpid()):
            pid_file.unlink()
