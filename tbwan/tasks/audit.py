"""Nornir task: audit one host, intended vs running, with :mod:`tbwan.diff`.

The SNMPv3 users, which IOS keeps out of the running config, come from ``show snmp
user`` and are reported as the ``snmpv3-user`` feature (:mod:`tbwan.tasks.snmp_user`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from nornir.core.inventory import Host
from nornir.core.task import Result, Task

from tbwan.diff import HostDrift, diff_configs
from tbwan.diff.features import Feature
from tbwan.diff.writeonly import expected_snmp_users, snmp_user_drift
from tbwan.platforms import platform_of
from tbwan.report import HostAudit, HostStatus, audited
from tbwan.tasks.backup import fetch_running
from tbwan.tasks.pending import pending_commit
from tbwan.tasks.snmp_user import snmp_users_netmiko


def with_snmp_users(task: Task, drift: HostDrift, intended: str) -> HostDrift:
    """``drift`` plus the ``snmpv3-user`` feature when the intended users do not fit."""
    expected = expected_snmp_users(intended)
    if not expected:
        return drift
    users = task.run(task=snmp_users_netmiko, name="snmp users").result
    extra = snmp_user_drift(expected, users)
    if extra is None:
        return drift
    order = list(Feature)
    features = sorted((*drift.features, extra), key=lambda f: order.index(f.feature))
    return drift.model_copy(update={"features": tuple(features)})


def site_names(host: Host) -> dict[str, str | None]:
    """The site's and district's Vietnamese names, from the host's inventory data."""
    site = host.get("site") or {}
    return {"site_name": site.get("name"), "region_name": site.get("region_name")}


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
    drift = diff_configs(host.name, intended[host.name], running, platform=platform_of(host))
    drift = with_snmp_users(task, drift, intended[host.name])
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
    names = site_names(host)
    audit = audited(
        drift,
        site=where["site"],
        region=where["region"],
        role=str(host["role"]),
        started=started,
        finished=datetime.now(UTC),
        site_name=names["site_name"],
        region_name=names["region_name"],
    )
    return Result(host=host, result=audit)
