"""The curly-brace view of a config tree: statements grouped as ``show configuration`` does.

An :class:`Item` is one printed statement: a container (``unit 0 { ... }``) or a one-line
leaf (``description x;``, ``authentication-order [ tacplus password ];``). The text form,
the XML form and ``show | compare`` are all drawn from these items.
"""

from __future__ import annotations

from dataclasses import dataclass

from tbwan.lab.junos.tree import BRACKETED, LIST_KEYWORDS, Node, quote

ONE_LINE = frozenset({"route"})
"""List keywords whose entries print on one line when they hold a single statement."""
CHOICES = frozenset({"pre-shared-key"})
"""Keywords printed on one line with their one choice (``pre-shared-key ascii-text X;``)."""
SECRETS = frozenset(
    ["encrypted-password", "secret", "ascii-text", "hexadecimal", "authentication-key",
     "simple-password"]
)  # fmt: skip
"""Leaves whose value Junos marks ``## SECRET-DATA`` in the text form."""


@dataclass
class Item:
    """One printed statement; ``children`` is None for a leaf."""

    keyword: str
    key: str | None  # the entry's name (``unit 0``), or None
    values: list[str]  # a leaf's values (``host-name x`` -> ["x"])
    children: list[Item] | None
    words: list[str]  # the path of this item below its parent

    @property
    def head(self) -> str:
        """The text before ``{`` or ``;``."""
        parts = [self.keyword] if self.keyword else []
        if self.key is not None:
            parts.append(quote(self.key))
        if len(self.values) > 1:
            parts.append("[ " + " ".join(quote(v) for v in self.values) + " ]")
        elif self.values:
            parts.append(quote(self.values[0]))
        return " ".join(parts)

    def lines(self, depth: int = 0) -> list[str]:
        """The item in curly form, four spaces per level."""
        pad = "    " * depth
        if self.children is None:
            secret = self.keyword.rsplit(" ", 1)[-1] in SECRETS and self.values
            return [f"{pad}{self.head};" + (" ## SECRET-DATA" if secret else "")]
        out = [f"{pad}{self.head} {{"]
        for child in self.children:
            out.extend(child.lines(depth + 1))
        out.append(f"{pad}}}")
        return out


def _chain(node: Node) -> list[str] | None:
    """The words below ``node`` if they form one statement, else None."""
    words: list[str] = []
    while node.children:
        if len(node.children) != 1:
            return None
        word, node = next(iter(node.children.items()))
        words.append(word)
    return words


def items(node: Node, parent: str = "") -> list[Item]:
    """The printed statements directly under ``node`` (``parent`` is its keyword)."""
    out: list[Item] = []
    for word, child in node.children.items():
        if parent == "interfaces":  # interface names stand alone
            out.append(_entry("", word, child, [word]))
        elif word == "from-zone" and child.children:
            out.extend(_zone_pairs(child))
        elif word in LIST_KEYWORDS and child.children:
            for key, entry in child.children.items():
                out.append(_entry(word, key, entry, [word, key]))
        elif (
            word in BRACKETED
            and len(child.children) > 1
            and all(not c.children for c in child.children.values())
        ):
            out.append(Item(word, None, list(child.children), None, [word]))
        elif not child.children:
            out.append(Item(word, None, [], None, [word]))
        elif word in CHOICES and (chain := _chain(child)) and len(chain) == 2:
            out.append(Item(f"{word} {quote(chain[0])}", None, [chain[1]], None, [word, *chain]))
        elif len(child.children) == 1 and not next(iter(child.children.values())).children:
            value = next(iter(child.children))
            out.append(Item(word, None, [value], None, [word, value]))
        else:
            out.append(Item(word, None, [], items(child, word), [word]))
    return out


def _zone_pairs(node: Node) -> list[Item]:
    """``from-zone A to-zone B { ... }``: security policies name a pair of zones."""
    out: list[Item] = []
    for zone, entry in node.children.items():
        pairs = entry.children.get("to-zone")
        if pairs is None or len(entry.children) != 1:
            out.append(_entry("from-zone", zone, entry, ["from-zone", zone]))
            continue
        for other, body in pairs.children.items():
            words = ["from-zone", zone, "to-zone", other]
            out.append(_entry(f"from-zone {quote(zone)} to-zone", other, body, words))
    return out


def _entry(keyword: str, key: str, node: Node, words: list[str]) -> Item:
    if not node.children:
        return Item(keyword, key, [], None, words)
    chain = _chain(node) if keyword in ONE_LINE else None
    if chain:
        return Item(" ".join([keyword, quote(key), *map(quote, chain[:-1])]), None,
                    [chain[-1]], None, [*words, *chain])  # fmt: skip
    return Item(keyword, key, [], items(node, keyword or "entry"), words)


def to_text(root: Node) -> str:
    """The tree in curly-brace form, as ``show configuration`` prints it."""
    lines: list[str] = []
    for item in items(root):
        lines.extend(item.lines())
    return "\n".join(lines) + ("\n" if lines else "")
