"""Junos specifics the contract suite does not cover: set-form statements, inactive ones."""

from __future__ import annotations

from hier_config import Platform as HConfigPlatform

from tbwan.diff import diff_configs, plan_changes
from tbwan.diff.driver import driver_for
from tbwan.platforms import JUNOS

BASE = (
    "set system host-name fw1\n"
    "set protocols bgp group vpn type external\n"
    "set interfaces st0 unit 1 family inet address 10.0.12.1/24\n"
)


def test_inactive_statement_is_drift_and_reactivated() -> None:
    running = BASE + "deactivate protocols bgp group vpn\n"
    plan = plan_changes(BASE, running, platform=JUNOS)
    assert plan.remediation.splitlines() == ["activate protocols bgp group vpn"]
    assert plan.rollback.splitlines() == ["deactivate protocols bgp group vpn"]
    drift = diff_configs("fw1", BASE, running, platform=JUNOS)
    assert [(f.feature.value, f.extra) for f in drift.features] == [
        ("routing", (("deactivate protocols bgp group vpn",),))
    ]


def test_changed_value_is_set_and_old_one_deleted() -> None:
    intended = BASE.replace("10.0.12.1/24", "10.0.12.5/24")
    plan = plan_changes(intended, BASE, platform=JUNOS)
    assert sorted(plan.remediation.splitlines()) == [
        "delete interfaces st0 unit 1 family inet address 10.0.12.1/24",
        "set interfaces st0 unit 1 family inet address 10.0.12.5/24",
    ]


def test_secret_change_is_drift_without_the_value() -> None:
    line = 'set system tacplus-server 10.34.0.5 secret "$9${}"\n'
    drift = diff_configs(
        "fw1", BASE + line.format("new-one"), BASE + line.format("old-one"), platform=JUNOS
    )
    shown = repr(drift)
    assert drift.line_count == 2
    assert "new-one" not in shown and "old-one" not in shown
    plan = plan_changes(
        BASE + line.format("new-one"), BASE + line.format("old-one"), platform=JUNOS
    )
    # the push carries the real value (bare: a word needs no quotes in Junos)
    assert "secret $9$new-one" in plan.remediation.splitlines()[-1]


def test_curly_form_is_read_as_set_statements() -> None:
    curly = "system {\n    host-name fw1;\n}\n"
    driver = driver_for(HConfigPlatform.JUNIPER_JUNOS)
    assert driver.config_preprocessor(curly) == "set system host-name fw1"


def test_clear_secret_matches_its_junos_encoding() -> None:
    """A template writes the clear key; Junos shows it $9$-encoded: no drift, and a
    different key still is."""
    from netutils.password import encrypt_juniper_type9

    line = 'set system tacplus-server 10.34.16.10 secret "{}"\n'
    intended = BASE + line.format("tac-key-1")
    running = BASE + line.format(encrypt_juniper_type9("tac-key-1"))
    assert diff_configs("fw1", intended, running, platform=JUNOS).compliant
    other = BASE + line.format(encrypt_juniper_type9("tac-key-2"))
    assert diff_configs("fw1", intended, other, platform=JUNOS).line_count == 2
    assert "secret tac-key-1" in plan_changes(intended, other, platform=JUNOS).remediation
