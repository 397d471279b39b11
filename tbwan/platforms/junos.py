"""Juniper Junos (SRX, MX, EX): the second platform profile.

tbwan reads and writes Junos configs in ``set`` form (``show configuration | display
set``): one line per statement, so hier_config's Junos driver (``set``/``delete``) and the
masking work line by line. The masking rules also accept the curly-brace form (a value
ends at ``;``), so a config saved either way holds no secret.
"""

from __future__ import annotations

import re

from tbwan.platforms.model import (
    Feature,
    FeatureRule,
    Platform,
    SecretRule,
    ShowCommands,
    feature_table,
    secret_rule,
)

# A value is quoted ("$9$..."; may hold spaces) or a bare word; ";" ends a curly-form line.
# The quotes stay outside the secret: "<removed>" is still the mask, and a value compares
# the same quoted or not.
_V = r'(?:"(?P<secret>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s;"]+))'
# the set-form prefix of a statement, if any (curly-form lines start indented instead)
_S = r"^\s*(?:(?:set|delete|deactivate)\s+)?"

SECRET_RULES: tuple[SecretRule, ...] = (
    secret_rule("encrypted-password", "encrypted-password", rf"\bencrypted-password\s+{_V}"),
    secret_rule("plain-text-password", "plain-text-password", rf"\bplain-text-password\s+{_V}"),
    # tacplus-server / radius-server / dynamic-profiles: "secret X"
    secret_rule("server-secret", "secret", rf"\bsecret\s+{_V}"),
    secret_rule(
        "pre-shared-key", "pre-shared-key", rf"\bpre-shared-key\s+(?:ascii-text|hexadecimal)\s+{_V}"
    ),
    # the curly form may nest it (`pre-shared-key {` / `ascii-text X;`), as a device's
    # compare does: "ascii-text" and "hexadecimal" only ever precede a key
    secret_rule("key-text", "ascii-text", rf"^[\s+-]*(?:ascii-text|hexadecimal)\s+{_V}"),
    # BGP/OSPF/IS-IS/BFD/VRRP "authentication-key X"; not NTP's "authentication-key 1 type
    # md5", where the number is the key's id (its value comes after "value")
    secret_rule(
        "authentication-key",
        "authentication-key",
        rf"\bauthentication-key\s+(?!\d+(?:\s|$)){_V}",
    ),
    secret_rule(
        "ntp-authentication-value",
        "value",
        rf"\bauthentication-key\s+\d+\s+(?:type\s+\S+\s+)?value\s+{_V}",
    ),
    secret_rule(
        "authentication-password",
        "authentication-password",
        rf"\bauthentication-password\s+{_V}",
    ),
    secret_rule("privacy-key", "privacy-", rf"\bprivacy-(?:key|password)\s+{_V}"),
    secret_rule("simple-password", "simple-password", rf"\bsimple-password\s+{_V}"),
    # OSPF/IS-IS "authentication md5 1 key X", key chains' "key 1 secret X" (by "secret")
    secret_rule("md5-key", "key", rf"\bmd5\s+\d+\s+key\s+{_V}"),
    # the SNMP community name is the secret (set form, and the curly form's "community X {")
    secret_rule("snmp-community", "community", rf"{_S}snmp\s+community\s+{_V}"),
    secret_rule("snmp-community-block", "community", rf"^\s+community\s+{_V}", section=r"^snmp\b"),
    # last resort: any Junos-encrypted value ($9$ is reversible, it is a secret in clear)
    secret_rule("any-dollar-9", "$9$", r"(?P<secret>\$9\$[^\s;\"]+)", fallback=True),
)
"""Every secret kind masked in Junos configs, tried in order on every line."""

_P = r"^(?:set\s+|delete\s+|deactivate\s+)?"

FEATURE_RULES: tuple[FeatureRule, ...] = feature_table(
    (rf"{_P}interfaces\s+st0\b", Feature.VPN),
    (rf"{_P}security\s+(?:ike|ipsec)\b", Feature.VPN),
    (rf"{_P}interfaces\b", Feature.INTERFACES),
    (rf"{_P}protocols\s+(?:ospf3?|bgp|isis|rip|bfd)\b", Feature.ROUTING),
    (rf"{_P}(?:routing-options|policy-options|routing-instances)\b", Feature.ROUTING),
    (
        rf"{_P}system\s+(?:login|root-authentication|authentication-order|tacplus-server"
        r"|radius-server|accounting)\b",
        Feature.AAA,
    ),
    (rf"{_P}(?:system|snmp)\b", Feature.MANAGEMENT),
    (rf"{_P}(?:vlans|protocols\s+(?:rstp|mstp|vstp|lldp))\b", Feature.VLANS),
    (rf"{_P}(?:security|firewall)\b", Feature.SECURITY),
)
"""Junos hierarchies -> feature: the same groups as IOS's (an ``st0`` unit is VPN)."""

VOLATILE_LINES = re.compile(
    r"^(?:## Last (?:commit|changed)\b|#\s*$|\{(?:master|primary)|\S+@\S+[>#])"
)
"""The commit header, an empty comment, and the prompt lines a CLI session may echo."""

DIFF_IGNORE = re.compile(r"^\s*#|^(?:set\s+)?version\s")
"""Comments and the software version are not configuration (the version changes on upgrade)."""


def secret_identity(value: str) -> str:
    """The clear value of a ``$9$`` encoding (reversible, netutils decodes it), else the
    value: a template writes the clear secret and the device shows it encoded.

    >>> secret_identity("$9$8yWLds2gJDjqVbUHqmF3M8X7VwYgo"), secret_identity("psk")
    ('tac-key-1', 'psk')
    """
    if value.startswith("$9$"):
        # imported here: netutils.password imports the deprecated crypt module
        from netutils.password import decrypt_juniper_type9

        try:
            return str(decrypt_juniper_type9(value))
        except (ValueError, KeyError, IndexError):  # not a valid encoding: compare as is
            return value
    return value


