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
from functools import lru_cache

from tbwan.lab.rules import (
    NO_FORM_HIDDEN,
    NO_FORM_SHOWN,
    NO_FORM_SHOWN_PREFIXES,
    PARENT_SINGLE_VALUE,
    RANK,
    SEQUENCED_PARENTS,
    SINGLE_VALUE,
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


Rules = tuple[tuple[tuple[str, ...], int], ...]


def _by_first_word(rules: Rules) -> dict[str, Rules]:
    """Rules indexed by their first word, longest prefix first (the lookups are hot)."""
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for prefix, value in rules:
        index.setdefault(prefix[0], []).append((prefix, value))
    return {w: tuple(sorted(r, key=lambda x: -len(x[0]))) for w, r in index.items()}


_RANK = _by_first_word(RANK)
_SINGLE = _by_first_word(SINGLE_VALUE)
_PARENT_SINGLE = {
    tuple(head.split()): _by_first_word(rules + SINGLE_VALUE)
    for head, rules in PARENT_SINGLE_VALUE.items()
}


def _longest(index: dict[str, Rules], tokens: list[str]) -> tuple[tuple[str, ...], int] | None:
    for prefix, value in index.get(tokens[0], ()) if tokens else ():
        if tuple(tokens[: len(prefix)]) == prefix:
            return prefix, value
    return None


@lru_cache(maxsize=8192)
def rank_of(text: str) -> int:
    """Position class of a top-level command in IOS's running-config order.

    >>> rank_of("interface Gi0/0") < rank_of("line vty 0 4")
    True
    """
    hit = _longest(_RANK, text.split()[:4])
    return 35 if hit is None else hit[1]


def insert_ranked(root: Node, node: Node) -> None:
    """Insert a top-level node after the last sibling of the same or lower rank."""
    rank = rank_of(node.text)
    pos = len(root.children)
    while pos > 0 and rank_of(root.children[pos - 1].text) > rank:
        pos -= 1
    root.children.insert(pos, node)


def _family(parent: str) -> tuple[str, ...]:
    words = tuple(parent.split()[:2])
    for head in _PARENT_SINGLE:
        if words[: len(head)] == head:
            return head
    return ()


def value_key(text: str, parent: str = "") -> str | None:
    """Key shared by lines that replace each other, or None for multi-valued lines.

    ``section`` is the parent line, for lines single-valued only in some sections.

    >>> value_key("ip address 10.0.0.1 255.255.255.0")
    'ip address'
    >>> value_key("ip address 10.0.0.1 255.255.255.0 secondary") is None
    True
    >>> value_key("ip access-group ACL in")
    'ip access-group in'
    >>> value_key("access-class 10 in")
    'access-class in'
    >>> value_key("key 7 0822455D0A16", "tacacs server AAA1"), value_key("key 1", "key chain K")
    ('key', None)
    """
    return _value_key(text, _family(parent) if parent else ())


@lru_cache(maxsize=65536)
def _value_key(text: str, family: tuple[str, ...]) -> str | None:
    tokens = text.split()
    if tokens and tokens[0] == "no":
        tokens = tokens[1:]
    if tokens[:2] == ["ip", "address"] and "secondary" in tokens:
        return None
    best = _longest(_PARENT_SINGLE[family] if family else _SINGLE, tokens)
    if best is None or best[1] == 0:
        return None
    if best[1] < 0:
        return " ".join([*best[0], tokens[-1]])
    return " ".join(tokens[: best[1]])


def sequenced(parent: Node) -> bool:
    """Whether ``parent`` holds entries that may carry sequence numbers (named ACLs)."""
    return parent.text.startswith(SEQUENCED_PARENTS)


def _seq(text: str) -> int | None:
    head = text.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def _unsequenced(text: str) -> str:
    return text.split(" ", 1)[1] if _seq(text) is not None and " " in text else text


def _add_sequenced(parent: Node, text: str) -> bool | str:
    """Add an ACL entry as IOS-XE does; return changed, or an error text."""
    seq = _seq(text)
    body = _unsequenced(text)
    # IOS keeps one copy of an entry, but every remark: the same remark may head several
    # entries (``remark ====`` separators; IOS's own show running-config prints them all)
    if not _is_remark(body) and any(_unsequenced(c.text) == body for c in parent.children):
        return False
    numbered = [n for n in (_seq(c.text) for c in parent.children) if n is not None]
    if seq is None:
        if not numbered:
            parent.children.append(Node(text))
            return True
        seq = max(numbered) + 10
        text = f"{seq} {text}"
    numbers = number_entries(parent)
    if seq in numbers:
        return "% Duplicate sequence number"
    pos = next((i for i, n in enumerate(numbers) if n > seq), len(parent.children))
    parent.children.insert(pos, Node(text))
    return True


def number_entries(parent: Node) -> list[int]:
    """Give every entry of an ACL its sequence number; return the numbers in order.

    IOS numbers an entry typed without a number (the previous + 10) and keeps that number;
    the lab prints such entries as typed until a numbered entry or ``no N`` needs the
    numbers, then prints them all (as IOS-XE shows a list with numbers).
    """
    out: list[int] = []
    for child in parent.children:
        given = _seq(child.text)
        if given is None:
            given = (out[-1] if out else 0) + 10
            child.text = f"{given} {child.text}"
        out.append(given)
    return out


def _is_remark(body: str) -> bool:
    return body.startswith("remark ") or body == "remark"


def resequence(parent: Node, start: int = 10, step: int = 10) -> None:
    """``ip access-list resequence NAME START STEP``: renumber every entry."""
    for i, child in enumerate(parent.children):
        child.text = f"{start + i * step} {_unsequenced(child.text)}"


def _positive(text: str) -> str:
    return text[3:] if text.startswith("no ") else text


def add_line(parent: Node, text: str) -> bool:
    """Add a positive line under ``parent``; return whether anything changed."""
    return add_line_checked(parent, text) is True


def add_line_checked(parent: Node, text: str) -> bool | str:
    """Add a positive line under ``parent``; return changed, or the IOS error text."""
    if sequenced(parent):
        if _seq(text) is None and _is_remark(text):  # a remark again is a new remark
            return _add_sequenced(parent, text)
        return False if parent.find(text) is not None else _add_sequenced(parent, text)
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
    key = value_key(target, parent.text)
    single = len(target.split()) == 1
    plain = _unsequenced(target) if sequenced(parent) else target
    if sequenced(parent) and target.isdigit():
        number_entries(parent)  # ``no 20`` removes the entry IOS numbered 20
    before = len(parent.children)
    parent.children = [
        c
        for c in parent.children
        if not (
            c.text == target
            or (not single and c.text.startswith(target + " "))
            or (plain != target and _unsequenced(c.text) == plain)
            or (sequenced(parent) and _unsequenced(c.text) == target)
            or (sequenced(parent) and target.isdigit() and _seq(c.text) == int(target))
            or (
                (key is not None and value_key(c.text, parent.text) == key)
                and not c.text.startswith("no ")
                and len(target.split()) <= len(key.split())
            )
        )
    ]
    if len(parent.children) != before:
        return True
    if parent.find("no " + target) is not None or not shows_negation(target):
        return False
    node = Node("no " + target)
    if parent.text == "":
        insert_ranked(parent, node)
    else:
        parent.children.append(node)
    return True


def shows_negation(target: str) -> bool:
    """Whether IOS keeps ``no <target>`` in its config when there is no ``<target>``.

    >>> shows_negation("ip domain lookup"), shows_negation("shutdown")
    (True, False)
    >>> shows_negation("ntp server 10.0.0.1"), shows_negation("aaa new-model")
    (False, True)
    """
    if target in NO_FORM_SHOWN or target.startswith(NO_FORM_SHOWN_PREFIXES):
        return True
    if _seq(target) is not None:
        return False
    return not any(target == h.strip() or target.startswith(h) for h in NO_FORM_HIDDEN)


def would_remove(parent: Node, target: str) -> bool:
    """Whether ``no <target>`` would change ``parent`` (without changing it)."""
    return remove_line(parent.copy(), target)


def positive(text: str) -> str:
    """The line without a leading ``no``.

    >>> positive("no shutdown")
    'shutdown'
    """
    return _positive(text)
