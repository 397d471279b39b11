"""Make two configs comparable: secrets as digests, the config's structure checked.

* Secrets become :class:`~tbwan.diff.secrets.SecretDigest` tokens (``<secret:1a2b3c4d>``):
  two different secrets stay two lines, a changed secret is a changed line, and the
  value never reaches a result. :attr:`Prepared.secrets` maps each token back to its
  value, for the commands of a push only.
* A secret already masked (``<removed>``: a backup, or a config rendered without its
  secrets) is an unknown value: a line of the other side that differs from it only by its
  secret is not drift (:func:`reconcile_masked`); lines that became equal count once.
* :func:`scan` finds what hier_config would reject or misread (an indented ``interface``,
  ``exit`` lines, a section head twice, a banner that never ends) and raises
  :class:`~tbwan.errors.DiffError` naming the side and the line, before any comparison;
  it splits each side in top-level sections, so only the sections that differ are
  parsed by hier_config (:meth:`Prepared.subset`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tbwan.diff.blocks import CERT_CHAIN, Content, group_key
from tbwan.diff.normalize import banner_start, is_ignored
from tbwan.diff.quick import QuickBlock, top_blocks
from tbwan.diff.secrets import MASK, RUN_DIGEST, SecretDigest, mask_line_in_section, mask_secrets
from tbwan.errors import DiffError
from tbwan.platforms import Platform

_ANY_DIGEST = re.compile(r"<secret:[0-9a-f]{8}>")
_TOP_LEVEL_ONLY = re.compile(r"^interface\s")


@dataclass(frozen=True, slots=True)
class Line:
    """One config element: 0-based index in the text, indent, path (banner: one element)."""

    index: int
    indent: int
    path: tuple[str, ...]
    leaf: bool


def walk(text: str, label: str = "config") -> Iterator[Line]:
    """Every config element of ``text`` with its path; banners whole, ignored lines skipped.

    Raises:
        DiffError: A banner never ends.

    >>> [line.path for line in walk("interface Gi0/1\\n description x\\n!\\nhostname r1\\n")]
    [('interface Gi0/1',), ('interface Gi0/1', 'description x'), ('hostname r1',)]
    """
    lines = text.splitlines()
    stack: list[tuple[int, tuple[str, ...]]] = []  # (indent, path) of the open parents
    pending: tuple[int, int, tuple[str, ...]] | None = None
    i = 0
    count = len(lines)
    while i < count:
        line = lines[i]
        start = i
        i += 1
        stripped = line.strip()
        if not stripped or stripped[0] == "!" or (line[0] != " " and is_ignored(line)):
            continue
        if line[0] == "b" and (delim := banner_start(line.rstrip("\r"))) is not None:
            body = [line.rstrip("\r")]
            while len(body) == 1 or delim not in body[-1]:
                if i >= count:
                    raise DiffError(
                        f"{label}: line {start + 1}: banner never ends (no closing {delim!r})"
                    )
                body.append(lines[i].rstrip("\r"))
                i += 1
            line = "\n".join(body)
            stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        # stripped: "  \tquit" ends a certificate on IOS
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*stack[-1][1], stripped) if stack else (stripped,)
        if pending is not None:
            yield Line(pending[0], pending[1], pending[2], leaf=indent <= pending[1])
        pending = (start, indent, path)
        stack.append((indent, path))
    if pending is not None:
        yield Line(pending[0], pending[1], pending[2], leaf=True)


def _shown(path: tuple[str, ...]) -> str:
    masked = mask_line_in_section(path[-1], path[0]).split("\n")[0]
    parent = mask_line_in_section(path[0]).split("\n")[0]
    return masked if len(path) == 1 else f"{masked} (under {parent!r})"


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level element and its children: line range in the text and its content."""

    start: int
    end: int
    content: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Scanned:
    """A config checked for structure: its text (duplicates blanked) and its sections."""

    text: str
    sections: dict[str, list[Section]]
    paths: tuple[tuple[str, ...], ...]


