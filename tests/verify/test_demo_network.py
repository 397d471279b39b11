"""The demo's network faults: where they go and how verify's answer is judged."""

from __future__ import annotations

from datetime import UTC, datetime

from tbwan.runbooks.demo import pick_drift_hosts
from tbwan.runbooks.demo_network import NetworkFaults, pick_network_faults, verdict
from tbwan.verify.intended import IntendedState
from tbwan.verify.models import Cause, Diagnosis, VerifyReport, build_verify_report


def test_faults_avoid_the_hand_changed_hosts_and_each_other(state: IntendedState) -> None:
    drift = pick_drift_hosts(state.host_role)
    faults = pick_network_faults(state, list(state.host_site), drift)
    assert faults.circuit and faults.area_host and faults.area_interface
    cut = state.sites[faults.circuit_site or ""].uplink
    assert cut is not None and cut.media == "copper" and cut.circuit == faults.circuit
    touched = {cut.host, cut.peer_host, faults.area_host}
    assert not touched & set(drift)
    assert faults.area_lines[-1] == " ip ospf 1 area 0"
    assert faults.expected == {
        (Cause.CARRIER, f"circuit {faults.circuit}"),
        (Cause.MISCONFIGURATION, f"{faults.area_host} {faults.area_interface}"),
    }


def test_no_fault_without_candidates(state: IntendedState) -> None:
    assert pick_network_faults(state, ["tb-sonv-rt01", "tb-sonv-sw01"], ()) == NetworkFaults()


def _report(*found: tuple[Cause, str]) -> VerifyReport:
    now = datetime.now(UTC)
    diags = [Diagnosis(subject=s, cause=c, hosts=(), sites=(), message="m") for c, s in found]
    return build_verify_report([], [], diags, started=now, finished=now)


def test_verdict_needs_exactly_the_planted_faults() -> None:
    faults = NetworkFaults(circuit="tbcl-1", area_host="hub", area_interface="Gi0/0/2.1")
    right = [(Cause.CARRIER, "circuit tbcl-1"), (Cause.MISCONFIGURATION, "hub Gi0/0/2.1")]
    assert verdict(_report(*right), faults)[0]
    wrong_cause = [(Cause.DEVICE, "circuit tbcl-1"), right[1]]
    ok, text = verdict(_report(*wrong_cause), faults)
    assert not ok and "missed ['carrier circuit tbcl-1']" in text
    ok, text = verdict(_report(*right, (Cause.UNKNOWN, "x")), faults)
    assert not ok and "also found ['unknown x']" in text
