"""Quick answers before hier_config: identical configs, and "running has every line".

Parsing a config with hier_config costs about 10 ms (its per-line regex rules); a deploy
post-check and an audit parse two configs per host. Most hosts are compliant, and after a
merge most running configs hold every intended line, so two cheap checks come first:

* :func:`same_config`: the two texts are the same config once non-config lines, blank
  lines and implicit defaults are dropped, line for line. Identical text parses to
  identical trees, so hier_config would find no drift: this answer is exact.
* :func:`covers`: every line of ``intended``, under the same parent lines, is in
  ``running``. Then no intended line is missing. A ``False`` is not a verdict: callers
  fall back to hier_config, which knows negations and idempotent commands.

Both sides go through the same normalisation, no more than hier_config's parse gets
(:func:`tbwan.diff.normalize.strip_non_config`, the implicit defaults it drops, a banner
as one element); anything else that differs, even trailing blanks, is left to hier_config.
"""

from __future__ import annotations

from typing import NamedTuple

from tbwan.diff.blocks import group_key
from tbwan.diff.models import ConfigPath
from tbwan.diff.normalize import BANNER_HEAD as _BANNER
from tbwan.diff.normalize import IMPLICIT_DEFAULTS, banner_start, is_ignored, strip_non_config
from tbwan.errors import DiffError


def _elements(text: str) -> list[tuple[int, str]]:
    """(indent, line) per config line; a multi-line banner is one element."""
    out: list[tuple[int, str]] = []
    banner: list[str] | None = None
    delim = ""
    for line in strip_non_config(text).splitlines():
        if banner is not None:
            banner.append(line)
            if delim in line:
                out.append((0, "\n".join(banner)))
                banner = None
            continue
        stripped = line.lstrip(" ")
        match = _BANNER.match(line)
        if match and match.group("delim") not in line[match.end() :]:
            banner, delim = [line], match.group("delim")
            continue
        out.append((len(line) - len(stripped), stripped))
    if banner is not None:
        out.append((0, "\n".join(banner)))
    return out


def _implicit_default(path: ConfigPath) -> bool:
    return len(path) == 2 and any(
        rule.section.search(path[0]) and rule.child.search(path[1]) for rule in IMPLICIT_DEFAULTS
    )


def _indented_paths(text: str) -> list[tuple[int, ConfigPath]]:
    paths: list[tuple[int, ConfigPath]] = []
    stack: list[tuple[int, str]] = []
    for indent, line in _elements(text):
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*(text_ for _, text_ in stack), line)
        stack.append((indent, line))
        if not _implicit_default(path):
            paths.append((indent, path))
    return paths


def line_paths(text: str) -> list[ConfigPath]:
    """Every config line of ``text`` as its path from the top level, in order.

    >>> line_paths("interface Gi0/1\\n description x\\n no shutdown\\n!\\nhostname r1\\n")
    [('interface Gi0/1',), ('interface Gi0/1', 'description x'), ('hostname r1',)]
    """
    return [path for _, path in _indented_paths(text)]


def same_config(intended: str, running: str) -> bool:
    """Whether the two configs are the same, line for line (an exact "no drift").

    >>> same_config("hostname r1\\nend\\n", "Building configuration...\\n!\\nhostname r1\\n")
    True
    >>> same_config("hostname r1\\n", "hostname r2\\n")
    False
    """
    return _indented_paths(intended) == _indented_paths(running)


def covers(running: str, intended: str) -> bool:
    """Whether every line of ``intended`` is in ``running`` under the same parents.

    >>> covers("hostname r1\\ninterface Gi0/1\\n description x\\n", "interface Gi0/1\\n")
    True
    >>> covers("interface Gi0/2\\n description x\\n", "interface Gi0/1\\n description x\\n")
    False
    """
    have = set(line_paths(running))
    return all(path in have for path in line_paths(intended))


class QuickBlock(NamedTuple):
    """A top-level block: its normalised lines, and its range of lines in the text."""

    content: tuple[str, ...]
    start: int
    end: int


def top_blocks(text: str, label: str = "config") -> dict[str, list[QuickBlock]]:
    """Each top-level line (its group) -> the content of its blocks, normalised for equality.

    A cheap split, so that the structure is read, and hier_config run, only where two
    configs differ: blank and ``!`` lines dropped, trailing blanks ignored, a banner one
    line, children kept in order. Lines after a skipped top-level line stay with the
    block before it, as :func:`tbwan.diff.prepare.walk` reads them.

    Raises:
        DiffError: A banner never ends.

    >>> top_blocks("interface Gi0/1\\n description x \\n!\\nhostname r1\\n")["interface Gi0/1"]
    [QuickBlock(content=('interface Gi0/1', ' description x'), start=0, end=3)]
    """
    blocks: dict[str, list[QuickBlock]] = {}
    current: list[str] = []
    first = 0
    lines = text.splitlines()
    count = len(lines)
    i = 0

    def close(end: int) -> None:
        if current:
            block = QuickBlock(tuple(current), first, end)
            blocks.setdefault(group_key(current[0].strip()), []).append(block)

    while i < count:
        line = lines[i].rstrip()
        i += 1
        if not line:
            continue
        if line[0] in " \t":
            if current and line.lstrip()[0] != "!":
                current.append(line)
            continue
        if line[0] == "!" or is_ignored(line):
            continue
        close(i - 1)
        first = i - 1
        delim = banner_start(line)
        if delim is not None:
            start = i
            body = [line]
            while len(body) == 1 or delim not in body[-1]:
                if i >= count:
                    raise DiffError(
                        f"{label}: line {start}: banner never ends (no closing {delim!r})"
                    )
                body.append(lines[i].rstrip("\r"))
                i += 1
            line = "\n".join(body)
        current = [line]
    close(count)
    return blocks