def _merge_repeated_sections(text: str, label: str) -> str:
    """A top-level section given twice is one section (IOS adds to it), as one block."""
    tops = [line.rstrip() for line in text.splitlines() if line[:1] not in ("", " ", "\t", "!")]
    if len(tops) == len(set(tops)):  # the usual case, without reading the structure
        return text
    elements = list(walk(text, label))
    heads = [e for e in elements if len(e.path) == 1]
    counts: dict[str, int] = {}
    for head in heads:
        counts[head.path[0]] = counts.get(head.path[0], 0) + 1
    if all(n == 1 for n in counts.values()):
        return text
    lines = text.splitlines(keepends=True)
    lines = [line if line.endswith(("\n", "\r")) else line + "\n" for line in lines]
    blocks: dict[str, list[str]] = {}
    order: list[str] = []
    bounds = [h.index for h in heads] + [len(lines)]
    for head, end in zip(heads, bounds[1:], strict=True):
        key = head.path[0]
        if key not in blocks:
            order.append(key)
            blocks[key] = lines[head.index : end]
        else:
            blocks[key].extend(_by_depth(lines[head.index + 1 : end]))
    return "".join(lines[: bounds[0]]) + "".join("".join(blocks[k]) for k in order)


def _indent(line: str) -> int | None:
    """A child line's indent (None for a blank, a comment or a top-level line)."""
    stripped = line.lstrip(" ")
    if not stripped.strip() or stripped[0] == "!" or len(stripped) == len(line):
        return None
    return len(line) - len(stripped)


def _by_depth(body: list[str]) -> list[str]:
    """The children of a repeated section, one space per level (as IOS prints them).

    IOS reads a section's lines by mode, whatever their indent. Joined as text after the
    first section, a body two spaces in would nest under the first one's last child (one
    space in): each line is put at its depth within its own section instead.

    >>> _by_depth(["  sender x\\n", " profile p\\n", "   active\\n", "!\\n"])
    [' sender x\\n', ' profile p\\n', '  active\\n', '!\\n']
    """
    stack = [0]  # indents of the open parents, the section's head first
    out = []
    for line in body:
        indent = _indent(line)
        if indent is None:
            out.append(line)
            continue
        while stack[-1] >= indent:
            stack.pop()
        out.append(" " * len(stack) + line[indent:])
        stack.append(indent)
    return out


def scan(text: str, label: str) -> Scanned:
    """Check the structure of ``text``, count repeated lines once, split it in sections.

    A line repeated under the same parent (sanitised public configs have them) is kept
    once: hier_config cannot hold it twice and it says nothing more the second time. A
    top-level section given twice is merged into one, as IOS does.

    Raises:
        DiffError: An ``interface`` is indented, an ``exit`` line, a nested section head
            repeated, or a banner that never ends; ``label`` and the line number are named.

    >>> scan("interface Gi0/1\\n description x\\n exit\\n", "r1: running")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tbwan.errors.DiffError: [DIFF] r1: running: line 3: exit (under 'interface Gi0/1'): a ...
    """
    text = _merge_repeated_sections(text, label)
    lines = text.splitlines(keepends=True)
    seen: set[tuple[str, ...]] = set()
    elements: list[Line] = []
    for line in walk(text, label):
        where = f"{label}: line {line.index + 1}"
        last = line.path[-1]
        if line.indent and _TOP_LEVEL_ONLY.match(last):
            raise DiffError(
                f"{where}: {_shown(line.path)} is indented; an interface is a top-level "
                "section: fix the indentation and compare again"
            )
        if last == "exit":
            raise DiffError(
                f"{where}: {_shown(line.path)}: a running config has no exit lines (a pasted "
                "session?): take the config from show running-config and compare again"
            )
        if line.path in seen and not CERT_CHAIN.match(line.path[0]):  # hex lines may repeat
            if not line.leaf:
                raise DiffError(
                    f"{where}: section {_shown(line.path)} appears twice; fix the file (or "
                    "the device) and compare again"
                )
            lines[line.index] = lines[line.index][len(lines[line.index].rstrip("\r\n")) :]
            continue
        seen.add(line.path)
        elements.append(line)
    sections: dict[str, list[Section]] = {}
    tops = [n for n, e in enumerate(elements) if len(e.path) == 1]
    for k, n in enumerate(tops):
        stop = tops[k + 1] if k + 1 < len(tops) else len(elements)
        end = elements[stop].index if stop < len(elements) else len(lines)
        content = tuple((e.indent, e.path[-1]) for e in elements[n:stop])
        section = Section(elements[n].index, end, content)
        sections.setdefault(group_key(elements[n].path[0]), []).append(section)
    return Scanned("".join(lines), sections, tuple(e.path for e in elements))


