"""The DIC firewall as a Juniper SRX in the lab, driven by tbwan end to end.

The lab serves ``tb-ttthdl-fw01`` as an SRX1500 (NETCONF for NAPALM's ``junos`` driver,
the Junos CLI for Netmiko) and its IOS peers (the DIC edge and cores, the backup site's
router), cabled as the inventory says. tbwan's deploy, backup, audit, remediation and
verify run on them as on any host: set form, ``commit confirmed`` confirmed by the
post-checks, a rollback when a post-check fails, Junos secrets never shown.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lab_env import LabEnv

from tbwan.diff import Feature
from tbwan.inventory.loader import load_inventory
from tbwan.lab import control
from tbwan.report import ExitStatus, HostStatus, exit_status
from tbwan.runbooks.audit import audit_hosts, write_audit
from tbwan.runbooks.backup import backup_configs
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.remediate import load_report, remediate
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.statecheck import StateGuard
from tbwan.runbooks.verify import VerifyExit, verify_exit, verify_network
from tbwan.tasks.deploy_host import DeployStatus
from tbwan.tasks.pending import pending_commit
from tbwan.verify.intended import intended_state

pytestmark = [pytest.mark.lab, pytest.mark.slow, pytest.mark.xdist_group("e2e-srx")]

REPO = Path(__file__).resolve().parents[2]
FW = "tb-ttthdl-fw01"
PEERS = ("tb-ttthdl-edge01", "tb-ttthdl-core01", "tb-ttthdl-core02", "tb-dcdp-rt01")
HOSTS = (FW, *PEERS)
CABLED = True  # links, OSPF and routes for the post-checks and verify
SECRET_VARS = ("TBWAN_TACACS_KEY", "TBWAN_IPSEC_PSK", "TBWAN_SNMP_AUTH", "TBWAN_SNMP_PRIV")


@pytest.fixture(scope="module")
def srx(lab_env: LabEnv) -> LabEnv:
    """The SRX and its peers, factory-fresh, cabled as the inventory says."""
    return lab_env


def _running(env: LabEnv) -> str:
    """The SRX's committed configuration, read out of band."""
    return control.running_config(env.lab_dir, FW)


@pytest.fixture
def deployed(srx: LabEnv) -> LabEnv:
    """The SRX and its peers running their intended configs (whatever ran before)."""
    result = deploy(srx.nornir(), srx.renderer(), store=srx.store(), commit=True, replace=True)
    assert not result.failed, [(h.host, h.error) for h in result.failed]
    return srx


def _secrets() -> list[str]:
    return [os.environ[v] for v in SECRET_VARS]


def _pending(srx: LabEnv) -> object:
    """The SRX's pending commit (``show system commit`` through Netmiko), None if none."""
    result = srx.nornir(FW).run(task=pending_commit)
    assert not result.failed, result[FW].exception
    return result[FW].result


def test_backup_is_set_form_and_a_dry_run_changes_nothing(srx: LabEnv) -> None:
    report = backup_configs(srx.nornir(FW), srx.store())
    assert report.saved == (FW,) and not report.failed
    text = (srx.store().root / f"{FW}.cfg").read_text(encoding="utf-8")
    assert f"set system host-name {FW}" in text.splitlines()
    before = _running(srx)
    result = deploy(srx.nornir(FW), srx.renderer(), store=srx.store(), replace=True)
    (host,) = result.hosts
    assert host.status is DeployStatus.WOULD_CHANGE, host.error
    assert "security-zone" in host.diff and "st0" in host.diff  # the device's own diff
    assert not [s for s in _secrets() if s in host.diff], host.diff
    assert _running(srx) == before


def test_commit_confirmed_then_the_audit_is_clean(srx: LabEnv) -> None:
    result = deploy(srx.nornir(), srx.renderer(), store=srx.store(), commit=True, replace=True)
    assert {h.host: h.status for h in result.hosts} == dict.fromkeys(HOSTS, DeployStatus.CHANGED), [
        (h.host, h.error) for h in result.hosts
    ]
    # confirmed by the post-checks: no commit is left waiting on the SRX
    assert _pending(srx) is None
    report = audit_hosts(srx.nornir(), srx.renderer())
    assert report.counts.compliant == len(HOSTS), [(h.host, h.drift) for h in report.hosts]
    # the SRX stores each secret $9$-encoded with a fresh salt: the clear values sent
    # again (a merge, a full replace) encode differently and are still no change
    for replace in (False, True):
        again = deploy(
            srx.nornir(FW), srx.renderer(), store=srx.store(), commit=True, replace=replace
        )
        assert [h.status for h in again.hosts] == [DeployStatus.UNCHANGED], again.hosts


