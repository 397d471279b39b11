"""ASCII slugs and host names from Vietnamese names."""

from __future__ import annotations

import re
import unicodedata

_UNIT_PREFIXES = ("thành phố ", "thị trấn ", "phường ", "huyện ", "xã ")


def ascii_fold(text: str) -> str:
    """Drop Vietnamese diacritics, keeping the letters.

    >>> ascii_fold("Đông Hưng")
    'Dong Hung'
    """
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """Lower-case ASCII slug.

    >>> slugify("Phường Lê Hồng Phong")
    'phuong-le-hong-phong'
    """
    folded = ascii_fold(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def strip_unit_type(name: str) -> str:
    """Remove the administrative prefix (Xã, Phường, Thị trấn, Huyện, Thành phố).

    >>> strip_unit_type("Thị trấn Hưng Hà")
    'Hưng Hà'
    """
    lower = name.lower()
    for prefix in _UNIT_PREFIXES:
        if lower.startswith(prefix):
            return name[len(prefix) :]
    return name


def commune_slug(code: str, name: str) -> str:
    """Site slug of a commune: GSO code plus its name, without the unit type.

    >>> commune_slug("12433", "Phường Lê Hồng Phong")
    'tb-12433-le-hong-phong'
    """
    return f"tb-{code}-{slugify(strip_unit_type(name))}"
