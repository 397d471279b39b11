"""``tbwan inventory``: generate the province's files, check them."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tbwan.cli.options import console, errors_to_exit
from tbwan.inventory.generate import generate, read_dedicated, read_units
from tbwan.inventory.store import load_inventory, write_inventory
from tbwan.inventory.summary import summarize

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


@app.command("check")
def check_cmd(root: RootOpt = Path("inventory")) -> None:
    """Validate every file and print a summary (exit 3 on a problem)."""
    start = time.perf_counter()
    with errors_to_exit():
        inv = load_inventory(root)
    s = summarize(inv)
    console.print(
        f"[green]inventory OK[/] ({root}/, {time.perf_counter() - start:.2f} s): "
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
