"""Runbook: drift audit of every host (intended vs running) and the report files.

Exit status (see :mod:`tbwan.report.status`): 0 every host compliant, 1 drift found,
2 some host could not be audited (unreachable or failed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nornir.core import Nornir

from tbwan.render.engine import Renderer
from tbwan.report import (
    AuditReport,
    HostAudit,
    HostStatus,
    build_report,
    to_prometheus,
    write_reports,
    write_textfile,
)
from tbwan.runbooks.common import require_login, run_with_progress
from tbwan.runbooks.render import render_configs
from tbwan.tasks.audit import audit_host, site_names
from tbwan.tasks.failures import is_unreachable, reason

PROM_FILE = "tbwan_audit.prom"

if TYPE_CHECKING:
    from tbwan.netbox.writeback import WritebackResult


def audit_hosts(
    nr: Nornir, renderer: Renderer, *, intended: dict[str, str] | None = None
) -> AuditReport:
    """Audit every host of ``nr``: render intended (unless given), read running, compare."""
    require_login(nr)
    started = datetime.now(UTC)
    nr.data.reset_failed_hosts()  # a previous run in this process must not hide hosts
    render_failed: dict[str, str] = {}
    if intended is None:
        intended, render_failed = render_configs(nr, renderer)
    audits: list[HostAudit] = []
    for host, error in render_failed.items():
        audits.append(_not_audited(nr, host, HostStatus.FAILED, error, started))
    todo = nr.filter(filter_func=lambda h: h.name in intended)
    if todo.inventory.hosts:
        result = run_with_progress(todo, "audit", audit_host, intended=intended)
        nr.close_connections(on_failed=True)
        for host, multi in result.items():
            if not multi.failed:
                audits.append(multi[0].result)
                continue
            exc = multi[0].exception
            status = HostStatus.UNREACHABLE if is_unreachable(exc) else HostStatus.FAILED
            audits.append(_not_audited(nr, host, status, reason(exc), started))
    return build_report(audits, started=started, finished=datetime.now(UTC))


def _not_audited(
    nr: Nornir, host: str, status: HostStatus, error: str, started: datetime
) -> HostAudit:
    h = nr.inventory.hosts[host]
    return HostAudit(
        host=host,
        site=str(h["site_slug"]),
        region=str(h["region"]),
        role=str(h["role"]),
        status=status,
        error=error,
        started=started,
        finished=datetime.now(UTC),
        **site_names(h),
    )


@dataclass(frozen=True)
class AuditFiles:
    """The files an audit wrote."""

    reports: tuple[Path, ...]
    prometheus: Path | None


def write_audit(
    report: AuditReport, out_dir: Path, textfile: Path | None, lang: str = "en"
) -> AuditFiles:
    """Write JSON, HTML (texts in ``lang``) and JUnit into ``out_dir`` and the Prometheus
    textfile."""
    paths = write_reports(report, out_dir, lang)
    prom = write_textfile(to_prometheus(report), textfile) if textfile is not None else None
    return AuditFiles(reports=paths, prometheus=prom)


def latest_report(out_dir: Path) -> Path | None:
    """The newest ``audit-*.json`` in ``out_dir``."""
    found = sorted(out_dir.glob("audit-*.json"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def record_in_netbox(report: AuditReport, backend: str | None) -> WritebackResult | None:
    """With NetBox as the inventory (``backend``), record the audit on each device there
    (a journal entry and ``config_compliant``); with the files, nothing to record."""
    if backend != "netbox":
        return None
    from tbwan.netbox.client import NetBox
    from tbwan.netbox.settings import netbox_settings
    from tbwan.netbox.writeback import record_audit

    return record_audit(NetBox(*netbox_settings()), report)
