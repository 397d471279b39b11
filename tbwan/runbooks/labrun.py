"""Run the device lab for a set of inventory hosts, for the demo, e2e tests and benchmarks.

The lab serves in a child process (its own core and GIL) and writes ``hosts.json`` into
the lab directory, which the inventory reads to move every host to 127.0.0.1:<port>.
Out-of-band changes and faults go through the lab's control socket.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nornir.core import Nornir

from tbwan.lab import Credentials, LabDevice, empty_config, run_lab
from tbwan.lab.hostsfile import HOSTS_FILE, read_hosts
from tbwan.lab.models import LabError
from tbwan.lab.network.cabling import Cabling

THROWAWAY_VARS = (
    "TBWAN_USERNAME",
    "TBWAN_PASSWORD",
    "TBWAN_ENABLE_SECRET",
    "TBWAN_TACACS_KEY",
    "TBWAN_IPSEC_PSK",
    "TBWAN_SNMP_AUTH",
    "TBWAN_SNMP_PRIV",
    "TBWAN_PASSWORD_CRYPT",  # after TBWAN_PASSWORD: its crypt(3) hash (Junos local users)
)


def throwaway_value(var: str, env: Mapping[str, str]) -> str:
    """A random value for ``var``; the password's hash is of the (throwaway) password.

    >>> throwaway_value("TBWAN_USERNAME", {})
    'tbwan'
    >>> throwaway_value("TBWAN_PASSWORD_CRYPT", {"TBWAN_PASSWORD": "p"}).startswith("$1$")
    True
    """
    if var == "TBWAN_USERNAME":
        return "tbwan"
    if var == "TBWAN_PASSWORD_CRYPT":
        # imported here: netutils.password imports the deprecated crypt module
        from netutils.password import encrypt_type5

        return str(encrypt_type5(env.get("TBWAN_PASSWORD") or secrets.token_hex(12)))
    return secrets.token_hex(12)


def throwaway_secrets(env: dict[str, str] | None = None) -> list[str]:
    """Fill unset ``TBWAN_*`` secrets in ``env`` (default: this process) with random values.

    Returns the names of the variables that were generated (values are never shown).
    """
    target = os.environ if env is None else env
    made = []
    for var in THROWAWAY_VARS:
        if not target.get(var):
            target[var] = throwaway_value(var, target)
            made.append(var)
    return made


def lab_devices(hosts: Mapping[str, Mapping[str, Any]]) -> list[LabDevice]:
    """One lab device per host (name -> inventory ``device`` data), factory-fresh config."""
    return [
        LabDevice(
            name=name,
            model=str(device.get("model") or "C1111-8P"),
            serial=str(device.get("serial") or f"FGL{i:08d}"),
            seed_config=empty_config(name, str(device.get("platform") or "ios")),
            platform=str(device.get("platform") or "ios"),
        )
        for i, (name, device) in enumerate(sorted(hosts.items()), start=1)
    ]


def inventory_devices(nr: Nornir) -> list[LabDevice]:
    """:func:`lab_devices` for every host of ``nr``."""
    return lab_devices({h.name: dict(h["device"]) for h in nr.inventory.hosts.values()})


@contextmanager
def lab_process(
    devices: list[LabDevice],
    creds: Credentials,
    directory: Path,
    *,
    start_timeout: float = 60,
    cabling: Cabling | None = None,
    snmp: bool = False,
) -> Iterator[dict[str, tuple[str, int]]]:
    """Serve ``devices`` in a child process until the block ends; yield host -> address.

    With ``cabling`` (:func:`tbwan.lab.network.cabling_from_inventory`) the devices form the
    network: links, OSPF, routes and ping follow their configs and the network faults.
    ``snmp``: with an SNMPv3 agent per device, ports in ``hosts.json``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    (directory / HOSTS_FILE).unlink(missing_ok=True)
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(
        target=run_lab,
        args=(devices, creds, directory),
        kwargs={"cabling": cabling, "snmp": snmp},
        daemon=True,
        name="tbwan-lab",
    )
    proc.start()
    previous = _stop_on_sigterm()
    try:
        deadline = time.monotonic() + start_timeout
        while not (directory / HOSTS_FILE).exists():
            if not proc.is_alive():
                raise LabError(
                    f"the lab exited (status {proc.exitcode}); see {directory / 'lab.log'}"
                )
            if time.monotonic() > deadline:
                raise LabError(
                    f"the lab did not start within {start_timeout:.0f} s; see "
                    f"{directory / 'lab.log'}"
                )
            time.sleep(0.05)
        yield read_hosts(directory)
    finally:
        if proc.pid is not None and proc.is_alive():
            os.kill(proc.pid, signal.SIGTERM)
        proc.join(20)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> Any:
    """Turn SIGTERM into SystemExit while the lab runs, so the lab is always stopped.

    Without it a terminated parent (systemd stop, ``kill``) would leave the lab process
    running on its own. Only the main thread may set signal handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)
