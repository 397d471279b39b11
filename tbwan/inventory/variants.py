"""The province with its DIC firewall on either platform: a copy of a files inventory.

The DIC firewall is an IOS router or a Juniper SRX. The two forms differ in its platform
and model and in its interface names (IOS ports and tunnels, or the SRX's logical units),
which its peers' ``peer_interface`` also carry. :func:`copy_with_firewall` copies an
inventory with the firewall in the form asked for, from whichever form the source has, so
a benchmark or a test runs the same province both ways side by side.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tbwan.errors import InventoryError
from tbwan.inventory.build import DIC_FIREWALL

SRX_UNITS = {
    "Loopback0": "lo0.0",
    "GigabitEthernet0/0/0": "ge-0/0/0.0",
    "GigabitEthernet0/0/1": "ge-0/0/1.0",
    "GigabitEthernet0/0/2": "ge-0/0/2.0",
    "GigabitEthernet0/0/3": "ge-0/0/3.0",
    "Virtual-Template1": "st0.0",
    "Tunnel100": "st0.100",
}
"""The IOS firewall's interfaces -> the SRX's logical units for the same links."""

FORMS: dict[str, tuple[str, dict[str, str]]] = {
    "ios": ("ISR4451-X/K9", {srx: ios for ios, srx in SRX_UNITS.items()}),
    "junos": ("SRX1500", SRX_UNITS),
}
"""Platform -> (the firewall's model, interface renaming into that platform's names)."""


def copy_with_firewall(source: Path, dest: Path, platform: str) -> Path:
    """Copy the inventory folder ``source`` to ``dest`` with the DIC firewall on ``platform``.

    Names already in the target form are kept, so either form converts to either. The
    ``source/`` folder of raw lists is not copied (nothing loads it).

    Returns:
        ``dest``.

    Raises:
        InventoryError: ``platform`` is not ``ios`` or ``junos``, or no site file of
            ``source`` holds the firewall.
    """
    if platform not in FORMS:
        raise InventoryError(
            f"DIC firewall platform {platform!r}: use one of {', '.join(sorted(FORMS))}"
        )
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("source"))
    model, rename = FORMS[platform]
    found = False
    for path in sorted((dest / "sites").glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        changed = False
        for device in data.get("devices") or ():
            for i in device.get("interfaces") or ():
                if i.get("peer_device") == DIC_FIREWALL and i.get("peer_interface"):
                    i["peer_interface"] = rename.get(i["peer_interface"], i["peer_interface"])
                    changed = True
            if device.get("name") == DIC_FIREWALL:
                _convert(device, platform, model, rename)
                found = changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    if not found:
        raise InventoryError(
            f"{source / 'sites'}: no device {DIC_FIREWALL}; the firewall's platform can only "
            "be switched in the province's inventory"
        )
    return dest


def _convert(device: dict[str, Any], platform: str, model: str, rename: dict[str, str]) -> None:
    """The firewall's record on ``platform``: model, interface names and references."""
    device.update(platform=platform, model=model)
    for i in device.get("interfaces") or ():
        i["name"] = rename.get(i["name"], i["name"])
        for key in ("unnumbered", "tunnel_source"):
            if i.get(key):
                i[key] = rename.get(i[key], i[key])
