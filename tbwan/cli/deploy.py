"""``tbwan deploy``: render and push intended configs (dry-run unless --commit)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table

from tbwan.cli.audit import TemplatesOpt
from tbwan.cli.backup import BackupDirOpt, SessionTimeoutOpt
from tbwan.cli.onboard import source_of_truth
from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    RoleOpt,
    SiteOpt,
    WorkersOpt,
    console,
    err_console,
    errors_to_exit,
    host_filter,
)
from tbwan.credentials import load_secrets
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.deploy import DeployReport
from tbwan.runbooks.deploy import deploy as run_deploy
from tbwan.runbooks.statecheck import StateGuard
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts
from tbwan.tasks.deploy_host import DeployStatus
from tbwan.verify.intended import intended_state

_COLOURS = {
    DeployStatus.UNCHANGED: "dim",
    DeployStatus.WOULD_CHANGE: "yellow",
    DeployStatus.CHANGED: "green",
    DeployStatus.ROLLED_BACK: "red",
    DeployStatus.ROLLBACK_FAILED: "bold red",
    DeployStatus.FAILED: "red",
    DeployStatus.CONFIRMED: "green",
    DeployStatus.PENDING: "bold magenta",
}


def deploy(
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    workers: WorkersOpt = None,
    commit: Annotated[bool, typer.Option("--commit", help="Apply (default: dry run).")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Full config replace instead of merge.")
    ] = False,
    show_diff: Annotated[bool, typer.Option("--diff/--no-diff", help="Print each diff.")] = True,
    revert_timer: Annotated[
        int,
        typer.Option(
            "--revert-timer",
            min=0,
            help="Device rollback timer in minutes while a commit is checked (0: none).",
        ),
    ] = 5,
    check_interfaces: Annotated[
        bool,
        typer.Option(
            "--check-interfaces/--no-check-interfaces",
            help="Post-check: template interfaces are up.",
        ),
    ] = True,
    renew_snmp_users: Annotated[
        bool,
        typer.Option(
            "--renew-snmp-users",
            help="Send the SNMPv3 users even where they look right (after changing "
            "TBWAN_SNMP_AUTH/TBWAN_SNMP_PRIV: a passphrase cannot be read back).",
        ),
    ] = False,
    state_checks: Annotated[
        bool,
        typer.Option(
            "--state-checks/--no-state-checks",
            help="Post-check the network state (links, OSPF, DIC routes); roll back losses.",
        ),
    ] = True,
    settle: Annotated[
        float,
        typer.Option("--settle", min=0, help="Seconds to let the network converge after a commit."),
    ] = 0.0,
    templates: TemplatesOpt = Path("templates"),
    backup_dir: BackupDirOpt = Path("backups"),
    session_timeout: SessionTimeoutOpt = 60,
) -> None:
    """Render intended configs with real secrets and push them (merge, or --replace).

    Dry run by default: diffs are shown and discarded. With --commit each host is backed
    up, committed, post-checked (matches intended, interfaces up, and the links,
    adjacencies and DIC routes it had are still there) and confirmed; a failed commit or
    post-check is rolled back. Exit 1 if any host failed, 3 on a tbwan error.
    """
    quiet_libraries()
    with errors_to_exit():
        settings = Settings(workers=workers)
        everything = init_nornir(settings)
        nr = host_filter(host, site, role, district).apply(everything)
        set_session_timeouts(everything, session_timeout)
        guard = None
        if commit and state_checks:
            state = intended_state(source_of_truth(settings).load())
            guard = StateGuard(state=state, nornir=everything, settle=settle)
        report = run_deploy(
            nr,
            Renderer(templates, load_secrets()),
            store=BackupStore(backup_dir),
            commit=commit,
            replace=replace,
            revert_in=revert_timer * 60 or None,
            check_interfaces=check_interfaces,
            renew_snmp_users=renew_snmp_users,
            state=guard,
        )
    if show_diff:
        for h in report.hosts:
            if h.diff:
                console.rule(f"{h.host}: {h.status.value}")
                console.print(Syntax(h.diff, "diff", theme="ansi_dark", word_wrap=True))
    console.print(summary(report))
    for h in report.hosts:
        if h.note:
            console.print(f"[green]{h.status.value}[/] {escape(h.host)}: {escape(h.note)}")
    for h in report.failed:
        err_console.print(f"[red]{h.status.value}[/] {escape(h.host)}: {escape(h.error or '')}")
    if not commit and any(h.status is DeployStatus.WOULD_CHANGE for h in report.hosts):
        console.print("dry run: nothing was changed; add --commit to apply")
    if report.failed:
        raise typer.Exit(1)


def summary(report: DeployReport) -> Table:
    """Hosts per outcome."""
    mode = ("replace" if report.replace else "merge") + (
        ", commit" if report.committed else ", dry run"
    )
    table = Table("outcome", "hosts", title=f"Deploy ({mode}) in {report.seconds:.1f} s")
    for status in DeployStatus:
        n = report.counts.get(status.value, 0)
        if n:
            table.add_row(f"[{_COLOURS[status]}]{status.value}", str(n))
    table.add_row("[bold]total", f"[bold]{len(report.hosts)}")
    if report.backed_up:
        table.caption = f"pre-change backups: {len(report.backed_up)} hosts changed"
    return table
