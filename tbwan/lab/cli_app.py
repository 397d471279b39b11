"""The ``tbwan lab`` commands (registered by :mod:`tbwan.cli.lab`)."""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tbwan.inventory.models import Inventory
    from tbwan.lab.config_tree import Node
    from tbwan.lab.network.cabling import Cabling

from tbwan.errors import Exit, TbwanError
from tbwan.lab.cli_network import register as register_network_commands
from tbwan.lab.hostsfile import (
    HOSTS_FILE,
    LOG_FILE,
    PID_FILE,
    is_lab_process,
    lab_dir,
    pid_alive,
    read_hosts_file,
)
from tbwan.lab.inventory_devices import LabSelection
from tbwan.lab.models import Credentials, Fault, LabDevice, LabError, parse_fault_spec

app = typer.Typer(no_args_is_help=True, help="The simulated IOS device lab.")

# The same host filters as every other command (tbwan.cli.options), declared here so that
# the lab process starts without importing Nornir and the rest of the CLI.
HostOpt = Annotated[list[str] | None, typer.Option("--host", help="Only this host (repeatable).")]
SiteOpt = Annotated[
    list[str] | None, typer.Option("--site", help="Only this site slug (repeatable).")
]
RoleOpt = Annotated[list[str] | None, typer.Option("--role", help="Only this role (repeatable).")]
DistrictOpt = Annotated[
    list[str] | None,
    typer.Option("--district", help="Only this district/region slug (repeatable)."),
]
DirOpt = Annotated[
    Path | None, typer.Option("--lab-dir", help="Lab directory (default $TBWAN_LAB_DIR or .lab).")
]


def _fail(exc: TbwanError) -> typer.Exit:
    typer.echo(str(exc), err=True)
    return typer.Exit(Exit.BAD_INPUT)


@app.command()
def up(
    devices: Annotated[int | None, typer.Option(help="Only the first N devices.")] = None,
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    seed_config: Annotated[
        str,
        typer.Option(
            help="intended | empty | legacy (hand-made) | FILE: the config devices boot with."
        ),
    ] = "intended",
    fault: Annotated[
        list[str] | None, typer.Option(help="HOST:KIND[:ARG], KIND auth|hang|drop|reject|latency.")
    ] = None,
    circuit_down: Annotated[
        list[str] | None, typer.Option(help="A carrier circuit that is down at start (CID).")
    ] = None,
    device_off: Annotated[
        list[str] | None, typer.Option(help="A device that is powered off at start (HOST).")
    ] = None,
    detach: Annotated[bool, typer.Option(help="Run in the background (pid file).")] = False,
    synthetic: Annotated[
        bool, typer.Option(help="Invent --devices N devices instead of reading the inventory.")
    ] = False,
    inventory: Annotated[Path, typer.Option(help="Inventory folder.")] = Path("inventory"),
    templates: Annotated[Path, typer.Option(help="Templates folder.")] = Path("templates"),
    snmp: Annotated[
        bool, typer.Option(help="Also an SNMPv3 agent per device (UDP port in hosts.json).")
    ] = False,
    lab_directory: DirOpt = None,
) -> None:
    """Start the lab; write DIR/hosts.json for the Nornir inventory."""
    directory = lab_dir(lab_directory)
    try:
        creds = Credentials.from_env()
        faults: dict[str, Fault] = {}
        for spec in fault or []:
            name, _ = parse_fault_spec(spec)
            faults[name] = parse_fault_spec(spec, faults.get(name))[1]
        if detach:  # the child process does the work; this one only waits for it
            _detach(directory)
            return
        from tbwan.lab.serve import run_lab, synthetic_devices

        trees = None
        cabling: Cabling | None = None
        if synthetic:
            devs = synthetic_devices(devices or 10)
        else:
            sel = LabSelection(host or (), site or (), role or (), district or (), devices)
            devs, trees = _booted(directory, inventory, templates, sel, seed_config)
            cabling = _cabling(directory, inventory)
    except TbwanError as exc:
        raise _fail(exc) from exc
    unknown = set(faults) - {d.name for d in devs}
    if unknown:
        raise _fail(LabError(f"--fault names hosts not in the lab: {sorted(unknown)}"))
    from tbwan.lab.network import StartFaults

    start = StartFaults(tuple(circuit_down or ()), tuple(device_off or ()))
    missing = [c for c in start.circuits_down if cabling is None or not cabling.has_circuit(c)]
    missing += [h for h in start.powered_off if cabling is None or h not in {d.name for d in devs}]
    if missing:
        raise _fail(LabError(f"--circuit-down/--device-off: not in this lab: {missing}"))
    typer.echo(f"lab: {len(devs)} devices, connection details in {directory / HOSTS_FILE}")
    run_lab(devs, creds, directory, faults, trees, cabling=cabling, network_faults=start, snmp=snmp)


