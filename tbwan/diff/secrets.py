"""Mask secrets in config text so backups, reports and the terminal never hold them.

One table per platform (its profile's ``secret_rules``, :mod:`tbwan.platforms`): each row
is a secret kind, with a regex for the line
(whose ``secret`` group is replaced), an optional regex the enclosing top-level section
must match, and a literal ``hint`` the line must contain (a cheap filter, so a 40,000-line
config is not run through every regex). Each IOS kind has its case in
``tests/diff/test_diff_secrets.py``; every platform passes ``tests/platforms``.

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

import bisect
import functools
import hashlib
import hmac
import os
import re
from collections.abc import Callable

from tbwan.platforms import IOS, Platform, SecretRule

MASK = "<removed>"

_TOKEN = re.compile(r"^<(?:removed|secret:[0-9a-f]{8})>$")
_DIGEST_TOKEN = re.compile(r"<secret:[0-9a-f]{8}>")

Replace = Callable[[str], str]
"""Secret value -> what is written in its place."""


SECRET_RULES: tuple[SecretRule, ...] = IOS.secret_rules
"""IOS's secret kinds (the table lives in :mod:`tbwan.platforms.ios`)."""


@functools.cache
def _hints(platform: Platform) -> re.Pattern[str]:
    """One regex of every rule's literal hint: only lines holding one are looked at."""
    return re.compile("|".join(sorted({re.escape(r.hint) for r in platform.secret_rules})))


# line breaks other than \n and \r\n: the text is split the way str.splitlines does
_TOP_LINE = re.compile(r"^(?=\S)", re.M)
_ODD_BREAKS = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
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


def _mask_line(line: str, section: str, replace: Replace, platform: Platform) -> str:
    if _hints(platform).search(line) is None:
        return line
    negation = _NEGATION.match(line)
    if negation:  # "no snmp-server community X" holds the secret as well
        rest = negation.group("indent") + line[negation.end() :]
        masked = _mask_line(rest, section, replace, platform)
        return line[: negation.end()] + masked[len(negation.group("indent")) :]
    matched = False
    for rule in platform.secret_rules:
        if rule.hint not in line or (rule.section is not None and not rule.section.search(section)):
            continue
        if rule.fallback and matched:
            continue
        match = rule.line.search(line)
        if match:  # no early return: one line may hold two (snmp-server user auth + priv)
            # a rule may take a quoted value as "secret" and an unquoted one as "bare"
            group = "secret" if match.group("secret") is not None else "bare"
            start, end = match.span(group)
            line = line[:start] + replace(match.group(group)) + line[end:]
            matched = True
    return line


def mask_secrets(text: str, replace: Replace = plain, *, platform: Platform = IOS) -> str:
    """Replace every secret value in config ``text`` (by ``<removed>`` by default).

    Args:
        text: Config text (a whole config, a section, or one line).
        replace: Secret value -> replacement (:func:`plain` or a :class:`SecretDigest`).
        platform: Whose secret kinds to mask (the host's platform profile).

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
    if _ODD_BREAKS.search(text):
        return _mask_by_line(text, replace, platform)
    # only lines holding a hint are looked at (one regex pass over the text): a
    # 40,000-line config has a few hundred
    out: list[str] = []
    pos = 0
    tops: list[int] | None = None  # where the top-level lines start, on first need
    for hint in _hints(platform).finditer(text):
        if hint.start() < pos:
            continue  # a second hint on a line already done
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end
        body = text[start:end].rstrip("\r")
        if body and not body[0].isspace():
            section = body
        else:
            tops = tops if tops is not None else [m.start() for m in _TOP_LINE.finditer(text)]
            section = _section_before(text, tops, start)
        masked = _mask_line(body, section, replace, platform)
        out += [text[pos:start], masked]
        pos = start + len(body)
    out.append(text[pos:])
    return "".join(out)


def _section_before(text: str, tops: list[int], start: int) -> str:
    """The last line before ``start`` that does not begin with white space."""
    at = bisect.bisect_left(tops, start) - 1
    if at < 0:
        return ""
    end = text.find("\n", tops[at])
    return text[tops[at] : len(text) if end < 0 else end].rstrip("\r")


def _mask_by_line(text: str, replace: Replace, platform: Platform) -> str:
    """:func:`mask_secrets` over ``str.splitlines`` lines (any line break Python knows)."""
    section = ""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body and not body[0].isspace():
            section = body
        out.append(_mask_line(body, section, replace, platform) + line[len(body) :])
    return "".join(out)


_DIFF_MARK = re.compile(r"^(?P<mark>[+-]|[<>] ?)?")


def mask_diff(text: str, replace: Replace = plain, *, platform: Platform = IOS) -> str:
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
        out.append(prefix + _mask_line(rest, section, replace, platform) + line[len(body) :])
    return "".join(out)


def mask_line_in_section(
    line: str, section: str = "", replace: Replace = plain, *, platform: Platform = IOS
) -> str:
    """Mask one config line given the text of its top-level section.

    >>> mask_line_in_section(" key 7 0822455D0A16", "radius server R1")
    ' key 7 <removed>'
    >>> mask_line_in_section(" key 1", "key chain K")
    ' key 1'
    """
    return _mask_line(line, section or line, replace, platform)


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
