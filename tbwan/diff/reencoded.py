"""A device's own diff without the secrets it merely encoded again.

A Junos device stores a shared secret ``$9$``-encoded with a random salt, so loading the
clear value it already holds makes ``compare_config`` list the line as removed and added
with two different encodings of one secret. That is no change: with it, a full replace
of an unchanged SRX would never be "unchanged" and would commit on every deploy. A
removed and an added line of one hunk that are equal once every secret is replaced by a
digest of its identity (:attr:`Platform.secret_identity`) are dropped, and a hunk left
without a change goes with them. A secret that really changed keeps its lines.
"""

from __future__ import annotations

import re
from collections import Counter

from tbwan.diff.secrets import SecretDigest, mask_line_in_section
from tbwan.platforms import Platform

_HUNK = re.compile(r"^\[edit\b")


def _hunks(lines: list[str]) -> list[list[str]]:
    hunks: list[list[str]] = [[]]
    for line in lines:
        if _HUNK.match(line) and hunks[-1]:
            hunks.append([])
        hunks[-1].append(line)
    return hunks


def drop_reencoded(diff: str, platform: Platform) -> str:
    """``diff`` (NAPALM ``compare_config``) without the re-encoded secrets' line pairs.

    >>> from tbwan.platforms import JUNOS
    >>> d = ('[edit system]\\n-   host-name a;\\n+   host-name b;\\n'
    ...      '[edit system tacplus-server 10.0.0.1]\\n'
    ...      '-   secret "$9$q.Qn/9pB1h6/"; ## SECRET-DATA\\n'
    ...      '+   secret "$9$SbjyMX7Nb2gJx7"; ## SECRET-DATA')
    >>> print(drop_reencoded(d, JUNOS))
    [edit system]
    -   host-name a;
    +   host-name b;
    >>> changed = d.replace('"$9$SbjyMX7Nb2gJx7"', '"other-key"')
    >>> drop_reencoded(changed, JUNOS).splitlines()[-1]
    '+   secret "other-key"; ## SECRET-DATA'
    """
    digest = SecretDigest()
    identity = platform.secret_identity

    def token(value: str) -> str:
        return digest(identity(value) if identity else value)

    def shape(line: str) -> str | None:
        """The line with its secrets as digests; None when it holds no secret."""
        body = line[1:]
        masked = mask_line_in_section(body, "", token, platform=platform)
        return masked if masked != body else None

    kept: list[str] = []
    for hunk in _hunks(diff.splitlines()):
        removed = Counter(s for line in hunk if line[:1] == "-" and (s := shape(line)))
        added = Counter(s for line in hunk if line[:1] == "+" and (s := shape(line)))
        # as many removed and added lines of one shape as pair up
        drop = {"-": removed & added, "+": removed & added}
        out: list[str] = []
        for line in hunk:
            s = shape(line) if line[:1] in "+-" else None
            if s is not None and drop[line[0]][s] > 0:
                drop[line[0]][s] -= 1
                continue
            out.append(line)
        if any(line[:1] in "+-" for line in out):
            kept.extend(out)
    return "\n".join(kept)
