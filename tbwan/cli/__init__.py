"""The ``tbwan`` command line: parses arguments, calls a runbook, sets the exit status."""

from __future__ import annotations

import typer

from tbwan.cli import inventory as inventory_cli
from tbwan.cli.audit import audit
from tbwan.cli.backup import backup
from tbwan.cli.demo import demo
from tbwan.cli.deploy import deploy
from tbwan.cli.diff import diff
from tbwan.cli.discover import discover
from tbwan.cli.lab import app as lab_app
from tbwan.cli.monitoring import app as monitoring_app
from tbwan.cli.netbox import app as netbox_app
from tbwan.cli.onboard import app as onboard_app
from tbwan.cli.onboard import site_app
from tbwan.cli.remediate import remediate
from tbwan.cli.render import render
from tbwan.cli.runbooks import runbooks
from tbwan.cli.verify import verify

app = typer.Typer(
    name="tbwan",
    help="Network automation for the Thái Bình provincial WAN.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(inventory_cli.app, name="inventory", help="Generate and check the source of truth.")
app.command("render")(render)
app.add_typer(lab_app, name="lab", help="Simulated IOS devices for tests and demos.")
app.command("deploy")(deploy)
app.command("backup")(backup)
app.command("audit")(audit)
app.command("diff")(diff)
app.command("verify")(verify)
app.command("demo")(demo)
app.command("remediate")(remediate)
app.command("discover")(discover)
app.command("runbooks")(runbooks)
app.add_typer(onboard_app, name="onboard", help="Onboard new communes (one, or from CSV).")
app.add_typer(site_app, name="site", help="Site changes: move between regions.")
app.add_typer(
    monitoring_app, name="monitoring", help="Feed the monitoring systems from the inventory."
)
app.add_typer(netbox_app, name="netbox", help="The local NetBox (up, down, status) and sync.")


def main() -> None:
    """Entry point of the console script."""
    app()
