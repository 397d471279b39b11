"""Cisco IOS / IOS-XE: the first platform profile.

Vendor syntax lives here: the secret kinds of an IOS config (each has its case in
``tests/diff/test_diff_secrets.py``), the feature of each top-level section, the header
lines ``show running-config`` prints, and how an IOS config names and shuts interfaces.
"""

from __future__ import annotations

import re

from tbwan.platforms.model import (
    Feature,
    FeatureRule,
    Platform,
    SecretRule,
    feature_table,
    secret_rule,
)

# An optional IOS key type (0 clear, 5 md5, 6 aes, 7 vigenere, 8/9 scrypt) precedes a value.
_T = r"(?:[0-9]\s+)?"
_V = r"(?P<secret>\S+)"

SECRET_RULES: tuple[SecretRule, ...] = (
    secret_rule(
        "enable", "enable", rf"^\s*enable\s+(?:secret|password)\s+(?:level\s+\d+\s+)?{_T}{_V}"
    ),
    secret_rule(
        "username", "username", rf"^\s*username\s+\S+\s+.*?\b(?:secret|password)\s+{_T}{_V}"
    ),
    secret_rule("snmp-community", "community", rf"^\s*snmp-server\s+community\s+{_V}"),
    secret_rule(
        "snmp-host",
        "snmp-server host",
        r"^\s*snmp-server\s+host\s+\S+\s+(?:vrf\s+\S+\s+)?(?:(?:traps?|informs?)\s+)?"
        r"(?:version\s+(?:1|2c)\s+)?(?P<secret>(?!version\b|vrf\b|traps?\b|informs?\b)\S+)",
    ),
    secret_rule(
        "snmp-community-map", "community-map", rf"^\s*snmp-server\s+mib\s+community-map\s+{_V}"
    ),
    secret_rule("snmp-user-auth", "auth", rf"^\s*snmp-server\s+user\s+.*?\bauth\s+\S+\s+{_V}"),
    secret_rule(
        "snmp-user-priv",
        "priv",
        rf"^\s*snmp-server\s+user\s+.*?\bpriv\s+(?:(?:3des|des|aes\s+\d+)\s+)?{_V}",
    ),
    secret_rule(
        "tacacs-radius-old",
        "key",
        rf"^\s*(?:tacacs|radius)-server\s+(?:host\s+\S+\s+.*?)?key\s+{_T}{_V}",
    ),
    secret_rule(
        "tacacs-radius-new",
        "key",
        rf"^\s+(?:pac\s+)?key\s+{_T}{_V}",
        section=r"^(?:tacacs|radius)\s+server\s",
    ),
    secret_rule("aaa-server-private", "key", rf"^\s*server-private\s+\S+\s+.*?\bkey\s+{_T}{_V}"),
    secret_rule("isakmp-key", "key", rf"^\s*crypto\s+isakmp\s+key\s+{_T}{_V}"),
    secret_rule("keyring-psk", "pre-shared-key", rf"^\s*pre-shared-key\s+.*?\bkey\s+{_T}{_V}"),
    secret_rule(
        "ikev2-psk",
        "pre-shared-key",
        rf"^\s*pre-shared-key\s+(?:local\s+|remote\s+)?{_T}(?P<secret>(?!address\b|hostname\b)\S+)$",
    ),
    secret_rule(
        "isakmp-client-group-key",
        "key",
        rf"^\s+key\s+{_T}{_V}",
        section=r"^crypto\s+isakmp\s+client\s+configuration\s+group\s",
    ),
    secret_rule("key-string", "key-string", rf"^\s*key-string\s+(?:password\s+)?{_T}{_V}"),
    secret_rule(
        "fhrp-authentication",
        "authentication",
        r"^\s*(?:standby|vrrp|glbp)\s+(?:\d+\s+)?authentication\s+"
        rf"(?:text\s+|md5\s+key-string\s+(?:encrypted\s+)?{_T})?"
        r"(?P<secret>(?!md5\b|text\b)\S+)",
    ),
    secret_rule(
        "ospf-authentication-key",
        "authentication-key",
        rf"^\s*ip\s+ospf\s+authentication-key\s+{_T}{_V}",
    ),
    secret_rule(
        "ospf-message-digest-key",
        "message-digest-key",
        rf"\bmessage-digest-key\s+\d+\s+md5\s+{_T}{_V}",
    ),
    secret_rule(
        "ospf-virtual-link-key",
        "authentication-key",
        rf"^\s*area\s+\S+\s+virtual-link\s+.*?\bauthentication-key\s+{_T}{_V}",
    ),
    secret_rule("neighbor-password", "password", rf"^\s*neighbor\s+\S+\s+password\s+{_T}{_V}"),
    secret_rule("line-password", "password", rf"^\s+password\s+{_T}{_V}", section=r"^line\s"),
    secret_rule("ftp-password", "password", rf"^\s*ip\s+ftp\s+password\s+{_T}{_V}"),
    secret_rule("ppp-chap", "password", rf"^\s*ppp\s+chap\s+password\s+{_T}{_V}"),
    secret_rule(
        "ppp-pap", "password", rf"^\s*ppp\s+pap\s+sent-username\s+\S+\s+password\s+{_T}{_V}"
    ),
    secret_rule("wpa-psk", "wpa-psk", rf"^\s*wpa-psk\s+(?:ascii|hex)\s+{_T}{_V}"),
    secret_rule(
        "wep-key",
        "encryption",
        rf"^\s*encryption\s+(?:vlan\s+\d+\s+)?key\s+\d+\s+size\s+\S+\s+{_T}{_V}",
    ),
    secret_rule(
        "ntp-authentication-key",
        "authentication-key",
        rf"^\s*ntp\s+authentication-key\s+\d+\s+\S+\s+{_V}",
    ),
    secret_rule("nhrp-authentication", "nhrp", rf"^\s*ip\s+nhrp\s+authentication\s+{_V}"),
    secret_rule("isis-password", "password", rf"^\s*(?:domain|area)-password\s+{_T}{_V}"),
    secret_rule("isis-interface-password", "password", rf"^\s*isis\s+password\s+{_T}{_V}"),
    secret_rule("l2tp-tunnel-password", "password", rf"^\s*l2tp\s+tunnel\s+password\s+{_T}{_V}"),
    secret_rule(
        "l2tp-class-password", "password", rf"^\s+password\s+{_T}{_V}", section=r"^l2tp-class\s"
    ),
    secret_rule(
        "pki-trustpoint-password",
        "password",
        rf"^\s+password\s+{_T}{_V}",
        section=r"^crypto\s+(?:pki|ca)\s+trustpoint\s",
    ),
    secret_rule("radius-client-server-key", "server-key", rf"\bserver-key\s+{_T}{_V}"),
    secret_rule("radius-local-nas-key", "key", rf"^\s*nas\s+\S+\s+key\s+{_T}{_V}"),
    secret_rule("ezvpn-group-key", "key", rf"^\s*group\s+\S+\s+key\s+{_T}{_V}"),
    # wireless controllers (IOS-XE 9800): these values may hold spaces, up to the line end
    secret_rule(
        "wlan-psk",
        "set-key",
        rf"^\s*security\s+wpa\s+psk\s+set-key\s+(?:ascii|hex)\s+{_T}(?P<secret>.+?)\s*$",
    ),
    secret_rule(
        "ap-user-password",
        "password",
        r"^\s*(?:dot1x|mgmtuser)\s+username\s+\S+\s+password\s+"
        rf"{_T}(?P<secret>.+?)(?=\s+secret\s|\s*$)",
    ),
    secret_rule(
        "ap-user-secret",
        "secret",
        rf"^\s*mgmtuser\s+username\s+.*?\ssecret\s+{_T}(?P<secret>.+?)\s*$",
    ),
    secret_rule("config-key", "config-key", rf"^\s*key\s+config-key\s+password-encrypt\s+{_V}"),
    # last resort where the section cannot be told (a config indented as a whole, or
    # flattened by a device): any "password X", and a "key X" whose X is not a number
    # (a key chain's "key 1"). Rules without a section accept a line at any depth.
    secret_rule(
        "any-password",
        "password",
        rf"(?:^|\s)password\s+{_T}(?P<secret>(?!encryption\b)\S+)",
        fallback=True,
    ),
    secret_rule("any-key", "key", rf"^\s*key\s+{_T}(?P<secret>(?!\d+$)\S+)$", fallback=True),
)
"""Every secret kind masked in IOS configs: one row each, tried in order on every line."""

