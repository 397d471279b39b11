"""Show-command bundles for a ticket: each command's output, secrets masked."""

from __future__ import annotations

from pathlib import Path

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.diff import mask_secrets

TICKET_COMMANDS = (
    "show version",
    "show running-config",
    "show inventory",
    "show ip interface brief",
    "show interfaces",
    "show ip ospf neighbor",
    "show ip route",
    "show logging",
)


def bundle_name(command: str) -> str:
    """The file name of a command's output.

    >>> bundle_name("show ip ospf neighbor")
    'show_ip_ospf_neighbor.txt'
    """
    return "_".join(command.split()) + ".txt"


def collect_shows(
    task: Task, *, folder: Path, commands: tuple[str, ...] = TICKET_COMMANDS
) -> Result:
    """Write every command's output to ``folder/<host>/``, secrets replaced by the mask.

    Returns:
        The files written.
    """
    target = folder / task.host.name
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for command in commands:
        out = task.run(
            task=netmiko_send_command, name=command, command_string=command, enable=True
        ).result
        path = target / bundle_name(command)
        path.write_text(mask_secrets(str(out)), encoding="utf-8")
        written.append(path)
    return Result(host=task.host, result=written)
