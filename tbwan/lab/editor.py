"""Configuration mode: place each typed line in the tree as IOS would (a heuristic).

Pure. Indented input (files, rendered configs) is placed by its indentation; flat input
(typed lines) by keyword tables: a section line enters a submode, a global-only keyword
inside a submode falls back to global configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tbwan.lab.config_tree import (
    Node,
    add_line_checked,
    banner_closed,
    banner_delimiter,
    positive,
    remove_line,
    resequence,
    sequenced,
)
from tbwan.lab.rules import (
    ADDRESS_PARENTS,
    BODY_PARENTS,
    GLOBAL_PREFIXES,
    KNOWN_KEYWORDS,
    MIN_TOKENS,
    MODE_LOCAL,
    OPENERS,
)

INVALID = "% Invalid input detected at '^' marker."
_HEADER = re.compile(r"^(Building configuration|Current configuration :|Using \d+ out of )")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}(\s|$)")
INCOMPLETE = "% Incomplete command."


def caret(prompt: str, line: str, token_index: int) -> str:
    """IOS's ``^`` marker under the first bad token, and the error line.

    >>> print(caret("r1#", "shw run", 0))
       ^
    % Invalid input detected at '^' marker.
    """
    pos = 0
    for i, m in enumerate(re.finditer(r"\S+", line)):
        pos = m.start()
        if i == token_index:
            break
    return " " * (len(prompt) + pos) + "^\n" + INVALID


@lru_cache(maxsize=65536)
def opener_mode(parent_mode: str, text: str) -> str | None:
    """Mode entered by ``text`` typed in ``parent_mode``, or None if it opens no section.

    >>> opener_mode("global", "interface GigabitEthernet0/0/1.10")
    'subif'
    >>> opener_mode("pmap", "class VOICE")
    'pmap-c'
    >>> opener_mode("global", "no interface Loopback9") is None
    True
    """
    tokens = tuple(text.split())
    best: tuple[int, str] | None = None
    for prefix, mode, parent in OPENERS:
        fits = parent == parent_mode and tokens[: len(prefix)] == prefix
        if fits and len(tokens) > len(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), mode)
    bare = {"control-plane": "cp", "archive": "archive", "redundancy": "red"}
    if best is None and parent_mode == "global" and len(tokens) == 1 and tokens[0] in bare:
        best = (1, bare[tokens[0]])
    if best and best[1] == "if" and "." in tokens[-1]:
        return "subif"
    return best[1] if best else None


@lru_cache(maxsize=65536)
def is_global(text: str) -> bool:
    """Whether ``text`` is a global-only command (ignoring a leading ``no``)."""
    tokens = tuple(positive(text).split())
    return any(tokens[: len(p)] == p for p in GLOBAL_PREFIXES)


@lru_cache(maxsize=65536)
def is_local(mode: str, text: str) -> bool:
    """Whether ``text`` belongs to ``mode`` although it looks global."""
    tokens = tuple(positive(text).split())
    return any(tokens[: len(p)] == p for p in MODE_LOCAL.get(mode, frozenset()))


def check_line(text: str, reject: re.Pattern[str] | None = None) -> str | None:
    """Return the IOS error for a configuration line, or None if it is accepted.

    >>> check_line("hostnme r1")
    "% Invalid input detected at '^' marker."
    >>> check_line("hostname") == INCOMPLETE
    True
    """
    tokens = text.split()
    if not tokens:
        return None
    words = tokens[1:] if tokens[0] in ("no", "default") else tokens
    if not words or words[0].lower() not in KNOWN_KEYWORDS:
        return INVALID
    if tokens[0] != "no" and len(words) < MIN_TOKENS.get(words[0], 1):
        return INCOMPLETE
    if reject is not None and reject.search(text):
        return INVALID
    return None


@dataclass
class Frame:
    """An open section: its node, mode, the indent of its header line."""

    node: Node
    mode: str
    indent: int
    indented_children: bool = False


@dataclass
class Effect:
    """What one line did: its section path, text, whether it changed the tree, error."""

    path: tuple[str, ...]
    text: str
    changed: bool
    error: str | None = None
    line: int = 0


@dataclass
class ConfigEditor:
    """Apply configuration-mode lines to a tree, tracking the current submode."""

    root: Node
    reject: re.Pattern[str] | None = None
    stack: list[Frame] = field(default_factory=list)
    banner: list[str] | None = None
    _last: tuple[Node, int, str] | None = None
    _bang: bool = False

    def __post_init__(self) -> None:
        self.stack = [Frame(self.root, "global", -1)]

    @property
    def mode(self) -> str:
        """Mode name for the prompt: ``config`` or ``config-if`` etc."""
        top = self.stack[-1].mode
        return "config" if top == "global" else f"config-{top}"

    @property
    def collecting_banner(self) -> bool:
        """Whether the editor waits for the rest of a multi-line banner."""
        return self.banner is not None

    def apply(self, raw: str) -> Effect | None:
        """Apply one line. Return None for ``end``/``exit`` at top (leave config mode)."""
        if self.banner is not None:
            return self._banner_line(raw)
        body = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if not body:
            return Effect(self._path(), "", False)
        if body.startswith("!"):
            # A comment. A top-level "!" ends the section before a top-level line; an
            # indented line after it (a commented-out line inside a section) stays in it.
            self._bang = self._bang or indent == 0
            return Effect(self._path(), body, False)
        bang, self._bang = self._bang, False
        if bang and indent == 0:
            del self.stack[1:]
        if body in ("end", "\x1a"):
            return None
        if body == "exit" or body.startswith("exit-"):
            if len(self.stack) == 1:
                return None
            frame = self.stack.pop()
            if body != "exit":  # IOS prints exit-address-family & co. after the block
                self._mark_end(frame.node, body)
            return Effect(self._path(), body, False)
        if body == "quit" and self.stack[-1].node.text.startswith(BODY_PARENTS):
            return self._body_line(raw.strip(" ").rstrip("\r\n"))
        if indent > 0:
            self._place(body, indent)  # data lines are recognised by their section
        if self._in_body(indent):
            return self._body_line(raw.strip(" ").rstrip("\r\n"))
        error = check_line(body)
        if error is not None and (self._sequence_entry(body, indent) or self._address_entry(body)):
            error = None
        if error is None and self.reject is not None and self.reject.search(body):
            error = INVALID  # the reject fault
        if error is None and body.split()[:3] == ["ip", "access-list", "resequence"]:
            return self._resequence(body)
        if error is not None:
            return Effect(self._path(), body, False, error)
        if banner_delimiter(body) is not None and not banner_closed(
            body, banner_delimiter(body) or ""
        ):
            self.banner = [body]
            return Effect(self._path(), body, False)
        self._place(body, indent)
        return self._edit(body, indent)

    def _mark_end(self, node: Node, marker: str) -> None:
        """Put ``marker`` right after ``node`` in its parent, once."""
        siblings = self.stack[-1].node.children
        at = next((i for i, c in enumerate(siblings) if c is node), None)
        if at is None:
            return
        if at + 1 < len(siblings) and siblings[at + 1].text == marker:
            return
        siblings.insert(at + 1, Node(marker))

    def _in_body(self, indent: int) -> bool:
        """Whether the line is certificate data (the open section is a certificate)."""
        top = self.stack[-1]
        if not top.node.text.startswith(BODY_PARENTS):
            return False
        return (indent == 0 and not top.indented_children) or indent > top.indent

    def _body_line(self, text: str) -> Effect:
        """A data line of the open certificate or key; ``quit`` (kept as typed) closes it."""
        frame = self.stack[-1]
        frame.indented_children = True
        path = self._path()
        if text.strip() != "quit":
            frame.node.children.append(Node(text.strip()))
            return Effect(path, text.strip(), True)
        self.stack.pop()
        if frame.node.text.startswith("certificate "):
            frame.node.children.append(Node(text))  # IOS prints "\tquit" inside the cert
        else:
            self.stack[-1].node.children.append(Node(text))
        return Effect(path, text.strip(), True)

    def _sequence_entry(self, body: str, indent: int) -> bool:
        """Whether ``body`` is a numbered entry (``10 permit ...``) of the open ACL."""
        words = body.split()
        if len(words) < 2 or not words[-1 if words[0] == "no" else 0].isdigit():
            return False
        if words[0] == "no":
            words = words[1:]
        if not words[0].isdigit():
            return False
        frame = self.stack[-1]
        if indent > 0 and self._last is not None and sequenced(self._last[0]):
            return True
        return sequenced(frame.node) and (len(words) == 1 or words[1].lower() in KNOWN_KEYWORDS)

    def _address_entry(self, body: str) -> bool:
        """Whether ``body`` is an address line of an object group (``10.0.0.0 255.0.0.0``)."""
        top = self.stack[-1].node.text
        return top.startswith(ADDRESS_PARENTS) and bool(_IPV4.match(body))

    def _resequence(self, body: str) -> Effect:
        words = body.split()
        name = " ".join(words[3:4])
        start = int(words[4]) if len(words) > 4 and words[4].isdigit() else 10
        step = int(words[5]) if len(words) > 5 and words[5].isdigit() else 10
        for node in self.root.children:
            t = node.text.split()
            if t[:2] == ["ip", "access-list"] and t[-1] == name:
                resequence(node, start, step)
                return Effect((), body, True)
        return Effect((), body, False, INVALID)

    def _banner_line(self, raw: str) -> Effect:
        assert self.banner is not None
        self.banner.append(raw.rstrip("\r\n"))
        text = "\n".join(self.banner)
        if banner_closed(text, banner_delimiter(self.banner[0]) or ""):
            self.banner = None
            del self.stack[1:]
            return self._edit(text, 0)
        return Effect(self._path(), raw, False)

    def _path(self) -> tuple[str, ...]:
        return tuple(f.node.text for f in self.stack[1:])

    def _place(self, body: str, indent: int) -> None:
        """Pop or push frames so the top frame is the parent of ``body``."""
        if indent > 0:
            while len(self.stack) > 1 and self.stack[-1].indent >= indent:
                self.stack.pop()
            last = self._last
            if last is not None and last[1] < indent and self._is_child(last[0]):
                self.stack.append(Frame(last[0], last[2], last[1]))
            self.stack[-1].indented_children = True
            return
        if any(f.indented_children for f in self.stack[1:]):
            del self.stack[1:]
            return
        for level in range(len(self.stack) - 1, -1, -1):
            if opener_mode(self.stack[level].mode, positive(body)) is not None:
                del self.stack[level + 1 :]
                return
        top = self.stack[-1]
        if top.mode != "global" and (not is_global(body) or is_local(top.mode, body)):
            return
        del self.stack[1:]

    def _is_child(self, node: Node) -> bool:
        return any(c is node for c in self.stack[-1].node.children)

    def _edit(self, body: str, indent: int) -> Effect:
        frame = self.stack[-1]
        path = self._path()
        if body.startswith("no "):
            changed = remove_line(frame.node, body[3:])
            self._last = None
            return Effect(path, body, changed)
        result = add_line_checked(frame.node, body)
        if isinstance(result, str):
            return Effect(path, body, False, result)
        changed = result
        node = frame.node.find(body) or next(
            (c for c in reversed(frame.node.children) if c.text.endswith(body)), None
        )
        if node is None:  # an entry IOS keeps once (an ACL line typed twice)
            return Effect(path, body, False)
        mode = opener_mode(frame.mode, body)
        if mode is not None:
            self.stack.append(Frame(node, mode, indent))
            self._last = None
        else:
            self._last = (node, indent, "sub")
        return Effect(path, body, changed)


def apply_text(root: Node, lines: list[str], reject: re.Pattern[str] | None = None) -> list[Effect]:
    """Apply configuration lines (as in ``copy FILE running-config``) and return effects.

    The header ``show running-config`` prints before the config is skipped; each effect
    carries its 1-based line number.
    """
    editor = ConfigEditor(root, reject)
    effects: list[Effect] = []
    for number, line in enumerate(lines, start=1):
        if editor.banner is None and _HEADER.match(line):
            continue
        effect = editor.apply(line)
        if effect is None:
            if line.strip() == "end":
                break
            continue
        effect.line = number
        effects.append(effect)
    return effects
