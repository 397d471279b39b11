"""A commit waiting for confirmation: the device's rollback timer, read from its output.

A commit made under a rollback timer (IOS ``configure replace ... timer N``) reverts by
itself unless confirmed. If tbwan dies between the commit and the confirmation (``kill
-9``, a lost management host), the device keeps the change for N minutes and then
silently goes back; every command that connects reports this state, and ``deploy``
settles it. Parsing is per platform (the command lives in :mod:`tbwan.platforms`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PendingCommit:
    """A rollback timer running on a device."""

    user: str
    minutes: int
    configured: str  # as the device printed it
    reverts_at: str  # "HH:MM TZ" on the device's clock, "" if its time was unreadable

    def describe(self) -> str:
        """One line for people.

        >>> PendingCommit("tbwan", 5, "14:17:47 UTC Tue Dec 1 2026", "14:22 UTC").describe()
        'commit pending confirmation, reverts at 14:22 UTC (timer of 5 min set by tbwan)'
        """
        return (
            f"commit pending confirmation, reverts at {self.when} "
            f"(timer of {self.minutes} min set by {self.user})"
        )

    @property
    def when(self) -> str:
        """When the device reverts, as exactly as its output allows."""
        return self.reverts_at or f"{self.minutes} min after {self.configured}"


_IOS_FIELD = re.compile(r"^\s*(Time configured[^:]*|Timer type|Timer value|User)\s*:\s*(.*?)\s*$")
# "14:17:47 UTC Tue Dec 1 2026", "*14:17:47.123 CET ...": "*"/"." mark an unsynced clock
_IOS_TIME = re.compile(r"^[*.]?(\d{1,2}):(\d{2})(?::\d{2})?(?:\.\d+)?\s+(\S+)")


def parse_ios(text: str) -> PendingCommit | None:
    """``show archive config rollback timer`` of IOS / IOS-XE, or None when none runs.

    >>> parse_ios("%No Rollback Confirmed Change pending") is None
    True
    >>> out = "Time configured(or reset): 23:58:10 UTC Tue Dec 1 2026\\nTimer value: 5 min"
    >>> pending = parse_ios(out + "\\nUser: tbwan")
    >>> pending.reverts_at, pending.minutes, pending.user
    ('00:03 UTC', 5, 'tbwan')
    """
    fields: dict[str, str] = {}
    for line in text.splitlines():
        match = _IOS_FIELD.match(line)
        if match:
            key = "configured" if match.group(1).startswith("Time conf") else match.group(1)
            fields[key] = match.group(2)
    minutes = re.match(r"(\d+)", fields.get("Timer value", ""))
    if minutes is None:
        return None
    configured = fields.get("configured", "")
    reverts_at = ""
    clock = _IOS_TIME.match(configured)
    if clock:
        total = (int(clock.group(1)) * 60 + int(clock.group(2)) + int(minutes.group(1))) % 1440
        reverts_at = f"{total // 60:02d}:{total % 60:02d} {clock.group(3)}"
    return PendingCommit(
        user=fields.get("User", "?"),
        minutes=int(minutes.group(1)),
        configured=configured,
        reverts_at=reverts_at,
    )


# "0   2026-12-01 14:17:47 UTC by tbwan via netconf commit confirmed, rollback in 5mins"
_JUNOS_COMMIT = re.compile(
    r"^\s*0\s+(?P<configured>\S+\s+(?P<h>\d{1,2}):(?P<m>\d{2}):\d{2}\s+(?P<tz>\S+))\s+"
    r"by\s+(?P<user>\S+)\s+via\s+\S+.*?\bcommit confirmed, rollback in\s+(?P<minutes>\d+)\s*min"
)


def parse_junos(text: str) -> PendingCommit | None:
    """``show system commit`` of Junos: the newest commit, if it waits for confirmation.

    A confirmed commit is a new commit, so only entry 0 can be pending.

    >>> out = ("0   2026-12-01 23:58:10 UTC by tbwan via netconf commit confirmed, "
    ...        "rollback in 5mins\\n1   2026-12-01 23:50:00 UTC by admin via cli\\n")
    >>> pending = parse_junos(out)
    >>> pending.reverts_at, pending.minutes, pending.user
    ('00:03 UTC', 5, 'tbwan')
    >>> parse_junos("0   2026-12-01 23:59:00 UTC by tbwan via netconf\\n" + out[3:]) is None
    True
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    match = _JUNOS_COMMIT.match(first)
    if match is None:
        return None
    minutes = int(match.group("minutes"))
    total = (int(match.group("h")) * 60 + int(match.group("m")) + minutes) % 1440
    return PendingCommit(
        user=match.group("user"),
        minutes=minutes,
        configured=match.group("configured"),
        reverts_at=f"{total // 60:02d}:{total % 60:02d} {match.group('tz')}",
    )


PARSERS: dict[str, Callable[[str], PendingCommit | None]] = {
    "cisco_ios": parse_ios,
    "juniper_junos": parse_junos,
}
"""netutils network driver -> parser of its rollback timer command's output."""
