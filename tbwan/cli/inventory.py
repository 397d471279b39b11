"""``tbwan inventory``: generate the province's files, check them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.onboard import source_of_truth
from tbwan.cli.options import console, errors_to_exit
from tbwan.errors import InventoryError, RenderError
from tbwan.inventory.generate import generate, read_dedicated, read_units
from tbwan.inventory.merge import MergeReport, merge_generated
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import (
    atomic_write,
    dump_model,
    load_inventory,
    write_regions,
    write_site,
)
from tbwan.inventory.summary import summarize
from tbwan.inventory.validate import MAX_SHOWN, validate_inventory
from tbwan.render.engine import render_problems
from tbwan.runbooks.common import INVENTORY_PLUGINS, Settings

app = typer.Typer(no_args_is_help=True)
RootOpt = Annotated[Path, typer.Option("--inventory", help="The inventory folder.")]


@app.command("generate")
def generate_cmd(
    root: RootOpt = Path("inventory"),
    source: Annotated[Path, typer.Option(help="Folder with the source CSVs.")] = Path(
        "inventory/source"
    ),
) -> None:
    """Build plan.yaml, regions.yaml and sites/ from the source CSVs (deterministic).

    Over an inventory in use, sites it does not generate (onboarded, added by hand) and
    generated sites changed since (moved, edited) are kept, and listed; only missing
    generated files are written. Delete a file to have it generated afresh.
    """
    with errors_to_exit():
        try:
            generated = generate(
                read_units(source / "thaibinh_units.csv"),
                read_dedicated(source / "dedicated_sites.csv"),
            )
        except (OSError, KeyError) as exc:
            raise InventoryError(
                f"{source}: cannot read the source CSVs ({exc}): generate needs "
                "thaibinh_units.csv and dedicated_sites.csv with their header rows"
            ) from None
        current = load_inventory(root, validate=False) if (root / "plan.yaml").exists() else None
        inv, report = merge_generated(current, generated)
        validate_inventory(inv, root)  # a merge that would clash writes nothing
        if current is None or (report.kept_plan is False and current.plan != inv.plan):
            atomic_write(root / "plan.yaml", dump_model(inv.plan))
        if current is None or report.changed_regions:
            write_regions(root, inv.regions)
        for slug in report.written:
            write_site(root, inv.site(slug))
    _report_generate(root, inv, report)


def _renders(inv: Inventory, templates: Path) -> None:
    found = render_problems(inv, templates)
    if found:
        listed = "\n  ".join(found[:MAX_SHOWN])
        more = f"\n  ... and {len(found) - MAX_SHOWN} more" if len(found) > MAX_SHOWN else ""
        raise RenderError(
            f"{len(found)} device(s) do not render with their role's template:\n  {listed}{more}"
        )


def _report_generate(root: Path, inv: Inventory, report: MergeReport) -> None:
    console.print(
        f"{root}/: {len(inv.sites)} sites, {len(inv.devices)} devices; wrote "
        f"{len(report.written)} site file(s), {report.unchanged} already as generated"
    )
    kept = (
        ("not generated (onboarded or added by hand)", report.kept_not_generated),
        ("changed since generated (moved or edited)", report.kept_edited),
        ("regions kept as they are", report.kept_regions),
    )
    for label, slugs in kept:
        if slugs:
            console.print(
                f"[yellow]kept[/] {len(slugs)} {escape(label)}: {escape(', '.join(slugs))}",
                soft_wrap=True,
            )
    if report.kept_plan:
        console.print("[yellow]kept[/] plan.yaml as it is (it differs from the generated plan)")
    if report.kept_edited or report.kept_plan:
        console.print("delete a file to have it generated afresh from the CSVs")


def known_backend(settings: Settings) -> None:
    """Refuse an unknown ``TBWAN_INVENTORY`` as every other command does."""
    if settings.inventory and settings.inventory not in INVENTORY_PLUGINS:
        raise InventoryError(
            f"TBWAN_INVENTORY={settings.inventory!r}: use one of {', '.join(INVENTORY_PLUGINS)}"
        )


@app.command("check")
def check_cmd(
    root: RootOpt = Path("inventory"),
    templates: Annotated[
        Path, typer.Option(help="Templates folder: every device must render with its role's.")
    ] = Path("templates"),
) -> None:
    """Validate the source of truth, render every device, print a summary (exit 3 on a
    problem).

    The files under --inventory, or NetBox with TBWAN_INVENTORY=netbox.
    """
    start = time.perf_counter()
    with errors_to_exit():
        settings = Settings()
        known_backend(settings)
        if settings.inventory == "netbox":
            where = "NetBox"
            inv = source_of_truth(settings).load()
            validate_inventory(inv, Path("netbox"))
        else:
            where = f"{root}/"
            inv = load_inventory(root)
        if templates.is_dir():
            _renders(inv, templates)
    s = summarize(inv)
    console.print(
        f"[green]inventory OK[/] ({escape(where)}, {time.perf_counter() - start:.2f} s): "
        f"{s.sites} sites, {s.devices} devices, {s.interfaces} interfaces, "
        f"{s.prefixes} prefixes, {s.vlans} VLANs, {s.circuits} circuits"
    )
    roles = Table("role", "devices", title="Devices per role")
    for role, n in s.per_role.items():
        roles.add_row(role, str(n))
    regions = Table("district / region", "sites", "devices", title="Per district")
    for name, (sites, devices) in s.per_region.items():
        regions.add_row(name, str(sites), str(devices))
    media = Table("uplinks", "fiber", "copper", "ipsec", title="Uplink media")
    for label, counts in (
        ("dedicated-line sites", s.dedicated_media),
        ("communes", s.commune_media),
    ):
        media.add_row(label, *(str(counts.get(k, 0)) for k in ("fiber", "copper", "ipsec")))
    console.print(roles, regions, media)
