"""Show-command bundles for a ticket: each command's output, secrets masked."""

from __future__ import annotations

from pathlib import Path

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.diff import mask_secrets
from tbwan.platforms import platform_of

TICKET_COMMANDS: dict[str, tuple[str, ...]] = {
    "ios": (
        "show version",
        "show running-config",
        "show inventory",
        "show ip interface brief",
        "show interfaces",
        "show ip ospf neighbor",
        "show ip route",
        "show logging",
    ),
    "junos": (
        "show version",
        "show configuration | display set",
        "show chassis hardware",
        "show interfaces terse",
        "show interfaces",
        "show ospf neighbor",
        "show route",
        "show log messages",
    ),
}
"""The usual show commands of a ticket, per platform (the inventory's slug)."""


def bundle_name(command: str) -> str:
    """The file name of a command's output.

    >>> bundle_name("show ip ospf neighbor")
    'show_ip_ospf_neighbor.txt'
    >>> bundle_name("show configuration | display set")
    'show_configuration_display_set.txt'
    """
    return "_".join(w for w in command.split() if w != "|") + ".txt"


def collect_shows(task: Task, *, folder: Path, commands: tuple[str, ...] | None = None) -> Result:
    """Write every command's output to ``folder/<host>/``, secrets replaced by the mask
    (the host's platform's secret kinds).

    ``commands``: the host platform's :data:`TICKET_COMMANDS` when None.

    Returns:
        The files written.
    """
    platform = platform_of(task.host)
    if commands is None:
        commands = TICKET_COMMANDS.get(platform.slug, (platform.running_config_command,))
    target = folder / task.host.name
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for command in commands:
        out = task.run(
            task=netmiko_send_command, name=command, command_string=command, enable=True
        ).result
        path = target / bundle_name(command)
        path.write_text(mask_secrets(str(out), platform=platform), encoding="utf-8")
        written.append(path)
    return Result(host=task.host, result=written)
