"""What the state post-checks watch and whom they blame (pure parts)."""

from __future__ import annotations

from tbwan.runbooks.statecheck import core_intent, culprits, host_intents, watched_sites
from tbwan.tasks.deploy_host import describe_lost, lost_checks
from tbwan.verify.intended import IntendedState
from tbwan.verify.models import Check, CheckKind


def _check(subject: str, ok: bool, kind: CheckKind = CheckKind.ROUTE) -> Check:
    return Check(kind=kind, subject=subject, ok=ok, expected="present",
                 observed="present" if ok else "absent")  # fmt: skip


def test_lost_is_what_passed_before_and_fails_after() -> None:
    before = (_check("a", True), _check("b", False), _check("c", True))
    after = (_check("a", False), _check("b", False), _check("c", True))
    assert [c.subject for c in lost_checks(before, after)] == ["a"]
    assert describe_lost(lost_checks(before, after)) == "route a (present -> absent)"


def test_a_hub_change_watches_its_district(state: IntendedState) -> None:
    sites = watched_sites(state, ["tb-ubnd-vuthu-rt01"])
    behind = {s.site for s in state.sites.values() if s.hub_site == "tb-ubnd-vuthu"}
    assert sites == behind | {"tb-ubnd-vuthu"} and len(behind) > 20
    assert watched_sites(state, ["tb-ttthdl-edge01"]) == set(state.sites)


def test_core_intent_holds_only_the_watched_routes(state: IntendedState) -> None:
    intent = core_intent(state, {"tb-13192-vu-thu"})
    assert intent is not None and intent.host == "tb-ttthdl-core01"
    assert {r.prefix for r in intent.routes} == {"10.34.192.0/27", "10.34.192.32/28"}
    assert core_intent(state, set()) is None


def test_host_intents_read_no_pings_or_routes(state: IntendedState) -> None:
    got = host_intents(state, ["tb-ubnd-vuthu-rt01"])["tb-ubnd-vuthu-rt01"]
    assert got.services == () and got.routes == () and len(got.adjacencies) > 20


def test_lost_route_blamed_on_the_commune_then_its_hub(state: IntendedState) -> None:
    lost = [_check("10.34.192.0/27", False)]  # tb-13192-vu-thu's staff LAN
    changed = ["tb-ubnd-vuthu-rt01", "tb-sonv-rt01"]
    assert culprits(state, lost, changed) == {"tb-ubnd-vuthu-rt01": lost}
    both = [*changed, "tb-13192-vu-thu-rt01"]
    assert culprits(state, lost, both) == {"tb-13192-vu-thu-rt01": lost}
    assert culprits(state, lost, ["tb-sonv-rt01"]) == {"tb-sonv-rt01": lost}
