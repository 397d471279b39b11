"""``tbwan monitoring export``: the monitoring systems' files from the inventory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    RoleOpt,
    SiteOpt,
    console,
    errors_to_exit,
    host_filter,
)
from tbwan.monitoring import Format
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.monitoring import export_monitoring

app = typer.Typer(no_args_is_help=True)


@app.command("export")
def export(
    fmt: Annotated[Format, typer.Option("--format", help="Which monitoring system.")],
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default build/monitoring/FORMAT).")
    ] = None,
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
) -> None:
    """Write targets, hosts and alert rules for FORMAT from the source of truth."""
    folder = out or Path("build/monitoring") / fmt.value
    with errors_to_exit():
        nr = host_filter(host, site, role, district).apply(init_nornir(Settings()), connect=False)
        report = export_monitoring(nr, fmt, folder)
    console.print(
        f"{fmt.value}: {report.devices} devices -> {report.out}/ "
        f"({len(report.written)} files written, {len(report.unchanged)} unchanged)",
        highlight=False,
        soft_wrap=True,
    )
    for name in report.written:
        console.print(f"  wrote {name}", highlight=False, soft_wrap=True)
