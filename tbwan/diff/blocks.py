"""Named ACLs and certificate chains: compared and remediated outside hier_config.

hier_config numbers named-ACL entries by position and drops their remarks, so inserting
one entry before the final ``deny`` renumbers every entry after it (``no 20 ...``,
``no 30 deny ip any any``, then re-adds them: a window where a live ACL is missing
entries), and a remark change is invisible. A certificate is hex lines ended by ``quit``
that IOS only takes whole, but hier_config negates single hex lines.

Here both are sequences, compared by longest common subsequence:

* :func:`acl_commands`: entries that stay keep their sequence number (explicit, or the
  10, 20, ... IOS gives entries entered without one); a new entry is inserted with a
  free number between its neighbours (``ip access-list resequence`` first when there is
  none); an entry that goes is removed by number (``no 30``) after the inserts. The
  device then holds the intended entries in the intended order; no kept entry is ever
  removed.
* :func:`cert_commands`: a changed certificate is replaced whole
  (``no certificate ...``, then ``certificate ...``, its hex lines and ``quit``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from tbwan.diff.models import ConfigPath

Content = Sequence[tuple[int, str]]
"""A top-level section as (indent, text) per line, its header first."""

NAMED_ACL = re.compile(r"^ip\s+access-list\s+(?!resequence\b|log-update\b|logging\b)\S")
CERT_CHAIN = re.compile(r"^crypto\s+(?:pki|ca)\s+certificate\s+chain\s")
_SEQ = re.compile(r"^(?P<seq>\d+)\s+(?P<text>.*)$")
_ENTRY = re.compile(r"^(?:\d+\s|permit\b|deny\b|remark\b|evaluate\b|dynamic\b)")


_NUMBERED_ACL = re.compile(r"^access-list\s+(\d+)\s")


def group_key(top: str) -> str:
    """The top-level lines that change together: a numbered ACL is one list.

    >>> group_key("access-list 10 permit any"), group_key("interface Gi0/1")
    ('access-list 10', 'interface Gi0/1')
    """
    match = _NUMBERED_ACL.match(top)
    return f"access-list {match.group(1)}" if match else top


def is_block(header: str) -> bool:
    """Whether the top-level ``header`` opens a section compared here.

    >>> is_block("ip access-list extended IN"), is_block("interface Gi0/1")
    (True, False)
    """
    return NAMED_ACL.match(header) is not None or CERT_CHAIN.match(header) is not None


@dataclass(frozen=True, slots=True)
class Entry:
    """One ACL entry: its sequence number and its text without it."""

    seq: int
    text: str


def acl_entries(content: Content) -> tuple[list[Entry], list[str]]:
    """The entries of a named ACL (numbered as IOS numbers them) and its other lines.

    >>> entries, _ = acl_entries([(0, "ip access-list extended X"), (1, "permit ip any any"),
    ...                           (1, "25 deny ip any any"), (1, "remark end")])
    >>> [(e.seq, e.text) for e in entries]
    [(10, 'permit ip any any'), (25, 'deny ip any any'), (35, 'remark end')]
    """
    entries: list[Entry] = []
    options: list[str] = []
    last = 0
    for _, text in content[1:]:
        if not _ENTRY.match(text):
            options.append(text)  # e.g. IOS-XE "statistics per-entry"
            continue
        match = _SEQ.match(text)
        seq = int(match.group("seq")) if match else last + 10
        # IOS prints one space between words; hand-made files may hold more
        entries.append(Entry(seq, " ".join((match.group("text") if match else text).split())))
        last = max(last, seq)
    return entries, options


def _matching(want: Sequence[str], have: Sequence[str]) -> tuple[set[int], set[int]]:
    """Indexes of ``want`` and of ``have`` that belong to their longest common subsequence."""
    matcher = SequenceMatcher(None, list(want), list(have), autojunk=False)
    kept_want: set[int] = set()
    kept_have: set[int] = set()
    for block in matcher.get_matching_blocks():
        kept_want.update(range(block.a, block.a + block.size))
        kept_have.update(range(block.b, block.b + block.size))
    return kept_want, kept_have


def block_drift(want: Content, have: Content) -> tuple[list[ConfigPath], list[ConfigPath]]:
    """Missing and extra paths of one ACL or certificate chain (either side may be empty)."""
    header = (want or have)[0][1]
    if NAMED_ACL.match(header):
        want_lines = [e.text for e in acl_entries(want)[0]] if want else []
        have_lines = [e.text for e in acl_entries(have)[0]] if have else []
        want_opts = acl_entries(want)[1] if want else []
        have_opts = acl_entries(have)[1] if have else []
        want_lines += want_opts
        have_lines += have_opts
    else:
        want_lines = _cert_lines(want)
        have_lines = _cert_lines(have)
    kept_want, kept_have = _matching(want_lines, have_lines)
    missing: list[ConfigPath] = [] if have else [(header,)]
    extra: list[ConfigPath] = [] if want else [(header,)]
    missing += [_path(header, t) for i, t in enumerate(want_lines) if i not in kept_want]
    extra += [_path(header, t) for i, t in enumerate(have_lines) if i not in kept_have]
    return missing, extra


def _path(header: str, text: str) -> ConfigPath:
    return (header, *text.split("\n"))


def _cert_level(content: Content) -> int:
    """The indent of the ``certificate`` lines of a chain: that of its first line.

    IOS prints them one space in, but reads them by mode, whatever their indent: a file
    with ``  certificate X`` two spaces in holds the same chain.
    """
    return content[1][0] if len(content) > 1 else 1  # (a side without the chain: empty)


def _is_cert_head(indent: int, text: str, level: int) -> bool:
    return indent <= level and not _is_hex(text) and not text.startswith("quit")


def _cert_lines(content: Content) -> list[str]:
    """Each line under the chain as "certificate header\\nline" (header alone for itself).

    >>> _cert_lines([(0, "crypto pki certificate chain T"), (2, "certificate 01"),
    ...              (3, "AB12"), (2, "quit")])
    ['certificate 01', 'certificate 01\\nAB12', 'certificate 01\\nquit']
    """
    out: list[str] = []
    cert = ""
    level = _cert_level(content)
    for indent, text in content[1:]:
        if _is_cert_head(indent, text, level):
            cert = text
            out.append(text)
        else:
            out.append(f"{cert}\n{text}")
    return out


_HEX = re.compile(r"^[0-9A-Fa-f]+(?:\s+[0-9A-Fa-f]+)*$")


def _is_hex(text: str) -> bool:
    return _HEX.match(text) is not None


def _free_numbers(lo: int, hi: int | None, taken: set[int], count: int) -> list[int] | None:
    if hi is None:
        start = max([lo, *taken]) if taken else lo
        return [start + 10 * (i + 1) for i in range(count)]
    free = [n for n in range(lo + 1, hi) if n not in taken]
    for round_to in (10, 5, 1):  # numbers people would pick: 15 between 10 and 20
        candidates = [n for n in free if n % round_to == 0]
        if len(candidates) >= count:
            # evenly spaced and distinct (len >= count), the lower middle for one
            size = len(candidates)
            return [candidates[((i + 1) * size - 1) // (count + 1)] for i in range(count)]
    return None


def acl_commands(source: Content, target: Content) -> list[str]:
    """Commands that turn the ACL ``source`` into ``target`` (see the module docstring).

    >>> src = [(0, "ip access-list extended X"), (1, "permit tcp any any eq 80"),
    ...        (1, "deny ip any any")]
    >>> dst = [src[0], src[1], (1, "permit tcp any any eq 443"), src[2]]
    >>> acl_commands(src, dst)
    ['ip access-list extended X', ' 15 permit tcp any any eq 443', ' exit']
    >>> acl_commands(dst, src)
    ['ip access-list extended X', ' no 20', ' exit']
    """
    header = (target or source)[0][1]
    if not target:
        return [f"no {header}"]
    if not source:
        return [header, *(f" {text}" for _, text in target[1:]), " exit"]
    have, have_opts = acl_entries(source)
    want, want_opts = acl_entries(target)
    commands = _entry_commands(have, want, header)
    commands += [f" no {o}" for o in have_opts if o not in want_opts]
    commands += [f" {o}" for o in want_opts if o not in have_opts]
    if not commands:
        return []
    prefix = [c for c in commands if not c.startswith(" ")]
    body = [c for c in commands if c.startswith(" ")]
    return [*prefix, header, *body, " exit"]


def _entry_commands(have: list[Entry], want: list[Entry], header: str) -> list[str]:
    kept_want, kept_have = _matching([e.text for e in want], [e.text for e in have])
    if kept_want == set(range(len(want))) and kept_have == set(range(len(have))):
        return []
    pairs = sorted(zip(sorted(kept_want), sorted(kept_have), strict=True))
    removed = [e for i, e in enumerate(have) if i not in kept_have]
    numbers = _place(have, want, pairs, {e.seq for e in removed})
    prefix: list[str] = []
    if numbers is None:  # no free number between two kept entries: renumber the device's
        name = header.rsplit(maxsplit=1)[-1]
        largest_gap = len(want) + 1
        step = 10 * (largest_gap // 10 + 1)
        prefix = [f"ip access-list resequence {name} {step} {step}"]
        have = [Entry(step * (i + 1), e.text) for i, e in enumerate(have)]
        removed = [e for i, e in enumerate(have) if i not in kept_have]
        numbers = _place(have, want, pairs, {e.seq for e in removed})
        assert numbers is not None  # a gap of step - 1 >= len(want) numbers
    inserts = [f" {numbers[i]} {e.text}" for i, e in enumerate(want) if i not in kept_want]
    return [*prefix, *inserts, *(f" no {e.seq}" for e in removed)]


def _place(
    have: list[Entry], want: list[Entry], pairs: list[tuple[int, int]], taken: set[int]
) -> dict[int, int] | None:
    """A sequence number for every new entry of ``want``, between its kept neighbours."""
    numbers: dict[int, int] = {}
    anchors = [(-1, -1), *pairs, (len(want), len(have))]
    for (w0, h0), (w1, h1) in itertools.pairwise(anchors):
        new = list(range(w0 + 1, w1))
        if not new:
            continue
        lo = have[h0].seq if h0 >= 0 else 0
        hi = have[h1].seq if h1 < len(have) else None
        # the removed entries between the anchors are still there when the inserts run
        chosen = _free_numbers(lo, hi, taken, len(new))
        if chosen is None:
            return None
        numbers.update(zip(new, chosen, strict=True))
    return numbers


def _certs(content: Content) -> dict[str, list[str]]:
    certs: dict[str, list[str]] = {}
    current: list[str] | None = None
    level = _cert_level(content)
    for indent, text in content[1:]:
        if _is_cert_head(indent, text, level):
            current = certs.setdefault(text, [])
        elif current is not None:
            current.append(text)
    return certs


def cert_commands(source: Content, target: Content) -> list[str]:
    """Commands that turn one certificate chain into another, a certificate at a time.

    >>> src = [(0, "crypto pki certificate chain TP"), (1, "certificate self-signed 01"),
    ...        (2, "3082AA"), (2, "quit")]
    >>> dst = [src[0], src[1], (2, "3082BB"), (2, "quit")]
    >>> cert_commands(src, dst)  # doctest: +NORMALIZE_WHITESPACE
    ['crypto pki certificate chain TP', ' no certificate self-signed 01',
     ' certificate self-signed 01', '  3082BB', '  quit', ' exit']
    """
    header = (target or source)[0][1]
    if not target:
        return [f"no {header}"]
    have, want = _certs(source) if source else {}, _certs(target)
    body: list[str] = [f" no {cert}" for cert in have if cert not in want]
    for cert, lines in want.items():
        if have.get(cert) == lines:
            continue
        if cert in have:
            body.append(f" no {cert}")
        body += [f" {cert}", *(f"  {line}" for line in lines)]
    if source and not body:
        return []
    return [header, *body, " exit"]


def block_commands(source: Content, target: Content) -> list[str]:
    """:func:`acl_commands` or :func:`cert_commands`, by the section's header."""
    header = (target or source)[0][1]
    if NAMED_ACL.match(header):
        return acl_commands(source, target)
    return cert_commands(source, target)


