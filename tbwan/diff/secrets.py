"""Mask secrets in IOS config text so backups, reports and the terminal never hold them.

One table, :data:`SECRET_RULES`: each row is a secret kind, with a regex for the line
(whose ``secret`` group is replaced), an optional regex the enclosing top-level section
must match, and a literal ``hint`` the line must contain (a cheap filter, so a 40,000-line
config is not run through every regex). Each kind has its case in
``tests/diff/test_diff_secrets.py``.

Two replacements:

* :func:`mask_secrets` writes :data:`MASK` (``<removed>``). Backups, reports' commands
  and anything stored use it: a file holds no secret and no value derived from one (a
  digest stored in a git history with a fixed key could be brute-forced for weak secrets
  such as SNMP communities).
* :class:`SecretDigest` writes ``<secret:1a2b3c4d>``, an HMAC of the value under a key
  drawn at random per process: not reversible, the same value gives the same token within
  one run. The diff engine compares with it, so two different secrets stay two lines and a
  changed secret is drift, shown without its value.

Masking is idempotent and keeps everything else (indentation, key type digits, line ends),
so a masked config still parses and diffs like the original.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

MASK = "<removed>"

_TOKEN = re.compile(r"^<(?:removed|secret:[0-9a-f]{8})>$")
_DIGEST_TOKEN = re.compile(r"<secret:[0-9a-f]{8}>")

Replace = Callable[[str], str]
"""Secret value -> what is written in its place."""


@dataclass(frozen=True, slots=True)
class SecretRule:
    """Replace the ``secret`` group of ``line`` (inside ``section``, if given)."""

    kind: str
    hint: str
    line: re.Pattern[str]
    section: re.Pattern[str] | None = None
    fallback: bool = False
    """Tried only when no other rule matched the line."""


def _rule(
    kind: str, hint: str, line: str, section: str | None = None, *, fallback: bool = False
) -> SecretRule:
    return SecretRule(
        kind, hint, re.compile(line), re.compile(section) if section else None, fallback
    )


# An optional IOS key type (0 clear, 5 md5, 6 aes, 7 vigenere, 8/9 scrypt) precedes a value.
_T = r"(?:[0-9]\s+)?"
_V = r"(?P<secret>\S+)"

SECRET_RULES: tuple[SecretRule, ...] = (
    _rule("enable", "enable", rf"^\s*enable\s+(?:secret|password)\s+(?:level\s+\d+\s+)?{_T}{_V}"),
    _rule("username", "username", rf"^\s*username\s+\S+\s+.*?\b(?:secret|password)\s+{_T}{_V}"),
    _rule("snmp-community", "community", rf"^\s*snmp-server\s+community\s+{_V}"),
    _rule(
        "snmp-host",
        "snmp-server host",
        r"^\s*snmp-server\s+host\s+\S+\s+(?:vrf\s+\S+\s+)?(?:(?:traps?|informs?)\s+)?"
        r"(?:version\s+(?:1|2c)\s+)?(?P<secret>(?!version\b|vrf\b|traps?\b|informs?\b)\S+)",
    ),
    _rule("snmp-user-auth", "auth", rf"^\s*snmp-server\s+user\s+.*?\bauth\s+\S+\s+{_V}"),
    _rule(
        "snmp-user-priv",
        "priv",
        rf"^\s*snmp-server\s+user\s+.*?\bpriv\s+(?:(?:3des|des|aes\s+\d+)\s+)?{_V}",
    ),
    _rule(
        "tacacs-radius-old",
        "key",
        rf"^\s*(?:tacacs|radius)-server\s+(?:host\s+\S+\s+.*?)?key\s+{_T}{_V}",
    ),
    _rule(
        "tacacs-radius-new",
        "key",
        rf"^\s+(?:pac\s+)?key\s+{_T}{_V}",
        section=r"^(?:tacacs|radius)\s+server\s",
    ),
    _rule("aaa-server-private", "key", rf"^\s+server-private\s+\S+\s+.*?\bkey\s+{_T}{_V}"),
    _rule("isakmp-key", "key", rf"^\s*crypto\s+isakmp\s+key\s+{_T}{_V}"),
    _rule("keyring-psk", "pre-shared-key", rf"^\s+pre-shared-key\s+.*?\bkey\s+{_T}{_V}"),
    _rule(
        "ikev2-psk",
        "pre-shared-key",
        rf"^\s+pre-shared-key\s+(?:local\s+|remote\s+)?{_T}(?P<secret>(?!address\b|hostname\b)\S+)$",
    ),
    _rule(
        "isakmp-client-group-key",
        "key",
        rf"^\s+key\s+{_T}{_V}",
        section=r"^crypto\s+isakmp\s+client\s+configuration\s+group\s",
    ),
    _rule("key-string", "key-string", rf"^\s+key-string\s+(?:password\s+)?{_T}{_V}"),
    _rule(
        "fhrp-authentication",
        "authentication",
        r"^\s+(?:standby|vrrp|glbp)\s+(?:\d+\s+)?authentication\s+"
        rf"(?:text\s+|md5\s+key-string\s+(?:encrypted\s+)?{_T})?"
        r"(?P<secret>(?!md5\b|text\b)\S+)",
    ),
    _rule(
        "ospf-authentication-key",
        "authentication-key",
        rf"^\s+ip\s+ospf\s+authentication-key\s+{_T}{_V}",
    ),
    _rule(
        "ospf-message-digest-key",
        "message-digest-key",
        rf"\bmessage-digest-key\s+\d+\s+md5\s+{_T}{_V}",
    ),
    _rule(
        "ospf-virtual-link-key",
        "authentication-key",
        rf"^\s+area\s+\S+\s+virtual-link\s+.*?\bauthentication-key\s+{_T}{_V}",
    ),
    _rule("neighbor-password", "password", rf"^\s+neighbor\s+\S+\s+password\s+{_T}{_V}"),
    _rule("line-password", "password", rf"^\s+password\s+{_T}{_V}", section=r"^line\s"),
    _rule("ftp-password", "password", rf"^\s*ip\s+ftp\s+password\s+{_T}{_V}"),
    _rule("ppp-chap", "password", rf"^\s+ppp\s+chap\s+password\s+{_T}{_V}"),
    _rule("ppp-pap", "password", rf"^\s+ppp\s+pap\s+sent-username\s+\S+\s+password\s+{_T}{_V}"),
    _rule("wpa-psk", "wpa-psk", rf"^\s+wpa-psk\s+(?:ascii|hex)\s+{_T}{_V}"),
    _rule(
        "wep-key",
        "encryption",
        rf"^\s+encryption\s+(?:vlan\s+\d+\s+)?key\s+\d+\s+size\s+\S+\s+{_T}{_V}",
    ),
    _rule(
        "ntp-authentication-key",
        "authentication-key",
        rf"^\s*ntp\s+authentication-key\s+\d+\s+\S+\s+{_V}",
    ),
    _rule("nhrp-authentication", "nhrp", rf"^\s+ip\s+nhrp\s+authentication\s+{_V}"),
    _rule("isis-password", "password", rf"^\s+(?:domain|area)-password\s+{_T}{_V}"),
    _rule("isis-interface-password", "password", rf"^\s+isis\s+password\s+{_T}{_V}"),
    _rule("l2tp-tunnel-password", "password", rf"^\s+l2tp\s+tunnel\s+password\s+{_T}{_V}"),
    _rule("l2tp-class-password", "password", rf"^\s+password\s+{_T}{_V}", section=r"^l2tp-class\s"),
    _rule(
        "pki-trustpoint-password",
        "password",
        rf"^\s+password\s+{_T}{_V}",
        section=r"^crypto\s+(?:pki|ca)\s+trustpoint\s",
    ),
    _rule("radius-client-server-key", "server-key", rf"\bserver-key\s+{_T}{_V}"),
    _rule("radius-local-nas-key", "key", rf"^\s+nas\s+\S+\s+key\s+{_T}{_V}"),
    _rule("ezvpn-group-key", "key", rf"^\s+group\s+\S+\s+key\s+{_T}{_V}"),
    # wireless controllers (IOS-XE 9800): these values may hold spaces, up to the line end
    _rule(
        "wlan-psk",
        "set-key",
        rf"^\s+security\s+wpa\s+psk\s+set-key\s+(?:ascii|hex)\s+{_T}(?P<secret>.+?)\s*$",
    ),
    _rule(
        "ap-user-password",
        "password",
        r"^\s+(?:dot1x|mgmtuser)\s+username\s+\S+\s+password\s+"
        rf"{_T}(?P<secret>.+?)(?=\s+secret\s|\s*$)",
    ),
    _rule(
        "ap-user-secret",
        "secret",
        rf"^\s+mgmtuser\s+username\s+.*?\ssecret\s+{_T}(?P<secret>.+?)\s*$",
    ),
    _rule("config-key", "config-key", rf"^\s*key\s+config-key\s+password-encrypt\s+{_V}"),
    # last resort where the section cannot be told (a config indented as a whole): any
    # "password X", and a "key X" whose X is not a number (a key chain's "key 1")
    _rule(
        "any-password",
        "password",
        rf"(?:^|\s)password\s+{_T}(?P<secret>(?!encryption\b)\S+)",
        fallback=True,
    ),
    _rule("any-key", "key", rf"^\s+key\s+{_T}(?P<secret>(?!\d+$)\S+)$", fallback=True),
)
"""Every secret kind tbwan masks: one row each, tried in order on every line."""

_HINTS = re.compile("|".join(sorted({re.escape(r.hint) for r in SECRET_RULES})))
_NEGATION = re.compile(r"^(?P<indent>\s*)no\s+")


def plain(value: str) -> str:
    """The replacement stored in files: :data:`MASK` (a digest token is kept as it is).

    >>> plain("hunter2"), plain("<secret:0a1b2c3d>")
    ('<removed>', '<secret:0a1b2c3d>')
    """
    return value if _TOKEN.match(value) else MASK


class SecretDigest:
    """``<secret:HMAC>`` per value, keyed at random per instance (not reversible).

    >>> digest = SecretDigest()
    >>> digest("hunter2") == digest("hunter2") != digest("hunter3")
    True
    >>> digest("<removed>")
    '<removed>'
    """

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else os.urandom(32)

    def __call__(self, value: str) -> str:
        if _TOKEN.match(value):
            return value
        mac = hmac.new(self._key, value.encode("utf-8", "surrogateescape"), hashlib.sha256)
        return f"<secret:{mac.hexdigest()[:8]}>"


RUN_DIGEST = SecretDigest()
"""The digest of this process: stable for one run, unrelated to any other run's."""


