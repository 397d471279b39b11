"""Masked comparison: never crashes on masking, still sees a changed secret, never shows it."""

from __future__ import annotations

import re

import pytest

from tbwan.diff import MASK, apply_commands, config_paths, diff_configs, parse_config, plan_changes
from tbwan.errors import DiffError
from tbwan.platforms import IOS
from tbwan.tasks.backup import clean_running

TOKEN = re.compile(r"<secret:[0-9a-f]{8}>")

TWO_COMMUNITIES = "snmp-server community public1 RO\nsnmp-server community public2 RO\n"


def test_two_secrets_stay_two_lines() -> None:
    assert diff_configs("r1", TWO_COMMUNITIES, TWO_COMMUNITIES, platform=IOS).compliant
    changed = TWO_COMMUNITIES.replace("public2", "public3")
    drift = diff_configs("r1", TWO_COMMUNITIES, changed, platform=IOS)
    (feature,) = drift.features
    ((missing,),), ((extra,),) = feature.missing, feature.extra
    assert TOKEN.sub("X", missing) == TOKEN.sub("X", extra) == "snmp-server community X RO"
    assert missing != extra  # a changed secret: same line, another digest
    dumped = drift.model_dump_json()
    assert "public" not in dumped
    assert drift.remediation == (
        f"no snmp-server community {MASK} RO\nsnmp-server community {MASK} RO\n"
    )


def test_plan_has_the_real_values_and_round_trips() -> None:
    changed = TWO_COMMUNITIES.replace("public2", "public3")
    plan = plan_changes(TWO_COMMUNITIES, changed, platform=IOS)
    assert plan.remediation == (
        "no snmp-server community public3 RO\nsnmp-server community public2 RO\n"
    )
    after = apply_commands(changed, plan.remediation)
    assert sorted(config_paths(after)) == sorted(config_paths(parse_config(TWO_COMMUNITIES)))


def test_masked_value_matches_any_value() -> None:
    """A backup (masked) against clear intended: the secret is unknown, not drift."""
    masked = TWO_COMMUNITIES.replace("public1", MASK).replace("public2", MASK)
    assert diff_configs("r1", TWO_COMMUNITIES, masked, platform=IOS).compliant
    assert diff_configs("r1", masked, TWO_COMMUNITIES, platform=IOS).compliant
    assert diff_configs("r1", masked, masked, platform=IOS).compliant


def test_masked_tacacs_key_left_beside_the_new_one() -> None:
    """The onboarding case: the device kept ``key <removed>`` next to the pushed key."""
    intended = "tacacs server DIC-AAA-1\n address ipv4 10.34.0.5\n key 7 0822455D0A16\n"
    running = intended.replace(" key 7", f" key {MASK}\n key 7")
    drift = diff_configs("r1", intended, running, platform=IOS)
    assert drift.missing_count == 0
    assert drift.by_feature()[drift.features[0].feature].extra == (
        ("tacacs server DIC-AAA-1", f"key {MASK}"),
    )
    assert "0822455D0A16" not in drift.model_dump_json()


BANNER = "hostname r1\nbanner login ^C\nAuthorized access only\n\nSo TT&TT Thai Binh\n^C\n"


def test_banner_blank_lines_survive_clean_up() -> None:
    show_run = f"Building configuration...\n\n!\n{BANNER}!\nend\n"
    assert "\n\nSo TT&TT" in clean_running(show_run)
    assert diff_configs("r1", BANNER, clean_running(show_run), platform=IOS).compliant


def test_banner_change_is_one_replacement_block() -> None:
    changed = BANNER.replace("Authorized access only", "Authorised users only")
    drift = diff_configs("r1", BANNER, changed, platform=IOS)
    assert drift.line_count == 2
    assert plan_changes(BANNER, changed, platform=IOS).remediation == (
        "banner login ^C\nAuthorized access only\n\nSo TT&TT Thai Binh\n^C\n"
    )
    assert plan_changes("hostname r1\n", BANNER, platform=IOS).remediation == "no banner login\n"


@pytest.mark.parametrize(
    ("running", "where"),
    [
        ("hostname r1\n interface Gi0/1\n description x\n", "running config: line 2"),
        (
            "interface Gi0/1\n description x\nexit\ninterface Gi0/2\nexit\n",
            "running config: line 3",
        ),
        ("hostname r1\nbanner motd ^C\nno end\n", "running config: line 2"),
    ],
)
def test_unreadable_config_is_a_named_error(running: str, where: str) -> None:
    with pytest.raises(DiffError, match=f"r1: {where.replace('running', 'intended')}"):
        diff_configs(
            "r1", running, running, platform=IOS
        )  # never "compliant" through the quick path
    with pytest.raises(DiffError, match=f"r1: {where}"):
        diff_configs("r1", "hostname r1\n", running, platform=IOS)


def test_error_message_masks_the_line() -> None:
    running = "hostname r1\nusername bob secret 0 Hunter2\n exit\n"
    with pytest.raises(DiffError) as err:
        diff_configs("r1", "hostname r1\n", running, platform=IOS)
    assert "Hunter2" not in str(err.value)
    assert "line 3" in str(err.value)


def test_repeated_line_counts_once() -> None:
    """Sanitised public configs repeat lines; hier_config could not hold them twice."""
    running = "ip access-list extended X\n permit ip any any\n!\n permit ip any any\n"
    assert diff_configs(
        "r1", "ip access-list extended X\n permit ip any any\n", running, platform=IOS
    ).compliant
