"""Nornir task: a host's running config through Netmiko, cleaned of volatile lines."""

from __future__ import annotations

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.diff.normalize import in_banner_flags
from tbwan.errors import DeployError
from tbwan.platforms import IOS, Platform, platform_of


def clean_running(text: str, platform: Platform = IOS) -> str:
    """Drop what a device or client changes on its own, so unchanged configs compare equal.

    The platform's volatile lines go (a header, a commit stamp), and so do blank lines
    and repeated ``!`` (clients differ in how they print the header). A banner is kept
    whole: its blank lines are its text.

    >>> clean_running("Building configuration...\\n\\nCurrent configuration : 9 bytes\\n"
    ...               "! Last configuration change at 10:00\\n!\\n\\n!\\nhostname r1\\nend\\n")
    '!\\nhostname r1\\nend\\n'
    >>> clean_running("banner login ^C\\nHi\\n\\nBye\\n^C\\n\\nend\\n")
    'banner login ^C\\nHi\\n\\nBye\\n^C\\nend\\n'
    """
    raw_lines = text.splitlines()
    lines: list[str] = []
    for raw, in_banner in zip(raw_lines, in_banner_flags(raw_lines), strict=True):
        line = raw.rstrip("\r") if in_banner else raw.rstrip()
        if in_banner:  # banner text is kept as it is, blank lines included
            lines.append(line)
            continue
        if (
            not line
            or platform.volatile_lines.match(line)
            or (line == "!" and lines and lines[-1] == "!")
        ):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def fetch_running(task: Task) -> Result:
    """The running config (clear text, volatile lines removed) via nornir_netmiko."""
    platform = platform_of(task.host)
    command = platform.running_config_command
    raw = task.run(
        task=netmiko_send_command, name="show running-config", command_string=command, enable=True
    ).result
    text = str(raw)
    if not platform.is_complete(text):
        hint = (
            "check the enable secret (TBWAN_ENABLE_SECRET)"
            if platform.enable_secret
            else "check the user's login class (it must see the configuration)"
        )
        raise DeployError(f"host {task.host.name}: `{command}` did not return a config; {hint}")
    return Result(host=task.host, result=clean_running(text, platform))
