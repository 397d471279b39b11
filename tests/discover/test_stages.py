"""Stages of convergence: which lines each stage owns, the config after a stage."""

from __future__ import annotations

from datetime import UTC, datetime

from tbwan.converge import ORDER, Stage, stage_config, stage_of
from tbwan.converge.baseline import baseline
from tbwan.converge.stages import newly_passive
from tbwan.diff import Feature, diff_configs, feature_rules, plan_changes
from tbwan.diff.models import FeatureDrift
from tbwan.diff.writeonly import SnmpUser
from tbwan.platforms import IOS
from tbwan.report import HostAudit, HostStatus, build_report

RUNNING = """hostname TB_R1
no aaa new-model
username support privilege 5 secret 0 abc
interface GigabitEthernet0/0/0
 description ** VNPT TBDL-005 **
 ip address 10.34.4.13 255.255.255.254
router ospf 1
 passive-interface default
 no passive-interface GigabitEthernet0/0/0
 network 10.34.4.12 0.0.0.1 area 0
ip route 192.168.62.0 255.255.255.0 10.34.67.125
access-list 10 permit 10.34.16.0 0.0.0.255
logging host 10.34.16.50
snmp-server community ro123 RO 10
line vty 0 4
 access-class 10 in
"""

INTENDED = """hostname tb-r1
aaa new-model
interface GigabitEthernet0/0/0
 description ** VNPT TBDL-005 **
 ip address 10.34.4.13 255.255.255.254
 ip ospf network point-to-point
 ip ospf 1 area 0
router ospf 1
 auto-cost reference-bandwidth 10000
 passive-interface default
 no passive-interface GigabitEthernet0/0/0
ip access-list standard TBWAN-MGMT
 permit 10.34.16.0 0.0.0.255
logging host 10.34.16.11
snmp-server host 10.34.16.13 version 3 priv tbwan-mon
ntp server 10.34.16.12
line vty 0 4
 access-class TBWAN-MGMT in
"""


def test_order_is_documented_least_risky_first() -> None:
    assert ORDER[:3] == (Stage.LOGGING, Stage.NTP, Stage.SNMP)
    assert ORDER.index(Stage.MANAGEMENT) < ORDER.index(Stage.AAA) < ORDER.index(Stage.ROUTING)
    assert ORDER[-1] is Stage.VPN


def test_each_stage_changes_only_its_lines_and_all_stages_converge() -> None:
    current = RUNNING
    rules = feature_rules({"10", "TBWAN-MGMT"})  # the VTY lists are management's
    for stage in ORDER:
        after = stage_config(INTENDED, current, stage)
        remediation = plan_changes(after, current, platform=IOS).remediation
        for line in remediation.splitlines():
            top = line if not line.startswith(" ") else None
            if top and top not in ("exit",):
                assert stage_of(top.removeprefix("no "), rules) is stage, (stage, line)
        current = after
    assert diff_configs("r1", INTENDED, current, platform=IOS).compliant


def test_management_takes_the_vty_access_list_with_it() -> None:
    after = stage_config(INTENDED, RUNNING, Stage.MANAGEMENT)
    assert "access-list 10 permit" not in after
    assert " permit 10.34.16.0 0.0.0.255" in after and "access-class TBWAN-MGMT in" in after
    assert "hostname tb-r1" in after and "logging host 10.34.16.50" in after


def test_routing_refuses_to_make_a_live_adjacency_passive() -> None:
    intended = INTENDED.replace(" no passive-interface GigabitEthernet0/0/0\n", "")
    after = stage_config(intended, RUNNING, Stage.ROUTING)
    assert newly_passive(after, RUNNING) == ["GigabitEthernet0/0/0"]
    assert newly_passive(stage_config(INTENDED, RUNNING, Stage.ROUTING), RUNNING) == []


def test_baseline_puts_the_snmpv3_users_in_the_snmp_stage() -> None:
    drift = diff_configs("tb-r1", INTENDED + "vlan 10\n", RUNNING, platform=IOS)
    user = SnmpUser("tbwan-mon", "TBWAN-RO", "SHA", "AES128").line()
    users = FeatureDrift(feature=Feature.SNMPV3_USER, missing=((user,),))
    drift = drift.model_copy(update={"features": (*drift.features, users)})
    now = datetime(2026, 1, 1, tzinfo=UTC)
    report = build_report(
        [HostAudit(host="tb-r1", site="s", region="r", role="x", status=HostStatus.DRIFTED,
                   drift=drift, started=now, finished=now)],
        started=now,
        finished=now,
    )  # fmt: skip
    rows = {r.stage: r for r in baseline(report).rows}
    staged = {s.value for s in ORDER if s is not Stage.VPN}  # no tunnel in either config
    assert set(rows) == {*staged, "vlans (not staged)"}  # no "snmpv3-user (not staged)"
    snmp = [p for p in drift.by_feature()[Feature.MANAGEMENT].missing if p[0].startswith("snmp")]
    assert (rows["snmp"].missing, len(snmp)) == (2, 1)  # the trap host and the user