FEATURE_RULES: tuple[FeatureRule, ...] = feature_table(
    (r"^interface\s+(?:Tunnel|Virtual-Template|Virtual-Access)", Feature.VPN),
    (r"^crypto\s", Feature.VPN),
    (r"^interface\s", Feature.INTERFACES),
    (r"^router\s", Feature.ROUTING),
    (r"^ip(?:v6)?\s+route\s", Feature.ROUTING),
    (r"^ip(?:v6)?\s+prefix-list\s", Feature.ROUTING),
    (r"^route-map\s", Feature.ROUTING),
    (r"^ip\s+routing\b", Feature.ROUTING),
    (r"^aaa\s", Feature.AAA),
    (r"^username\s", Feature.AAA),
    (r"^enable\s+(?:secret|password)\s", Feature.AAA),
    (r"^(?:tacacs|radius)(?:-server|\s+server)\s", Feature.AAA),
    (r"^ip\s+(?:tacacs|radius)\s", Feature.AAA),
    (r"^snmp-server\s", Feature.MANAGEMENT),
    (r"^logging\s", Feature.MANAGEMENT),
    (r"^ntp\s", Feature.MANAGEMENT),
    (r"^line\s", Feature.MANAGEMENT),
    (r"^ip\s+ssh\s", Feature.MANAGEMENT),
    (r"^ip\s+scp\s", Feature.MANAGEMENT),
    (r"^ip\s+http\s", Feature.MANAGEMENT),
    (r"^banner\s", Feature.MANAGEMENT),
    (r"^hostname\s", Feature.MANAGEMENT),
    (r"^ip\s+domain[\s-]", Feature.MANAGEMENT),
    (r"^ip\s+name-server\s", Feature.MANAGEMENT),
    (r"^clock\s", Feature.MANAGEMENT),
    (r"^service\s+timestamps\s", Feature.MANAGEMENT),
    (r"^archive$", Feature.MANAGEMENT),
    (r"^vlan\s+\d", Feature.VLANS),
    (r"^(?:ip(?:v6)?\s+)?access-list\s", Feature.SECURITY),
    (r"^zone(?:-pair)?\s+security\s", Feature.SECURITY),
    (r"^(?:class-map|policy-map|parameter-map)\s+type\s+inspect\s", Feature.SECURITY),
)

