"""Changes to the source of truth files the runbooks make: pure, on the inventory models.

Each function returns a new, validated :class:`Site`; the runbook writes it with
:func:`tbwan.inventory.store.write_site` and reloads the inventory, which checks the
province as a whole again.
"""

from __future__ import annotations

from typing import Any

from tbwan.errors import InventoryError
from tbwan.inventory.models import MEDIA_RATES, Inventory, Media, Site


def site_of(inventory: Inventory, *, site: str | None = None, host: str | None = None) -> Site:
    """The site named ``site``, or the site holding the device ``host``."""
    for s in inventory.sites:
        if s.slug == site or any(d.name == host for d in s.devices):
            return s
    raise InventoryError(f"no site {site or ''}{host or ''} in the inventory: check the name")


def _validated(data: dict[str, Any], slug: str) -> Site:
    try:
        return Site.model_validate(data)
    except ValueError as exc:
        raise InventoryError(f"site {slug}: the change is not valid: {exc}") from None


def with_serial(site: Site, host: str, serial: str) -> Site:
    """``site`` with the device ``host`` given a new serial number (an RMA)."""
    data = site.model_dump(mode="json")
    for device in data["devices"]:
        if device["name"] == host:
            device["serial"] = serial
    return _validated(data, site.slug)


def to_fiber(site: Site) -> Site:
    """``site`` after its carrier moves the copper uplink to fiber.

    The circuit becomes fiber at the rate fiber is sold at; the router's WAN port is fixed
    at 100 Mbit/s and no longer shaped (as the generator builds a fiber site).

    Raises:
        InventoryError: The site has no copper circuit.
    """
    data = site.model_dump(mode="json")
    copper = [c for c in data["circuits"] if c["media"] == Media.COPPER.value]
    if not copper:
        raise InventoryError(f"site {site.slug}: no copper circuit to upgrade (already fiber?)")
    for circuit in copper:
        circuit.update(
            media=Media.FIBER.value,
            rate_kbps=MEDIA_RATES[Media.FIBER][0],
            description="Dedicated line (fiber)",
        )
        for device in data["devices"]:
            for iface in device["interfaces"]:
                if iface.get("circuit") == circuit["cid"]:
                    iface["description"] = (iface.get("description") or "").replace(
                        "WAN copper", "WAN fiber"
                    )
                    iface.update(speed_mbps=100, shape_kbps=None)
    return _validated(data, site.slug)


def replace_site(inventory: Inventory, site: Site) -> Inventory:
    """``inventory`` with ``site`` in place of the site of the same slug."""
    sites = tuple(site if s.slug == site.slug else s for s in inventory.sites)
    return inventory.model_copy(update={"sites": sites})
