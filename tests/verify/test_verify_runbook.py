"""The verify runbook's pure helpers: who is asked what, and the exit status."""

from __future__ import annotations

from datetime import UTC, datetime

from tbwan.runbooks.verify import VerifyExit, duplex_wanted, evidence_intents, verify_exit
from tbwan.verify.intended import IntendedState
from tbwan.verify.models import (
    Check,
    CheckKind,
    HostVerify,
    SiteVerify,
    VerifyStatus,
    build_verify_report,
)

from .conftest import healthy, set_if


def test_far_ends_are_asked_only_about_the_selection(state: IntendedState) -> None:
    intents = evidence_intents(state, ["tb-13192-vu-thu-rt01"])
    assert set(intents) == {"tb-13192-vu-thu-rt01", "tb-ubnd-vuthu-rt01"}
    hub = intents["tb-ubnd-vuthu-rt01"]
    assert [x.interface for x in hub.links] == ["GigabitEthernet0/0/2.101"]
    assert [x.interface for x in hub.adjacencies] == ["GigabitEthernet0/0/2.101"]
    assert hub.services == () and hub.routes == () and hub.hsrp == ()
    assert len(intents["tb-13192-vu-thu-rt01"].services) == 4


def test_duplex_is_read_at_both_ends_of_a_link_with_errors(state: IntendedState) -> None:
    obs = healthy(state)
    intents = evidence_intents(state, ["tb-sonv-rt01", "tb-sonv-sw01"])
    assert duplex_wanted(intents, obs) == {}
    set_if(obs, "tb-sonv-sw01", "GigabitEthernet0/1", rx_errors=7)
    assert duplex_wanted(intents, obs) == {
        "tb-sonv-rt01": ["GigabitEthernet0/0/1"],
        "tb-sonv-sw01": ["GigabitEthernet0/1"],
    }


def _host(status: VerifyStatus, ok: bool = True) -> HostVerify:
    now = datetime.now(UTC)
    check = Check(kind=CheckKind.LINK, subject="x", ok=ok, expected="up", observed="up")
    asked = status in (VerifyStatus.OK, VerifyStatus.DOWN)
    return HostVerify(
        host=f"h-{status}-{ok}",
        site="s",
        region="r",
        role="ce-router",
        status=status,
        error=None if asked else "timed out",
        checks=(check,) if asked else (),
        started=now,
        finished=now,
    )


def test_exit_status_unreachable_wins_over_down() -> None:
    now = datetime.now(UTC)
    up = SiteVerify(site="s", region="r", ok=True)
    down = SiteVerify(site="s", region="r", ok=False)

    def exit_of(hosts: list[HostVerify], site: SiteVerify) -> VerifyExit:
        return verify_exit(build_verify_report(hosts, [site], [], started=now, finished=now))

    assert exit_of([_host(VerifyStatus.OK)], up) is VerifyExit.OK
    assert exit_of([_host(VerifyStatus.OK)], down) is VerifyExit.DOWN
    assert exit_of([_host(VerifyStatus.DOWN, ok=False)], up) is VerifyExit.DOWN
    both = [_host(VerifyStatus.DOWN, ok=False), _host(VerifyStatus.UNREACHABLE)]
    assert exit_of(both, down) is VerifyExit.INCOMPLETE
