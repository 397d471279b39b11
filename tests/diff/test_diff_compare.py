"""diff_configs and helpers: classification, normalization, driver rules, errors."""

from __future__ import annotations

import pytest

from tbwan.diff import Feature, classify, diff_configs, feature_rules, plan_changes
from tbwan.diff.normalize import strip_non_config
from tbwan.errors import DiffError
from tbwan.platforms import IOS

INTENDED = """\
hostname r1
username netops privilege 15 secret 0 OldPass1
interface GigabitEthernet0/0
 description WAN
 no shutdown
line vty 0 4
 access-class VTY in
ip access-list standard VTY
 permit 10.34.250.0 0.0.0.255
ip access-list extended LAN-IN
 permit ip any any
"""


@pytest.mark.parametrize(
    ("path", "feature"),
    [
        (("interface GigabitEthernet0/1", "shutdown"), Feature.INTERFACES),
        (("interface Tunnel0", "tunnel destination 10.34.255.1"), Feature.VPN),
        (("crypto isakmp policy 10", "group 14"), Feature.VPN),
        (("router ospf 1", "network 10.34.0.0 0.0.255.255 area 0"), Feature.ROUTING),
        (("router bgp 65034",), Feature.ROUTING),
        (("ip route 0.0.0.0 0.0.0.0 10.34.160.41",), Feature.ROUTING),
        (("aaa new-model",), Feature.AAA),
        (("username netops privilege 15 secret 9 <removed>",), Feature.AAA),
        (("tacacs server TAC1", "key 7 <removed>"), Feature.AAA),
        (("radius-server host 10.34.0.22",), Feature.AAA),
        (("snmp-server community <removed> RO",), Feature.MANAGEMENT),
        (("logging host 10.34.0.30",), Feature.MANAGEMENT),
        (("ntp server 10.34.0.10",), Feature.MANAGEMENT),
        (("line vty 0 4", "transport input ssh"), Feature.MANAGEMENT),
        (("ip ssh version 2",), Feature.MANAGEMENT),
        (("banner motd ^C\nhi\n^C",), Feature.MANAGEMENT),
        (("hostname r1",), Feature.MANAGEMENT),
        (("ip domain name thaibinh.gov.vn",), Feature.MANAGEMENT),
        (("vlan 10", "name STAFF"), Feature.VLANS),
        (("ip access-list extended LAN-IN", "permit ip any any"), Feature.SECURITY),
        (("access-list 110 permit ip any any",), Feature.SECURITY),
        (("zone-pair security IN-OUT source IN destination OUT",), Feature.SECURITY),
        (("class-map type inspect match-any WEB",), Feature.SECURITY),
        (("spanning-tree mode rapid-pvst",), Feature.OTHER),
    ],
)
def test_classify(path: tuple[str, ...], feature: Feature) -> None:
    assert classify(path) is feature


def test_vty_named_acl_is_management() -> None:
    running = INTENDED.replace(" permit 10.34.250.0", " permit 10.34.251.0")
    drift = diff_configs("r1", INTENDED, running, platform=IOS)
    assert [f.feature for f in drift.features] == [Feature.MANAGEMENT]
    assert classify(("ip access-list standard VTY",), feature_rules({"VTY"})) is Feature.MANAGEMENT


def test_no_shutdown_in_template_is_not_drift() -> None:
    assert diff_configs(
        "r1", INTENDED, INTENDED.replace(" no shutdown\n", ""), platform=IOS
    ).compliant


def test_username_change_is_one_command_not_a_delete() -> None:
    running = INTENDED.replace("OldPass1", "NewPass2")
    plan = plan_changes(INTENDED, running, platform=IOS)
    assert plan.remediation == "username netops privilege 15 secret 0 OldPass1\n"
    assert plan.rollback == "username netops privilege 15 secret 0 NewPass2\n"
    drift = diff_configs("r1", INTENDED, running, platform=IOS)
    assert drift.remediation == "username netops privilege 15 secret 0 <removed>\n"
    assert drift.by_feature()[Feature.AAA].line_count == 2
    assert "OldPass1" not in drift.model_dump_json()


def test_counts_and_order() -> None:
    running = INTENDED.replace(" description WAN\n", "").replace("hostname r1", "hostname r2")
    drift = diff_configs("r1", INTENDED, running, platform=IOS)
    assert [f.feature for f in drift.features] == [Feature.INTERFACES, Feature.MANAGEMENT]
    assert (drift.missing_count, drift.extra_count, drift.line_count) == (2, 1, 3)
    assert not drift.compliant


def test_strip_non_config_keeps_banner_bang_lines() -> None:
    text = "Building configuration...\nbanner login ^C\n!!! keep !!!\n^C\n!\nend\n"
    assert strip_non_config(text) == "banner login ^C\n!!! keep !!!\n^C\n"


def test_unterminated_banner_is_a_diff_error_naming_host() -> None:
    with pytest.raises(DiffError) as err:
        diff_configs("tb-r1", "banner motd ^C\nno end here\n", "", platform=IOS)
    assert err.value.code == "DIFF"
    assert "tb-r1: intended config" in str(err.value)


def test_result_is_frozen() -> None:
    drift = diff_configs("r1", INTENDED, INTENDED, platform=IOS)
    with pytest.raises(ValueError, match="frozen"):
        drift.host = "x"  # type: ignore[misc]


def test_one_line_banner_matches_the_device_form() -> None:
    intended = "hostname r1\nbanner login ^CAuthorized access only^C\n"
    running = "hostname r1\nbanner login ^C\nAuthorized access only\n^C\n"
    assert diff_configs("r1", intended, running, platform=IOS).compliant
    changed = diff_configs("r1", intended, running.replace("only", "ONLY"), platform=IOS)
    assert changed.line_count == 2
