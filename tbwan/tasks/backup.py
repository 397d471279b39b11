"""Nornir task: a host's running config through Netmiko, cleaned of volatile lines."""

from __future__ import annotations

import re

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.errors import DeployError
from tbwan.platforms import PLATFORMS

_VOLATILE = re.compile(
    r"^(?:Building configuration|Current configuration\s*:|! Last configuration change"
    r"|! NVRAM config last updated|ntp clock-period\s)"
)


def clean_running(text: str) -> str:
    """Drop the lines a device changes on its own, so unchanged configs compare equal.

    >>> clean_running("Building configuration...\\n\\nCurrent configuration : 9 bytes\\n"
    ...               "! Last configuration change at 10:00\\n!\\nhostname r1\\nend\\n")
    '!\\nhostname r1\\nend\\n'
    """
    lines = [ln.rstrip() for ln in text.splitlines() if not _VOLATILE.match(ln)]
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines).rstrip("\n") + "\n"


def running_command(platform: str | None) -> str:
    """The show command for a NAPALM platform name (``ios`` -> ``show running-config``)."""
    for row in PLATFORMS.values():
        if row.napalm_driver == platform:
            return row.running_config_command
    raise DeployError(
        f"no running-config command for platform {platform!r}: add it to tbwan/platforms.py"
    )


def fetch_running(task: Task) -> Result:
    """The running config (clear text, volatile lines removed) via nornir_netmiko."""
    command = running_command(task.host.platform)
    raw = task.run(
        task=netmiko_send_command, name="show running-config", command_string=command, enable=True
    ).result
    text = str(raw)
    if "\nend" not in f"\n{text}" or "% Invalid input" in text:
        raise DeployError(
            f"host {task.host.name}: `{command}` did not return a config; "
            "check the enable secret (TBWAN_ENABLE_SECRET)"
        )
    return Result(host=task.host, result=clean_running(text))
