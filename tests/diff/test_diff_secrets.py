"""mask_secrets: every secret kind is masked, nothing else changes, and it is idempotent."""

from __future__ import annotations

import pytest

from tbwan.diff import MASK, mask_secrets
from tbwan.diff.secrets import SECRET_RULES, SecretDigest, mask_diff, plain_masks

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


# kind -> (config text, the secret value it holds); one case per row of SECRET_RULES
KIND_CASES: dict[str, tuple[str, str]] = {
    "enable": ("enable password level 15 7 0822455D0A16", "0822455D0A16"),
    "username": ("username bob privilege 15 password 7 13061E0108", "13061E0108"),
    "snmp-community": ("snmp-server community Pub1ic RO", "Pub1ic"),
    "snmp-host": ("snmp-server host 10.1.1.1 informs version 2c C0mm1 config", "C0mm1"),
    "snmp-user-auth": ("snmp-server user mon GRP v3 auth sha AuthX1 priv aes 128 PrivX1", "AuthX1"),
    "snmp-user-priv": ("snmp-server user mon GRP v3 auth sha AuthX1 priv aes 128 PrivX1", "PrivX1"),
    "tacacs-radius-old": (
        "radius-server host 10.1.1.2 auth-port 1812 key 7 1511021F07",
        "1511021F07",
    ),
    "tacacs-radius-new": (
        "radius server R1\n address ipv4 10.1.1.2\n pac key 7 0605063",
        "0605063",
    ),
    "aaa-server-private": (
        "aaa group server tacacs+ G\n server-private 10.1.1.3 key SpKey",
        "SpKey",
    ),
    "isakmp-key": ("crypto isakmp key 6 Ik3yV4l address 0.0.0.0", "Ik3yV4l"),
    "keyring-psk": ("crypto keyring K\n pre-shared-key hostname peer.example key KrK3y", "KrK3y"),
    "ikev2-psk": ("crypto ikev2 keyring K\n peer P\n  pre-shared-key 0 Ikev2Psk", "Ikev2Psk"),
    "isakmp-client-group-key": (
        "crypto isakmp client configuration group VPNCLIENTS\n key Gr0upK3y\n pool POOL",
        "Gr0upK3y",
    ),
    "key-string": ("key chain EIGRP\n key 1\n  key-string 7 045802150C2E", "045802150C2E"),
    "fhrp-authentication": (
        "interface Vlan10\n standby 1 authentication md5 key-string 7 HsrpK3y",
        "HsrpK3y",
    ),
    "ospf-authentication-key": ("interface Gi0/0\n ip ospf authentication-key 7 OspfAk", "OspfAk"),
    "ospf-message-digest-key": (
        "interface Gi0/0\n ip ospf message-digest-key 1 md5 7 Md5K",
        "Md5K",
    ),
    "ospf-virtual-link-key": (
        "router ospf 1\n area 1 virtual-link 1.1.1.1 authentication-key VlK3y",
        "VlK3y",
    ),
    "neighbor-password": ("router bgp 65000\n neighbor 10.0.0.1 password 7 BgpPw", "BgpPw"),
    "line-password": ("line con 0\n password 7 1107160B1C", "1107160B1C"),
    "ftp-password": ("ip ftp password 7 FtpPw0", "FtpPw0"),
    "ppp-chap": ("interface Dialer1\n ppp chap password 7 ChapPw", "ChapPw"),
    "ppp-pap": ("interface Dialer1\n ppp pap sent-username u1 password 7 PapPw", "PapPw"),
    "wpa-psk": ("dot11 ssid HOME\n wpa-psk ascii 7 WpaPsk0", "WpaPsk0"),
    "wep-key": (
        "interface Dot11Radio0\n encryption vlan 1 key 1 size 128bit 7 WepK3y transmit-key",
        "WepK3y",
    ),
    "ntp-authentication-key": ("ntp authentication-key 1 md5 NtpK3y 7", "NtpK3y"),
    "nhrp-authentication": ("interface Tunnel0\n ip nhrp authentication NhrpK", "NhrpK"),
    "isis-password": ("router isis\n domain-password DomPw", "DomPw"),
    "isis-interface-password": ("interface Gi0/1\n isis password IsisPw", "IsisPw"),
    "l2tp-tunnel-password": ("vpdn-group 1\n l2tp tunnel password 7 L2tpPw", "L2tpPw"),
    "l2tp-class-password": ("l2tp-class C\n password 7 L2cPw", "L2cPw"),
    "pki-trustpoint-password": ("crypto pki trustpoint TP\n password 7 TpPw", "TpPw"),
    "radius-client-server-key": (
        "aaa server radius dynamic-author\n client 10.1.1.4 server-key 7 SrvK3y",
        "SrvK3y",
    ),
    "radius-local-nas-key": ("radius-server local\n nas 10.0.1.1 key 0 NasK3y", "NasK3y"),
    "ezvpn-group-key": ("crypto ipsec client ezvpn E\n group 2 key EzK3y", "EzK3y"),
    "wlan-psk": ("wlan W 1 W\n security wpa psk set-key ascii 0 WLAN SECR3T", "WLAN SECR3T"),
    "ap-user-password": (
        "ap profile P\n dot1x username d1 password 0 D1X PASSW0RD",
        "D1X PASSW0RD",
    ),
    "ap-user-secret": (
        "ap profile P\n mgmtuser username u password 0 Pw1 secret 0 S SECR3T",
        "S SECR3T",
    ),
    "any-password": (" line con 0\n password cisco123", "cisco123"),
    "any-key": (" crypto isakmp client configuration group G\n key GroupK3y", "GroupK3y"),
    "config-key": ("key config-key password-encrypt MasterK3y", "MasterK3y"),
}


