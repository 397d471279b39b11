"""``tbwan netbox up|down|status``: the local NetBox (see tbwan.netbox.server)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tbwan.errors import Exit, NetBoxError
from tbwan.netbox import server
from tbwan.netbox.schema import ORDER

app = typer.Typer(no_args_is_help=True)


def _fail(exc: NetBoxError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(Exit.BAD_INPUT)


@app.command()
def up(
    port: Annotated[int | None, typer.Option(help="port on 127.0.0.1 (default 8001)")] = None,
    timeout: Annotated[float | None, typer.Option(help="seconds to wait for the API")] = None,
) -> None:
    """Install (if needed), start and wait for NetBox; print its URL and token file."""
    opts = server.Options.from_env(port, timeout)
    try:
        url = server.up(opts, server.Progress())
    except NetBoxError as exc:
        raise _fail(exc) from exc
    typer.echo(f"NetBox URL:   {url}")
    typer.echo(f"API token in: {opts.home.token_file}")


@app.command()
def down(
    purge: Annotated[bool, typer.Option(help="also drop the database and state")] = False,
) -> None:
    """Stop what `up` started (NetBox; PostgreSQL and Redis only if up started them)."""
    try:
        server.down(server.Options.from_env(), server.Progress(), purge=purge)
    except NetBoxError as exc:
        raise _fail(exc) from exc


@app.command()
def status() -> None:
    """Tell what runs; exit 1 when NetBox does not serve."""
    serving, lines = server.status(server.Options.from_env())
    typer.echo("\n".join(lines))
    if not serving:
        raise typer.Exit(1)


@app.command()
def sync(
    inventory: Annotated[Path, typer.Option(help="the inventory folder")] = Path("inventory"),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list changes, write nothing")] = False,
    prune: Annotated[bool, typer.Option(help="delete tbwan-tagged records not in files")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every change")] = False,
) -> None:
    """Load the inventory files into NetBox (idempotent; nothing deleted without --prune)."""
    from tbwan.errors import InventoryError
    from tbwan.inventory.store import load_inventory
    from tbwan.netbox.client import NetBox
    from tbwan.netbox.settings import netbox_settings
    from tbwan.netbox.sync import sync as run_sync

    try:
        inv = load_inventory(inventory)
        nb = NetBox(*netbox_settings())
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
        ) as bar:
            task = bar.add_task("sync", total=len(ORDER) + 1)

            def step(label: str, count: int) -> None:
                bar.update(task, advance=1, description=f"{label} ({count})")

            report = run_sync(nb, inv, dry_run=dry_run, prune=prune, step=step)
    except (NetBoxError, InventoryError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(Exit.BAD_INPUT) from exc
    if dry_run or verbose:
        for change in report.changes:
            typer.echo(f"  {change}")
    typer.echo(report.summary())


@app.command("record-audit")
def record_audit_cmd(
    report: Annotated[Path, typer.Argument(help="an audit report in JSON (tbwan audit)")],
) -> None:
    """Write an audit's results to NetBox: a journal entry and config_compliant per device."""
    from pydantic import ValidationError

    from tbwan.netbox.client import NetBox
    from tbwan.netbox.settings import netbox_settings
    from tbwan.netbox.writeback import record_audit
    from tbwan.report.models import AuditReport

    try:
        audit = AuditReport.model_validate_json(report.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        typer.echo(f"error: {report}: not a readable audit report ({exc})", err=True)
        raise typer.Exit(Exit.BAD_INPUT) from exc
    try:
        result = record_audit(NetBox(*netbox_settings()), audit)
    except NetBoxError as exc:
        raise _fail(exc) from exc
    typer.echo(
        f"{result.journal_entries} journal entries, {result.devices_updated} devices updated"
    )
    if result.unknown_hosts:
        typer.echo(f"not in NetBox (skipped): {', '.join(result.unknown_hosts)}", err=True)
