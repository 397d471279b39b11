"""Constrained field types shared by the inventory models, and the one check of text
that reaches a device configuration.

Rendering splits a config into lines as ``str.splitlines()`` does: besides ``\\n`` it
breaks at ``\\r``, ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029. A value
holding any of them would inject a command, so every control, format and separator
character is refused, and config text is printable ASCII only: Vietnamese is folded to
ASCII (``Đông Hưng`` -> ``Dong Hung``), anything that cannot be folded (emoji, CJK) is
refused. The same functions check values when the inventory is loaded and again, on the
template context, when a config is rendered.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from tbwan.inventory.names import ascii_fold

# Unicode categories never allowed in a value: controls (Cc: \n \r \t \v \f \x1c-\x1f \x85
# ...), format characters (Cf: zero-width and bidi overrides, which hide what a line
# holds), line and paragraph separators (Zl, Zp), surrogates, private use, unassigned.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
# Characters IOS treats specially in free text: '?' opens help in the CLI.
_CLI_SPECIAL = re.compile(r"[?]")


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def check_line(value: str) -> str:
    """Refuse line breaks (every one ``str.splitlines()`` knows), control, format and
    separator characters.

    >>> check_line("Sở Nội vụ")
    'Sở Nội vụ'
    >>> check_line("Router ID\\u2028username evil")
    Traceback (most recent call last):
    ...
    ValueError: contains U+2028 LINE SEPARATOR, a line break or control character ...
    """
    if value.isascii():
        bad = _ASCII_CONTROL.search(value)
        found = bad.group() if bad else None
    else:
        found = next((c for c in value if unicodedata.category(c) in _REFUSED_CATEGORIES), None)
    if found is not None:
        raise ValueError(
            f"contains {_describe(found)}, a line break or control character "
            "(config injection); remove it"
        )
    return value


def config_ascii(value: str) -> str:
    """``value`` as it is written into a config: checked, folded to printable ASCII.

    >>> config_ascii("Xã Tân Lập")
    'Xa Tan Lap'
    >>> config_ascii("Điểm 🚀")
    Traceback (most recent call last):
    ...
    ValueError: contains U+1F680 ROCKET, which cannot be written in ASCII in a device ...
    """
    check_line(value)
    if value.isascii():
        return value
    folded = ascii_fold(value)
    bad = _NOT_PRINTABLE_ASCII.search(folded)
    if bad is not None:
        raise ValueError(
            f"contains {_describe(bad.group())}, which cannot be written in ASCII in a "
            "device config; use letters, digits and punctuation (Vietnamese is folded)"
        )
    return folded


def check_safe_text(value: str) -> str:
    """Refuse what :func:`config_ascii` refuses and CLI help characters; keep the value
    as written (Vietnamese stays in the inventory, configs get it folded).

    >>> check_safe_text("Sở Nội vụ")
    'Sở Nội vụ'
    >>> check_safe_text("x\\nhostname evil")
    Traceback (most recent call last):
    ...
    ValueError: contains U+000A, a line break or control character (config injection); ...
    """
    config_ascii(value)
    if _CLI_SPECIAL.search(value):
        raise ValueError("contains '?', which the device CLI treats as a help request")
    return value


def check_secret(value: str) -> str:
    """A secret goes into a config unchanged: printable ASCII without spaces or '?'.

    >>> check_secret("k1\\u2028end")
    Traceback (most recent call last):
    ...
    ValueError: contains U+2028 LINE SEPARATOR, a line break or control character ...
    """
    check_line(value)
    bad = _NOT_PRINTABLE_ASCII.search(value)
    if bad is not None:
        raise ValueError(
            f"contains {_describe(bad.group())}: a secret must be printable ASCII "
            "(it is not folded, the device would not match it)"
        )
    if " " in value:
        raise ValueError("must not contain spaces")
    if _CLI_SPECIAL.search(value):
        raise ValueError("contains '?', which the device CLI treats as a help request")
    return value


SafeText = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(check_safe_text)
]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"),
]
PoolName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
ZoneName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_-]{0,31}$")]
"""A firewall security zone (``WAN``, ``DIC``): upper case, no space."""
Hostname = Slug
# The shape shared by every platform (``Gi0/0/2.101``, ``ge-0/0/0.0``, ``irb.10``); each
# device's names are then checked against its platform's pattern (inventory/validate.py).
InterfaceName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z-]*(?:[0-9][0-9/.:]*|\.[0-9]+)$")
]
VlanId = Annotated[int, Field(ge=1, le=4094)]
Serial = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{6,20}$")]
