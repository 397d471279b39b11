"""The platform registry: one profile per platform, one module per profile.

A platform is one slug in the inventory (``ios``, ``junos``). Everything tbwan needs to
drive it comes from its profile (:class:`Platform`, built in ``tbwan/platforms/<slug>.py``):
the library names (netutils' mapping tables), the running-config command, masking and
feature rules, volatile and session lines, interface names and secret variables. A third
platform is a new module registered in :data:`PLATFORMS`, its templates, and its fixtures
for the contract suite (``tests/platforms``).
"""

from __future__ import annotations

from typing import Any

from tbwan.errors import InventoryError
from tbwan.platforms.ios import IOS
from tbwan.platforms.junos import JUNOS
from tbwan.platforms.model import Feature, FeatureRule, Platform, SecretRule, ShowCommands

TBWAN_NAPALM = "tbwan_napalm"
"""tbwan's NAPALM connection plugin (:mod:`tbwan.tasks.napalm_connection`)."""
NAPALM_CONNECTIONS = ("napalm", TBWAN_NAPALM)
"""Connection names a host carries NAPALM options under: nornir_napalm's and tbwan's."""

PLATFORMS: dict[str, Platform] = {p.slug: p for p in (IOS, JUNOS)}
"""Every platform tbwan drives, by inventory slug."""

__all__ = [
    "IOS",
    "JUNOS",
    "NAPALM_CONNECTIONS",
    "PLATFORMS",
    "TBWAN_NAPALM",
    "Feature",
    "FeatureRule",
    "Platform",
    "SecretRule",
    "ShowCommands",
    "get_platform",
    "platform_of",
]


def get_platform(slug: str) -> Platform:
    """Return the platform profile for ``slug``.

    >>> get_platform("ios").napalm_driver
    'ios'
    >>> get_platform("ios").netmiko_device_type
    'cisco_ios'
    >>> get_platform("junos").netmiko_device_type
    'juniper_junos'
    """
    try:
        return PLATFORMS[slug]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise InventoryError(
            f"unknown platform {slug!r}: use one of {known} or add a profile under tbwan/platforms/"
        ) from None


def platform_of(host: Any) -> Platform:
    """The profile of a Nornir host: its ``tbwan_platform`` slug, else its NAPALM driver.

    >>> from types import SimpleNamespace
    >>> platform_of(SimpleNamespace(data={}, platform="junos")).slug
    'junos'
    """
    slug = host.data.get("tbwan_platform")
    if slug:
        return get_platform(str(slug))
    for row in PLATFORMS.values():
        if row.napalm_driver == host.platform:
            return row
    raise InventoryError(
        f"host {getattr(host, 'name', host)!r}: unknown platform {host.platform!r}; "
        f"use one of {', '.join(sorted(PLATFORMS))}"
    )
