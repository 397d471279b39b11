"""Constrained field types shared by the inventory models.

Every string that can end up in a device configuration is checked here: a newline or
another control character in a description would let a value inject commands.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Characters IOS treats specially in free text: '?' opens help in the CLI.
_CLI_SPECIAL = re.compile(r"[?]")


def check_safe_text(value: str) -> str:
    """Reject control characters (newline included) and CLI help characters.

    >>> check_safe_text("Sở Nội vụ")
    'Sở Nội vụ'
    >>> check_safe_text("x\\nhostname evil")
    Traceback (most recent call last):
    ...
    ValueError: contains a newline or control character (config injection); remove it
    """
    if _CONTROL.search(value):
        raise ValueError("contains a newline or control character (config injection); remove it")
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
Hostname = Slug
InterfaceName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z-]*[0-9][0-9/.:]*$")]
VlanId = Annotated[int, Field(ge=1, le=4094)]
Serial = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{6,20}$")]
