"""Mask secrets in IOS config text so backups and reports never hold them.

Each rule is data: an optional regex the enclosing section's line must match, and a
regex for the line whose ``secret`` group is replaced by :data:`MASK`. Masking is
idempotent and keeps everything else (indentation, key type digits) as it was, so a
masked config still parses and diffs like the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "<removed>"


@dataclass(frozen=True, slots=True)
class SecretRule:
    """Replace the ``secret`` group of ``line`` (inside ``section``, if given)."""

    line: re.Pattern[str]
    section: re.Pattern[str] | None = None


def _rule(line: str, section: str | None = None) -> SecretRule:
    return SecretRule(re.compile(line), re.compile(section) if section else None)


# An optional IOS key type (0 clear, 5 md5, 6 aes, 7 vigenere, 8/9 scrypt) precedes a value.
_TYPE = r"(?:[0-9]\s+)?"

SECRET_RULES: tuple[SecretRule, ...] = (
    _rule(rf"^enable\s+(?:secret|password)\s+(?:level\s+\d+\s+)?{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^username\s+\S+\s+.*?\b(?:secret|password)\s+{_TYPE}(?P<secret>\S+)"),
    _rule(r"^snmp-server\s+community\s+(?P<secret>\S+)"),
    _rule(r"^snmp-server\s+user\s+.*?\bauth\s+\S+\s+(?:encrypted\s+)?(?P<secret>\S+)"),
    _rule(r"^snmp-server\s+user\s+.*?\bpriv\s+(?:3des|des|aes\s+\d+)\s+(?P<secret>\S+)"),
    _rule(r"^snmp-server\s+host\s+\S+\s+(?:.*\s)?version\s+(?:1|2c)\s+(?P<secret>\S+)"),
    _rule(rf"^crypto\s+isakmp\s+key\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+pre-shared-key\s+.*?\bkey\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+pre-shared-key\s+(?:local\s+|remote\s+)?{_TYPE}(?P<secret>(?!address\b)\S+)$"),
    _rule(rf"^(?:tacacs|radius)-server\s+(?:host\s+\S+\s+.*?)?key\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+key\s+{_TYPE}(?P<secret>\S+)", section=r"^(?:tacacs|radius)\s+server\s"),
    _rule(rf"^\s+server-private\s+\S+\s+.*?\bkey\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+key-string\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+ip\s+ospf\s+authentication-key\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+ip\s+ospf\s+message-digest-key\s+\d+\s+md5\s+{_TYPE}(?P<secret>\S+)"),
    _rule(rf"^\s+neighbor\s+\S+\s+password\s+{_TYPE}(?P<secret>\S+)"),
)


_NEGATION = re.compile(r"^(?P<indent>\s*)no\s+")


def _mask_line(line: str, section: str) -> str:
    negation = _NEGATION.match(line)
    if negation:  # "no snmp-server community X" holds the secret as well
        masked = _mask_line(negation.group("indent") + line[negation.end() :], section)
        return line[: negation.end()] + masked[len(negation.group("indent")) :]
    for rule in SECRET_RULES:
        if rule.section is not None and not rule.section.search(section):
            continue
        match = rule.line.search(line)
        if match:  # no early return: one line may hold two (snmp-server user auth + priv)
            start, end = match.span("secret")
            line = line[:start] + MASK + line[end:]
    return line


def mask_secrets(text: str) -> str:
    """Replace every secret value in IOS config ``text`` with ``<removed>``.

    Args:
        text: Config text (a whole config, a section, or one line).

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
        out.append(_mask_line(body, section) + line[len(body) :])
    return "".join(out)


def mask_line_in_section(line: str, section: str = "") -> str:
    """Mask one config line given the text of its top-level section.

    >>> mask_line_in_section(" key 7 0822455D0A16", "radius server R1")
    ' key 7 <removed>'
    >>> mask_line_in_section(" key 7 0822455D0A16", "key chain K")
    ' key 7 0822455D0A16'
    """
    return _mask_line(line, section or line)


def has_masked_secrets(text: str) -> bool:
    """Tell whether ``text`` already holds masked secrets.

    >>> has_masked_secrets("enable secret 9 <removed>")
    True
    """
    return MASK in text
