"""An IOS configuration as a tree of lines: parse, render, and single-line edits.

Pure: no I/O. Sections (``interface X``) hold indented children. Edits follow IOS habits
as a heuristic: single-value commands replace their old value, ``no`` removes lines.

>>> tree = parse_config("hostname r1\\ninterface Lo0\\n ip address 10.0.0.1 255.255.255.255\\n")
>>> add_line(tree.find("interface Lo0"), "ip address 10.0.0.2 255.255.255.255")
True
>>> print("\\n".join(render_lines(tree)))
hostname r1
!
interface Lo0
 ip address 10.0.0.2 255.255.255.255
!
"""

from __future__ import annotations

import re

from tbwan.lab.rules import (
    NO_FORM_SHOWN,
    NO_FORM_SHOWN_PREFIXES,
    RANK,
    SINGLE_VALUE,
    SINGLE_VALUE_UNDER,
)

# The simulator reads configs with its own patterns, not tbwan.diff's: a device that
# parsed with the engine's code would agree with the engine's bugs instead of exposing them.
_BANNER = re.compile(r"^banner\s+\S+\s+(\^C|\S)")
_SKIP = re.compile(r"^(Building configuration|Current configuration|! Last configuration|!|end$)")


class Node:
    """One configuration line and the lines nested under it."""

    __slots__ = ("children", "text")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.children: list[Node] = []

    def find(self, text: str) -> Node | None:
        """Return the child whose text is exactly ``text``."""
        for child in self.children:
            if child.text == text:
                return child
        return None

    def copy(self) -> Node:
        """Return a deep copy."""
        new = Node(self.text)
        new.children = [c.copy() for c in self.children]
        return new

    def __repr__(self) -> str:
        return f"Node({self.text!r}, {len(self.children)} children)"


def banner_delimiter(line: str) -> str | None:
    """Return the delimiter of a ``banner`` line, if it is one.

    >>> banner_delimiter("banner motd ^C")
    '^C'
    >>> banner_delimiter("hostname x") is None
    True
    """
    m = _BANNER.match(line.strip())
    return m.group(1) if m else None


def banner_closed(text: str, delim: str) -> bool:
    """Whether the banner text (from ``banner``) already holds its closing delimiter."""
    head = _BANNER.match(text)
    rest = text[head.end() :] if head else text
    return delim in rest


def parse_config(text: str) -> Node:
    """Parse configuration text into a tree using its indentation."""
    root = Node()
    stack: list[tuple[int, Node]] = [(-1, root)]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip()
        i += 1
        body = raw.strip()
        if not body or _SKIP.match(body):
            continue
        delim = banner_delimiter(body)
        if delim is not None:
            parts = [body]
            while not banner_closed("\n".join(parts), delim) and i < len(lines):
                parts.append(lines[i].rstrip())
                i += 1
            body = "\n".join(parts)
        indent = len(raw) - len(raw.lstrip())
        while stack[-1][0] >= indent:
            stack.pop()
        node = Node(body)
        parent = stack[-1][1]
        if parent is root:
            insert_ranked(root, node)
        else:
            parent.children.append(node)
        stack.append((indent, node))
    return root


def render_lines(root: Node) -> list[str]:
    """Render the tree as IOS shows it, with ``!`` separators between blocks."""
    out: list[str] = []
    prev_rank = -1
    prev_section = False
    for node in root.children:
        rank = rank_of(node.text)
        section = bool(node.children)
        if out and (section or prev_section or rank != prev_rank) and out[-1] != "!":
            out.append("!")
        out.append(node.text)
        _render_children(node, 1, out)
        if section:
            out.append("!")
        prev_rank, prev_section = rank, section
    if out and out[-1] != "!":
        out.append("!")
    return out


def _render_children(node: Node, depth: int, out: list[str]) -> None:
    for child in node.children:
        out.append(" " * depth + child.text)
        _render_children(child, depth + 1, out)


def config_lines(root: Node) -> list[str]:
    """Return every line with its indentation, without separators."""
    out: list[str] = []
    _render_children(root, 0, out)
    return out


