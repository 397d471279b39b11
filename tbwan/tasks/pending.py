"""Nornir tasks: is a commit waiting for confirmation on the host (its rollback timer)?"""

from __future__ import annotations

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.pending_commit import PendingCommit
from tbwan.platforms import Platform, get_platform
from tbwan.tasks.napalm_connection import CONNECTION_NAME


def _platform(task: Task) -> Platform:
    return get_platform(str(task.host["tbwan_platform"]))


def pending_commit(task: Task) -> Result:
    """The host's pending commit (:class:`PendingCommit`) or None, read through Netmiko."""
    platform = _platform(task)
    output = task.run(
        task=netmiko_send_command,
        name="rollback timer",
        command_string=platform.rollback_timer_command,
        enable=True,
    ).result
    found: PendingCommit | None = platform.pending_commit(str(output))
    return Result(host=task.host, result=found)


def napalm_pending_commit(task: Task) -> Result:
    """As :func:`pending_commit`, through the host's NAPALM session (deploy's)."""
    platform = _platform(task)
    command = platform.rollback_timer_command
    device = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
    output = device.cli([command])[command]
    return Result(host=task.host, result=platform.pending_commit(str(output)))
