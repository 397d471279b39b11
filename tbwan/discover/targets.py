"""The CSV of management addresses to discover: one target per row, or a row error."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from ipaddress import AddressValueError, IPv4Address

from tbwan.errors import InventoryError
from tbwan.inventory.models import Role
from tbwan.platforms import PLATFORMS

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
COLUMNS = ("address", "site", "role", "platform")


@dataclass(frozen=True)
class Target:
    """One device to discover, as a CSV row gives it."""

    row: int
    address: str
    host: str
    port: int
    site: str | None = None
    role: Role | None = None
    platform: str = "ios"


@dataclass(frozen=True)
class RowError:
    """A CSV row that cannot be discovered, and why."""

    row: int
    address: str
    message: str


def _address(text: str) -> tuple[str, int]:
    """``A.B.C.D`` or ``A.B.C.D:PORT`` -> (address, port).

    >>> _address("127.0.0.1:2201")
    ('127.0.0.1', 2201)
    >>> _address("10.34.0.7")
    ('10.34.0.7', 22)
    """
    host, _, port = text.partition(":")
    try:
        IPv4Address(host)
    except AddressValueError:
        raise ValueError(
            f"address {text!r} is not an IPv4 address (A.B.C.D or A.B.C.D:PORT)"
        ) from None
    if not port:
        return host, 22
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"address {text!r}: port {port!r} is not a number 1-65535")
    return host, int(port)


def _target(row: int, rec: dict[str, str]) -> Target:
    host, port = _address(rec["address"])
    site = rec.get("site") or None
    if site is not None and not _SLUG.fullmatch(site):
        raise ValueError(f"site {site!r} is not a slug (lower case letters, digits, dashes)")
    role_text = rec.get("role") or None
    role = None
    if role_text is not None:
        try:
            role = Role(role_text)
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise ValueError(f"role {role_text!r} is unknown: use one of {known}") from None
    platform = rec.get("platform") or "ios"
    if platform not in PLATFORMS:
        raise ValueError(
            f"platform {platform!r} is unknown: use one of {', '.join(sorted(PLATFORMS))}"
        )
    if not PLATFORMS[platform].discoverable:
        able = ", ".join(sorted(s for s, p in PLATFORMS.items() if p.discoverable))
        raise ValueError(f"platform {platform!r} cannot be discovered yet: use {able}")
    return Target(row, rec["address"], host, port, site, role, platform)


def parse_targets(text: str, source: str) -> tuple[list[Target], list[RowError]]:
    """Targets and row errors of a CSV (``source`` names it in messages).

    Raises:
        InventoryError: The file has no ``address`` column or unknown columns.
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in reader.fieldnames or []]
    if "address" not in fields:
        raise InventoryError(
            f"{source}: no 'address' column in the header (columns: {', '.join(COLUMNS)})"
        )
    unknown = [f for f in fields if f not in COLUMNS]
    if unknown:
        raise InventoryError(
            f"{source}: unknown column(s) {', '.join(unknown)}: use {', '.join(COLUMNS)}"
        )
    targets: list[Target] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for raw in reader:
        row = reader.line_num
        rec = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            errors.append(RowError(row, rec.get("address", ""), "more fields than columns"))
            continue
        if not rec.get("address"):
            if any(rec.values()):
                errors.append(RowError(row, "", "field address is empty"))
            continue
        try:
            target = _target(row, rec)
        except ValueError as exc:
            errors.append(RowError(row, rec["address"], str(exc)))
            continue
        key = (target.host, target.port)
        if key in seen:
            errors.append(RowError(row, target.address, f"same address as row {seen[key]}"))
            continue
        seen[key] = row
        targets.append(target)
    return targets, errors
