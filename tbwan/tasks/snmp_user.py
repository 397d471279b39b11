"""Nornir tasks for the write-only lines (SNMPv3 users): read ``show snmp user``, push.

IOS never shows ``snmp-server user`` in its running config (:mod:`tbwan.diff.writeonly`),
so deploy pushes these lines apart from the NAPALM candidate, and both deploy and the
audit decide from ``show snmp user`` whether the users exist with the right group and
algorithms. A passphrase cannot be read back from a device: a user whose group and
algorithms fit counts as present.
"""

from __future__ import annotations

from typing import Any

from nornir.core.task import Result, Task
from nornir_netmiko.tasks import netmiko_send_command

from tbwan.diff import mask_secrets
from tbwan.diff.models import FeatureDrift
from tbwan.diff.writeonly import (
    SHOW_SNMP_USER,
    SnmpUser,
    expected_snmp_users,
    parse_snmp_users,
    snmp_user_drift,
)
from tbwan.errors import DeployError
from tbwan.tasks.napalm_connection import CONNECTION_NAME


def _device(task: Task) -> Any:
    return task.host.get_connection(CONNECTION_NAME, task.nornir.config)


def _parse(host: str, raw: str) -> list[SnmpUser]:
    first = next((line for line in raw.splitlines() if line.strip()), "")
    if first.lstrip().startswith("%"):
        raise DeployError(f"host {host}: `{SHOW_SNMP_USER}` refused ({first.strip()})")
    try:
        return parse_snmp_users(raw)
    except Exception as exc:  # textfsm's error on a line its template does not know
        raise DeployError(
            f"host {host}: `{SHOW_SNMP_USER}` output not understood ({exc}; "
            f"first line {first.strip()!r})"
        ) from None


def snmp_users_netmiko(task: Task) -> Result:
    """The device's SNMPv3 users (``show snmp user`` through nornir_netmiko)."""
    raw = task.run(
        task=netmiko_send_command, name=SHOW_SNMP_USER, command_string=SHOW_SNMP_USER, enable=True
    ).result
    return Result(host=task.host, result=_parse(task.host.name, str(raw)))


def snmp_users_napalm(task: Task) -> Result:
    """The device's SNMPv3 users, through the deploy's NAPALM session."""
    raw = _device(task).cli([SHOW_SNMP_USER])[SHOW_SNMP_USER]
    return Result(host=task.host, result=_parse(task.host.name, str(raw)))


def write_only_drift(task: Task, *, lines: list[str]) -> Result:
    """Compare the users ``lines`` create with the device's (NAPALM session).

    Returns:
        ``result``: the :class:`FeatureDrift` or None; ``diff``: the lines to push, masked.
    """
    users: list[SnmpUser] = task.run(task=snmp_users_napalm, name=SHOW_SNMP_USER).result
    drift = snmp_user_drift(expected_snmp_users("\n".join(lines)), users)
    diff = "" if drift is None else "\n".join("+" + mask_secrets(line) for line in lines)
    return Result(host=task.host, result=drift, diff=diff)


def push_write_only(task: Task, *, lines: list[str]) -> Result:
    """Send ``lines`` (real secrets) in config mode, then check ``show snmp user``.

    Raises:
        DeployError: The device refused a line, or the users still do not fit.
    """
    output = str(_device(task).device.send_config_set(lines))
    if "% Invalid" in output or "% Incomplete" in output:
        # the output echoes the lines with their keys: only the masked lines may be shown
        shown = "; ".join(mask_secrets(line) for line in lines)
        raise DeployError(f"host {task.host.name}: the device refused {shown}")
    users: list[SnmpUser] = task.run(task=snmp_users_napalm, name="post-check snmp users").result
    drift: FeatureDrift | None = snmp_user_drift(expected_snmp_users("\n".join(lines)), users)
    if drift is not None:
        raise DeployError(
            f"host {task.host.name}: after the push, `{SHOW_SNMP_USER}` still lacks "
            + ", ".join(" ".join(p) for p in drift.missing)
        )
    return Result(host=task.host, changed=True, result="snmp users pushed")
