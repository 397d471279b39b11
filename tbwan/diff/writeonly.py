"""Write-only config lines: accepted by the device, never shown in its running config.

IOS keeps ``snmp-server user`` out of ``show running-config`` (the keys are localised and
stored apart), so a drift audit cannot see whether the SNMPv3 user exists, and a deploy
that pushed it with the rest would always see it as a change. tbwan therefore splits these
lines off the intended config (:func:`split_write_only`), leaves them out of the config
comparison (:mod:`tbwan.diff.normalize`), and checks them through ``show snmp user``
instead: :func:`parse_snmp_users` reads it with ntc-templates, :func:`snmp_user_drift`
compares what the device has with what the intended config asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ntc_templates.parse import parse_output

from tbwan.diff.features import Feature
from tbwan.diff.models import FeatureDrift
from tbwan.diff.secrets import mask_secrets
from tbwan.platforms import Platform

WRITE_ONLY_LINES: tuple[re.Pattern[str], ...] = (re.compile(r"^snmp-server\s+user\s"),)
"""Top-level lines IOS accepts but never prints in ``show running-config``."""

SHOW_SNMP_USER = "show snmp user"

_USER = re.compile(
    r"^snmp-server\s+user\s+(?P<name>\S+)\s+(?P<group>\S+)\s+v3"
    r"(?:\s+auth\s+(?P<auth>md5|sha)\s+\S+)?"
    r"(?:\s+priv\s+(?P<priv>3des|des|aes\s+\d+)\s+\S+)?"
)


@dataclass(frozen=True, slots=True)
class SnmpUser:
    """An SNMPv3 user as ``show snmp user`` names it (no key: IOS never shows one)."""

    name: str
    group: str
    auth: str
    priv: str

    def line(self) -> str:
        """The config line that would create this user, keys masked.

        >>> SnmpUser("mon", "RO", "SHA", "AES128").line()
        'snmp-server user mon RO v3 auth sha <removed> priv aes 128 <removed>'
        """
        auth = f" auth {self.auth.lower()} <removed>" if self.auth != "None" else ""
        priv = ""
        if self.priv.startswith("AES"):
            priv = f" priv aes {self.priv[3:]} <removed>"
        elif self.priv != "None":
            priv = f" priv {self.priv.lower()} <removed>"
        return f"snmp-server user {self.name} {self.group} v3{auth}{priv}"


def is_write_only(line: str) -> bool:
    """Whether ``line`` is a write-only top-level line.

    >>> is_write_only("snmp-server user mon RO v3 auth sha k priv aes 128 k")
    True
    >>> is_write_only("snmp-server group RO v3 priv")
    False
    """
    return any(p.search(line) for p in WRITE_ONLY_LINES)


def split_write_only(config: str) -> tuple[str, list[str]]:
    """``config`` without its write-only lines, and those lines.

    >>> split_write_only("hostname r1\\nsnmp-server user m G v3\\nend\\n")
    ('hostname r1\\nend\\n', ['snmp-server user m G v3'])
    """
    kept: list[str] = []
    found: list[str] = []
    for line in config.splitlines(keepends=True):
        if is_write_only(line):
            found.append(line.rstrip("\r\n"))
        else:
            kept.append(line)
    return "".join(kept), found


def expected_snmp_users(config: str) -> list[SnmpUser]:
    """The SNMPv3 users a config's ``snmp-server user`` lines create, as IOS shows them.

    >>> expected_snmp_users("snmp-server user mon RO v3 auth sha A priv aes 128 P\\n")
    [SnmpUser(name='mon', group='RO', auth='SHA', priv='AES128')]
    """
    users: list[SnmpUser] = []
    for line in config.splitlines():
        match = _USER.match(line)
        if match is None:
            continue
        priv = (match.group("priv") or "None").replace(" ", "").upper()
        users.append(
            SnmpUser(
                match.group("name"),
                match.group("group"),
                (match.group("auth") or "None").upper(),
                priv,
            )
        )
    return users


def parse_snmp_users(output: str) -> list[SnmpUser]:
    """The users in ``show snmp user`` output (IOS), parsed by ntc-templates."""
    rows = parse_output(platform="cisco_ios", command=SHOW_SNMP_USER, data=output)
    return [
        SnmpUser(
            str(r["user_name"]),
            str(r["group_name"]),
            str(r["authentication_protocol"]),
            str(r["privacy_protocol"]),
        )
        for r in rows
    ]


def snmp_user_drift(expected: list[SnmpUser], actual: list[SnmpUser]) -> FeatureDrift | None:
    """The ``snmpv3-user`` drift: expected users missing (or different), None when all fit.

    A user present with another group or algorithms is reported as its line missing and
    the device's version of it extra. Users the config does not name are not reported.

    >>> want = [SnmpUser("mon", "RO", "SHA", "AES128")]
    >>> snmp_user_drift(want, want) is None
    True
    >>> snmp_user_drift(want, []).missing
    (('snmp-server user mon RO v3 auth sha <removed> priv aes 128 <removed>',),)
    """
    have = {u.name: u for u in actual}
    missing: list[tuple[str, ...]] = []
    extra: list[tuple[str, ...]] = []
    for user in expected:
        found = have.get(user.name)
        if found == user:
            continue
        missing.append((user.line(),))
        if found is not None:
            extra.append((found.line(),))
    if not missing:
        return None
    return FeatureDrift(feature=Feature.SNMPV3_USER, missing=tuple(missing), extra=tuple(extra))


def drop_stored(candidate: str, running: str, platform: Platform) -> str:
    """``candidate`` without the lines ``running`` holds in the spelling the device stores.

    Junos stores an SNMPv3 password as its localised key (the platform's
    :attr:`~tbwan.platforms.Platform.stored_spellings`): merging the password again would
    re-key the user on every deploy and always read as a change. A line whose masked form
    is the device's stored line read back through the rewrites is left out of a merge, as
    IOS's write-only lines are when ``show snmp user`` has the user; a user the device
    lacks (or has with other algorithms) is still sent.

    >>> from tbwan.platforms import JUNOS
    >>> want = ('set snmp v3 usm local-engine user mon authentication-sha '
    ...         'authentication-password "p1"\\nset snmp location x\\n')
    >>> have = ('set snmp v3 usm local-engine user mon authentication-sha '
    ...         'authentication-key "$9$abc"\\n')
    >>> drop_stored(want, have, JUNOS)
    'set snmp location x\\n'
    >>> drop_stored(want, have.replace("-sha", "-md5"), JUNOS) == want
    True
    """
    if not platform.stored_spellings:
        return candidate
    stored = {
        mask_secrets(platform.rewrite(line), platform=platform).strip()
        for line in running.splitlines()
        if platform.unstore(line) != line
    }
    if not stored:
        return candidate
    return "".join(
        line
        for line in candidate.splitlines(keepends=True)
        if mask_secrets(platform.rewrite(line), platform=platform).strip() not in stored
    )
