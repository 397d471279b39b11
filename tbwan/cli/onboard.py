"""``tbwan onboard`` (one commune, or many from CSV) and ``tbwan site move``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from tbwan.cli.options import console, errors_to_exit
from tbwan.errors import OutputPathError, TbwanError, UnknownNameError
from tbwan.inventory.lookup import require_known
from tbwan.inventory.models import Inventory, Media
from tbwan.onboard.csvfile import read_rows
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import SourceOfTruth
from tbwan.onboard.sot import source_of_truth as select_source_of_truth
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir, progress_bar
from tbwan.runbooks.connected import ConnectedCheck
from tbwan.runbooks.monitoring import refresh_monitoring
from tbwan.runbooks.onboard import OnboardReport, Outcome, onboard_commune, onboard_many
from tbwan.runbooks.onboard_lab import lab_prepare

app = typer.Typer(no_args_is_help=False)
site_app = typer.Typer(no_args_is_help=True)
CommitOpt = Annotated[
    bool, typer.Option("--commit", help="Create, push and verify (default: dry run).")
]
ConnectedOpt = Annotated[
    float,
    typer.Option(
        "--connected-timeout",
        min=0,
        help="Seconds to wait for the commune's adjacency to be FULL and the DIC services "
        "reached before activating it (0: do not check).",
    ),
]


def _connected(seconds: float) -> ConnectedCheck | None:
    return ConnectedCheck(timeout=seconds) if seconds else None


def source_of_truth(settings: Settings) -> SourceOfTruth:
    """The backend selected by ``TBWAN_INVENTORY`` (files by default)."""
    return select_source_of_truth(settings.inventory, settings.inventory_root)


def _request(
    district: str,
    code: str,
    name: str,
    uplink: str,
    rate: str | None,
    where: str,
    new_unit: bool = False,
) -> CommuneRequest:
    try:
        return CommuneRequest(
            district=district,
            code=code,
            name=name,
            uplink=Media(uplink),
            rate_kbps=rate or None,
            new_unit=new_unit,
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
    table = Table("what", "value", title=f"Onboarding plan: {escape(site.name)} ({site.slug})")
    table.add_row("district / hub", f"{site.region} / {plan.hub_site}")
    for p in site.prefixes:
        table.add_row(f"prefix {p.role}", f"{p.prefix} (VLAN {p.vlan})")
    for d in site.devices:
        table.add_row(f"device {d.role.value}", f"{d.name} {d.model} {d.primary_ip}")
        for i in d.interfaces:
            if i.circuit or i.mode.value == "tunnel":
                table.add_row(
                    f"  uplink {i.name}",
                    f"{i.ipv4 or i.unnumbered or 'dhcp'} {escape(i.description or '')}",
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
        _refresh_monitoring()


def _refresh_monitoring() -> None:
    """Monitoring follows the source of truth: re-export when TBWAN_MONITORING_DIR is set."""
    with errors_to_exit():
        nr = init_nornir(Settings())
        for done in refresh_monitoring(nr):
            console.print(
                f"monitoring: {done.out}/ ({len(done.written)} files updated)",
                highlight=False,
                soft_wrap=True,
            )


@app.callback(invoke_without_command=True)
def onboard(
    ctx: typer.Context,
    from_csv: Annotated[
        Path | None,
        typer.Option("--from-csv", help="CSV with district,code,name,uplink[,rate] per row."),
    ] = None,
    commit: CommitOpt = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Communes in parallel.")] = 4,
    connected_timeout: ConnectedOpt = 60,
) -> None:
    """Onboard communes (see `tbwan onboard commune --help`)."""
    if ctx.invoked_subcommand is not None:
        return
    if from_csv is None:
        console.print(ctx.get_help())
        raise typer.Exit(2)
    raise typer.Exit(_from_csv(from_csv, commit, workers, _connected(connected_timeout)))


def _from_csv(path: Path, commit: bool, workers: int, connected: ConnectedCheck | None) -> int:
    settings = Settings()
    with errors_to_exit():
        sot = source_of_truth(settings)
    with errors_to_exit():
        rows, problems = read_rows(path)
    results: dict[int, tuple[bool, str]] = {
        p.line: (False, f"[red]failed[/] {escape(p.message)}") for p in problems
    }
    todo: dict[int, CommuneRequest] = {}
    for row in rows:
        c = row.cells
        try:
            todo[row.line] = _request(
                c["district"],
                c["code"],
                c["name"],
                c["uplink"],
                c.get("rate") or None,
                f"{path}:{row.line}",
                row.flag("new_unit"),
            )
        except (typer.BadParameter, ValueError) as exc:
            results[row.line] = (False, f"[red]failed[/] {escape(str(exc))}")
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
            connected=connected,
        )
    for n, report in zip(todo, reports, strict=True):
        if isinstance(report, TbwanError):
            results[n] = (False, f"[red]failed[/] {escape(str(report))}")
        else:
            slug = f" {report.plan.site.slug}" if report.plan is not None else ""
            results[n] = (True, f"[green]{report.outcome.value}[/]{slug}")
    table = Table("row", "code", "name", "result", title=f"Onboarding from {path}")
    cells = {row.line: row.cells for row in rows}
    for n in sorted(results):
        c = cells.get(n, {})
        table.add_row(str(n), escape(c.get("code", "")), escape(c.get("name", "")), results[n][1])
    console.print(table)
    for n, (ok, text) in sorted(results.items()):
        if not ok:  # in full, whatever the terminal's width
            console.print(f"row {n}: {text}", soft_wrap=True, highlight=False)
    if commit and any(ok for ok, _ in results.values()):
        _refresh_monitoring()
    return 0 if all(ok for ok, _ in results.values()) else 1


@app.command("commune")
def commune(
    district: Annotated[str, typer.Option(help="District (region) slug, e.g. vu-thu.")],
    code: Annotated[str, typer.Option(help="GSO code of the commune (5 digits).")],
    name: Annotated[str, typer.Option(help="Vietnamese name, e.g. 'Xã Tân Lập'.")],
    uplink: Annotated[str, typer.Option(help="fiber, copper or ipsec.")],
    rate: Annotated[str | None, typer.Option(help="Contracted rate, e.g. 4M.")] = None,
    new_unit: Annotated[
        bool,
        typer.Option(
            "--new-unit", help="The code is a unit created after inventory/source's list."
        ),
    ] = False,
    commit: CommitOpt = False,
    connected_timeout: ConnectedOpt = 60,
) -> None:
    """Onboard one commune: allocate, create, render, push, verify."""
    req = _request(district, code, name, uplink, rate, "arguments", new_unit)
    settings = Settings()
    with errors_to_exit():
        report = onboard_commune(
            source_of_truth(settings),
            req,
            settings,
            commit=commit,
            store=BackupStore(Path("backups")),
            prepare=lab_prepare,
            connected=_connected(connected_timeout),
        )
    _show(report)


def _sites_to_move(inv: Inventory, names: list[str], from_region: str | None) -> list[str]:
    """The sites a move names: every one must exist, and be in ``--from`` when given."""
    require_known("site", "site", names, {s.slug for s in inv.sites})
    if from_region is None:
        if not names:
            raise typer.BadParameter("name sites to move, or --from REGION")
        return names
    require_known("region", "--from", [from_region], {r.slug for r in inv.regions})
    in_region = [s.slug for s in inv.sites if s.region == from_region]
    for name in names:
        if name not in in_region:
            raise UnknownNameError(
                f"site {name} is not in --from {from_region} (it is in "
                f"{inv.site(name).region}): drop --from, or name sites of {from_region}"
            )
    if not in_region:
        raise UnknownNameError(f"--from {from_region}: no site is in this region; nothing to move")
    return names or in_region


@site_app.command("move")
def move(
    sites: Annotated[list[str] | None, typer.Argument(help="Site slugs to move.")] = None,
    region: Annotated[str, typer.Option(help="The new region slug.")] = "",
    from_region: Annotated[
        str | None,
        typer.Option(
            "--from", help="Move every site of this region (with SITES: only those, checked)."
        ),
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
        names = _sites_to_move(sot.load(), list(sites or []), from_region)
        after = sot.move(names, region, region_name, parent)
        from tbwan.render.engine import render_inventory
        from tbwan.runbooks.render import write_changed

        hosts = [d.name for s in after.sites if s.slug in names for d in s.devices]
        configs = render_inventory(after, settings.templates, only=hosts)
        out = settings.build_dir / "intended"
        try:
            changed = write_changed(configs, out)
        except OSError as exc:
            raise OutputPathError(
                f"{out}: cannot write the re-rendered configs ({exc.strerror}); the "
                "move itself is saved: fix the folder and run `tbwan render`"
            ) from None
    console.print(
        f"moved {len(names)} site(s) to {region}; re-rendered {len(configs)} "
        f"config(s), {changed} changed under {settings.build_dir}/intended/ "
        "(push them with `tbwan deploy --site ...`)"
    )
    _refresh_monitoring()
