"""``tbwan remediate``: push the last audit's remediation to some hosts, then re-audit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.syntax import Syntax

from tbwan.cli.audit import ReportsOpt, TemplatesOpt
from tbwan.cli.backup import BackupDirOpt, SessionTimeoutOpt
from tbwan.cli.converge import STAGES, run_stage
from tbwan.cli.onboard import source_of_truth
from tbwan.cli.options import (
    DistrictOpt,
    SiteOpt,
    console,
    err_console,
    errors_to_exit,
    host_filter,
)
from tbwan.credentials import load_secrets
from tbwan.render.engine import Renderer
from tbwan.report import summary_table
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.remediate import load_report
from tbwan.runbooks.remediate import remediate as run_remediate
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts
from tbwan.tasks.deploy_host import DeployStatus
from tbwan.verify.intended import intended_state


def remediate(
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Host to remediate (repeatable).")
    ] = None,
    feature: Annotated[
        str | None,
        typer.Option("--feature", help=f"Converge one stage ({STAGES}) instead of the report."),
    ] = None,
    site: SiteOpt = None,
    district: DistrictOpt = None,
    inventory: Annotated[
        Path | None,
        typer.Option("--inventory", help="Source-of-truth folder (default: nornir.yaml's)."),
    ] = None,
    commit: Annotated[bool, typer.Option("--commit", help="Apply (default: dry run).")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Audit JSON (default: newest in REPORTS).")
    ] = None,
    reports: ReportsOpt = Path("reports"),
    templates: TemplatesOpt = Path("templates"),
    backup_dir: BackupDirOpt = Path("backups"),
    session_timeout: SessionTimeoutOpt = 60,
) -> None:
    """Push the remediation the last audit found for HOST (dry run unless --commit).

    The commands are computed again on the live config; a device that changed since the
    audit is left alone. After a commit the hosts are audited again. Exit 1 if a host
    failed or still drifts.

    With --feature, converge that one stage on the --host/--site/--district devices (all
    when none), with deploy's safeguards; order: logging, ntp, snmp, management, aaa,
    interfaces, routing, vpn.
    """
    if feature is not None:
        run_stage(
            feature,
            host_filter(host, site, None, district),
            commit=commit,
            inventory=inventory,
            templates=templates,
            backup_dir=backup_dir,
            session_timeout=session_timeout,
        )
        return
    if not host or site or district or inventory:
        err_console.print("[bold red]error[/] give --host (or --feature with filters)")
        raise typer.Exit(3)
    quiet_libraries()
    with errors_to_exit():
        source, audit = load_report(report, reports)
        settings = Settings()
        nr = host_filter(host, None, None, None).apply(init_nornir(settings))
        set_session_timeouts(nr, session_timeout)
        state = intended_state(source_of_truth(settings).load()) if commit else None
        result = run_remediate(
            nr,
            Renderer(templates, load_secrets()),
            report=audit,
            source=source,
            store=BackupStore(backup_dir),
            commit=commit,
            state=state,
        )
    console.print(f"remediation from {source}", highlight=False)
    for h in result.hosts:
        console.rule(f"{h.host}: {h.status.value}")
        if h.diff:
            console.print(Syntax(h.diff, "diff", theme="ansi_dark", word_wrap=True))
        if h.error:
            err_console.print(f"[red]{h.status.value}[/] {escape(h.error)}")
    if not commit and any(h.status is DeployStatus.WOULD_CHANGE for h in result.hosts):
        console.print("dry run: nothing was changed; add --commit to apply")
    still = False
    if result.after is not None:
        console.print(summary_table(result.after))
        still = bool(
            result.after.counts.drifted
            or result.after.counts.unreachable
            or result.after.counts.failed
        )
    if still or any(h.failed for h in result.hosts):
        raise typer.Exit(1)
