"""``tbwan onboard`` (one commune, or many from CSV) and ``tbwan site move``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from tbwan.cli.options import console, err_console, errors_to_exit
from tbwan.errors import TbwanError
from tbwan.inventory.models import Media
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import SourceOfTruth
from tbwan.onboard.sot import source_of_truth as select_source_of_truth
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, progress_bar
from tbwan.runbooks.onboard import OnboardReport, Outcome, onboard_commune, onboard_many
from tbwan.runbooks.onboard_lab import lab_prepare

app = typer.Typer(no_args_is_help=False)
site_app = typer.Typer(no_args_is_help=True)
CommitOpt = Annotated[
    bool, typer.Option("--commit", help="Create, push and verify (default: dry run).")
]


def source_of_truth(settings: Settings) -> SourceOfTruth:
    """The backend selected by ``TBWAN_INVENTORY`` (files by default)."""
    return select_source_of_truth(settings.inventory, settings.inventory_root)


def _request(
    district: str, code: str, name: str, uplink: str, rate: str | None, where: str
) -> CommuneRequest:
    try:
        return CommuneRequest(
            district=district, code=code, name=name, uplink=Media(uplink), rate_kbps=rate or None
        )
    except (ValidationError, ValueError) as exc:
        raise typer.BadParameter(f"{where}: {exc}") from None


def _show(report: OnboardReport) -> None:
    if report.outcome is Outcome.ALREADY_ACTIVE:
        console.print("[green]already onboarded[/]: the site is active; nothing to do")
        return
    plan = report.plan
    assert plan is not None
    site = plan.site
    table = Table("what", "value", title=f"Onboarding plan: {site.name} ({site.slug})")
    table.add_row("district / hub", f"{site.region} / {plan.hub_site}")
    for p in site.prefixes:
        table.add_row(f"prefix {p.role}", f"{p.prefix} (VLAN {p.vlan})")
    for d in site.devices:
        table.add_row(f"device {d.role.value}", f"{d.name} {d.model} {d.primary_ip}")
        for i in d.interfaces:
            if i.circuit or i.mode.value == "tunnel":
                table.add_row(
                    f"  uplink {i.name}",
                    f"{i.ipv4 or i.unnumbered or 'dhcp'} {i.description or ''}",
                )
    for c in site.circuits:
        table.add_row("circuit", f"{c.cid} {c.media.value} {c.rate_kbps} kbit/s")
    if plan.hub_interface is not None:
        table.add_row(
            "hub downlink", f"{plan.hub_device} {plan.hub_interface.name} {plan.hub_interface.ipv4}"
        )
    if report.resumed:
        table.add_row("resumed", "an unfinished earlier run: same addresses")
    console.print(table)
    if report.hub_diff:
        console.print(Syntax(report.hub_diff, "diff", theme="ansi_dark"))
    for host in plan.new_hosts:
        console.print(
            f"[bold]{host}[/] day-0 config: {len(report.configs[host].splitlines())} "
            "lines (tbwan render --site " + site.slug + " after commit to see it)"
        )
    if report.outcome is Outcome.PLANNED:
        console.print("[yellow]dry run[/]: nothing was created; add --commit to onboard")
    else:
        steps = ", ".join(f"{n} {s:.1f}s" for n, s in report.steps)
        console.print(f"[green]onboarded[/] {site.slug}: active ({steps})")


@app.callback(invoke_without_command=True)
def onboard(
    ctx: typer.Context,
    from_csv: Annotated[
        Path | None,
        typer.Option("--from-csv", help="CSV with district,code,name,uplink[,rate] per row."),
    ] = None,
    commit: CommitOpt = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Communes in parallel.")] = 4,
) -> None:
    """Onboard communes (see `tbwan onboard commune --help`)."""
    if ctx.invoked_subcommand is not None:
        return
    if from_csv is None:
        console.print(ctx.get_help())
        raise typer.Exit(2)
    raise typer.Exit(_from_csv(from_csv, commit, workers))


def _from_csv(path: Path, commit: bool, workers: int) -> int:
    settings = Settings()
    with errors_to_exit():
        sot = source_of_truth(settings)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        err_console.print(f"[red]error[/] {path}: {exc.strerror}")
        return 3
    results: dict[int, tuple[bool, str]] = {}
    todo: dict[int, CommuneRequest] = {}
    for n, row in enumerate(rows, start=2):
        try:
            todo[n] = _request(
                row.get("district", ""),
                row.get("code", ""),
                row.get("name", ""),
                row.get("uplink", ""),
                row.get("rate") or None,
                f"{path}:{n}",
            )
        except typer.BadParameter as exc:
            results[n] = (False, f"[red]failed[/] {escape(str(exc))}")
    with progress_bar() as progress:
        task = progress.add_task("onboard", total=len(todo))
        reports = onboard_many(
            sot,
            list(todo.values()),
            settings,
            commit=commit,
            store=BackupStore(Path("backups")),
            prepare=lab_prepare,
            workers=workers,
            done=lambda: progress.advance(task),
        )
    for n, report in zip(todo, reports, strict=True):
        if isinstance(report, TbwanError):
            results[n] = (False, f"[red]failed[/] {escape(str(report))}")
        else:
            slug = f" {report.plan.site.slug}" if report.plan is not None else ""
            results[n] = (True, f"[green]{report.outcome.value}[/]{slug}")
    table = Table("row", "code", "name", "result", title=f"Onboarding from {path}")
    for n, row in enumerate(rows, start=2):
        table.add_row(str(n), row.get("code", ""), row.get("name", ""), results[n][1])
    console.print(table)
    for n, (ok, text) in sorted(results.items()):
        if not ok:  # in full, whatever the terminal's width
            console.print(f"row {n}: {text}", soft_wrap=True, highlight=False)
    return 0 if all(ok for ok, _ in results.values()) else 1


@app.command("commune")
def commune(
    district: Annotated[str, typer.Option(help="District (region) slug, e.g. vu-thu.")],
    code: Annotated[str, typer.Option(help="GSO code of the commune (5 digits).")],
    name: Annotated[str, typer.Option(help="Vietnamese name, e.g. 'Xã Tân Lập'.")],
    uplink: Annotated[str, typer.Option(help="fiber, copper or ipsec.")],
    rate: Annotated[str | None, typer.Option(help="Contracted rate, e.g. 4M.")] = None,
    commit: CommitOpt = False,
) -> None:
    """Onboard one commune: allocate, create, render, push, verify."""
    req = _request(district, code, name, uplink, rate, "arguments")
    settings = Settings()
    with errors_to_exit():
        report = onboard_commune(
            source_of_truth(settings),
            req,
            settings,
            commit=commit,
            store=BackupStore(Path("backups")),
            prepare=lab_prepare,
        )
    _show(report)


@site_app.command("move")
def move(
    sites: Annotated[list[str] | None, typer.Argument(help="Site slugs to move.")] = None,
    region: Annotated[str, typer.Option(help="The new region slug.")] = "",
    from_region: Annotated[
        str | None, typer.Option("--from", help="Move every site of this region.")
    ] = None,
    region_name: Annotated[
        str | None, typer.Option(help="Create the region with this name if it does not exist.")
    ] = None,
    parent: Annotated[str | None, typer.Option(help="Parent of a created region.")] = None,
) -> None:
    """Re-parent sites under another region and re-render what depends on them."""
    settings = Settings()
    if not region:
        raise typer.BadParameter("--region is required")
    with errors_to_exit():
        sot = source_of_truth(settings)
        names = list(sites or [])
        if from_region:
            names += [s.slug for s in sot.load().sites if s.region == from_region]
        if not names:
            raise typer.BadParameter("name sites to move, or --from REGION")
        after = sot.move(names, region, region_name, parent)
        from tbwan.render.engine import render_inventory
        from tbwan.runbooks.render import write_changed

        hosts = [d.name for s in after.sites if s.slug in names for d in s.devices]
        configs = render_inventory(after, settings.templates, only=hosts)
        changed = write_changed(configs, settings.build_dir / "intended")
    console.print(
        f"moved {len(names)} site(s) to {region}; re-rendered {len(configs)} "
        f"config(s), {changed} changed under {settings.build_dir}/intended/ "
        "(push them with `tbwan deploy --site ...`)"
    )