def test_every_rule_has_a_case() -> None:
    assert {r.kind for r in SECRET_RULES} == set(KIND_CASES)


@pytest.mark.parametrize("kind", sorted(KIND_CASES))
def test_rule_masks_its_kind(kind: str) -> None:
    text, secret = KIND_CASES[kind]
    rule = next(r for r in SECRET_RULES if r.kind == kind)
    section, *_ = text.splitlines()
    last = text.splitlines()[-1] if kind != "isakmp-client-group-key" else text.splitlines()[1]
    match = rule.line.search(last)
    assert match is not None and match.group("secret") == secret
    assert rule.section is None or rule.section.search(section)
    masked = mask_secrets(text)
    assert secret not in masked
    # the SNMPv3 and AP user lines hold two secrets, both masked
    others = ("AuthX1", "PrivX1", "Pw1")
    expected = text.replace(secret, MASK)
    for other in others:
        expected = expected.replace(other, MASK)
    assert masked == expected


@pytest.mark.parametrize(
    "line",
    [
        "snmp-server host 10.1.1.1 traps version 3 priv monitor",
        "snmp-server host 10.1.1.1 version 2c PUB udp-port 1162",
        "snmp-server host 10.1.1.1 PUB",
        "snmp-server host 10.1.1.1 vrf MGMT traps PUB",
    ],
)
def test_snmp_host_forms(line: str) -> None:
    masked = mask_secrets(line)
    if "version 3" in line:
        assert masked == line
    else:
        assert "PUB" not in masked and MASK in masked


@pytest.mark.parametrize(
    "line",
    [
        "interface Vlan10\n standby 1 authentication md5 key-chain HSRP",
        "interface Vlan10\n standby 1 authentication text HsrpTxt",
        "interface Vlan10\n standby authentication HsrpOld",
    ],
)
def test_hsrp_forms(line: str) -> None:
    masked = mask_secrets(line)
    if "key-chain" in line:
        assert masked == line
    else:
        assert "Hsrp" not in masked


def test_digest_keeps_secrets_apart_and_hides_them() -> None:
    digest = SecretDigest()
    text = "snmp-server community public1 RO\nsnmp-server community public2 RO\n"
    lines = mask_secrets(text, digest).splitlines()
    assert lines[0] != lines[1]
    assert "public" not in "".join(lines)
    assert mask_secrets(text, digest) == mask_secrets(text, digest)  # stable within a run
    assert mask_secrets(text, SecretDigest()) != mask_secrets(text, digest)  # keyed per run
    assert plain_masks(mask_secrets(text, digest)) == mask_secrets(text)


def test_mask_diff_handles_markers() -> None:
    diff = "+username netops privilege 15 secret 0 Hunter2\n-snmp-server community Old1 RO\n"
    masked = mask_diff(diff)
    assert "Hunter2" not in masked and "Old1" not in masked
    assert masked.startswith("+username netops privilege 15 secret 0 <removed>")