def _shape(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_ANY_DIGEST.sub(MASK, p) for p in path)


def reconcile_masked(
    want: str, have: str, labels: tuple[str, str] = ("intended config", "running config")
) -> tuple[str, str]:
    """Treat ``<removed>`` as an unknown value on either side (see the module docstring).

    >>> w, h = reconcile_masked("snmp-server community <removed> RO\\n",
    ...     "snmp-server community <secret:0a1b2c3d> RO\\nsnmp-server community <removed> RO\\n")
    >>> h
    'snmp-server community <removed> RO\\nsnmp-server community <removed> RO\\n'
    """
    sides = [want.splitlines(keepends=True), have.splitlines(keepends=True)]
    walked = [list(walk(want, labels[0])), list(walk(have, labels[1]))]
    exact = [{line.path for line in w} for w in walked]
    masked = [{_shape(line.path) for line in w if MASK in line.path[-1]} for w in walked]
    for side, other in ((0, 1), (1, 0)):
        lines = sides[side]
        for line in walked[side]:
            if (
                _ANY_DIGEST.search(line.path[-1])
                and line.path not in exact[other]
                and _shape(line.path) in masked[other]
            ):
                lines[line.index] = _ANY_DIGEST.sub(MASK, lines[line.index])
    return "".join(sides[0]), "".join(sides[1])


@dataclass(frozen=True, slots=True)
class Prepared:
    """Both configs ready to compare, and what each secret token stands for."""

    want: Scanned
    have: Scanned
    secrets: dict[str, str] = field(default_factory=dict)
    vty_paths: tuple[tuple[str, ...], ...] = ()
    """The lines under ``line vty`` of both sides (for the VTY access lists)."""

    @property
    def intended(self) -> str:
        """The intended text, secrets as tokens."""
        return self.want.text

    @property
    def running(self) -> str:
        """The running text, secrets as tokens."""
        return self.have.text

    def changed_groups(self) -> list[str]:
        """Top-level groups whose content differs (order ignored between groups)."""
        keys = self.want.sections.keys() | self.have.sections.keys()
        return [k for k in keys if _contents(self.want, k) != _contents(self.have, k)]

    def subset(self, keys: list[str]) -> tuple[str, str]:
        """Only the sections of ``keys``, from each side: all hier_config needs to see.

        Sections that are the same on both sides give no drift and no command, so parsing
        them is wasted (a 40,000-line config takes seconds).
        """
        return _subset(self.want, keys), _subset(self.have, keys)

    def content(self, key: str) -> tuple[Content, Content]:
        """The (intended, running) content of one group; empty where a side lacks it."""
        want, have = _contents(self.want, key), _contents(self.have, key)
        return (want[0] if want else ()), (have[0] if have else ())

    def unmask(self, text: str) -> str:
        """Put the real values back in place of tokens (commands for a push only)."""
        return _ANY_DIGEST.sub(lambda m: self.secrets.get(m.group(0), MASK), text)


