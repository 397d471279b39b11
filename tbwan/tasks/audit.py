"""Nornir task: audit one host, intended vs running, with :mod:`tbwan.diff`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from nornir.core.task import Result, Task

from tbwan.diff import diff_configs
from tbwan.report import HostAudit, HostStatus, audited
from tbwan.tasks.backup import fetch_running
from tbwan.tasks.pending import pending_commit


def audit_host(task: Task, *, intended: Mapping[str, str]) -> Result:
    """Read the running config (Netmiko) and compare it with ``intended[host]``.

    Returns:
        A :class:`tbwan.report.HostAudit` (compliant or drifted, or pending when a commit
        waits for confirmation on the device); ``changed`` is False.
    """
    started = datetime.now(UTC)
    host = task.host
    running = str(task.run(task=fetch_running, name="running config").result)
    pending = task.run(task=pending_commit, name="pending commit").result
    drift = diff_configs(host.name, intended[host.name], running)
    where = {"site": str(host["site_slug"]), "region": str(host["region"])}
    if pending is not None:
        # the running config is about to revert by itself: neither compliant nor drifted
        audit = HostAudit(
            host=host.name,
            **where,
            role=str(host["role"]),
            status=HostStatus.PENDING,
            error=f"{pending.describe()}: `tbwan deploy --host {host.name} --commit` confirms "
            "it if the running config is the intended one",
            drift=drift,
            started=started,
            finished=datetime.now(UTC),
        )
        return Result(host=host, result=audit)
    audit = audited(
        drift, **where, role=str(host["role"]), started=started, finished=datetime.now(UTC)
    )
    return Result(host=host, result=audit)
