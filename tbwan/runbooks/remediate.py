"""Runbook: push the remediation of the last audit to some hosts, then audit them again.

The report holds masked text, so the commands to push are computed again on the live
configs (:func:`tbwan.diff.plan_changes`, real secrets). If they differ from what the
report showed, the device changed since the audit and the host is not touched: audit
again first. The push itself is the deploy workflow (backup, commit under a rollback
timer, exact post-check against intended, confirm or restore).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from nornir.core import Nornir

from tbwan.diff import mask_secrets, plan_changes
from tbwan.errors import DeployError, ReportError
from tbwan.platforms import Platform, platform_of
from tbwan.render.engine import Renderer
from tbwan.report import AuditReport, HostAudit, HostStatus, from_json
from tbwan.runbooks.audit import audit_hosts, latest_report
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import require_login
from tbwan.runbooks.deploy import refuse_masked
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.statecheck import host_intents
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy, deploy_host
from tbwan.tasks.failures import reason
from tbwan.tasks.napalm_deploy import napalm_running_config
from tbwan.verify.intended import IntendedState


def load_report(path: Path | None, reports: Path) -> tuple[Path, AuditReport]:
    """The audit report at ``path``, or the newest in ``reports``."""
    path = path or latest_report(reports)
    if path is None:
        raise ReportError(f"{reports}: no audit-*.json report; run `tbwan audit` first")
    try:
        return path, from_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the report ({exc.strerror})") from None


@dataclass(frozen=True)
class RemediateReport:
    """What remediation did per host, and the audit that followed (after a commit)."""

    source: Path
    hosts: tuple[HostDeploy, ...]
    after: AuditReport | None
    seconds: float


def _same(pushed: str, reported: str, platform: Platform) -> bool:
    masked = mask_secrets(pushed, platform=platform)
    norm = [line.rstrip() for line in masked.splitlines() if line.strip()]
    return norm == [line.rstrip() for line in reported.splitlines() if line.strip()]


def remediate(
    nr: Nornir,
    renderer: Renderer,
    *,
    report: AuditReport,
    source: Path,
    store: BackupStore,
    commit: bool = False,
    revert_in: int | None = 300,
    state: IntendedState | None = None,
) -> RemediateReport:
    """Remediate the hosts of ``nr`` that ``report`` found drifted.

    With ``state``, each host's links, adjacencies, tunnels and HSRP are read before and
    after its commit, and a remediation that loses one is rolled back.
    """
    require_login(nr)
    start = time.perf_counter()
    nr.data.reset_failed_hosts()
    audits: dict[str, HostAudit] = {h.host: h for h in report.hosts}
    missing = [h for h in nr.inventory.hosts if h not in audits]
    if missing:
        raise DeployError(
            f"{source} has no audit of {', '.join(missing)}: run `tbwan audit` "
            "for these hosts first"
        )
    outcomes: list[HostDeploy] = []
    todo: list[str] = []
    for name in sorted(nr.inventory.hosts):
        audit = audits[name]
        if audit.status is HostStatus.PENDING:
            outcomes.append(
                HostDeploy(
                    name,
                    DeployStatus.PENDING,
                    error=f"{audit.error} (audit {source}): settle it with deploy first",
                )
            )
        elif audit.drift is None:
            outcomes.append(
                HostDeploy(
                    name,
                    DeployStatus.FAILED,
                    error=f"not audited in {source} ({audit.error}); audit it again first",
                )
            )
        elif audit.drift.compliant:
            outcomes.append(HostDeploy(name, DeployStatus.UNCHANGED))
        else:
            todo.append(name)
    commands: dict[str, str] = {}
    intended: dict[str, str] = {}
    if todo:
        sub = nr.filter(filter_func=lambda h: h.name in todo)
        intended, render_failed = render_configs(sub, renderer)
        refuse_masked(intended, sub)
        running = sub.run(task=napalm_running_config, name="running config", on_failed=True)
        for name in todo:
            if name in render_failed or running[name].failed:
                why = render_failed.get(name) or reason(running[name][0].exception)
                outcomes.append(HostDeploy(name, DeployStatus.FAILED, error=why))
                continue
            platform = platform_of(sub.inventory.hosts[name])
            plan = plan_changes(
                intended[name], str(running[name][0].result), platform=platform, host=name
            )
            drift = audits[name].drift
            assert drift is not None
            if not _same(plan.remediation, drift.remediation, platform):
                outcomes.append(
                    HostDeploy(
                        name,
                        DeployStatus.FAILED,
                        error=(
                            f"{name} changed since the audit in {source}: run `tbwan audit --host "
                            f"{name}` again, review, then remediate"
                        ),
                    )
                )
                continue
            commands[name] = plan.remediation
    store.init()
    if commands:
        sub = nr.filter(filter_func=lambda h: h.name in commands)
        result = sub.run(
            task=deploy_host,
            name="remediate",
            on_failed=True,
            configs=commands,
            expected=intended,
            dry_run=not commit,
            revert_in=revert_in,
            check_interfaces=False,
            save_backup=store.save,
            state=host_intents(state, list(commands)) if state is not None else None,
        )
        for name, multi in result.items():
            res = multi[0].result
            outcomes.append(
                res
                if isinstance(res, HostDeploy)
                else HostDeploy(name, DeployStatus.FAILED, error=reason(multi[0].exception))
            )
    nr.close_connections(on_failed=True)
    store.commit("pre-remediation backup")
    after = audit_hosts(nr, renderer, intended=intended or None) if commit and commands else None
    return RemediateReport(
        source=source,
        hosts=tuple(sorted(outcomes, key=lambda h: h.host)),
        after=after,
        seconds=time.perf_counter() - start,
    )