def _contents(scanned: Scanned, key: str) -> list[tuple[tuple[int, str], ...]]:
    return [s.content for s in scanned.sections.get(key, ())]


def _subset(scanned: Scanned, keys: list[str]) -> str:
    lines = scanned.text.splitlines(keepends=True)
    chosen = sorted(s.start for k in keys for s in scanned.sections.get(k, ()))
    ends = {s.start: s.end for k in keys for s in scanned.sections.get(k, ())}
    out = []
    for start in chosen:
        chunk = lines[start : ends[start]]
        if chunk and not chunk[-1].endswith(("\n", "\r")):
            chunk[-1] += "\n"
        out.extend(chunk)
    return "".join(out)


class _Recorder:
    def __init__(self, digest: SecretDigest, identity: Callable[[str], str] | None) -> None:
        self.digest = digest
        self.identity = identity
        self.values: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        # the platform's identity makes two spellings of one secret one token (Junos $9$)
        token = self.digest(self.identity(value) if self.identity else value)
        if token != value:
            self.values.setdefault(token, value)  # the intended side's spelling first
        return token


_SUSPECT = re.compile(r"^[ \t]+interface\s|^[ \t]*exit[ \t]*\r?$", re.M)


def _only(text: str, blocks: dict[str, list[QuickBlock]], keys: list[str]) -> str:
    """``text`` with every line outside the blocks of ``keys`` blanked (numbers kept)."""
    lines = text.splitlines()
    keep = [False] * len(lines)
    for key in keys:
        for block in blocks.get(key, ()):
            keep[block.start : block.end] = [True] * (block.end - block.start)
    return "".join(f"{line}\n" if kept else "\n" for line, kept in zip(lines, keep, strict=True))


def _drop(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` without the lines ``pattern`` matches (a platform's comments, version)."""
    return "".join(
        line for line in text.splitlines(keepends=True) if not pattern.search(line.rstrip("\r\n"))
    )


def prepare(intended: str, running: str, *, platform: Platform, host: str = "") -> Prepared:
    """Digest the secrets of both sides, reconcile masked ones, check, split in sections.

    Only the top-level sections that differ on a first cheap reading
    (:func:`tbwan.diff.quick.top_blocks`) are read in full; a whole side is read only when
    it holds what :func:`scan` rejects (an indented ``interface``, an ``exit``), to name
    the line.

    Raises:
        DiffError: Either side is not a readable config (side and line named).
    """
    if platform.diff_ignore is not None:
        intended, running = (
            _drop(intended, platform.diff_ignore),
            _drop(running, platform.diff_ignore),
        )
    if platform.diff_rewrites or platform.stored_spellings:
        intended, running = platform.rewrite(intended), platform.rewrite(running)
    record = _Recorder(RUN_DIGEST, platform.secret_identity)
    want = mask_secrets(intended, record, platform=platform)
    have = mask_secrets(running, record, platform=platform)
    prefix = f"{host}: " if host else ""
    labels = (f"{prefix}intended config", f"{prefix}running config")
    if MASK in want or MASK in have:
        want, have = reconcile_masked(want, have, labels)
    quick = (top_blocks(want, labels[0]), top_blocks(have, labels[1]))
    for text, label in zip((want, have), labels, strict=True):
        if _SUSPECT.search(text):
            scan(text, label)
    keys = [
        k
        for k in quick[0].keys() | quick[1].keys()
        if [b.content for b in quick[0].get(k, ())] != [b.content for b in quick[1].get(k, ())]
    ]
    vty = tuple(
        (key, child.strip())
        for blocks in quick
        for key, found in blocks.items()
        if key.startswith("line vty")
        for block in found
        for child in block.content[1:]
    )
    return Prepared(
        scan(_only(want, quick[0], keys), labels[0]),
        scan(_only(have, quick[1], keys), labels[1]),
        record.values,
        vty,
    )
