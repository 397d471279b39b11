"""Nornir task: the whole deploy of one host, with pre-change backup and automatic rollback.

Steps: running config (kept as the pre-change backup) -> stage the candidate and compare
-> commit under a device rollback timer (unless dry-run) -> post-checks (config matches
intended, template interfaces up) -> confirm (the device writes memory). A failed commit
or post-check restores the pre-change config and the host is reported failed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from tbwan.diff import diff_configs
from tbwan.diff.quick import covers
from tbwan.errors import PostCheckError
from tbwan.tasks.failures import reason
from tbwan.tasks.napalm_connection import CONNECTION_NAME
from tbwan.tasks.napalm_deploy import (
    napalm_commit,
    napalm_confirm,
    napalm_interfaces_down,
    napalm_restore,
    napalm_running_config,
    napalm_stage,
)


class DeployStatus(StrEnum):
    """Outcome of deploying one host."""

    UNCHANGED = "unchanged"
    WOULD_CHANGE = "would-change"
    CHANGED = "changed"
    ROLLED_BACK = "rolled-back"
    ROLLBACK_FAILED = "rollback-failed"
    FAILED = "failed"


@dataclass(frozen=True)
class HostDeploy:
    """What happened on one host; ``diff`` is masked."""

    host: str
    status: DeployStatus
    diff: str = ""
    error: str | None = None

    @property
    def failed(self) -> bool:
        """Whether the host ended in a failure (rolled back or not)."""
        return self.status in (
            DeployStatus.FAILED,
            DeployStatus.ROLLED_BACK,
            DeployStatus.ROLLBACK_FAILED,
        )


_INTERFACE = re.compile(r"^interface\s+(\S+)")


def template_interfaces(config: str) -> list[str]:
    """Interfaces the config defines and does not shut down.

    >>> template_interfaces("interface Gi0/0\\n description x\\ninterface Gi0/1\\n shutdown\\n")
    ['Gi0/0']
    """
    names: list[str] = []
    current: str | None = None
    for line in [*config.splitlines(), "!"]:
        match = _INTERFACE.match(line)
        if match or not line.startswith(" "):
            if current is not None:
                names.append(current)
            current = match.group(1) if match else None
        elif current is not None and line.strip() == "shutdown":
            current = None
    return names


def without_session_lines(running: str) -> str:
    """``running`` minus ``file prompt quiet``, which NAPALM sets for its session only.

    NAPALM's ``ios`` driver configures it to copy files without prompts and removes it
    when the session closes, so within the session it is not drift.

    >>> without_session_lines("hostname r1\\nfile prompt quiet\\n")
    'hostname r1\\n'
    """
    return "".join(
        line for line in running.splitlines(keepends=True) if line.rstrip() != "file prompt quiet"
    )


def _post_check(task: Task, intended: str, replace: bool, check_interfaces: bool) -> None:
    running = without_session_lines(
        str(task.run(task=napalm_running_config, name="post-check running config").result)
    )
    # a merge needs every intended line: the quick check settles most hosts
    if replace or not covers(running, intended):
        drift = diff_configs(task.host.name, intended, running)
        bad = drift.line_count if replace else drift.missing_count
        if bad:
            first = next(p for f in drift.features for p in (*f.missing, *f.extra))
            raise PostCheckError(
                f"config does not match intended after commit ({bad} lines, "
                f"e.g. {' > '.join(first)})"
            )
    if check_interfaces:
        task.run(
            task=napalm_interfaces_down,
            name="post-check interfaces up",
            names=template_interfaces(intended),
        )


def deploy_host(
    task: Task,
    *,
    configs: Mapping[str, str],
    replace: bool = False,
    dry_run: bool = True,
    revert_in: int | None = 300,
    check_interfaces: bool = True,
    save_backup: Callable[[str, str], object] | None = None,
    expected: Mapping[str, str] | None = None,
) -> Result:
    """Deploy ``configs[host]`` to the host (see the module docstring).

    Args:
        task: The Nornir task.
        configs: Host -> intended config with real secrets.
        replace: Full replace instead of merge.
        dry_run: Only stage, compare and discard.
        revert_in: Device rollback timer during the commit (None: no timer).
        check_interfaces: Run the interfaces-up post-check.
        save_backup: Called with (host, running config) before any change.
        expected: Host -> the whole config the device must run after the commit, when
            ``configs`` holds only commands (a remediation); checked exactly.
    """
    host = task.host.name
    intended = configs[host]
    before = str(task.run(task=napalm_running_config, name="pre-change backup").result)
    if save_backup is not None:
        save_backup(host, before)
    diff = task.run(task=napalm_stage, name="stage", config=intended, replace=replace).diff
    if not diff:
        task.run(task=napalm_commit, name="discard", dry_run=True)
        return Result(host=task.host, result=HostDeploy(host, DeployStatus.UNCHANGED))
    if dry_run:
        task.run(task=napalm_commit, name="discard", dry_run=True)
        return Result(
            host=task.host,
            diff=diff,
            changed=False,
            result=HostDeploy(host, DeployStatus.WOULD_CHANGE, diff),
        )
    try:
        task.run(task=napalm_commit, name="commit", dry_run=False, revert_in=revert_in)
        if expected is None:
            _post_check(task, intended, replace, check_interfaces)
        else:
            _post_check(task, expected[host], True, check_interfaces)
        if revert_in:
            task.run(task=napalm_confirm, name="confirm")
    except Exception as exc:  # any failure once the commit began: restore
        why = reason(exc)
        return _roll_back(task, before, diff, why)
    return Result(
        host=task.host, diff=diff, changed=True, result=HostDeploy(host, DeployStatus.CHANGED, diff)
    )


def _roll_back(task: Task, before: str, diff: str, why: str) -> Result:
    host = task.host.name
    # the session may be gone (dropped mid-commit): start a fresh one
    with contextlib.suppress(Exception):
        task.host.close_connection(CONNECTION_NAME)
    try:
        task.run(task=napalm_restore, name="rollback", before=before)
    except NornirSubTaskError as exc:
        return Result(
            host=task.host,
            diff=diff,
            failed=True,
            changed=True,
            result=HostDeploy(
                host,
                DeployStatus.ROLLBACK_FAILED,
                diff,
                f"{why}; ROLLBACK FAILED ({reason(exc)}): restore {host} from its pre-change "
                "backup by hand",
            ),
        )
    return Result(
        host=task.host,
        diff=diff,
        failed=True,
        changed=False,
        result=HostDeploy(
            host, DeployStatus.ROLLED_BACK, diff, f"{why}; rolled back to the pre-change config"
        ),
    )