def rank_of(text: str) -> int:
    """Position class of a top-level command in IOS's running-config order.

    >>> rank_of("interface Gi0/0") < rank_of("line vty 0 4")
    True
    """
    tokens = tuple(text.split())
    best, best_len = 35, 0
    for prefix, rank in RANK:
        if len(prefix) > best_len and tokens[: len(prefix)] == prefix:
            best, best_len = rank, len(prefix)
    return best


def insert_ranked(root: Node, node: Node) -> None:
    """Insert a top-level node after the last sibling of the same or lower rank."""
    rank = rank_of(node.text)
    pos = len(root.children)
    while pos > 0 and rank_of(root.children[pos - 1].text) > rank:
        pos -= 1
    root.children.insert(pos, node)


def value_key(text: str, section: str = "") -> str | None:
    """Key shared by lines that replace each other, or None for multi-valued lines.

    ``section`` is the parent line, for lines single-valued only in some sections.

    >>> value_key("ip address 10.0.0.1 255.255.255.0")
    'ip address'
    >>> value_key("ip address 10.0.0.1 255.255.255.0 secondary") is None
    True
    >>> value_key("ip access-group ACL in")
    'ip access-group in'
    >>> value_key("key 7 0822", "tacacs server A"), value_key("key 1", "key chain K")
    ('key', None)
    """
    tokens = text.split()
    if tokens and tokens[0] == "no":
        tokens = tokens[1:]
    if tokens[:2] == ["ip", "address"] and "secondary" in tokens:
        return None
    for outer, inner in SINGLE_VALUE_UNDER.items():
        if tuple(section.split()[: len(outer)]) == outer and tuple(tokens[: len(inner)]) == inner:
            return " ".join(inner)
    best: tuple[tuple[str, ...], int] | None = None
    for prefix, klen in SINGLE_VALUE:
        if tuple(tokens[: len(prefix)]) == prefix and (best is None or len(prefix) > len(best[0])):
            best = (prefix, klen)
    if best is None or best[1] == 0:
        return None
    if best[1] < 0:
        return " ".join([*best[0], tokens[-1]])
    return " ".join(tokens[: best[1]])


def _positive(text: str) -> str:
    return text[3:] if text.startswith("no ") else text


def add_line(parent: Node, text: str) -> bool:
    """Add a positive line under ``parent``; return whether anything changed."""
    if parent.find(text) is not None:
        return False
    key = value_key(text, parent.text)
    negated = "no " + text
    keep: list[Node] = []
    at: int | None = None
    for child in parent.children:
        if child.text == negated or (key is not None and value_key(child.text, parent.text) == key):
            at = len(keep) if at is None else at
            continue
        keep.append(child)
    parent.children = keep
    node = Node(text)
    if at is not None:
        parent.children.insert(at, node)
    elif parent.text == "":
        insert_ranked(parent, node)
    else:
        parent.children.append(node)
    return True


def remove_line(parent: Node, target: str) -> bool:
    """Apply ``no <target>`` under ``parent``; return whether anything changed."""
    key = value_key(target)
    single = len(target.split()) == 1
    before = len(parent.children)
    parent.children = [
        c
        for c in parent.children
        if not (
            c.text == target
            or (not single and c.text.startswith(target + " "))
            or (
                (key is not None and value_key(c.text) == key and not c.text.startswith("no "))
                and len(target.split()) <= len(key.split())
            )
        )
    ]
    if len(parent.children) != before:
        return True
    shown = target in NO_FORM_SHOWN or target.startswith(NO_FORM_SHOWN_PREFIXES)
    if shown and parent.find("no " + target) is None:
        node = Node("no " + target)
        if parent.text == "":
            insert_ranked(parent, node)
        else:
            parent.children.append(node)
        return True
    return False


def would_remove(parent: Node, target: str) -> bool:
    """Whether ``no <target>`` would change ``parent`` (without changing it)."""
    return remove_line(parent.copy(), target)


def positive(text: str) -> str:
    """The line without a leading ``no``.

    >>> positive("no shutdown")
    'shutdown'
    """
    return _positive(text)
