"""Reading ``show archive config rollback timer``: what the lab prints and variants a
real IOS device may print (an unsynchronised clock, another time zone, milliseconds,
no archive configured), parsed into when the device reverts."""

from __future__ import annotations

import pytest

from tbwan.pending_commit import parse_ios
from tbwan.platforms import get_platform

LAB = """Time configured(or reset): 14:17:47 UTC Tue Dec 01 2026
Timer type: Rollback
Timer value: 5 min
User: tbwan"""


@pytest.mark.parametrize(
    ("text", "reverts_at", "minutes", "user"),
    [
        (LAB, "14:22 UTC", 5, "tbwan"),
        (LAB.replace("14:17:47 UTC", "*23:58:10.123 ICT"), "00:03 ICT", 5, "tbwan"),
        (
            LAB.replace("14:17:47", ".09:00:00").replace("5 min", "120 min"),
            "11:00 UTC",
            120,
            "tbwan",
        ),
        (
            "\n  Time configured(or reset): 10:00:00 CET Mon Jan 5 2026\n  Timer type: Rollback\n"
            "  Timer value: 10 min\n  User: netadmin\n",
            "10:10 CET",
            10,
            "netadmin",
        ),
    ],
    ids=["lab", "unsynced-clock-midnight", "dot-clock-2h", "indented"],
)
def test_pending_commit_is_read(text: str, reverts_at: str, minutes: int, user: str) -> None:
    pending = parse_ios(text)
    assert pending is not None
    assert (pending.reverts_at, pending.minutes, pending.user) == (reverts_at, minutes, user)
    assert pending.describe().startswith(f"commit pending confirmation, reverts at {reverts_at}")


def test_unreadable_clock_still_says_when() -> None:
    pending = parse_ios(LAB.replace("14:17:47 UTC Tue Dec 01 2026", "unknown"))
    assert pending is not None and pending.reverts_at == ""
    assert "reverts at 5 min after unknown" in pending.describe()


@pytest.mark.parametrize(
    "text",
    [
        "%No Rollback Confirmed Change pending",
        "% Invalid input detected at '^' marker.",
        "",
        "Archive feature not enabled",
    ],
)
def test_no_pending_commit(text: str) -> None:
    assert parse_ios(text) is None


def test_the_platform_names_the_command() -> None:
    ios = get_platform("ios")
    assert ios.rollback_timer_command == "show archive config rollback timer"
    assert ios.pending_commit(LAB) == parse_ios(LAB)
