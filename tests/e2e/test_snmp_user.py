"""The SNMPv3 user: deploy creates it, the audit reads ``show snmp user`` and reports it."""

from __future__ import annotations

import os

import pytest

from tbwan.diff import Feature
from tbwan.diff.writeonly import SnmpUser
from tbwan.lab import control
from tbwan.report import HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.deploy import deploy
from tbwan.tasks.deploy_host import DeployStatus
from tbwan.tasks.snmp_user import snmp_users_netmiko

from .conftest import HOSTS, LabEnv

pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("e2e-snmp")]

WANT = SnmpUser("tbwan-mon", "TBWAN-RO", "SHA", "AES128")
LINE = "snmp-server user tbwan-mon TBWAN-RO v3 auth sha <removed> priv aes 128 <removed>"


def _users(env: LabEnv) -> dict[str, list[SnmpUser]]:
    nr = env.nornir()
    result = nr.run(task=snmp_users_netmiko)
    nr.close_connections()
    return {host: multi[0].result for host, multi in result.items()}


def test_deploy_creates_the_user_on_every_device(lab_env: LabEnv) -> None:
    assert _users(lab_env) == {h: [] for h in HOSTS}  # factory-fresh devices
    dry = deploy(lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), replace=True)
    for outcome in dry.hosts:
        assert f"+{LINE}" in outcome.diff
        assert os.environ["TBWAN_SNMP_AUTH"] not in outcome.diff
        assert os.environ["TBWAN_SNMP_PRIV"] not in outcome.diff
    assert _users(lab_env) == {h: [] for h in HOSTS}  # a dry run pushes nothing
    done = deploy(
        lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True, replace=True
    )
    assert {h.host: h.status for h in done.hosts} == dict.fromkeys(HOSTS, DeployStatus.CHANGED)
    assert _users(lab_env) == {h: [WANT] for h in HOSTS}
    for host in HOSTS:  # IOS keeps the user out of the running config
        assert "snmp-server user" not in control.running_config(lab_env.lab_dir, host)
    report = audit_hosts(lab_env.nornir(), lab_env.renderer())
    assert report.counts.compliant == len(HOSTS), [h.drift for h in report.hosts]
    again = deploy(lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True)
    assert {h.status for h in again.hosts} == {DeployStatus.UNCHANGED}


def test_audit_reports_a_missing_or_wrong_user_and_deploy_fixes_it(lab_env: LabEnv) -> None:
    gone, weak = HOSTS[0], HOSTS[1]
    assert control.apply_config(lab_env.lab_dir, gone, ["no snmp-server user tbwan-mon"]) == ""
    wrong = ["snmp-server user tbwan-mon TBWAN-RO v3 auth md5 abcdefgh1 priv des abcdefgh2"]
    assert control.apply_config(lab_env.lab_dir, weak, wrong) == ""
    report = audit_hosts(lab_env.nornir(), lab_env.renderer())
    by_host = {h.host: h for h in report.hosts}
    for host in (gone, weak):
        drift = by_host[host].drift
        assert by_host[host].status is HostStatus.DRIFTED and drift is not None
        assert list(drift.by_feature()) == [Feature.SNMPV3_USER]
        assert drift.by_feature()[Feature.SNMPV3_USER].missing == ((LINE,),)
    assert by_host[gone].drift.by_feature()[Feature.SNMPV3_USER].extra == ()  # type: ignore[union-attr]
    assert by_host[weak].drift.by_feature()[Feature.SNMPV3_USER].extra == (  # type: ignore[union-attr]
        ("snmp-server user tbwan-mon TBWAN-RO v3 auth md5 <removed> priv des <removed>",),
    )
    assert all(by_host[h].status is HostStatus.COMPLIANT for h in HOSTS[2:])

    fixed = deploy(lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True)
    status = {h.host: h.status for h in fixed.hosts}
    assert status == {
        h: DeployStatus.CHANGED if h in (gone, weak) else DeployStatus.UNCHANGED for h in HOSTS
    }
    assert _users(lab_env) == {h: [WANT] for h in HOSTS}
    assert audit_hosts(lab_env.nornir(), lab_env.renderer()).counts.compliant == len(HOSTS)
