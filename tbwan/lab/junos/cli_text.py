"""Operational-mode ``show`` commands of a lab Junos device, as text.

Shared by the CLI over SSH and NETCONF's ``<command>``. :func:`run_command` returns None
for a command this module does not know (the caller tries the network model, then
answers ``syntax error``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from tbwan.lab.junos import facts
from tbwan.lab.junos.state import JunosState
from tbwan.lab.junos.tree import Node, split_words, to_set
from tbwan.lab.junos.view import to_text

OperFallback = Callable[[JunosState, str], "str | None"]


def _expand(word: str, choices: tuple[str, ...]) -> str | None:
    """A unique prefix of one of ``choices`` (Junos completes words)."""
    if word in choices:
        return word
    hits = [c for c in choices if c.startswith(word)]
    return hits[0] if len(hits) == 1 else None


def config_output(state: JunosState, tree: Node, path: list[str], pipe: str) -> str:
    """``show configuration [PATH] [| display set|xml]`` of ``tree``."""
    node = tree.find(path)
    if node is None:
        return ""
    sub = Node()
    cur = sub
    for word in path:
        cur = cur.children.setdefault(word, Node())
    cur.children = node.copy().children
    if "display set" in pipe:
        return "\n".join(to_set(sub))
    if "display xml" in pipe:
        return str(etree.tostring(facts_xml(sub), pretty_print=True).decode()).rstrip()
    if path:  # the hierarchy's content, not wrapped in its own braces
        return to_text(node).rstrip()
    last = state.store.history[0]
    head = f"## Last commit: {last.when:%Y-%m-%d %H:%M:%S UTC} by {last.user}"
    return f"{head}\n{to_text(tree).rstrip()}"


def facts_xml(tree: Node) -> etree._Element:
    """The config as ``<configuration>`` (``| display xml``)."""
    from tbwan.lab.junos.forms import to_xml

    return to_xml(tree)


def system_commit(state: JunosState) -> str:
    """``show system commit``."""
    store = state.store
    lines: list[str] = []
    for i, entry in enumerate(store.history):
        via = {"cli": "cli", "netconf": "netconf"}.get(entry.client, "other")
        line = f"{i}   {entry.when:%Y-%m-%d %H:%M:%S UTC} by {entry.user} via {via}"
        if i == 0 and store.pending is not None:
            line += f" {store.pending_comment()}"
        lines.append(line)
        if entry.comment and not (i == 0 and store.pending is not None):
            lines.append(f"    {entry.comment}")
    return "\n".join(lines)


def interfaces_terse(state: JunosState) -> str:
    """``show interfaces terse``."""
    rows = [f"{'Interface':<24}{'Admin':<6}{'Link':<5}{'Proto':<9}{'Local':<24}Remote"]
    info = facts.interface_information(state, True, None)
    for phy in info.iter("physical-interface"):
        admin = phy.findtext("admin-status") or "up"
        rows.append(f"{phy.findtext('name') or '':<24}{admin:<6}{phy.findtext('oper-status'):<5}")
        for logical in phy.iter("logical-interface"):
            name = logical.findtext("name") or ""
            ladmin = logical.findtext("admin-status") or "up"
            link = logical.findtext("oper-status") or "up"
            families = list(logical.iter("address-family")) or [None]
            for k, af in enumerate(families):
                fam = af.findtext("address-family-name") if af is not None else ""
                addrs = [a.text or "" for a in af.iter("ifa-local")] if af is not None else []
                lead = f"{name:<24}{ladmin:<6}{link:<5}" if k == 0 else " " * 35
                rows.append(f"{lead}{fam or '':<9}{addrs[0] if addrs else ''}".rstrip())
                rows.extend(f"{'':<44}{a}" for a in addrs[1:])
    return "\n".join(rows)


def system_uptime(state: JunosState) -> str:
    """``show system uptime``."""
    info = facts.uptime_information(state)
    cur = info.findtext("current-time/date-time")
    boot = info.findtext("system-booted-time/date-time")
    ago = info.findtext("system-booted-time/time-length")
    return f"Current time: {cur}\nSystem booted: {boot} ({ago} ago)"


def run_command(
    state: JunosState, text: str, candidate: bool = False, fallback: OperFallback | None = None
) -> str | None:
    """The output of an operational command, or None if it is unknown.

    ``candidate``: ``show`` in configuration mode shows the candidate. The filters after
    the display pipe (``| match RE``, ``| except RE``, ``| count``, ``| last N``,
    ``| no-more``) apply to the text.
    """
    command, _, pipes = text.partition("|")
    display, *filters = pipes.split("|") if pipes else [""]
    if not display.strip().startswith("display"):
        filters, display = [display, *filters] if display else filters, ""
    out = _command(state, f"{command}|{display}" if display else command, candidate, fallback)
    return out if out is None else apply_filters(out, filters)


def apply_filters(text: str, filters: list[str]) -> str:
    """Junos's output filters, in order (an unknown one is ignored, like ``no-more``).

    >>> apply_filters("a 1\\nb 2\\na 3", [" match a", " count"])
    'Count: 2 lines'
    """
    lines = text.splitlines()
    for raw in filters:
        verb, _, arg = raw.strip().partition(" ")
        pattern = arg.strip().strip('"')
        if verb == "match":
            lines = [ln for ln in lines if re.search(pattern, ln)]
        elif verb == "except":
            lines = [ln for ln in lines if not re.search(pattern, ln)]
        elif verb == "last" and pattern.isdigit():
            lines = lines[-int(pattern) :]
        elif verb == "count":
            lines = [f"Count: {len(lines)} lines"]
    return "\n".join(lines)


def _command(
    state: JunosState, text: str, candidate: bool, fallback: OperFallback | None
) -> str | None:
    command, _, pipe = text.partition("|")
    words = split_words(command)
    if not words or _expand(words[0], ("show",)) != "show" or len(words) < 2:
        return None
    what = _expand(words[1], ("configuration", "version", "system", "interfaces", "chassis"))
    rest = words[2:]
    if what == "configuration":
        tree = state.store.candidate if candidate else state.store.committed
        return config_output(state, tree, rest, pipe)
    if what == "version" and not rest:
        return facts.show_version(state)
    if what == "system" and rest:
        sub = _expand(rest[0], ("commit", "uptime"))
        if sub == "commit":
            return system_commit(state)
        if sub == "uptime":
            return system_uptime(state)
    if what == "interfaces" and rest and _expand(rest[0], ("terse",)) == "terse":
        own = fallback(state, text) if fallback is not None else None
        return own if own is not None else interfaces_terse(state)
    if what == "chassis" and rest and rest[0].startswith("env"):
        from tbwan.lab.junos.environment import environment_text

        return environment_text(state)
    if what == "chassis" and rest and rest[0].startswith("hard"):
        return (
            "Hardware inventory:\n"
            "Item             Version  Part number  Serial number     Description\n"
            f"Chassis                                 {state.device.serial:<18}{state.model}"
        )
    return fallback(state, text) if fallback is not None else None
