"""Audit report model and writers (JSON, HTML, JUnit XML, Prometheus, terminal)."""

from tbwan.report.files import write_new, write_reports
from tbwan.report.html import to_html
from tbwan.report.json_report import from_json, json_schema, to_json
from tbwan.report.junit import to_junit
from tbwan.report.models import (
    SCHEMA_VERSION,
    AuditReport,
    HostAudit,
    HostStatus,
    RegionSummary,
    SiteSummary,
    StatusCounts,
    audited,
    build_report,
)
from tbwan.report.prometheus import failed_run, to_prometheus, write_textfile
from tbwan.report.status import ExitStatus, exit_status
from tbwan.report.terminal import summary_table

__all__ = [
    "SCHEMA_VERSION",
    "AuditReport",
    "ExitStatus",
    "HostAudit",
    "HostStatus",
    "RegionSummary",
    "SiteSummary",
    "StatusCounts",
    "audited",
    "build_report",
    "exit_status",
    "failed_run",
    "from_json",
    "json_schema",
    "summary_table",
    "to_html",
    "to_json",
    "to_junit",
    "to_prometheus",
    "write_new",
    "write_reports",
    "write_textfile",
]
