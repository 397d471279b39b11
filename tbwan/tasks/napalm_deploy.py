"""Nornir tasks over NAPALM: running config, stage/commit, confirm, restore, checks.

Each task is thin: one NAPALM call or two, ``changed`` from the device's own diff, dry-run
honoured. The per-host deploy workflow (:mod:`tbwan.tasks.deploy_host`) strings them.
"""

from __future__ import annotations

from typing import Any

from nornir.core.task import Result, Task

from tbwan.diff import plan_changes
from tbwan.diff.reencoded import drop_reencoded
from tbwan.diff.secrets import mask_diff
from tbwan.platforms import Platform, platform_of
from tbwan.tasks.napalm_connection import CONNECTION_NAME


def _device(task: Task) -> Any:
    return task.host.get_connection(CONNECTION_NAME, task.nornir.config)


def running_config(device: Any, platform: Platform) -> str:
    """The running config through NAPALM, in the platform's format (Junos: set form)."""
    fmt = platform.napalm_config_format
    extra = {} if fmt == "text" else {"format": fmt}
    return str(device.get_config(retrieve="running", **extra)["running"])


def load_candidate(device: Any, platform: Platform, config: str, *, replace: bool) -> None:
    """Load ``config`` as the candidate: merged, or replacing the whole config.

    Junos set form has no replace action (PyEZ refuses ``overwrite`` with ``set``), so a
    replace there is a merge of ``delete`` and the set lines: the candidate is emptied and
    rebuilt in one load, and ``compare_config`` shows only the real difference.
    """
    if not replace:
        device.load_merge_candidate(config=config)
        return
    text, as_merge = platform.replace_load(config)
    if as_merge:
        device.load_merge_candidate(config=text)
    else:
        device.load_replace_candidate(config=text)


def napalm_running_config(task: Task) -> Result:
    """The host's running config (clear text: callers mask before storing)."""
    return Result(host=task.host, result=running_config(_device(task), platform_of(task.host)))


def napalm_stage(task: Task, *, config: str, replace: bool = False) -> Result:
    """Load ``config`` as a merge (or replace) candidate and compare; nothing changes yet.

    Returns:
        ``diff``: the device's diff with secrets masked; ``changed``: whether it is non-empty.
    """
    device, platform = _device(task), platform_of(task.host)
    load_candidate(device, platform, config, replace=replace)
    # a secret the device only encoded again (Junos $9$, random salt) is no change
    diff = drop_reencoded(str(device.compare_config() or "").strip(), platform)
    masked = mask_diff(diff, platform=platform)
    return Result(host=task.host, diff=masked, changed=bool(diff))


def napalm_commit(
    task: Task, *, dry_run: bool | None = None, revert_in: int | None = None
) -> Result:
    """Commit the staged candidate, or discard it in a dry run.

    Args:
        task: The Nornir task.
        dry_run: Discard instead (Nornir's global dry-run when None).
        revert_in: Seconds of the device's rollback timer (IOS archive): the change is kept
            only once :func:`napalm_confirm` runs, so a lost session reverts by itself.
    """
    device = _device(task)
    if task.is_dry_run(dry_run):
        device.discard_config()
        return Result(host=task.host, result="discarded (dry run)")
    if revert_in:
        revert_in = platform_of(task.host).revert_seconds(revert_in)
    device.commit_config(revert_in=revert_in)
    return Result(host=task.host, result="committed", changed=True)


def napalm_confirm(task: Task) -> Result:
    """Confirm a commit made with a rollback timer (the device then writes memory)."""
    device = _device(task)
    if not device.has_pending_commit():
        return Result(host=task.host, result="no pending commit")
    device.confirm_commit()
    return Result(host=task.host, result="confirmed", changed=True)


def napalm_drop_session_lines(task: Task, *, intended: str, lines: tuple[str, ...]) -> Result:
    """Remove ``lines`` a killed NAPALM session left in the running config.

    NAPALM's IOS driver sets ``file prompt quiet`` for its session and removes it when the
    session closes; a session killed mid-deploy never does, and the next session sees the
    line as configured and leaves it. Lines the intended config holds are kept.
    """
    if not lines:  # the platform's driver leaves nothing behind (Junos)
        return Result(host=task.host, result=[])
    device = _device(task)
    running = running_config(device, platform_of(task.host)).splitlines()
    stale = [line for line in lines if line in running and line not in intended.splitlines()]
    if not stale:
        return Result(host=task.host, result=stale)
    device.device.send_config_set([f"no {line}" for line in stale])
    device.device.save_config()
    return Result(host=task.host, result=stale, changed=True)


def napalm_restore(task: Task, *, before: str) -> Result:
    """Put the running config back to ``before`` (the pre-change backup).

    A pending rollback timer is reverted now; otherwise, if the running config differs from
    ``before``, ``before`` is loaded as a full replace. Never uses a rollback file left on
    flash by an older run.
    """
    device = _device(task)
    if device.has_pending_commit():
        device.rollback()
        return Result(host=task.host, result="reverted the pending commit", changed=True)
    platform = platform_of(task.host)
    current = running_config(device, platform)
    if not plan_changes(before, current, platform=platform).remediation.strip():
        return Result(host=task.host, result="running config already as before")
    load_candidate(device, platform, before, replace=True)
    device.commit_config()
    return Result(host=task.host, result="restored the pre-change config", changed=True)


def napalm_interfaces_down(task: Task, *, names: list[str]) -> Result:
    """Which of ``names`` are not up (absent, admin down or line protocol down).

    The task fails when any is down, so a post-check reads as a failed result.
    """
    interfaces: dict[str, dict[str, Any]] = _device(task).get_interfaces()
    down = [
        n
        for n in names
        if n not in interfaces or not (interfaces[n]["is_enabled"] and interfaces[n]["is_up"])
    ]
    return Result(host=task.host, result=down, failed=bool(down))
