"""Runbook: converge one stage (feature) of the selected devices, with deploy's safeguards.

For every host: render intended, read running, build the config it runs after the stage
(:func:`tbwan.converge.stage_config`), and push the difference through the deploy task:
pre-change backup, commit under the device's rollback timer, an exact post-check against
the stage's config (and interfaces up for the stages that touch forwarding), confirm or
roll back. Dry run by default: the diff per host, nothing changed. After a commit the
hosts are audited again, so the report says what drift remains per feature.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from nornir.core import Nornir

from tbwan.converge import Stage, stage_config
from tbwan.converge.stages import newly_passive
from tbwan.diff import plan_changes
from tbwan.diff.writeonly import split_write_only
from tbwan.errors import DiffError
from tbwan.platforms import platform_of
from tbwan.render.engine import Renderer
from tbwan.report import AuditReport
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.deploy import refuse_masked
from tbwan.runbooks.render import render_configs
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy, deploy_host, without_session_lines
from tbwan.tasks.failures import reason
from tbwan.tasks.napalm_deploy import napalm_running_config

# stages after which the interfaces the config defines must still be up
_STATE_CHECKED = frozenset({Stage.INTERFACES, Stage.ROUTING, Stage.VPN})


@dataclass(frozen=True)
class ConvergeReport:
    """What one stage did per host, and the audit that followed (after a commit)."""

    stage: Stage
    hosts: tuple[HostDeploy, ...]
    after: AuditReport | None
    seconds: float

    @property
    def failed(self) -> tuple[HostDeploy, ...]:
        """Hosts whose stage failed (rolled back or worse)."""
        return tuple(h for h in self.hosts if h.failed)


def converge(
    nr: Nornir,
    renderer: Renderer,
    *,
    stage: Stage,
    store: BackupStore,
    commit: bool = False,
    revert_in: int | None = 300,
) -> ConvergeReport:
    """Push ``stage``'s remediation to every host of ``nr`` (dry run unless ``commit``)."""
    start = time.perf_counter()
    nr.data.reset_failed_hosts()
    intended, render_failed = render_configs(nr, renderer)
    refuse_masked(intended, nr)
    outcomes = [HostDeploy(h, DeployStatus.FAILED, error=e) for h, e in render_failed.items()]
    sub = nr.filter(filter_func=lambda h: h.name in intended)
    running = sub.run(task=napalm_running_config, name="running config", on_failed=True)
    commands: dict[str, str] = {}
    expected: dict[str, str] = {}
    for name in sorted(intended):
        if running[name].failed:
            why = reason(running[name][0].exception)
            outcomes.append(HostDeploy(name, DeployStatus.FAILED, error=why))
            continue
        platform = platform_of(sub.inventory.hosts[name])
        have = without_session_lines(str(running[name][0].result), platform)
        try:
            staged = stage_config(intended[name], have, stage)
            plan = plan_changes(staged, have, platform=platform, host=name)
        except DiffError as exc:
            outcomes.append(HostDeploy(name, DeployStatus.FAILED, error=str(exc)))
            continue
        lost = newly_passive(staged, have) if stage is Stage.ROUTING else []
        if lost:
            outcomes.append(
                HostDeploy(
                    name,
                    DeployStatus.FAILED,
                    error=(
                        f"not pushed: would make {', '.join(lost[:3])}"
                        f"{' ...' if len(lost) > 3 else ''} OSPF-passive (an adjacency runs "
                        "there but no link is recorded): discover the far-end devices first"
                    ),
                )
            )
            continue
        remediation = plan.remediation
        if stage is Stage.SNMP:
            # the users never show in a running config, so no diff holds them: deploy
            # checks `show snmp user` and sends them only where they do not fit
            _, users = split_write_only(intended[name])
            remediation = "".join(f"{line}\n" for line in (*remediation.splitlines(), *users))
        if not remediation.strip():
            outcomes.append(HostDeploy(name, DeployStatus.UNCHANGED))
            continue
        commands[name], expected[name] = remediation, staged
    store.init()
    if commands:
        todo = nr.filter(filter_func=lambda h: h.name in commands)
        result = todo.run(
            task=deploy_host,
            name=f"converge {stage.value}",
            on_failed=True,
            configs=commands,
            expected=expected,
            dry_run=not commit,
            revert_in=revert_in,
            check_interfaces=stage in _STATE_CHECKED,
            save_backup=store.save,
        )
        for name, multi in result.items():
            res = multi[0].result
            outcomes.append(
                res
                if isinstance(res, HostDeploy)
                else HostDeploy(name, DeployStatus.FAILED, error=reason(multi[0].exception))
            )
    nr.close_connections(on_failed=True)
    store.commit(f"pre-convergence backup ({stage.value})")
    after = audit_hosts(sub, renderer, intended=intended) if commit and commands else None
    return ConvergeReport(
        stage=stage,
        hosts=tuple(sorted(outcomes, key=lambda h: h.host)),
        after=after,
        seconds=time.perf_counter() - start,
    )
