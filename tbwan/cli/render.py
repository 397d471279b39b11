"""``tbwan render``: intended configs to build/intended/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    RoleOpt,
    SiteOpt,
    console,
    err_console,
    errors_to_exit,
    host_filter,
)
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.render import render_intended


def render(
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("build/intended"),
    templates: Annotated[Path, typer.Option(help="Templates folder.")] = Path("templates"),
) -> None:
    """Render intended configs (secrets shown as <removed>) to OUT/<host>.cfg."""
    with errors_to_exit():
        nr = host_filter(host, site, role, district).apply(init_nornir(Settings()), connect=False)
        report = render_intended(nr, templates, out)
    table = Table("role", "configs", title=f"Rendered to {out}/ in {report.seconds:.2f} s")
    for r, n in report.per_role.items():
        table.add_row(r, str(n))
    table.add_row("[bold]total", f"[bold]{len(report.written)}")
    console.print(table)
    for h, msg in report.failed.items():
        err_console.print(f"[red]failed[/] {h}: {escape(msg)}", highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)
