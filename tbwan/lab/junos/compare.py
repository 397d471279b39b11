"""``show | compare``: the difference of two configs in Junos's format.

    [edit interfaces ge-0/0/0 unit 0]
    -   description old;
    +   description new;

A header names the hierarchy, then each added (``+``) or removed (``-``) statement is
printed in curly form, four columns in; statements present on both sides are walked into.
"""

from __future__ import annotations

from tbwan.lab.junos.tree import Node
from tbwan.lab.junos.view import Item, items


def _key(item: Item) -> str:
    """What identifies an item across the two sides (a leaf: its whole line)."""
    return item.head if item.children is None else f"{item.head} {{"


def compare(old: Node, new: Node) -> str:
    """The diff from ``old`` to ``new``; empty when they are the same."""
    out: list[str] = []
    _walk(items(old), items(new), [], out)
    return "\n".join(out) + ("\n" if out else "")


def _walk(old: list[Item], new: list[Item], path: list[str], out: list[str]) -> None:
    before = {_key(i): i for i in old}
    after = {_key(i): i for i in new}
    lines: list[str] = []
    nested: list[tuple[Item, Item]] = []
    for key, item in before.items():
        if key not in after:
            lines.extend("-" + line[1:] for line in _block(item))
    for key, item in after.items():
        if key not in before:
            lines.extend("+" + line[1:] for line in _block(item))
        elif item.children is not None:
            nested.append((before[key], item))
    if lines:
        out.append(f"[edit{''.join(' ' + w for w in path)}]" if path else "[edit]")
        out.extend(lines)
    for was, now in nested:
        assert was.children is not None and now.children is not None
        _walk(was.children, now.children, [*path, now.head], out)


def _block(item: Item) -> list[str]:
    """An item's curly lines, indented one level (the first column is for the sign)."""
    return item.lines(depth=1)
