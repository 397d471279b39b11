"""``tbwan netbox up|down|status``: the local NetBox (see tbwan.netbox.server)."""

from __future__ import annotations

from typing import Annotated

import typer

from tbwan.errors import NetBoxError
from tbwan.netbox import server

app = typer.Typer(no_args_is_help=True)


def _fail(exc: NetBoxError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


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