_UNIT = re.compile(r"^set\s+interfaces\s+(?P<ifd>\S+)\s+unit\s+(?P<unit>\d+)(?:\s+(?P<rest>.*))?$")
_IFD_DISABLE = re.compile(r"^set\s+interfaces\s+(?P<ifd>\S+)\s+disable$")


def enabled_interfaces(config: str) -> list[str]:
    """Logical interfaces (``ifd.unit``) a set-form config defines and does not disable.

    >>> enabled_interfaces("set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/30\\n"
    ...                    "set interfaces ge-0/0/1 disable\\n"
    ...                    "set interfaces ge-0/0/1 unit 0 family inet\\n"
    ...                    "set interfaces st0 unit 1 family inet\\n"
    ...                    "set interfaces st0 unit 2 disable\\n")
    ['ge-0/0/0.0', 'st0.1']
    """
    units: list[str] = []
    off: set[str] = set()
    for raw in config.splitlines():
        line = raw.strip()
        whole = _IFD_DISABLE.match(line)
        if whole:
            off.add(whole.group("ifd"))
            continue
        match = _UNIT.match(line)
        if not match:
            continue
        name = f"{match.group('ifd')}.{match.group('unit')}"
        if match.group("rest") == "disable":
            off.add(name)
        elif name not in units:
            units.append(name)
    return [u for u in units if u not in off and u.rsplit(".", 1)[0] not in off]


SECRET_VARIABLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:root-authentication|system\s+login\s+user)\b"), "TBWAN_PASSWORD_CRYPT"),
    (re.compile(r"\bsnmp\s+v3\b.*\bauthentication-"), "TBWAN_SNMP_AUTH"),
    (re.compile(r"\bsnmp\s+v3\b.*\bprivacy-"), "TBWAN_SNMP_PRIV"),
    (re.compile(r"\bpre-shared-key\b"), "TBWAN_IPSEC_PSK"),
    (re.compile(r"\b(?:tacplus|radius)-server\b"), "TBWAN_TACACS_KEY"),
)
"""Which variable fills the secret of a line that rendered as the mask."""

STORED_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^(\s*(?:set\s+)?snmp\s+v3\s+usm\s+local-engine\s+user\s+\S+\s+"
            r"(?:authentication|privacy)-\S+\s+)(authentication|privacy)-key\s+\S+",
            re.M,
        ),
        r'\1\2-password "<removed>"',
    ),
)
"""Junos stores an SNMPv3 user's ``authentication-password``/``privacy-password`` as the
key localised to its engine (``authentication-key "$9$..."``): not the password, and not
derivable without the engine id. The device's spelling reads as the password with an
unknown value, so a user with the intended algorithms is not drift (as IOS's ``show snmp
user``: a passphrase cannot be read back) and a missing user still is."""

DIFF_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # a value needs its quotes only for blanks or Junos syntax characters: the device
    # prints `secret "$9$..."` quoted and a plain word bare, whichever way it was loaded
    (re.compile(r'"([^\s"\\;{}#\[\]()]+)"'), r"\1"),
)
"""A quoted word and the bare word are one value."""

SHOW = ShowCommands(
    ospf_neighbors="show ospf neighbor",  # ntc-templates juniper_junos_show_ospf_neighbor
    ospf_interfaces=None,  # no ntc-templates template: the diagnosis goes without areas
    routes=None,  # NAPALM's get_route_to
    hsrp=None,  # an SRX has no HSRP (VRRP is not in the role)
    interface=None,  # the duplex of a link end is not read on Junos
)
"""What verify reads on Junos."""

INTERFACE_NAME = re.compile(
    r"^(?:[a-z]{2,3}-[0-9]+/[0-9]+/[0-9]+(?::[0-9]+)?|[a-z]+[0-9]*)(?:\.[0-9]+)?$"
)
"""Junos interface names: ``ge-0/0/0``, ``xe-1/0/0:2``, ``ge-0/0/0.0``, ``st0.1``, ``irb.10``,
``lo0.0``, ``ae0``, ``reth1``, ``fxp0``."""

JUNOS = Platform(
    slug="junos",
    network_driver="juniper_junos",
    name="Juniper Junos",
    manufacturer="Juniper",
    hier_config_driver="JUNIPER_JUNOS",
    secret_rules=SECRET_RULES,
    feature_rules=FEATURE_RULES,
    volatile_lines=VOLATILE_LINES,
    session_lines=(),  # NAPALM's junos driver changes nothing for its session
    config_end="\nset ",  # set form: a read cut off before the first statement has none
    command_error="error: syntax error",
    interface_name=INTERFACE_NAME,
    interface_example="ge-0/0/0.0, st0.1",
    loopback="lo0.0",
    enabled_interfaces=enabled_interfaces,
    secret_variables=SECRET_VARIABLES,
    roles=frozenset({"dic-firewall"}),
    rollback_timer_command="show system commit",
    diff_ignore=DIFF_IGNORE,
    secret_identity=secret_identity,
    stored_spellings=STORED_SPELLINGS,
    diff_rewrites=DIFF_REWRITES,
    napalm_config_format="set",
    # "delete " empties the candidate; the blank keeps NAPALM's junos driver reading set
    # form: it takes the word before the first space (`split(" ")[0]`) as the format's
    # tell, and a bare "delete\nset ..." would be loaded as curly-brace text
    replace_prefix="delete \n",
    enable_secret=False,
    commit_timer_step=60,
    show=SHOW,
)
