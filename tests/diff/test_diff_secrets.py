"""mask_secrets: every secret kind is masked, nothing else changes, and it is idempotent."""

from __future__ import annotations

import pytest

from tbwan.diff import MASK, mask_secrets

CLEAR = """\
enable secret 9 $9$nhEmQVxHhq5p1E$Yu3u0q3b
enable password 7 0822455D0A16
username netops privilege 15 secret 9 $9$2mFpQKd5hVzKqE$Z1v0
username backup password 0 Hunter2
snmp-server community Tb!Ro2024 RO 10
snmp-server user monitor TBWAN-GRP v3 auth sha AuthPass1 priv aes 128 PrivPass1
snmp-server host 10.34.0.31 version 2c Tb!Ro2024
crypto isakmp key Tb2024VpnKey! address 10.34.255.1
crypto keyring KR
 pre-shared-key address 10.34.255.1 key KeyringKey1
crypto ikev2 keyring KR2
 peer DIC
  pre-shared-key local Ikev2Key1
tacacs-server host 10.34.0.21 key 7 0822455D0A16544541
tacacs server TAC1
 address ipv4 10.34.0.21
 key 7 060506324F41
radius server RAD1
 key RadKey1
aaa group server tacacs+ G
 server-private 10.34.0.22 key 7 13061E010803
interface GigabitEthernet0/0
 ip ospf message-digest-key 1 md5 OspfKey1
router bgp 65034
 neighbor 10.34.160.41 password BgpKey1
"""

SECRETS = (
    "$9$nhEmQVxHhq5p1E",
    "0822455D0A16",
    "$9$2mFpQKd5hVzKqE",
    "Hunter2",
    "Tb!Ro2024",
    "AuthPass1",
    "PrivPass1",
    "Tb2024VpnKey!",
    "KeyringKey1",
    "Ikev2Key1",
    "060506324F41",
    "RadKey1",
    "13061E010803",
    "OspfKey1",
    "BgpKey1",
)


def test_every_secret_is_masked() -> None:
    masked = mask_secrets(CLEAR)
    for secret in SECRETS:
        assert secret not in masked, secret


def test_only_secret_values_change() -> None:
    masked = mask_secrets(CLEAR).splitlines()
    assert masked[0] == "enable secret 9 <removed>"
    assert masked[4] == "snmp-server community <removed> RO 10"
    assert masked[5] == (
        "snmp-server user monitor TBWAN-GRP v3 auth sha <removed> priv aes 128 <removed>"
    )
    assert masked[7] == "crypto isakmp key <removed> address 10.34.255.1"
    assert " address ipv4 10.34.0.21" in masked
    assert len(masked) == len(CLEAR.splitlines())


def test_idempotent_and_keeps_line_endings() -> None:
    once = mask_secrets(CLEAR)
    assert mask_secrets(once) == once
    assert mask_secrets("a\r\nenable secret 0 x\r\n") == f"a\r\nenable secret 0 {MASK}\r\n"


@pytest.mark.parametrize(
    "line",
    [
        "key chain K",
        " key 1",
        "ntp server 10.34.0.10 key 1",
        "interface Tunnel0",
        " tunnel protection ipsec profile TBWAN-IPSEC",
        "snmp-server location Vinh Bao",
    ],
)
def test_non_secrets_untouched(line: str) -> None:
    assert mask_secrets(line) == line
