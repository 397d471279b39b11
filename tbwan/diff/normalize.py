"""Drop what is not config before two configs are compared.

Two documented lists:

* :data:`IGNORE_LINES`: top-level lines that a ``show running-config`` prints but that are
  not configuration (headers, ``version``, ``!`` comments, ``end``) or that change on
  their own (``ntp clock-period``). They are removed from the text, banners excepted.
* :data:`tbwan.diff.writeonly.WRITE_ONLY_LINES`: lines IOS accepts but never shows
  (``snmp-server user``); they are checked apart (``show snmp user``), so they are
  removed from both sides like the ignored lines.
* :data:`IMPLICIT_DEFAULTS`: lines inside a section that IOS never shows in its running
  config because they are the default (``no shutdown`` under an interface). A template
  may still write them; they are removed from both sides so they never count as drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hier_config import HConfig

from tbwan.diff.writeonly import is_write_only

VOLATILE_LINES: tuple[str, ...] = (
    r"^Building configuration",
    r"^Current configuration\s*:",
    r"^! Last configuration change",
    r"^! NVRAM config last updated",
    r"^ntp clock-period\s",
)
"""Lines a device or a client changes on its own: never stored in a backup, never drift."""

BANNER_HEAD = re.compile(r"^banner\s+\S+\s+(?P<delim>\^C|\S)")
"""The first line of a banner and its delimiter (``^C`` as IOS prints it, or one char)."""

IGNORE_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        *VOLATILE_LINES,
        r"^Load for five secs",
        r"^Time source is",
        r"^version\s",
        r"^end\s*$",
        r"^\s*!",
    )
)


# one alternation: checked on every line of every config, a loop of searches costs 5x more
_IGNORED = re.compile("|".join(f"(?:{p.pattern})" for p in IGNORE_LINES))


@dataclass(frozen=True, slots=True)
class ImplicitDefault:
    """A child line (``child``) under a section (``section``) IOS never displays."""

    section: re.Pattern[str]
    child: re.Pattern[str]


IMPLICIT_DEFAULTS: tuple[ImplicitDefault, ...] = (
    ImplicitDefault(re.compile(r"^interface\s"), re.compile(r"^no shutdown$")),
)

_BANNER = BANNER_HEAD
_ONE_LINE_BANNER = re.compile(r"^(banner\s+\S+\s+)(\^C|[^\s\w])(.+?)\2\s*$")


def split_banners(text: str) -> str:
    """Write one-line banners over three lines (delimiter, text, delimiter).

    ``show running-config`` prints banners over several lines, and hier_config only parses
    that form; a template may write ``banner login ^Ctext^C`` on one line.

    >>> split_banners("banner login ^CAuthorized only^C\\nhostname r1\\n")
    'banner login ^C\\nAuthorized only\\n^C\\nhostname r1\\n'
    >>> split_banners("banner motd ^C\\nhi\\n^C\\n")
    'banner motd ^C\\nhi\\n^C\\n'
    """
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _ONE_LINE_BANNER.match(line.rstrip("\r\n"))
        if match:
            head, delim, body = match.groups()
            out.append(f"{head}{delim}\n{body}\n{delim}\n")
        else:
            out.append(line)
    return "".join(out)


def banner_start(line: str) -> str | None:
    """The delimiter when ``line`` opens a banner that goes on over the next lines.

    >>> banner_start("banner login ^C"), banner_start("banner motd #hi#"), banner_start("x")
    ('^C', None, None)
    """
    match = _BANNER.match(line)
    if match and match.group("delim") not in line[match.end() :]:
        return match.group("delim")
    return None


def in_banner_flags(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a multi-line banner (its header and end too).

    Clean-up must keep these lines as they are: a blank line inside a banner is text.

    >>> in_banner_flags(["hostname r1", "banner login ^C", "", "hi", "^C", ""])
    [False, True, True, True, True, False]
    """
    flags: list[bool] = []
    delim: str | None = None
    for line in lines:
        if delim is not None:
            flags.append(True)
            if delim in line:
                delim = None
            continue
        delim = banner_start(line)
        flags.append(delim is not None)
    return flags


def is_ignored(line: str) -> bool:
    """Tell whether ``line`` is on the ignore list.

    >>> is_ignored("Current configuration : 1234 bytes")
    True
    >>> is_ignored("ntp server 10.34.0.10")
    False
    >>> is_ignored("snmp-server user tbwan-mon TBWAN-RO v3 auth sha <removed>")
    True
    """
    return _IGNORED.search(line) is not None or is_write_only(line)


def strip_non_config(text: str) -> str:
    """Remove ignored lines and blank lines from config ``text``; banners are kept whole.

    Banners are written the way ``show running-config`` prints them and hier_config
    reads them: ``banner KIND ^C``, the text lines, ``^C``. One-line banners, text on the
    delimiter lines and other delimiters (``banner login ^First line.``) are rewritten.

    >>> strip_non_config("Building configuration...\\n!\\nhostname r1\\nend\\n")
    'hostname r1\\n'
    >>> strip_non_config("banner motd ^C\\n! keep me\\n^C\\n!\\n")
    'banner motd ^C\\n! keep me\\n^C\\n'
    >>> strip_non_config("banner login ^First line.\\n\\nLast.^ignored\\n")
    'banner login ^C\\nFirst line.\\n\\nLast.\\n^C\\n'
    """
    out: list[str] = []
    delim: str | None = None
    for line in split_banners(text).splitlines():
        if delim is not None:
            if delim in line:
                body = line[: line.index(delim)]
                out.extend([body, "^C"] if body else ["^C"])
                delim = None
            else:
                out.append(line)
            continue
        if not line.strip() or is_ignored(line):
            continue
        banner = _BANNER.match(line)
        if banner and banner.group("delim") not in line[banner.end() :]:
            delim = banner.group("delim")
            head = line[: banner.start("delim")].rstrip()
            out.append(f"{head} ^C")
            if line[banner.end() :].strip():
                out.append(line[banner.end() :])
            continue
        out.append(line)
    return "".join(f"{line}\n" for line in out)


def drop_implicit_defaults(config: HConfig) -> HConfig:
    """Delete :data:`IMPLICIT_DEFAULTS` lines from ``config`` (in place) and return it."""
    for rule in IMPLICIT_DEFAULTS:
        for section in config.children:
            if not rule.section.search(section.text):
                continue
            for child in tuple(section.children):
                if rule.child.search(child.text):
                    child.delete()
    return config
