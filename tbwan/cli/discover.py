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
from tbwan.lab.hostsfile import lab_dir
from tbwan.runbooks.discover import DiscoverReport, discover_into_netbox
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
    if report.netbox is not None:
        if report.committed or report.netbox.changes:
            for line in report.netbox.changes[:40]:
                console.print(f"  {escape(line)}", highlight=False)
        console.print(f"NetBox: {report.netbox.summary()}", highlight=False)
        if not report.committed and report.netbox.changed:
            console.print("dry run: add --commit to write NetBox")
    elif report.committed:
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
        Path | None,
        typer.Option("--into", help="Source-of-truth folder (plan.yaml, regions.yaml)."),
    ] = None,
    netbox: Annotated[
        bool, typer.Option("--netbox", help="NetBox is the source of truth (through the sync).")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="With --netbox: delete tbwan records not merged.")
    ] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="YAML: naming, site, role, circuit rules.")
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Write the site files.")] = False,
    workers: WorkersOpt = None,
) -> None:
    """Discover running devices and build their records (dry run unless --commit).

    Into site files (--into DIR, default inventory/) or NetBox (--netbox, through the
    sync: idempotent, nothing deleted without --prune).

    Exit 1 when some row was not imported (the good rows are), 3 on bad input.
    """
    quiet_libraries()
    with errors_to_exit():
        if netbox and into is not None:
            raise InventoryError("--into and --netbox: choose one source of truth")
        if prune and not netbox:
            raise InventoryError("--prune is for --netbox (files are never deleted)")
        try:
            text = from_csv.read_text(encoding="utf-8")
        except OSError as exc:
            raise InventoryError(f"{from_csv}: cannot read it ({exc.strerror})") from None
        if netbox:
            from tbwan.netbox.client import NetBox
            from tbwan.netbox.settings import netbox_settings

            report = discover_into_netbox(
                text,
                str(from_csv),
                nb=NetBox(*netbox_settings()),
                rules=load_rules(rules),
                commit=commit,
                prune=prune,
                lab=lab_dir(),
                workers=workers or 50,
            )
        else:
            report = run_discover(
                text,
                str(from_csv),
                into=into or Path("inventory"),
                rules=load_rules(rules),
                commit=commit,
                lab=lab_dir(),
                workers=workers or 50,
            )
    _print(report)
    if report.failed:
        raise typer.Exit(1)
