"""Nornir task: audit one host, intended vs running, with :mod:`tbwan.diff`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from nornir.core.inventory import Host
from nornir.core.task import Result, Task

from tbwan.diff import diff_configs
from tbwan.report import audited
from tbwan.tasks.backup import fetch_running


def site_names(host: Host) -> dict[str, str | None]:
    """The site's and district's Vietnamese names, from the host's inventory data."""
    site = host.get("site") or {}
    return {"site_name": site.get("name"), "region_name": site.get("region_name")}


def audit_host(task: Task, *, intended: Mapping[str, str]) -> Result:
    """Read the running config (Netmiko) and compare it with ``intended[host]``.

    Returns:
        A :class:`tbwan.report.HostAudit` (compliant or drifted); ``changed`` is False.
    """
    started = datetime.now(UTC)
    host = task.host
    running = str(task.run(task=fetch_running, name="running config").result)
    drift = diff_configs(host.name, intended[host.name], running)
    audit = audited(
        drift,
        site=str(host["site_slug"]),
        region=str(host["region"]),
        role=str(host["role"]),
        started=started,
        finished=datetime.now(UTC),
        **site_names(host),
    )
    return Result(host=host, result=audit)
