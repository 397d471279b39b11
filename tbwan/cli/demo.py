"""``tbwan demo``: lab up, deploy everything, manual drift, audit, reports, lab down."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.audit import ReportsOpt, TemplatesOpt
from tbwan.cli.deploy import summary as deploy_summary
from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    RoleOpt,
    SiteOpt,
    WorkersOpt,
    console,
    errors_to_exit,
    host_filter,
)
from tbwan.diff import path_text
from tbwan.report import AuditReport
from tbwan.report.verify import summary_table as verify_table
from tbwan.runbooks.demo import DemoReport, run_demo
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.verify.models import Cause

MAX_ITEMS = 10


def region_table(report: AuditReport) -> Table:
    """Per district totals (the HTML report has every site)."""
    table = Table(
        "district",
        "compliant",
        "drifted",
        "unreachable",
        "failed",
        "total",
        title=f"Drift audit: {report.counts.total} devices in {report.duration_seconds:.1f} s",
    )
    for region in (*report.regions, None):
        counts = region.counts if region is not None else report.counts
        name = region.region if region is not None else "[bold]province"
        table.add_row(
            name,
            *(
                str(n)
                for n in (
                    counts.compliant,
                    counts.drifted,
                    counts.unreachable,
                    counts.failed,
                    counts.total,
                )
            ),
            end_section=region is report.regions[-1],
        )
    return table


def _print_some(lines: list[str], what: str) -> None:
    for line in lines[:MAX_ITEMS]:
        console.print(line, highlight=False)
    if len(lines) > MAX_ITEMS:
        console.print(f"  ... {len(lines) - MAX_ITEMS} more {what}")


def demo(
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    workers: WorkersOpt = None,
    reports: ReportsOpt = Path("reports"),
    templates: TemplatesOpt = Path("templates"),
    backup_dir: Annotated[
        Path, typer.Option("--backup-dir", help="Pre-change backups of the lab devices.")
    ] = Path("build/demo-backups"),
    adopt: Annotated[
        bool,
        typer.Option(
            "--adopt",
            help="The adoption story instead: legacy configs, discover, baseline, "
            "converge stage by stage, audit clean.",
        ),
    ] = False,
) -> None:
    """The whole story on the lab: every device deployed, a few changed by hand, a circuit
    cut, audited and verified.

    Unset TBWAN_* credentials and secrets are random values for this run only. Exit 0
    when the audit finds exactly the planted manual changes and verify tells the cut
    circuit (carrier) from the wrong OSPF area (misconfiguration), non-zero otherwise.
    """
    quiet_libraries()
    if adopt:
        from tbwan.cli.demo_adopt import adopt_demo

        adopt_demo(host, site, role, district, workers, reports, templates, backup_dir)
        return
    any_filter = any((host, site, role, district))
    with errors_to_exit():
        report = run_demo(
            hosts=host_filter(host, site, role, district) if any_filter else None,
            templates=templates,
            reports=reports,
            backup_dir=backup_dir,
            workers=workers,
            say=lambda text: console.print(f"[bold cyan]>[/] {escape(text)}"),
        )
    if report.generated_secrets:
        console.print("throwaway values (never shown) for: " + ", ".join(report.generated_secrets))
    console.print(deploy_summary(report.deploy))
    _print_some(
        [
            f"[red]{h.status.value}[/] {escape(h.host)}: {escape(h.error or '')}"
            for h in report.deploy.failed
        ],
        "failed deploys",
    )
    console.print(region_table(report.audit))
    drifted = [a for a in report.audit.hosts if a.drift is not None and not a.drift.compliant]
    for audit in drifted[:MAX_ITEMS]:
        assert audit.drift is not None
        console.print(f"[yellow]drift[/] {escape(audit.host)} ({audit.drift.line_count} lines)")
        lines = [
            f"  {f.feature.value:<11} {mark} {escape(path_text(p))}"
            for f in audit.drift.features
            # the HTML report's convention: + missing on the device, - extra on it
            for mark, paths in (("[green]+[/]", f.missing), ("[red]-[/]", f.extra))
            for p in paths
        ]
        _print_some(lines, "lines (see the HTML report)")
    if len(drifted) > MAX_ITEMS:
        console.print(f"... and {len(drifted) - MAX_ITEMS} more drifted hosts (see the reports)")
    _print_some(
        [
            f"[red]{h.status.value}[/] {escape(h.host)}: {escape(h.error)}"
            for h in report.audit.hosts
            if h.error
        ],
        "hosts not audited",
    )
    if report.verify is not None:
        console.print(verify_table(report.verify))
    for d in report.verify.diagnoses if report.verify is not None else ():
        colour = "yellow" if d.cause is Cause.CARRIER else "red"
        console.print(f"[{colour}]{d.cause.value}[/] {escape(d.subject)}: {escape(d.message)}")
    times = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    console.print(f"timings: {times}")
    paths = (*report.files.reports, *report.verify_files)
    console.print("reports: " + ", ".join(str(p) for p in paths), highlight=False)
    if report.files.prometheus is not None:
        console.print(f"metrics: {report.files.prometheus}", highlight=False)
    raise typer.Exit(_verdict(report))


def _verdict(report: DemoReport) -> int:
    """Say whether the story went as planned (the runbook decides) and return the status."""
    network_text = report.network_verdict[1]
    if report.as_planned:
        console.print(
            f"[green]as expected[/]: the audit found the {len(report.drift)} manual "
            f"changes and nothing else; {network_text}"
        )
    else:
        console.print(
            f"[red]unexpected[/]: drift planted on {sorted(report.drift)}, found on "
            f"{sorted(report.drift_found)}; {network_text}; "
            f"{len(report.deploy.failed)} deploy failures"
        )
    return report.exit_status
