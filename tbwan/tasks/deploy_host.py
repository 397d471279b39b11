"""Nornir task: the whole deploy of one host, with pre-change backup and automatic rollback.

Steps: running config (kept as the pre-change backup) -> stage the candidate and compare
-> commit under a device rollback timer (unless dry-run) -> post-checks (config matches
intended, template interfaces up) -> confirm (the device writes memory). A failed commit
or post-check restores the pre-change config and the host is reported failed.

Write-only lines (``snmp-server user``, which IOS never shows) are not in the NAPALM
candidate, where they would always read as a change: ``show snmp user`` tells whether
they are needed, and they are sent in config mode after the commit
(:mod:`tbwan.tasks.snmp_user`).

A commit an earlier run left pending (killed between commit and confirmation) is settled
first, instead of a new change: confirmed when the post-checks pass, else left to revert.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from tbwan.diff import diff_configs, mask_secrets
from tbwan.diff.quick import covers
from tbwan.diff.writeonly import drop_stored, split_write_only
from tbwan.errors import PostCheckError
from tbwan.pending_commit import PendingCommit
from tbwan.platforms import IOS, Platform, platform_of
from tbwan.tasks.failures import reason
from tbwan.tasks.napalm_connection import CONNECTION_NAME
from tbwan.tasks.napalm_deploy import (
    napalm_commit,
    napalm_confirm,
    napalm_drop_session_lines,
    napalm_interfaces_down,
    napalm_restore,
    napalm_running_config,
    napalm_stage,
)
from tbwan.tasks.pending import napalm_pending_commit
from tbwan.tasks.snmp_user import push_write_only, write_only_drift
from tbwan.tasks.verify import observe_host
from tbwan.verify.checks import check_host
from tbwan.verify.intended import HostIntent
from tbwan.verify.models import Check


class DeployStatus(StrEnum):
    """Outcome of deploying one host."""

    UNCHANGED = "unchanged"
    WOULD_CHANGE = "would-change"
    CHANGED = "changed"
    ROLLED_BACK = "rolled-back"
    ROLLBACK_FAILED = "rollback-failed"
    FAILED = "failed"
    CONFIRMED = "confirmed"  # a commit an earlier run left pending, now confirmed
    PENDING = "pending-commit"  # a commit left pending, not confirmed (it will revert)


@dataclass(frozen=True)
class HostDeploy:
    """What happened on one host; ``diff`` is masked."""

    host: str
    status: DeployStatus
    diff: str = ""
    error: str | None = None
    note: str | None = None  # what was done besides the diff (a pending commit confirmed)
    pending: bool = False  # committed under the rollback timer, not confirmed yet
    before: str = field(default="", repr=False, compare=False)  # clear text: never shown

    @property
    def failed(self) -> bool:
        """Whether the host ended in a failure (rolled back or not)."""
        return self.status in (
            DeployStatus.FAILED,
            DeployStatus.ROLLED_BACK,
            DeployStatus.ROLLBACK_FAILED,
            DeployStatus.PENDING,
        )


def template_interfaces(config: str, platform: Platform = IOS) -> list[str]:
    """Interfaces ``config`` defines and does not shut down (the platform's reading).

    >>> template_interfaces("interface Gi0/0\\n description x\\ninterface Gi0/1\\n shutdown\\n")
    ['Gi0/0']
    """
    return platform.enabled_interfaces(config)


SESSION_LINES = IOS.session_lines
"""Lines NAPALM's IOS driver sets for its session only (removed when it closes)."""


def without_session_lines(running: str, platform: Platform = IOS) -> str:
    """``running`` minus the lines NAPALM's driver sets for its session only.

    NAPALM's ``ios`` driver configures ``file prompt quiet`` to copy files without
    prompts and removes it when the session closes, so within the session it is not drift.

    >>> without_session_lines("hostname r1\\nfile prompt quiet\\n")
    'hostname r1\\n'
    """
    if not platform.session_lines:
        return running
    return "".join(
        line
        for line in running.splitlines(keepends=True)
        if line.rstrip() not in platform.session_lines
    )


def _post_check(task: Task, intended: str, replace: bool, check_interfaces: bool) -> None:
    platform = platform_of(task.host)
    running = without_session_lines(
        str(task.run(task=napalm_running_config, name="post-check running config").result),
        platform,
    )
    # a merge needs every intended line: the quick check settles most hosts
    if replace or not covers(running, intended):
        drift = diff_configs(task.host.name, intended, running, platform=platform_of(task.host))
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
            names=template_interfaces(intended, platform),
        )


class StateLostError(PostCheckError):
    """Raised when a commit lost state the plan still expects (a link, an adjacency...)."""


def lost_checks(before: tuple[Check, ...], after: tuple[Check, ...]) -> list[Check]:
    """Checks that passed before and fail after (what the change broke)."""
    was_ok = {(c.kind, c.subject) for c in before if c.ok}
    return [c for c in after if not c.ok and (c.kind, c.subject) in was_ok]


def describe_lost(lost: list[Check]) -> str:
    """``ospf GigabitEthernet0/0/2.101 (FULL with ... -> no neighbour), ...``."""
    return ", ".join(f"{c.kind} {c.subject} ({c.expected} -> {c.observed})" for c in lost)


def _state_checks(task: Task, intent: HostIntent, name: str) -> tuple[Check, ...]:
    obs = task.run(task=observe_host, name=name, intent=intent, detail=False).result
    return check_host(intent, obs)