def _mask_line(line: str, section: str, replace: Replace) -> str:
    if _HINTS.search(line) is None:
        return line
    negation = _NEGATION.match(line)
    if negation:  # "no snmp-server community X" holds the secret as well
        masked = _mask_line(negation.group("indent") + line[negation.end() :], section, replace)
        return line[: negation.end()] + masked[len(negation.group("indent")) :]
    matched = False
    for rule in SECRET_RULES:
        if rule.hint not in line or (rule.section is not None and not rule.section.search(section)):
            continue
        if rule.fallback and matched:
            continue
        match = rule.line.search(line)
        if match:  # no early return: one line may hold two (snmp-server user auth + priv)
            start, end = match.span("secret")
            line = line[:start] + replace(match.group("secret")) + line[end:]
            matched = True
    return line


def mask_secrets(text: str, replace: Replace = plain) -> str:
    """Replace every secret value in IOS config ``text`` (by ``<removed>`` by default).

    Args:
        text: Config text (a whole config, a section, or one line).
        replace: Secret value -> replacement (:func:`plain` or a :class:`SecretDigest`).

    Returns:
        The same text with secret values masked; line endings are kept.

    >>> mask_secrets("enable secret 9 $9$abc")
    'enable secret 9 <removed>'
    >>> mask_secrets("snmp-server community s3cr3t RO 10")
    'snmp-server community <removed> RO 10'
    >>> mask_secrets("tacacs server TAC1\\n address ipv4 10.34.0.5\\n key 7 0822455D0A16")
    'tacacs server TAC1\\n address ipv4 10.34.0.5\\n key 7 <removed>'
    >>> mask_secrets("no username bob secret 0 hunter2")
    'no username bob secret 0 <removed>'
    >>> mask_secrets("key chain K\\n key 1\\n  key-string 7 0822")
    'key chain K\\n key 1\\n  key-string 7 <removed>'
    """
    section = ""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body and not body[0].isspace():
            section = body
        out.append(_mask_line(body, section, replace) + line[len(body) :])
    return "".join(out)


