"""The ``show archive config`` diff outputs, in the formats NAPALM's ``ios`` driver parses.

Pure. The text imitates IOS's layout; IOS's own algorithm (order-dependent lines, passes)
is not reproduced.

>>> from tbwan.lab.config_tree import parse_config
>>> a = parse_config("hostname r1\\ninterface Lo0\\n description a\\n")
>>> b = parse_config("hostname r2\\ninterface Lo0\\n description b\\n")
>>> print(contextual_diff(a, b))
!Contextual Config Diffs:
+hostname r2
interface Lo0
 +description b
 -description a
-hostname r1
"""

from __future__ import annotations

import re

from tbwan.lab.config_tree import Node
from tbwan.lab.editor import apply_text


def _all(node: Node, depth: int, sign: str, out: list[str]) -> None:
    out.append(" " * depth + sign + node.text)
    for child in node.children:
        _all(child, depth + 1, sign, out)


def _diff(old: Node, new: Node, depth: int, out: list[str]) -> None:
    old_map = {c.text: c for c in old.children}
    new_map = {c.text: c for c in new.children}
    for child in new.children:
        if child.text not in old_map:
            _all(child, depth, "+", out)
        else:
            sub: list[str] = []
            _diff(old_map[child.text], child, depth + 1, sub)
            if sub:
                out.append(" " * depth + child.text)
                out.extend(sub)
    for child in old.children:
        if child.text not in new_map:
            _all(child, depth, "-", out)


def contextual_diff(running: Node, candidate: Node) -> str:
    """``show archive config differences system:/running-config FILE``."""
    out: list[str] = []
    _diff(running, candidate, 0, out)
    if not out:
        return "!Contextual Config Diffs:\n!No changes were found"
    return "\n".join(["!Contextual Config Diffs:", *out])


def incremental_diff(running: Node, merge_text: str, reject: re.Pattern[str] | None) -> str:
    """``show archive config incremental-diffs FILE ignorecase``: lines the merge would add."""
    trial = running.copy()
    effects = apply_text(trial, merge_text.splitlines(), reject)
    out = ["!List of Commands:"]
    shown: tuple[str, ...] = ()
    changed = False
    for effect in effects:
        if effect.error is not None:
            out.extend([effect.text, effect.error])
            continue
        if not effect.changed:
            continue
        changed = True
        for depth, header in enumerate(effect.path):
            if shown[: depth + 1] != effect.path[: depth + 1]:
                out.append(" " * depth + header)
        shown = (*effect.path, effect.text)
        out.append(" " * len(effect.path) + effect.text)
    out.append("end")
    if not changed:
        out.append("!No changes were found")
    return "\n".join(out)
