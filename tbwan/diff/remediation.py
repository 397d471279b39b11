"""Remediation and rollback commands with hier_config, and applying them to a config.

hier_config computes ``running.config_to_get_to(intended)`` with the platform driver's
rules (idempotent commands such as ``description``, negation, ordering, sectional
exits). One IOS quirk it leaves to callers: ``no access-list N <entry>`` deletes the
whole numbered list, so a numbered list that changed is rewritten as a whole
(:func:`rewrite_numbered_acls`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hier_config import HConfig, Platform, get_hconfig
from hier_config.exceptions import DuplicateChildError

from tbwan.diff.driver import driver_for
from tbwan.diff.normalize import drop_implicit_defaults, strip_non_config
from tbwan.diff.secrets import mask_line_in_section
from tbwan.errors import DiffError

_NUMBERED_ACL = re.compile(r"^access-list\s+(?P<num>\d+)\s")


def parse_config(text: str, platform: Platform = Platform.CISCO_IOS, *, label: str = "") -> HConfig:
    """Parse config ``text`` into a hier_config tree, minus non-config and default lines.

    Raises:
        DiffError: The text cannot be parsed (e.g. a banner never ends); ``label`` names it.
    """
    try:
        config = get_hconfig(driver_for(platform), strip_non_config(text))
    except (ValueError, DuplicateChildError) as err:
        where = label or "config"
        raise DiffError(f"{where}: cannot parse as {platform.name} config ({err})") from err
    return drop_implicit_defaults(config)


def _numbered_acls(config: HConfig) -> dict[str, list[str]]:
    acls: dict[str, list[str]] = {}
    for child in config.children:
        match = _NUMBERED_ACL.match(child.text)
        if match:
            acls.setdefault(match.group("num"), []).append(child.text)
    return acls


def rewrite_numbered_acls(source: HConfig, target: HConfig, delta: HConfig) -> HConfig:
    """Make ``delta`` replace every numbered ACL that differs as a whole (in place).

    On IOS ``no access-list 10 permit any`` removes all of list 10, so per-entry negations
    are wrong: the list is removed once and the target's entries re-added in order.
    """
    before, after = _numbered_acls(source), _numbered_acls(target)
    for num in sorted(set(before) | set(after), key=int):
        if before.get(num) == after.get(num):
            continue
        own = re.compile(rf"^(?:no\s+)?access-list\s+{num}\s")
        for child in tuple(delta.children):
            if own.match(child.text):
                child.delete()
        if num in before:
            delta.add_child(f"no access-list {num}")
        for line in after.get(num, ()):
            delta.add_child(line)
    return delta


_BANNER_HEAD = re.compile(r"^(?P<no>no\s+)?banner\s+(?P<kind>\S+)")


def replace_banners(delta: HConfig) -> HConfig:
    """One ``banner KIND`` block replaces the old banner; ``no banner KIND`` only to remove.

    hier_config negates a changed banner with its whole old text (``no banner login ^C``
    then every old line as a command), which IOS rejects. A new banner replaces the old
    one on IOS, so the negation goes; a removed banner is ``no banner KIND`` alone.
    """
    added = set()
    for child in delta.children:
        match = _BANNER_HEAD.match(child.text)
        if match and not match.group("no"):
            added.add(match.group("kind"))
    for child in tuple(delta.children):
        match = _BANNER_HEAD.match(child.text)
        if match and match.group("no"):
            if match.group("kind") in added:
                child.delete()
            else:
                child.text = f"no banner {match.group('kind')}"
    return delta


def changes(source: HConfig, target: HConfig) -> HConfig:
    """The commands that turn ``source`` into ``target`` (hier_config plus IOS fixes)."""
    delta = source.config_to_get_to(target)
    delta = rewrite_numbered_acls(source, target, delta)
    return replace_banners(delta).set_order_weight()


def _lines(config: HConfig) -> Iterator[tuple[int, str]]:
    indent = config.driver.rules.indentation
    for line in config.lines(sectional_exiting=True):
        text = line.lstrip(" ")
        yield (len(line) - len(text)) // indent, text


def render_commands(config: HConfig, *, mask: bool = True) -> str:
    """Commands as IOS config text: one space per level, sectional exits, secrets masked.

    >>> from hier_config import get_hconfig, Platform
    >>> cfg = get_hconfig(Platform.CISCO_IOS, "interface Gi0/1\\n description x")
    >>> print(render_commands(cfg), end="")
    interface Gi0/1
     description x
     exit
    """
    out: list[str] = []
    section = ""
    for depth, text in _lines(config):
        if depth == 0:
            section = text
        line = " " * depth + text
        out.append(mask_line_in_section(line, section) if mask else line)
    return "".join(f"{line}\n" for line in out)


def apply_commands(
    config_text: str, commands_text: str, platform: Platform = Platform.CISCO_IOS
) -> HConfig:
    """Predict the config after ``commands_text`` is applied to ``config_text``.

    Uses hier_config's ``future`` (the platform's idempotency and negation rules), as
    hier_config's own round-trip tests do.

    Raises:
        DiffError: ``config_text`` cannot be parsed.
    """
    config = parse_config(config_text, platform, label="config")
    commands = get_hconfig(config.driver, commands_text)
    return config.future(commands)
