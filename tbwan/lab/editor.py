"""Configuration mode: place each typed line in the tree as IOS would (a heuristic).

Pure. Indented input (files, rendered configs) is placed by its indentation; flat input
(typed lines) by keyword tables: a section line enters a submode, a global-only keyword
inside a submode falls back to global configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tbwan.lab.config_tree import (
    Node,
    add_line,
    banner_closed,
    banner_delimiter,
    positive,
    remove_line,
)
from tbwan.lab.rules import GLOBAL_PREFIXES, KNOWN_KEYWORDS, MIN_TOKENS, MODE_LOCAL, OPENERS

INVALID = "% Invalid input detected at '^' marker."
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


def is_global(text: str) -> bool:
    """Whether ``text`` is a global-only command (ignoring a leading ``no``)."""
    tokens = tuple(positive(text).split())
    return any(tokens[: len(p)] == p for p in GLOBAL_PREFIXES)


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


@dataclass
class ConfigEditor:
    """Apply configuration-mode lines to a tree, tracking the current submode."""

    root: Node
    reject: re.Pattern[str] | None = None
    stack: list[Frame] = field(default_factory=list)
    banner: list[str] | None = None
    _last: tuple[Node, int, str] | None = None

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
            if indent == 0:
                del self.stack[1:]
            return Effect(self._path(), body, False)
        if body in ("end", "\x1a"):
            return None
        if body in ("exit", "exit-address-family") or body.startswith("exit-"):
            if len(self.stack) == 1:
                return None
            self.stack.pop()
            return Effect(self._path(), body, False)
        error = check_line(body, self.reject)
        if error is not None:
            return Effect(self._path(), body, False, error)
        if banner_delimiter(body) is not None and not banner_closed(
            body, banner_delimiter(body) or ""
        ):
            self.banner = [body]
            return Effect(self._path(), body, False)
        self._place(body, indent)
        return self._edit(body, indent)

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
        changed = add_line(frame.node, body)
        node = frame.node.find(body)
        assert node is not None
        mode = opener_mode(frame.mode, body)
        if mode is not None:
            self.stack.append(Frame(node, mode, indent))
            self._last = None
        else:
            self._last = (node, indent, "sub")
        return Effect(path, body, changed)


def apply_text(root: Node, lines: list[str], reject: re.Pattern[str] | None = None) -> list[Effect]:
    """Apply configuration lines (as in ``copy FILE running-config``) and return effects."""
    editor = ConfigEditor(root, reject)
    effects: list[Effect] = []
    for line in lines:
        effect = editor.apply(line)
        if effect is None:
            if line.strip() == "end":
                break
            continue
        effects.append(effect)
    return effects
