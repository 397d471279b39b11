"""``tbwan audit``: intended vs running for every device, reports, exit 0/1/2.

Exit status: 0 every device compliant; 1 drift found; 2 some device could not be audited
(unreachable or failed); 3 a tbwan error (bad inventory, unwritable reports...);
4 another audit holds the lock; 5 the run exceeded ``--timeout``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tbwan.cli.backup import SessionTimeoutOpt
from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    LogFileOpt,
    RoleOpt,
    RunTimeoutOpt,
    SiteOpt,
    WorkersOpt,
    console,
    err_console,
    errors_to_exit,
    host_filter,
)
from tbwan.cli.run_record import RunRecord
from tbwan.credentials import load_secrets
from tbwan.render.engine import Renderer
from tbwan.report import AuditReport, exit_status, summary_table, write_new
from tbwan.report.i18n import translations
from tbwan.runbooks.audit import PROM_FILE, audit_hosts, record_in_netbox, write_audit
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.unattended import set_session_timeouts

log = logging.getLogger("tbwan")

ReportsOpt = Annotated[Path, typer.Option("--reports", help="Folder for JSON/HTML/JUnit.")]
TemplatesOpt = Annotated[Path, typer.Option("--templates", help="Templates folder.")]


def audit(
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    workers: WorkersOpt = None,
    reports: ReportsOpt = Path("reports"),
    textfile: Annotated[
        Path | None,
        typer.Option("--textfile", help=f"Prometheus textfile (default REPORTS/{PROM_FILE})."),
    ] = None,
    templates: TemplatesOpt = Path("templates"),
    lock_file: Annotated[
        Path | None,
        typer.Option("--lock-file", help="Lock so two audits never overlap (REPORTS/.audit.lock)."),
    ] = None,
    timeout: RunTimeoutOpt = None,
    session_timeout: SessionTimeoutOpt = 30,
    log_file: LogFileOpt = None,
    inventory: Annotated[
        Path | None,
        typer.Option("--inventory", help="Source-of-truth folder (default: nornir.yaml's)."),
    ] = None,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline", help="Also the province-wide table of stages furthest from standard."
        ),
    ] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the summary and HTML report: en or vi.")
    ] = "en",
) -> None:
    """Compare intended and running configs; write reports; exit 0 clean, 1 drift, 2 unreachable.

    Safe unattended (timer, cron): never prompts, holds a lock, bounded by --timeout.
    """
    prom = textfile or reports / PROM_FILE
    record = RunRecord("audit", prom)
    with record.guarded(lock_file or reports / ".audit.lock", timeout, log_file):
        with errors_to_exit():
            translations(lang)  # an unknown language is refused before any device is touched
        report = _run(host, site, role, district, workers, templates, session_timeout, inventory)
        with errors_to_exit():
            files = write_audit(report, reports, prom, lang)
            done = record_in_netbox(report, Settings().inventory)
            if done is not None:
                console.print(
                    f"NetBox: {done.journal_entries} journal entries, "
                    f"{done.devices_updated} devices' config_compliant updated"
                )
                log.info("netbox write-back: %s", done)
    console.print(summary_table(report, lang=lang))
    if baseline:
        _baseline(report, files.reports[0])
    status = exit_status(report)
    for h in report.hosts:
        if h.error:
            err_console.print(
                f"[red]{h.status.value}[/] {h.host}: {escape(h.error)}", highlight=False
            )
    console.print("reports: " + ", ".join(str(p) for p in files.reports), highlight=False)
    log.info("audit done: %s; exit %d; %s", report.counts, status, files.reports[0])
    raise typer.Exit(int(status))


def _baseline(report: AuditReport, audit_json: Path) -> None:
    """Print the stages furthest from the standard; write them beside the audit's JSON."""
    from rich.table import Table

    from tbwan.converge.baseline import baseline

    table_data = baseline(report)
    table = Table(title=f"Baseline: {table_data.audited} devices, stages furthest first")
    for col in ("stage", "devices", "lines missing", "lines extra"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    for r in table_data.rows:
        table.add_row(r.stage, str(r.hosts), str(r.missing), str(r.extra))
    console.print(table)
    path = audit_json.with_name(audit_json.name.replace("audit-", "baseline-", 1))
    with errors_to_exit():
        write_new(path, table_data.model_dump_json(indent=1) + "\n")
    console.print(f"baseline: {path}", highlight=False)


def _run(
    host: list[str] | None,
    site: list[str] | None,
    role: list[str] | None,
    district: list[str] | None,
    workers: int | None,
    templates: Path,
    session_timeout: float,
    inventory: Path | None = None,
) -> AuditReport:
    with errors_to_exit():
        settings = Settings(workers=workers, inventory_root=inventory)
        nr = host_filter(host, site, role, district).apply(init_nornir(settings))
        set_session_timeouts(nr, session_timeout)
        log.info("audit start: %d hosts", len(nr.inventory.hosts))
        return audit_hosts(nr, Renderer(templates, load_secrets()))
