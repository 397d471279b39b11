"""Deploy, audit, drift, remediation and backups against the lab with the real clients."""

from __future__ import annotations

import subprocess

import pytest

from tbwan.diff import Feature
from tbwan.lab import control
from tbwan.report import ExitStatus, HostStatus, exit_status
from tbwan.runbooks.audit import audit_hosts, write_audit
from tbwan.runbooks.backup import backup_configs
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.remediate import load_report, remediate
from tbwan.tasks.deploy_host import DeployStatus

from .conftest import HOSTS, LabEnv

pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("e2e-deploy")]


def _running(env: LabEnv) -> dict[str, str]:
    return {h: control.running_config(env.lab_dir, h) for h in HOSTS}


def test_backup_then_dry_run_changes_nothing(lab_env: LabEnv) -> None:
    report = backup_configs(lab_env.nornir(), lab_env.store())
    assert sorted(report.saved) == sorted(HOSTS) and not report.failed
    assert sorted(report.changed) == sorted(HOSTS)
    before = _running(lab_env)
    result = deploy(lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), replace=True)
    assert {h.status for h in result.hosts} == {DeployStatus.WOULD_CHANGE}
    assert all("+hostname" not in h.diff or h.diff for h in result.hosts)
    assert _running(lab_env) == before
    text = (lab_env.store().root / f"{HOSTS[0]}.cfg").read_text()
    assert "hostname" in text
    assert backup_configs(lab_env.nornir(), lab_env.store()).changed == ()


def test_commit_makes_the_audit_clean(lab_env: LabEnv) -> None:
    result = deploy(
        lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True, replace=True
    )
    assert {h.host: h.status for h in result.hosts} == dict.fromkeys(HOSTS, DeployStatus.CHANGED)
    report = audit_hosts(lab_env.nornir(), lab_env.renderer())
    assert report.counts.compliant == len(HOSTS), [h.drift for h in report.hosts]
    assert exit_status(report) is ExitStatus.COMPLIANT
    again = deploy(lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True)
    assert {h.status for h in again.hosts} == {DeployStatus.UNCHANGED}


MANUAL = {
    "tb-bchqs-sw01": (
        ["interface FastEthernet0/1", " description patched by hand"],
        Feature.INTERFACES,
        [("interface FastEthernet0/1", "description staff access")],
        [("interface FastEthernet0/1", "description patched by hand")],
    ),
    "tb-bhxh-sw01": (
        ["no aaa accounting exec default start-stop group TBWAN-AAA"],
        Feature.AAA,
        [("aaa accounting exec default start-stop group TBWAN-AAA",)],
        [],
    ),
    "tb-bqlkcn-sw01": (
        ["logging host 10.34.250.250"],
        Feature.MANAGEMENT,
        [],
        [("logging host 10.34.250.250",)],
    ),
    "tb-bvdk-sw01": (
        ["vlan 30", " name guests"],
        Feature.VLANS,
        [],
        [("vlan 30",), ("vlan 30", "name guests")],
    ),
}


def test_manual_drift_found_per_feature_then_remediated(lab_env: LabEnv) -> None:
    for host, (lines, *_rest) in MANUAL.items():
        assert control.apply_config(lab_env.lab_dir, host, lines) == ""
    report = audit_hosts(lab_env.nornir(), lab_env.renderer())
    assert exit_status(report) is ExitStatus.DRIFT
    by_host = {h.host: h for h in report.hosts}
    for host, (_lines, feature, missing, extra) in MANUAL.items():
        drift = by_host[host].drift
        assert drift is not None and by_host[host].status is HostStatus.DRIFTED
        assert list(drift.by_feature()) == [feature], drift.by_feature()
        assert list(drift.by_feature()[feature].missing) == missing
        assert list(drift.by_feature()[feature].extra) == extra
    assert by_host["tb-congan-sw01"].status is HostStatus.COMPLIANT
    files = write_audit(report, lab_env.tmp / "reports", lab_env.tmp / "reports" / "t.prom")
    source, loaded = load_report(None, lab_env.tmp / "reports")
    assert source == files.reports[0]

    dry = remediate(
        lab_env.nornir(*MANUAL),
        lab_env.renderer(),
        report=loaded,
        source=source,
        store=lab_env.store(),
    )
    assert {h.status for h in dry.hosts} == {DeployStatus.WOULD_CHANGE} and dry.after is None
    done = remediate(
        lab_env.nornir(*MANUAL),
        lab_env.renderer(),
        report=loaded,
        source=source,
        store=lab_env.store(),
        commit=True,
    )
    assert {h.status for h in done.hosts} == {DeployStatus.CHANGED}, done.hosts
    assert done.after is not None and done.after.counts.compliant == len(MANUAL)
    log = subprocess.run(
        ["git", "-C", str(lab_env.store().root), "log", "--format=%s"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pre-remediation backup: 4 hosts changed" in log