def _booted(
    directory: Path, inventory: Path, templates: Path, sel: LabSelection, seed: str
) -> tuple[list[LabDevice], dict[str, Node]]:
    """The selected devices and their seeds applied, through the start-up cache."""
    from tbwan.lab import seedcache
    from tbwan.lab.config_tree import Node
    from tbwan.lab.inventory_devices import lab_devices
    from tbwan.lab.state import DeviceState

    seed_file = [Path(seed)] if seed not in ("intended", "empty") else []
    key = seedcache.digest(repr((sel, seed)), inventory, templates, *seed_file)

    def compute() -> list[tuple[LabDevice, Node]]:
        devices = lab_devices(_inventory(inventory), templates, sel, seed)
        # a Junos device boots from its seed text (its tree is not IOS's): nothing to cache
        return [(d, DeviceState.boot(d).running if d.platform != "junos" else Node())
                for d in devices]  # fmt: skip

    pairs = seedcache.cached(directory / seedcache.CACHE_FILE, key, compute)
    return [d for d, _ in pairs], {d.name: t for d, t in pairs}


def _cabling(directory: Path, inventory: Path) -> Cabling:
    """The inventory's cabling, through its own start-up cache (same digest rules)."""
    from tbwan.lab import seedcache
    from tbwan.lab.network.cabling import cached_cabling

    return cached_cabling(
        directory / "cabling-cache.json",
        seedcache.digest("cabling", inventory),
        lambda: _inventory(inventory),
    )


@functools.cache
def _inventory(path: Path) -> Inventory:
    """The inventory, read at most once per process (both start-up caches may need it)."""
    from tbwan.inventory.loader import load_inventory

    return load_inventory(path)


def _detach(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    pid_file = directory / PID_FILE
    if pid_file.exists() and pid_alive(int(pid_file.read_text() or 0)):
        raise LabError(f"a lab is already running (pid file {pid_file}); `tbwan lab down` first")
    argv = [a for a in sys.argv[1:] if a != "--detach"]
    args = argv[argv.index("up") :] if "up" in argv else ["up"]
    (directory / HOSTS_FILE).unlink(missing_ok=True)
    with (directory / LOG_FILE).open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tbwan.lab", *args, "--lab-dir", str(directory)],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid_file.write_text(str(proc.pid))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pid_file.unlink(missing_ok=True)
            lines = (directory / LOG_FILE).read_text(errors="replace").strip().splitlines()
            last = f": {lines[-1]}" if lines else ""
            raise LabError(
                f"the lab exited with status {proc.returncode}{last} (see {directory / LOG_FILE})"
            )
        try:
            if read_hosts_file(directory).get("pid") == proc.pid:
                typer.echo(f"lab running in the background, pid {proc.pid}")
                return
        except LabError:
            pass
        time.sleep(0.02)
    raise LabError(f"the lab did not start within 120 s; see {directory / LOG_FILE}")


@app.command()
def status(lab_directory: DirOpt = None) -> None:
    """Show whether a lab runs, with how many devices and which faults."""
    directory = lab_dir(lab_directory)
    try:
        data = read_hosts_file(directory)
        pid = int(str(data["pid"]))
        if not pid_alive(pid):
            raise LabError(f"{directory / HOSTS_FILE} is stale: pid {pid} is gone")
        from tbwan.lab.control import status as control_status

        info = control_status(directory)
    except TbwanError as exc:
        raise _fail(exc) from exc
    hosts = data["hosts"]
    assert isinstance(hosts, dict)
    typer.echo(f"lab pid {pid}, started {data['started']}, {len(hosts)} devices")
    for host, f in sorted(info.get("faults", {}).items()):
        typer.echo(f"  fault {host}: { {k: v for k, v in f.items() if v} }")


@app.command()
def down(lab_directory: DirOpt = None) -> None:
    """Stop the lab started with --detach (only that process)."""
    directory = lab_dir(lab_directory)
    pid_file = directory / PID_FILE
    try:
        if not pid_file.exists():
            raise LabError(f"no {pid_file}: no detached lab to stop")
        pid = int(pid_file.read_text().strip() or 0)
        if not pid_alive(pid):
            pid_file.unlink()
            raise LabError(f"pid {pid} is not running; removed the stale {pid_file}")
        if not is_lab_process(pid):
            raise LabError(f"pid {pid} is not a tbwan lab; not stopping it")
    except TbwanError as exc:
        raise _fail(exc) from exc
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    pid_file.unlink(missing_ok=True)
    typer.echo(f"lab pid {pid} stopped")


register_network_commands(app)  # circuit, device, fault, exec