"""IOS top-level sections -> feature (the VTY access lists are added per config)."""

VOLATILE_LINES = re.compile(
    r"^(?:Building configuration|Current configuration\s*:|! Last configuration change"
    r"|! NVRAM config last updated|ntp clock-period\s)"
)

_INTERFACE = re.compile(r"^interface\s+(\S+)")


def enabled_interfaces(config: str) -> list[str]:
    """Interfaces the config defines and does not shut down (not Virtual-Templates: a
    template has no line protocol of its own, IOS shows it up/down).

    >>> enabled_interfaces("interface Gi0/0\\n description x\\ninterface Gi0/1\\n shutdown\\n")
    ['Gi0/0']
    >>> enabled_interfaces("interface Virtual-Template1 type tunnel\\n ip unnumbered Lo0\\n")
    []
    """
    names: list[str] = []
    current: str | None = None
    for line in [*config.splitlines(), "!"]:
        match = _INTERFACE.match(line)
        if match or not line.startswith(" "):
            if current is not None and not current.startswith("Virtual-Template"):
                names.append(current)
            current = match.group(1) if match else None
        elif current is not None and line.strip() == "shutdown":
            current = None
    return names


SECRET_VARIABLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^enable\s+(secret|password)\b"), "TBWAN_ENABLE_SECRET"),
    (re.compile(r"^username\s"), "TBWAN_PASSWORD"),
    (re.compile(r"^snmp-server\s+user\s.*\bauth\s+\S+\s+<removed>"), "TBWAN_SNMP_AUTH"),
    (re.compile(r"^snmp-server\s+user\s"), "TBWAN_SNMP_PRIV"),
    (re.compile(r"^crypto\s+isakmp\s+key\b|pre-shared-key"), "TBWAN_IPSEC_PSK"),
    (re.compile(r"^\s*key\s|tacacs|radius"), "TBWAN_TACACS_KEY"),
)
"""Which variable fills the secret of a line that rendered as the mask."""

INTERFACE_NAME = re.compile(r"^(?:[A-Z][A-Za-z-]*[0-9]+(?:/[0-9]+)*(?:\.[0-9]+)?(?::[0-9]+)?)$")
"""IOS interface names: ``GigabitEthernet0/0/1``, ``Gi0/0/2.101``, ``Tunnel10``, ``Loopback0``."""

IOS = Platform(
    slug="ios",
    network_driver="cisco_ios",
    name="Cisco IOS / IOS-XE",
    manufacturer="Cisco",
    hier_config_driver="CISCO_IOS",
    secret_rules=SECRET_RULES,
    feature_rules=FEATURE_RULES,
    volatile_lines=VOLATILE_LINES,
    session_lines=("file prompt quiet",),  # NAPALM's ios driver, to copy without prompts
    config_end="\nend",
    command_error="% Invalid input",
    interface_name=INTERFACE_NAME,
    interface_example="GigabitEthernet0/0/1, Gi0/0/2.101",
    loopback="Loopback0",
    enabled_interfaces=enabled_interfaces,
    secret_variables=SECRET_VARIABLES,
    roles=frozenset(
        {
            "dic-core",
            "dic-firewall",
            "dic-edge",
            "hub-router",
            "ce-router",
            "access-switch",
            "commune-router",
            "backup-router",
        }
    ),
    rollback_timer_command="show archive config rollback timer",
    discoverable=True,
)
