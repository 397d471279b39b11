"""The ``tbwan lab`` commands (registered by :mod:`tbwan.cli.lab`)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from tbwan.errors import Exit, TbwanError
from tbwan.lab import Credentials, Fault, LabError, parse_fault_spec, run_lab
from tbwan.lab.cli_network import register as register_network_commands
from tbwan.lab.control import status as control_status
from tbwan.lab.hostsfile import (
    HOSTS_FILE,
    LOG_FILE,
    PID_FILE,
    is_lab_process,
    lab_dir,
    pid_alive,
    read_hosts_file,
)
from tbwan.lab.inventory_devices import LabSelection, lab_devices
from tbwan.lab.serve import synthetic_devices

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
        str, typer.Option(help="intended | empty | FILE: the config devices boot with.")
    ] = "intended",
    fault: Annotated[
        list[str] | None, typer.Option(help="HOST:KIND[:ARG], KIND auth|hang|drop|reject|latency.")
    ] = None,
    detach: Annotated[bool, typer.Option(help="Run in the background (pid file).")] = False,
    synthetic: Annotated[
        bool, typer.Option(help="Invent --devices N devices instead of reading the inventory.")
    ] = False,
    inventory: Annotated[Path, typer.Option(help="Inventory folder.")] = Path("inventory"),
    templates: Annotated[Path, typer.Option(help="Templates folder.")] = Path("templates"),
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
        if detach:
            _detach(directory)
            return
        cabling = None
        if synthetic:
            devs = synthetic_devices(devices or 10)
        else:
            from tbwan.inventory.loader import load_inventory
            from tbwan.lab.network.cabling import cabling_from_inventory

            sel = LabSelection(host or (), site or (), role or (), district or (), devices)
            inv = load_inventory(inventory)
            devs = lab_devices(inv, templates, sel, seed_config)
            cabling = cabling_from_inventory(inv)
    except TbwanError as exc:
        raise _fail(exc) from exc
    unknown = set(faults) - {d.name for d in devs}
    if unknown:
        raise _fail(LabError(f"--fault names hosts not in the lab: {sorted(unknown)}"))
    typer.echo(f"lab: {len(devs)} devices, connection details in {directory / HOSTS_FILE}")
    run_lab(devs, creds, directory, faults, cabling)


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
        time.sleep(0.1)
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