def test_backup_after_deploy_holds_no_secret(deployed: LabEnv) -> None:
    srx = deployed
    assert not backup_configs(srx.nornir(FW), srx.store()).failed
    text = (srx.store().root / f"{FW}.cfg").read_text(encoding="utf-8")
    assert 'set security ike policy TBWAN-IKE pre-shared-key ascii-text "<removed>"' in text
    assert 'set system tacplus-server 10.34.16.10 secret "<removed>"' in text
    assert not [s for s in _secrets() if s in text]
    assert all(line.startswith("set ") for line in text.splitlines() if line.strip())


def test_planted_drift_is_found_in_its_feature_and_remediated(deployed: LabEnv) -> None:
    srx = deployed
    line = "set system syslog host 10.34.250.250 any any"
    control.apply_config(srx.lab_dir, FW, [line])
    assert line in _running(srx).splitlines()
    report = audit_hosts(srx.nornir(FW), srx.renderer())
    assert exit_status(report) is ExitStatus.DRIFT
    (audit,) = report.hosts
    assert audit.status is HostStatus.DRIFTED and audit.drift is not None
    by_feature = audit.drift.by_feature()
    assert list(by_feature) == [Feature.MANAGEMENT]
    assert by_feature[Feature.MANAGEMENT].missing == ()
    assert by_feature[Feature.MANAGEMENT].extra == ((line,),)
    files = write_audit(report, srx.tmp / "reports", srx.tmp / "reports" / "t.prom")
    source, loaded = load_report(files.reports[0], srx.tmp / "reports")
    done = remediate(
        srx.nornir(FW),
        srx.renderer(),
        report=loaded,
        source=source,
        store=srx.store(),
        commit=True,
    )
    assert [h.status for h in done.hosts] == [DeployStatus.CHANGED], done.hosts
    assert "10.34.250.250" in done.hosts[0].diff  # the SRX's compare of the delete
    assert done.after is not None and done.after.counts.compliant == 1
    assert line not in _running(srx).splitlines()


def test_a_failing_post_check_rolls_the_srx_back(deployed: LabEnv) -> None:
    srx = deployed
    """A change that loses the OSPF adjacency to a core is undone inside its
    ``commit confirmed`` window: the state post-check fails, nothing is confirmed."""
    nr = srx.nornir(FW)
    intended = render_configs(nr, srx.renderer())[0][FW]
    ospf = "set protocols ospf area 0.0.0.0 interface ge-0/0/1.0 interface-type p2p"
    assert ospf in intended.splitlines()
    wrong = intended.replace(ospf, ospf.replace("area 0.0.0.0", "area 0.0.0.9"))
    before = _running(srx)
    guard = StateGuard(
        state=intended_state(load_inventory(REPO / "inventory")), nornir=srx.nornir()
    )
    result = deploy(
        nr, srx.renderer(), store=srx.store(), commit=True, configs={FW: wrong}, state=guard
    )
    (host,) = result.hosts
    assert host.status is DeployStatus.ROLLED_BACK, (host.status, host.error)
    assert "ospf ge-0/0/1.0" in (host.error or ""), host.error
    assert _running(srx) == before
    assert _pending(srx) is None


def test_verify_the_dic_site_with_the_srx(deployed: LabEnv) -> None:
    srx = deployed
    inventory = load_inventory(REPO / "inventory")
    report = verify_network(srx.nornir(), inventory, [FW], renderer=srx.renderer())
    checks = {(c.kind.value, c.subject): c for h in report.hosts for c in h.checks}
    ospf = {s: c.ok for (k, s), c in checks.items() if k == "ospf"}
    assert ospf and all(ospf.values()), ospf
    assert any(k == "tunnel" and c.ok for (k, _), c in checks.items()), checks
    assert verify_exit(report) is VerifyExit.OK, [d.message for d in report.diagnoses]


def test_ticket_bundle_of_the_srx_is_junos_and_masked(deployed: LabEnv) -> None:
    """The example runbook's show bundle asks the SRX Junos commands, masks Junos keys."""
    from tasks.collect import collect_shows

    srx = deployed
    folder = srx.tmp / "ticket"
    result = srx.nornir(FW).run(task=collect_shows, folder=folder)
    assert not result.failed, result[FW].exception
    config = (folder / FW / "show_configuration_display_set.txt").read_text(encoding="utf-8")
    assert 'set security ike policy TBWAN-IKE pre-shared-key ascii-text "<removed>"' in config
    everything = "".join(p.read_text(encoding="utf-8") for p in (folder / FW).iterdir())
    assert not [s for s in _secrets() if s in everything]
    ospf = (folder / FW / "show_ospf_neighbor.txt").read_text(encoding="utf-8")
    assert "Full" in ospf
