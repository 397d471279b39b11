"""Intended vs running for tasks: :func:`tbwan.diff.diff_configs` on normalised text.

hier_config (under :mod:`tbwan.diff`) only parses banners written over several lines, as
``show running-config`` prints them; templates may write one-line banners
(``banner login ^Ctext^C``). Both sides are normalised to the multi-line form first.
"""

from __future__ import annotations

import re

from tbwan.diff import ChangePlan, HostDrift, diff_configs, plan_changes
from tbwan.diff.quick import covers

_ONE_LINE_BANNER = re.compile(r"^(banner\s+\S+\s+)(\^C|[^\s\w])(.+?)\2\s*$")


def split_banners(text: str) -> str:
    """Write one-line banners over three lines (delimiter, text, delimiter).

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


def host_drift(host: str, intended: str, running: str) -> HostDrift:
    """:func:`tbwan.diff.diff_configs` after :func:`split_banners` on both sides."""
    return diff_configs(host, split_banners(intended), split_banners(running))


def host_plan(intended: str, running: str, host: str = "") -> ChangePlan:
    """:func:`tbwan.diff.plan_changes` after :func:`split_banners` on both sides."""
    return plan_changes(split_banners(intended), split_banners(running), host=host)


def running_covers(intended: str, running: str) -> bool:
    """:func:`tbwan.diff.quick.covers` after :func:`split_banners` on both sides."""
    return covers(split_banners(running), split_banners(intended))
