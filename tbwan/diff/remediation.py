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

from tbwan.diff.blocks import NAMED_ACL, apply_block, is_block, resequence
from tbwan.diff.driver import driver_for
from tbwan.diff.normalize import drop_implicit_defaults, strip_non_config
from tbwan.diff.prepare import scan
from tbwan.diff.secrets import mask_line_in_section
from tbwan.errors import DiffError
from tbwan.platforms import IOS
from tbwan.platforms import Platform as Profile

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


def _config_to_get_to(source: HConfig, target: HConfig) -> HConfig:
    try:
        return source.config_to_get_to(target)
    except DuplicateChildError:
        pass
    # A config holding a line and its negation ("aaa new-model", "no aaa new-model")
    # makes hier_config add the same command twice; one top-level line at a time, each
    # command once.
    delta = get_hconfig(source.driver)
    texts = dict.fromkeys(c.text for c in (*source.children, *target.children))
    for text in texts:
        one_source, one_target = get_hconfig(source.driver), get_hconfig(source.driver)
        for config, one in ((source, one_source), (target, one_target)):
            child = config.get_child(equals=text)
            if child is not None:
                one.add_deep_copy_of(child)
        for command in one_source.config_to_get_to(one_target).children:
            if delta.get_child(equals=command.text) is None:
                delta.add_deep_copy_of(command)
    return delta


def changes(source: HConfig, target: HConfig) -> HConfig:
    """The commands that turn ``source`` into ``target`` (hier_config plus IOS fixes)."""
    delta = _config_to_get_to(source, target)
    delta = rewrite_numbered_acls(source, target, delta)
    return replace_banners(delta).set_order_weight()


def _lines(config: HConfig) -> Iterator[tuple[int, str]]:
    indent = config.driver.rules.indentation
    for line in config.lines(sectional_exiting=True):
        text = line.lstrip(" ")
        yield (len(line) - len(text)) // indent, text


def render_commands(config: HConfig, *, mask: bool = True, platform: Profile = IOS) -> str:
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
        out.append(mask_line_in_section(line, section, platform=platform) if mask else line)
    return "".join(f"{line}\n" for line in out)


def _split_commands(commands_text: str) -> tuple[dict[str, list[str]], list[str], str]:
    """Block commands per ACL / chain header, ``resequence`` commands, the rest."""
    blocks: dict[str, list[str]] = {}
    resequences: list[str] = []
    rest: list[str] = []
    current: list[str] | None = None
    for line in commands_text.splitlines():
        if line and not line[0].isspace():
            current = None
            head = line.removeprefix("no ")
            if line.startswith("ip access-list resequence "):
                resequences.append(line)
            elif is_block(head):
                current = blocks.setdefault(head, [])
                current.append(line)
            else:
                rest.append(line)
        elif current is not None:
            current.append(line)
        else:
            rest.append(line)
    return blocks, resequences, "".join(f"{line}\n" for line in rest)


def future_config(
    config_text: str, commands_text: str, platform: Platform = Platform.CISCO_IOS
) -> str:
    """The config text after ``commands_text`` (a remediation) is applied to ``config_text``.

    Named ACLs and certificate chains follow :mod:`tbwan.diff.blocks`; the rest is
    hier_config's ``future`` (the platform's idempotency and negation rules), as
    hier_config's own round-trip tests do.

    Raises:
        DiffError: ``config_text`` cannot be parsed.
    """
    scanned = scan(config_text, "config")
    blocks, resequences, rest = _split_commands(commands_text)
    contents: dict[str, list[tuple[int, str]]] = {
        key: list(sections[0].content)
        for key, sections in scanned.sections.items()
        if is_block(key)
    }
    for command in resequences:
        name = command.split()[3]
        for key, content in contents.items():
            if key.split()[-1] == name and NAMED_ACL.match(key):
                contents[key] = resequence(content, command)
    for header, commands in blocks.items():
        if commands[0].startswith("no "):
            contents.pop(header, None)
        else:
            contents[header] = apply_block(contents.get(header, ()), commands)
    others = [key for key in scanned.sections if not is_block(key)]
    lines = scanned.text.splitlines(keepends=True)
    kept = "".join("".join(lines[s.start : s.end]) for key in others for s in scanned.sections[key])
    config = parse_config(kept, platform, label="config")
    future = config.future(get_hconfig(config.driver, rest))
    text = "".join(f"{line}\n" for line in future.lines())
    for content in contents.values():
        text += "".join(f"{' ' * indent}{line}\n" for indent, line in content)
    return text


def apply_commands(
    config_text: str, commands_text: str, platform: Platform = Platform.CISCO_IOS
) -> HConfig:
    """Predict the config after ``commands_text`` is applied to ``config_text`` (a tree).

    Raises:
        DiffError: ``config_text`` cannot be parsed.
    """
    return parse_config(future_config(config_text, commands_text, platform), platform)