def apply_block(current: Content, commands: Sequence[str]) -> list[tuple[int, str]]:
    """The section after ``commands`` (from :func:`block_commands`) ran on ``current``.

    Used to predict a config after remediation, as hier_config's ``future`` does for
    the rest of the config.
    """
    header = commands[0] if commands else current[0][1]
    body = [c for c in commands[1:] if c != " exit"]
    if NAMED_ACL.match(header):
        return _apply_acl(current, header, body)
    certs = _certs(current) if current else {}
    cert: str | None = None
    for line in body:
        text = line.strip()
        if line.startswith("  ") and cert is not None:
            certs[cert].append(text)
        elif text.startswith("no "):
            certs.pop(text[3:], None)
        else:
            cert = text
            certs[cert] = []
    out: list[tuple[int, str]] = [(0, header)]
    for name, lines in certs.items():
        out += [(1, name), *((2, line) for line in lines)]
    return out


def _apply_acl(current: Content, header: str, body: list[str]) -> list[tuple[int, str]]:
    entries, options = acl_entries(current) if current else ([], [])
    by_seq = {e.seq: e.text for e in entries}
    for line in body:
        text = line.strip()
        if text.startswith("no "):
            arg = text[3:]
            if arg.isdigit():
                by_seq.pop(int(arg), None)
            elif arg in options:
                options.remove(arg)
            continue
        match = _SEQ.match(text)
        if match:
            by_seq[int(match.group("seq"))] = match.group("text")
        elif _ENTRY.match(text):
            by_seq[max(by_seq, default=0) + 10] = text
        else:
            options.append(text)
    return [
        (0, header),
        *((1, f"{seq} {by_seq[seq]}") for seq in sorted(by_seq)),
        *((1, o) for o in options),
    ]


def resequence(current: Content, command: str) -> list[tuple[int, str]]:
    """``ip access-list resequence NAME START STEP`` on the ACL ``current``."""
    start, step = (int(n) for n in command.split()[-2:])
    entries, options = acl_entries(current)
    return [
        current[0],
        *((1, f"{start + step * i} {e.text}") for i, e in enumerate(entries)),
        *((1, o) for o in options),
    ]
