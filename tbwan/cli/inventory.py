"""``tbwan inventory``: generate the province's files, check them."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.onboard import source_of_truth
from tbwan.cli.options import console, errors_to_exit
from tbwan.errors import InventoryError
from tbwan.inventory.generate import generate, read_dedicated, read_units
from tbwan.inventory.store import load_inventory, write_inventory
from tbwan.inventory.summary import summarize
from tbwan.inventory.validate import validate_inventory
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
    """Rebuild plan.yaml, regions.yaml and sites/ from the source CSVs (deterministic)."""
    with errors_to_exit():
        inv = generate(
            read_units(source / "thaibinh_units.csv"),
            read_dedicated(source / "dedicated_sites.csv"),
        )
        if (root / "sites").exists():
            shutil.rmtree(root / "sites")
        write_inventory(root, inv)
    console.print(f"wrote {len(inv.sites)} sites, {len(inv.devices)} devices under {root}/")


def known_backend(settings: Settings) -> None:
    """Refuse an unknown ``TBWAN_INVENTORY`` as every other command does."""
    if settings.inventory and settings.inventory not in INVENTORY_PLUGINS:
        raise InventoryError(
            f"TBWAN_INVENTORY={settings.inventory!r}: use one of {', '.join(INVENTORY_PLUGINS)}"
        )


@app.command("check")
def check_cmd(root: RootOpt = Path("inventory")) -> None:
    """Validate the source of truth and print a summary (exit 3 on a problem).

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
