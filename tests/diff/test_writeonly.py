"""Write-only lines: split off, left out of the drift, SNMPv3 users from ``show snmp user``."""

from __future__ import annotations

import pytest

from tbwan.diff import Feature, diff_configs
from tbwan.diff.writeonly import (
    SnmpUser,
    expected_snmp_users,
    parse_snmp_users,
    snmp_user_drift,
    split_write_only,
)
from tbwan.errors import DeployError
from tbwan.platforms import IOS
from tbwan.tasks.snmp_user import _parse

SHOW = """User name: tbwan-mon
Engine ID: 800000090300AABBCCDDEEFF
storage-type: nonvolatile        active
Authentication Protocol: SHA
Privacy Protocol: AES128
Group-name: TBWAN-RO

User name: legacy
Engine ID: 800000090300AABBCCDDEEFF
storage-type: nonvolatile        active access-list: 10
Authentication Protocol: MD5
Privacy Protocol: None
Group-name: OLD-RO
"""
LINE = "snmp-server user tbwan-mon TBWAN-RO v3 auth sha Auth12345 priv aes 128 Priv12345"
INTENDED = f"hostname r1\nsnmp-server group TBWAN-RO v3 priv\n{LINE}\n"


def test_show_snmp_user_parsed() -> None:
    assert parse_snmp_users(SHOW) == [
        SnmpUser("tbwan-mon", "TBWAN-RO", "SHA", "AES128"),
        SnmpUser("legacy", "OLD-RO", "MD5", "None"),
    ]
    assert parse_snmp_users("") == []


def test_expected_user_matches_what_ios_shows() -> None:
    want = expected_snmp_users(INTENDED)
    assert want == [SnmpUser("tbwan-mon", "TBWAN-RO", "SHA", "AES128")]
    assert snmp_user_drift(want, parse_snmp_users(SHOW)) is None  # other users not reported
    drift = snmp_user_drift(want, [SnmpUser("tbwan-mon", "TBWAN-RO", "MD5", "DES")])
    assert drift is not None and drift.feature is Feature.SNMPV3_USER
    assert drift.missing == (
        ("snmp-server user tbwan-mon TBWAN-RO v3 auth sha <removed> priv aes 128 <removed>",),
    )
    assert drift.extra == (
        ("snmp-server user tbwan-mon TBWAN-RO v3 auth md5 <removed> priv des <removed>",),
    )


def test_user_line_is_neither_candidate_nor_drift() -> None:
    candidate, lines = split_write_only(INTENDED)
    assert lines == [LINE] and "snmp-server user" not in candidate
    running = "hostname r1\nsnmp-server group TBWAN-RO v3 priv\n"
    assert diff_configs("r1", INTENDED, running, platform=IOS).compliant
    assert not diff_configs("r1", INTENDED, "hostname r1\n", platform=IOS).compliant


def test_unreadable_show_snmp_user_names_the_host() -> None:
    with pytest.raises(DeployError, match=r"host r1: `show snmp user` refused \(% Invalid"):
        _parse("r1", "% Invalid input detected at '^' marker.\n")
    with pytest.raises(DeployError, match="host r1: `show snmp user` output not understood"):
        _parse("r1", "SNMP agent not enabled\n")
