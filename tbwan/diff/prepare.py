"""Make two configs comparable: secrets as digests, the config's structure checked.

* Secrets become :class:`~tbwan.diff.secrets.SecretDigest` tokens (``<secret:1a2b3c4d>``):
  two different secrets stay two lines, a changed secret is a changed line, and the
  value never reaches a result. :attr:`Prepared.secrets` maps each token back to its
  value, for the commands of a push only.
* A secret already masked (``<removed>``: a backup, or a config rendered without its
  secrets) is an unknown value: a line of the other side that differs from it only by its
  secret is not drift, and masked lines that became equal count once
  (:func:`reconcile_masked`).
* :func:`check_structure` finds what hier_config would reject or misread (a line twice
  under the same parent, an indented ``interface``, a banner that never ends) and raises
  :class:`~tbwan.errors.DiffError` naming the side and the line, before any comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tbwan.diff.normalize import banner_start, is_ignored
from tbwan.diff.secrets import MASK, RUN_DIGEST, SecretDigest, mask_line_in_section, mask_secrets
from tbwan.errors import DiffError

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
    stack: list[tuple[int, str]] = []
    pending: tuple[int, int, tuple[str, ...]] | None = None
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        start = i
        i += 1
        if not line.strip() or is_ignored(line):
            continue
        delim = banner_start(line)
        if delim is not None:
            body = [line]
            while len(body) == 1 or delim not in body[-1]:
                if i >= len(lines):
                    raise DiffError(
                        f"{label}: line {start + 1}: banner never ends (no closing {delim!r})"
                    )
                body.append(lines[i].rstrip("\r"))
                i += 1
            line = "\n".join(body)
        indent = len(line) - len(line.lstrip(" "))
        text_ = line.strip(" ")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = (*(t for _, t in stack), text_)
        if pending is not None:
            yield Line(pending[0], pending[1], pending[2], leaf=indent <= pending[1])
        pending = (start, indent, path)
        stack.append((indent, text_))
    if pending is not None:
        yield Line(pending[0], pending[1], pending[2], leaf=True)


def _shown(path: tuple[str, ...]) -> str:
    masked = mask_line_in_section(path[-1], path[0]).split("\n")[0]
    return masked if len(path) == 1 else f"{masked} (under {path[0].split(chr(10))[0]!r})"


def check_structure(text: str, label: str) -> None:
    """Raise :class:`DiffError` where ``text`` is not a config hier_config can read.

    Raises:
        DiffError: A line repeats under the same parent, an ``interface`` is indented,
            or a banner never ends; ``label`` and the line number are named.

    >>> check_structure("interface Gi0/1\\n description x\\n description x\\n", "r1: running")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    tbwan.errors.DiffError: [DIFF] r1: running: line 3: description x (under ...) appears twice; ...
    """
    seen: set[tuple[str, ...]] = set()
    for line in walk(text, label):
        where = f"{label}: line {line.index + 1}"
        if line.indent and _TOP_LEVEL_ONLY.match(line.path[-1]):
            raise DiffError(
                f"{where}: {_shown(line.path)} is indented; an interface is a top-level "
                "section: fix the indentation and compare again"
            )
        if line.path in seen:
            raise DiffError(
                f"{where}: {_shown(line.path)} appears twice; fix the file (or the device) "
                "and compare again"
            )
        seen.add(line.path)


def _shape(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_ANY_DIGEST.sub(MASK, p) for p in path)


def reconcile_masked(want: str, have: str) -> tuple[str, str]:
    """Treat ``<removed>`` as an unknown value on either side (see the module docstring).

    >>> w, h = reconcile_masked("snmp-server community <removed> RO\\n",
    ...     "snmp-server community <secret:0a1b2c3d> RO\\nsnmp-server community <removed> RO\\n")
    >>> w, h
    ('snmp-server community <removed> RO\\n', 'snmp-server community <removed> RO\\n\\n')
    """
    sides = [want.splitlines(keepends=True), have.splitlines(keepends=True)]
    walked = [list(walk(want)), list(walk(have))]
    exact = [{line.path for line in w} for w in walked]
    masked = [{_shape(line.path) for line in w if MASK in line.path[-1]} for w in walked]
    for side, other in ((0, 1), (1, 0)):
        lines, seen = sides[side], set()
        for line in walked[side]:
            last = line.path[-1]
            shape = _shape(line.path)
            if (
                _ANY_DIGEST.search(last)
                and line.path not in exact[other]
                and shape in masked[other]
            ):
                raw = lines[line.index]
                lines[line.index] = _ANY_DIGEST.sub(MASK, raw)
                last = shape[-1]
            key = (*shape[:-1], last)
            if MASK in last and line.leaf and key in seen:
                ending = lines[line.index][len(lines[line.index].rstrip("\r\n")) :]
                lines[line.index] = ending  # counted once; the line numbers stay
            seen.add(key)
    return "".join(sides[0]), "".join(sides[1])


@dataclass(frozen=True, slots=True)
class Prepared:
    """Both configs ready to parse, and what each secret token stands for."""

    intended: str
    running: str
    secrets: dict[str, str] = field(default_factory=dict)

    def unmask(self, text: str) -> str:
        """Put the real values back in place of tokens (commands for a push only)."""
        return _ANY_DIGEST.sub(lambda m: self.secrets.get(m.group(0), MASK), text)


class _Recorder:
    def __init__(self, digest: SecretDigest) -> None:
        self.digest = digest
        self.values: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        token = self.digest(value)
        if token != value:
            self.values[token] = value
        return token


def prepare(intended: str, running: str, *, host: str = "", check: bool = True) -> Prepared:
    """Digest the secrets of both sides, reconcile masked ones, check the structure.

    Raises:
        DiffError: Either side is not a readable config (side and line named).
    """
    record = _Recorder(RUN_DIGEST)
    want, have = mask_secrets(intended, record), mask_secrets(running, record)
    if MASK in want or MASK in have:
        want, have = reconcile_masked(want, have)
    if check:
        prefix = f"{host}: " if host else ""
        check_structure(want, f"{prefix}intended config")
        check_structure(have, f"{prefix}running config")
    return Prepared(want, have, record.values)