def deploy_host(
    task: Task,
    *,
    configs: Mapping[str, str],
    replace: bool = False,
    dry_run: bool = True,
    revert_in: int | None = 300,
    check_interfaces: bool = True,
    save_backup: Callable[[str, str, Platform], object] | None = None,
    expected: Mapping[str, str] | None = None,
    renew_write_only: bool = False,
    state: Mapping[str, HostIntent] | None = None,
    confirm: bool = True,
    settle: float = 0.0,
) -> Result:
    """Deploy ``configs[host]`` to the host (see the module docstring).

    Args:
        task: The Nornir task.
        configs: Host -> intended config with real secrets.
        replace: Full replace instead of merge.
        dry_run: Only stage, compare and discard.
        revert_in: Device rollback timer during the commit (None: no timer).
        check_interfaces: Run the interfaces-up post-check.
        save_backup: Called with (host, running config, platform) before any change (the
            platform says which secrets to mask).
        expected: Host -> the whole config the device must run after the commit, when
            ``configs`` holds only commands (a remediation); checked exactly.
        renew_write_only: Send the write-only lines even where the device seems to have
            them (new SNMPv3 passphrases cannot be told from the old ones).
        state: Host -> the network state the host must keep (its links, adjacencies,
            tunnels, HSRP): read before the commit and after; anything lost rolls back.
        confirm: Confirm the commit here; False leaves it pending under the rollback
            timer for the runbook to confirm after its network-wide checks.
        settle: Seconds to wait after the commit before reading the state again.
    """
    host = task.host.name
    intended = configs[host]
    candidate, write_only = split_write_only(intended)
    before = str(task.run(task=napalm_running_config, name="pre-change backup").result)
    if not replace:  # a replace rebuilds the whole config: every line goes
        candidate = drop_stored(candidate, before, platform_of(task.host))
    if save_backup is not None:
        save_backup(host, before, platform_of(task.host))
    pending = task.run(task=napalm_pending_commit, name="pending commit").result
    if pending is not None:
        want = intended if expected is None else expected[host]
        exact = replace or expected is not None
        return _settle_pending(task, pending, want, exact, dry_run, check_interfaces)
    staged = task.run(task=napalm_stage, name="stage", config=candidate, replace=replace).diff
    users = ""
    if write_only:
        users = task.run(task=write_only_drift, name="snmp users", lines=write_only).diff
        if renew_write_only and not users:
            users = "\n".join("+" + mask_secrets(line) for line in write_only)
    diff = "\n".join(part for part in (staged, users) if part)
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
    intent = state.get(host) if state is not None else None
    pre = _state_checks(task, intent, "state before") if intent and not intent.empty else None
    try:
        if staged:
            task.run(task=napalm_commit, name="commit", dry_run=False, revert_in=revert_in)
            if expected is None:
                _post_check(task, intended, replace, check_interfaces)
            else:
                _post_check(task, expected[host], True, check_interfaces)
        else:
            task.run(task=napalm_commit, name="discard", dry_run=True)
        if users:
            task.run(task=push_write_only, name="push snmp users", lines=write_only)
        # nothing up before (a factory-fresh device): nothing the change can lose
        if intent is not None and pre is not None and any(c.ok for c in pre):
            time.sleep(settle)
            lost = lost_checks(pre, _state_checks(task, intent, "state after"))
            if lost:
                raise StateLostError(f"the change lost {describe_lost(lost)}")
        if staged and revert_in and confirm:
            task.run(task=napalm_confirm, name="confirm")
    except Exception as exc:  # any failure once the commit began: restore
        why = str(exc) if isinstance(exc, StateLostError) else reason(exc)
        return _roll_back(task, before, diff, why)
    outcome = HostDeploy(
        host,
        DeployStatus.CHANGED,
        diff,
        pending=bool(revert_in) and bool(staged) and not confirm,
        before=before,
    )
    return Result(host=task.host, diff=diff, changed=True, result=outcome)


def _settle_pending(
    task: Task,
    pending: PendingCommit,
    intended: str,
    exact: bool,
    dry_run: bool,
    check_interfaces: bool,
) -> Result:
    """A commit an earlier run left unconfirmed: confirm it if it is what was intended.

    The post-checks decide (the running config is the intended one, the template's
    interfaces are up). Otherwise nothing is touched: the device reverts by itself when
    its timer ends, which is the safe outcome of a commit nobody checked.
    """
    host = task.host.name
    state = pending.describe()
    try:
        _post_check(task, intended, exact, check_interfaces)
    except Exception as exc:  # a failed check leaves the timer to revert the change
        why = reason(exc)
        return Result(
            host=task.host,
            failed=True,
            result=HostDeploy(
                host,
                DeployStatus.PENDING,
                error=f"{state}; not confirmed, the post-check failed ({why}): it reverts "
                "by itself then; deploy again after that (or `configure revert now` on the "
                "device to revert at once)",
            ),
        )
    if dry_run:
        return Result(
            host=task.host,
            failed=True,
            result=HostDeploy(
                host,
                DeployStatus.PENDING,
                error=f"{state}; the running config is the intended one and passes the "
                "post-checks: `tbwan deploy --commit` confirms it",
            ),
        )
    try:
        task.run(task=napalm_confirm, name="confirm pending commit")
        task.run(
            task=napalm_drop_session_lines,
            name="session leftovers",
            intended=intended,
            lines=platform_of(task.host).session_lines,
        )
    except Exception as exc:  # e.g. the timer belongs to another user
        return Result(
            host=task.host,
            failed=True,
            result=HostDeploy(
                host, DeployStatus.PENDING, error=f"{state}; could not confirm: {reason(exc)}"
            ),
        )
    return Result(
        host=task.host,
        changed=True,
        result=HostDeploy(
            host,
            DeployStatus.CONFIRMED,
            note=f"confirmed the commit {pending.user} left pending (it would have reverted "
            f"at {pending.when})",
        ),
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
