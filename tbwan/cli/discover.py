"""``tbwan discover``: source-of-truth records from the devices that already run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.options import WorkersOpt, console, errors_to_exit
from tbwan.discover.rules import load_rules
from tbwan.errors import InventoryError
from tbwan.inventory.nornir_build import lab_dir
from tbwan.runbooks.discover import DiscoverReport
from tbwan.runbooks.discover import discover as run_discover
from tbwan.runbooks.unattended import quiet_libraries

_STYLE = {"imported": "green", "failed": "red", "duplicate": "yellow"}


def _print(report: DiscoverReport) -> None:
    rows = Table(title=f"{report.source}: {len(report.rows)} row(s)")
    for col in ("row", "address", "result", "device", "site", "notes"):
        rows.add_column(col, overflow="fold")
    for r in report.rows:
        rows.add_row(
            str(r.row),
            escape(r.address),
            f"[{_STYLE[r.status]}]{r.status}[/]",
            r.device,
            r.site,
            escape(r.message),
        )
    console.print(rows)
    sites = Table(title="source of truth, per site")
    for col in ("site", "change", "what"):
        sites.add_column(col, overflow="fold")
    for c in report.changes:
        sites.add_row(c.slug, c.action, escape("\n".join(c.details)))
    console.print(sites)
    changed = [c for c in report.changes if c.action != "unchanged"]
    if report.committed:
        console.print(f"wrote {len(report.written)} site file(s); review them with git diff")
    elif changed:
        console.print(f"dry run: {len(changed)} site(s) would change; add --commit to write")
    else:
        console.print("nothing to change")
    console.print(f"{report.seconds:.1f} s", style="dim")


def discover(
    from_csv: Annotated[
        Path, typer.Option("--from-csv", help="CSV: address[,site,role,platform] per device.")
    ],
    into: Annotated[
        Path, typer.Option("--into", help="Source-of-truth folder (plan.yaml, regions.yaml).")
    ] = Path("inventory"),
    rules: Annotated[
        Path | None, typer.Option("--rules", help="YAML: naming, site, role, circuit rules.")
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Write the site files.")] = False,
    workers: WorkersOpt = None,
) -> None:
    """Discover running devices and build their records (dry run unless --commit).

    Exit 1 when some row was not imported (the good rows are), 3 on bad input.
    """
    quiet_libraries()
    with errors_to_exit():
        try:
            text = from_csv.read_text(encoding="utf-8")
        except OSError as exc:
            raise InventoryError(f"{from_csv}: cannot read it ({exc.strerror})") from None
        report = run_discover(
            text,
            str(from_csv),
            into=into,
            rules=load_rules(rules),
            commit=commit,
            lab=lab_dir(),
            workers=workers or 50,
        )
    _print(report)
    if report.failed:
        raise typer.Exit(1)
