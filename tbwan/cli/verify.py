"""``tbwan verify``: the network's state against the intended state, diagnosed.

Exit status: 0 everything the plan expects is up; 1 something is down; 2 some device
could not be asked (wins over 1); 3 a tbwan error (bad input); 4 another verify holds the
lock; 5 the run exceeded ``--timeout``. A run that ends without a report (3, 4, 5 or a
crash) replaces the Prometheus textfile with the failed run's series
(``tbwan_verify_success{reason=...} 0``), as ``tbwan audit`` does.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tbwan.cli.audit import ReportsOpt, TemplatesOpt
from tbwan.cli.backup import SessionTimeoutOpt
from tbwan.cli.onboard import source_of_truth
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
from tbwan.report.prometheus import write_textfile
from tbwan.report.verify import summary_table, to_prometheus, write_verify_reports
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.unattended import set_session_timeouts
from tbwan.runbooks.verify import PROM_FILE, verify_exit, verify_network
from tbwan.verify.models import VerifyReport

log = logging.getLogger("tbwan")
MAX_LINES = 20  # diagnoses and errors on the terminal; every one is in the reports


def verify(
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
        typer.Option("--lock-file", help="Lock so two verifies never overlap."),
    ] = None,
    timeout: RunTimeoutOpt = None,
    session_timeout: SessionTimeoutOpt = 30,
    log_file: LogFileOpt = None,
) -> None:
    """Check links, OSPF, routes, DIC services, tunnels and HSRP; say why what is down is down.

    Exit 0 all up, 1 something down, 2 some device could not be asked. Safe unattended.
    """
    prom = textfile or reports / PROM_FILE
    with RunRecord("verify", prom).guarded(
        lock_file or reports / ".verify.lock", timeout, log_file
    ):
        report = _run(host, site, role, district, workers, templates, session_timeout)
        with errors_to_exit():
            paths = write_verify_reports(report, reports)
            write_textfile(to_prometheus(report), prom)
    console.print(summary_table(report))
    for d in report.diagnoses[:MAX_LINES]:
        colour = "yellow" if d.cause.value == "carrier" else "red"
        console.print(
            f"[{colour}]{d.cause.value}[/] {escape(d.subject)}: {escape(d.message)}",
            highlight=False,
        )
    if len(report.diagnoses) > MAX_LINES:
        console.print(f"... {len(report.diagnoses) - MAX_LINES} more diagnoses in the reports")
    errors = [h for h in report.hosts if h.error]
    for h in errors[:MAX_LINES]:
        err_console.print(
            f"[red]{h.status.value}[/] {escape(h.host)}: {escape(h.error or '')}", highlight=False
        )
    if len(errors) > MAX_LINES:
        err_console.print(f"... {len(errors) - MAX_LINES} more hosts not asked (see the reports)")
    status = verify_exit(report)
    console.print("reports: " + ", ".join(str(p) for p in paths), highlight=False)
    log.info("verify done: %s; exit %d; %s", report.counts, status, paths[0])
    raise typer.Exit(int(status))


def _run(
    host: list[str] | None,
    site: list[str] | None,
    role: list[str] | None,
    district: list[str] | None,
    workers: int | None,
    templates: Path,
    session_timeout: float,
) -> VerifyReport:
    with errors_to_exit():
        settings = Settings(workers=workers)
        everything = init_nornir(settings)
        selected = host_filter(host, site, role, district).apply(everything)
        set_session_timeouts(everything, session_timeout)
        inventory = source_of_truth(settings).load()
        log.info("verify start: %d hosts", len(selected.inventory.hosts))
        return verify_network(
            everything,
            inventory,
            list(selected.inventory.hosts),
            renderer=Renderer(templates, load_secrets()),
        )