_DIFF_MARK = re.compile(r"^(?P<mark>[+-]|[<>] ?)?")


def mask_diff(text: str, replace: Replace = plain) -> str:
    """Mask a diff whose lines may start with ``+``/``-`` (NAPALM's ``compare_config``).

    >>> print(mask_diff("+enable secret 5 $1$x\\n+tacacs server T\\n+ key 7 0822"))
    +enable secret 5 <removed>
    +tacacs server T
    + key 7 <removed>
    """
    section = ""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        mark = _DIFF_MARK.match(body)
        prefix = mark.group(0) if mark else ""
        rest = body[len(prefix) :]
        if rest and not rest[0].isspace():
            section = rest
        out.append(prefix + _mask_line(rest, section, replace) + line[len(body) :])
    return "".join(out)


def mask_line_in_section(line: str, section: str = "", replace: Replace = plain) -> str:
    """Mask one config line given the text of its top-level section.

    >>> mask_line_in_section(" key 7 0822455D0A16", "radius server R1")
    ' key 7 <removed>'
    >>> mask_line_in_section(" key 1", "key chain K")
    ' key 1'
    """
    return _mask_line(line, section or line, replace)


def has_masked_secrets(text: str) -> bool:
    """Tell whether ``text`` already holds masked secrets.

    >>> has_masked_secrets("enable secret 9 <removed>")
    True
    """
    return MASK in text


def plain_masks(text: str) -> str:
    """Turn digest tokens back into :data:`MASK` (for text that is stored or compared later).

    >>> plain_masks("key 7 <secret:0a1b2c3d>")
    'key 7 <removed>'
    """
    return _DIGEST_TOKEN.sub(MASK, text)


def has_digest(text: str) -> bool:
    """Tell whether ``text`` holds a digest token.

    >>> has_digest("key <secret:0a1b2c3d>"), has_digest("key <removed>")
    (True, False)
    """
    return _DIGEST_TOKEN.search(text) is not None
