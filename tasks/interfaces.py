"""Interface health: error counters (NAPALM) and duplex (``show interfaces``, TextFSM)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nornir.core.task import Result, Task
from nornir_napalm.plugins.tasks import napalm_get
from nornir_netmiko.tasks import netmiko_send_command

_ERROR_COUNTERS = ("rx_errors", "tx_errors", "rx_discards", "tx_discards")


@dataclass(frozen=True)
class InterfaceIssue:
    """One thing wrong with one interface."""

    interface: str
    problem: str


def interface_issues(
    interfaces: Mapping[str, Mapping[str, Any]],
    counters: Mapping[str, Mapping[str, Any]],
    duplex: Mapping[str, str],
    *,
    max_errors: int = 0,
) -> list[InterfaceIssue]:
    """Errors above ``max_errors``, half duplex, and enabled interfaces that are down.

    >>> interface_issues({"Gi0/1": {"is_enabled": True, "is_up": False}},
    ...                  {"Gi0/1": {"rx_errors": 3}}, {"Gi0/1": "Half-duplex"})
    ... # doctest: +NORMALIZE_WHITESPACE
    [InterfaceIssue(interface='Gi0/1', problem='down'),
     InterfaceIssue(interface='Gi0/1', problem='3 errors/discards'),
     InterfaceIssue(interface='Gi0/1', problem='half duplex')]
    """
    issues: list[InterfaceIssue] = []
    for name in sorted(set(interfaces) | set(counters) | set(duplex)):
        state = interfaces.get(name, {})
        if state.get("is_enabled") and not state.get("is_up"):
            issues.append(InterfaceIssue(name, "down"))
        errors = sum(int(counters.get(name, {}).get(c, 0) or 0) for c in _ERROR_COUNTERS)
        if errors > max_errors:
            issues.append(InterfaceIssue(name, f"{errors} errors/discards"))
        if duplex.get(name, "").lower().startswith("half"):
            issues.append(InterfaceIssue(name, "half duplex"))
    return issues


def duplex_by_interface(rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Interface -> duplex from the ntc-templates rows of ``show interfaces``.

    >>> duplex_by_interface([{"interface": "Gi0/1", "duplex": "Full-duplex"}])
    {'Gi0/1': 'Full-duplex'}
    """
    found = {}
    for row in rows:
        low = {str(k).lower(): str(v) for k, v in row.items()}
        if low.get("duplex"):
            found[low["interface"]] = low["duplex"]
    return found


def interface_health(task: Task, *, max_errors: int = 0) -> Result:
    """The host's interface issues; the task fails when there is one.

    Returns:
        A list of :class:`InterfaceIssue` (empty when every interface is healthy).
    """
    got = task.run(
        task=napalm_get, name="napalm getters", getters=["interfaces", "interfaces_counters"]
    ).result
    rows = task.run(
        task=netmiko_send_command,
        name="show interfaces",
        command_string="show interfaces",
        use_textfsm=True,
    ).result
    duplex = duplex_by_interface(rows if isinstance(rows, list) else [])
    issues = interface_issues(
        got["interfaces"], got["interfaces_counters"], duplex, max_errors=max_errors
    )
    return Result(host=task.host, result=issues, failed=bool(issues))
