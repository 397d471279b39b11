"""``tbwan lab circuit|device|fault|exec``: network faults and manual changes at run time."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tbwan.errors import Exit, TbwanError
from tbwan.lab.models import LabError, parse_fault_spec

DirOpt = Annotated[
    Path | None, typer.Option("--lab-dir", help="Lab directory (default $TBWAN_LAB_DIR or .lab).")
]


def _fail(exc: TbwanError) -> typer.Exit:
    typer.echo(str(exc), err=True)
    return typer.Exit(Exit.BAD_INPUT)


def circuit(
    action: Annotated[str, typer.Argument(help="down | up | flap | degrade")],
    cid: Annotated[str, typer.Argument(help="Circuit id from the inventory (tbcl-258).")],
    seconds: Annotated[float, typer.Option(help="flap: seconds down.")] = 5.0,
    loss: Annotated[float, typer.Option(help="degrade: share of packets lost, 0..1.")] = 0.0,
    latency: Annotated[float, typer.Option(help="degrade: milliseconds added each way.")] = 0.0,
    lab_directory: DirOpt = None,
) -> None:
    """Cut, restore, flap or degrade a carrier circuit in the running lab."""
    from tbwan.lab.network import control_ops

    try:
        if action == "degrade":
            control_ops.degrade(lab_directory, cid, loss, latency)
        elif action in ("down", "up", "flap"):
            control_ops.circuit(lab_directory, cid, action, seconds)
        else:
            raise LabError(f"circuit action {action!r}: use down, up, flap or degrade")
    except TbwanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"circuit {cid}: {action}")


def device(
    action: Annotated[str, typer.Argument(help="off | on")],
    host: Annotated[str, typer.Argument(help="Device name.")],
    lab_directory: DirOpt = None,
) -> None:
    """Power a lab device off or on (on boots its startup config)."""
    from tbwan.lab.network import control_ops

    try:
        if action not in ("off", "on"):
            raise LabError(f"device action {action!r}: use off or on")
        control_ops.power(lab_directory, host, action == "on")
    except TbwanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"{host}: powered {action}")


def fault(
    spec: Annotated[str, typer.Argument(help="HOST, or 'clear'.")],
    kind: Annotated[
        str | None,
        typer.Argument(
            help="KIND[:ARG] (auth|hang|drop:N|reject:RE|latency:S), or HOST after clear."
        ),
    ] = None,
    lab_directory: DirOpt = None,
) -> None:
    """Set a device fault (``fault HOST KIND[:ARG]``) or clear faults (``fault clear [HOST]``)."""
    from tbwan.lab import control

    try:
        if spec == "clear":
            control.clear_faults(lab_directory, kind)
            typer.echo(f"faults cleared on {kind or 'every device'}")
            return
        if kind is None:
            raise LabError("give a fault: tbwan lab fault HOST KIND[:ARG]")
        host, parsed = parse_fault_spec(f"{spec}:{kind}")
        control.set_fault(lab_directory, host, parsed)
    except TbwanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"{spec}: fault {kind}")


def exec_lines(
    host: Annotated[str, typer.Argument(help="Device name.")],
    lines: Annotated[list[str], typer.Argument(help="Lines typed at the console, in order.")],
    lab_directory: DirOpt = None,
) -> None:
    """Type lines on a device's console (``'conf t' 'interface X' 'shutdown' 'end'``)."""
    from tbwan.lab.network import control_ops

    try:
        typer.echo(control_ops.lab_exec(lab_directory, host, lines))
    except TbwanError as exc:
        raise _fail(exc) from exc


def register(app: typer.Typer) -> None:
    """Add the commands to ``tbwan lab``."""
    app.command()(circuit)
    app.command()(device)
    app.command()(fault)
    app.command("exec")(exec_lines)
