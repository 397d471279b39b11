"""Write an audit's results back to NetBox: a journal entry per device and the custom
field ``config_compliant`` (True, False, or empty when the device was not audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tbwan.diff.models import path_text
from tbwan.netbox import schema as s
from tbwan.netbox.client import NetBox
from tbwan.report.models import AuditReport, HostAudit, HostStatus

JOURNAL_KIND = {
    HostStatus.COMPLIANT: "success",
    HostStatus.DRIFTED: "warning",
    HostStatus.UNREACHABLE: "danger",
    HostStatus.FAILED: "danger",
    HostStatus.PENDING: "danger",
}
MAX_LINES = 20


def journal_text(host: HostAudit) -> str:
    """Markdown for one device's journal entry (secrets are already masked in drifts).

    >>> from datetime import UTC, datetime
    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> h = HostAudit(host="r1", site="s", region="r", role="ce-router",
    ...     status=HostStatus.UNREACHABLE, error="timeout", started=t, finished=t)
    >>> journal_text(h).splitlines()[0]
    '**tbwan audit: unreachable** (2026-01-01 00:00 UTC)'
    """
    head = f"**tbwan audit: {host.status.value}** ({host.finished:%Y-%m-%d %H:%M} UTC)"
    lines = [head, ""]
    if host.status is HostStatus.PENDING:
        lines.append(f"Pending: {host.error}")
    elif host.error:
        lines.append(f"Not audited: {host.error}")
    drift = host.drift
    if drift is not None and not drift.compliant:
        lines.append(
            f"{drift.missing_count} lines missing, {drift.extra_count} extra, "
            f"in {', '.join(f.feature.value for f in drift.features)}."
        )
        shown = [
            f"{sign} {path_text(path)}"
            for f in drift.features
            for sign, paths in (("+", f.missing), ("-", f.extra))
            for path in paths
        ]
        lines += ["", "```", *shown[:MAX_LINES]]
        if len(shown) > MAX_LINES:
            lines.append(f"... {len(shown) - MAX_LINES} more (see the audit report)")
        lines.append("```")
    elif drift is not None:
        lines.append("Running config matches the intended config.")
    return "\n".join(lines)


def compliance_value(host: HostAudit) -> bool | None:
    """``config_compliant``: None (empty) when the host could not be audited."""
    if host.status in (HostStatus.COMPLIANT, HostStatus.DRIFTED):
        return host.status is HostStatus.COMPLIANT
    return None


@dataclass
class WritebackResult:
    """What was written, and hosts NetBox does not know."""

    journal_entries: int = 0
    devices_updated: int = 0
    unknown_hosts: list[str] = field(default_factory=list)


def _device_ids(nb: NetBox, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = sorted(set(names))
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 100):
        params = {"name": wanted[i : i + 100], "fields": "id,name,custom_fields"}
        for record in nb.get_all(s.DEVICES.path, params):
            found[record["name"]] = record
    return found


def record_audit(nb: NetBox, report: AuditReport) -> WritebackResult:
    """One journal entry per audited host and ``config_compliant`` on each device."""
    devices = _device_ids(nb, (h.host for h in report.hosts))
    result = WritebackResult()
    entries, updates = [], []
    for host in report.hosts:
        device = devices.get(host.host)
        if device is None:
            result.unknown_hosts.append(host.host)
            continue
        entries.append(
            {
                "assigned_object_type": "dcim.device",
                "assigned_object_id": device["id"],
                "kind": JOURNAL_KIND[host.status],
                "comments": journal_text(host),
            }
        )
        value = compliance_value(host)
        if (device.get("custom_fields") or {}).get("config_compliant") != value:
            updates.append({"id": device["id"], "custom_fields": {"config_compliant": value}})
    if entries:
        nb.create(s.JOURNAL_ENTRIES, entries)
    if updates:
        nb.update(s.DEVICES, updates)
    result.journal_entries = len(entries)
    result.devices_updated = len(updates)
    return result
