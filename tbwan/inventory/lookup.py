"""Arguments that name things (hosts, sites, roles, regions) must name something.

A typo in one ``--site`` among several would otherwise narrow nothing and be ignored;
the error names the value and the closest known name.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from tbwan.errors import UnknownNameError


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name most like ``value``, if any is close.

    >>> closest("tb-snv", ["tb-sonv", "tb-sotp", "vu-thu"])
    'tb-sonv'
    >>> closest("zzz", ["tb-sonv"]) is None
    True
    """
    found = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def require_known(what: str, option: str, values: Iterable[str], known: Collection[str]) -> None:
    """Raise :class:`UnknownNameError` for the first of ``values`` not in ``known``.

    >>> require_known("site", "--site", ["tb-sonv", "tb-snv"], {"tb-sonv", "tb-sotp"})
    Traceback (most recent call last):
    ...
    tbwan.errors.UnknownNameError: [UNKNOWN_NAME] --site tb-snv: no such site; did you mean ...
    """
    unknown = [v for v in values if v not in known]
    if not unknown:
        return
    value = unknown[0]
    near = closest(value, known)
    shown = value if value.isprintable() else repr(value)  # never a raw control character
    hint = f"did you mean {near!r}?" if near else f"check the {what} names in the inventory"
    rest = [v if v.isprintable() else repr(v) for v in unknown[1:]]
    more = f" (also unknown: {', '.join(rest)})" if rest else ""
    raise UnknownNameError(f"{option} {shown}: no such {what}; {hint}{more}")
