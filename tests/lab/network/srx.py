"""The province with its DIC firewall as a Juniper SRX, for the network model's tests.

The repository's inventory has the firewall as an SRX; :func:`srx_inventory` copies it
(and would turn an IOS firewall into the SRX: platform ``junos``, interfaces renamed to
logical units, the peers' ``peer_interface`` with them).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.lab.config_tree import parse_config
from tbwan.lab.network import cabling_from_inventory
from tbwan.lab.network.model import Network
from tbwan.render.engine import render_inventory

from .helpers import Box

FW = "tb-ttthdl-fw01"
RENAME = {
    "Loopback0": "lo0.0",
    "GigabitEthernet0/0/0": "ge-0/0/0.0",
    "GigabitEthernet0/0/1": "ge-0/0/1.0",
    "GigabitEthernet0/0/2": "ge-0/0/2.0",
    "GigabitEthernet0/0/3": "ge-0/0/3.0",
    "Virtual-Template1": "st0.0",
    "Tunnel100": "st0.100",
}
ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Srx:
    """A Junos device as the model reads it: its committed config in ``set`` form."""

    text: str
    platform: str = "junos"
    last_change: int = 0

    def running_set(self) -> str:
        """The committed configuration, ``show configuration | display set``."""
        return self.text

    def commit(self, text: str) -> None:
        """A new committed configuration."""
        self.text = text
        self.last_change += 1


def srx_inventory(dest: Path, *, ios: bool = False) -> Inventory:
    """A copy of the repository's inventory in ``dest`` with the firewall as an SRX (or,
    ``ios``, as the IOS router it was: its IOS template's DVTI is still tested)."""
    rename = {v: k for k, v in RENAME.items()} if ios else RENAME
    root = dest / "inventory"
    shutil.copytree(ROOT / "inventory", root, ignore=shutil.ignore_patterns("source"))
    for path in (root / "sites").glob("*.yaml"):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed = False
        for device in data.get("devices", ()):
            for i in device["interfaces"]:
                if i.get("peer_device") == FW:
                    i["peer_interface"] = rename.get(i["peer_interface"], i["peer_interface"])
                    changed = True
            if device["name"] != FW:
                continue
            if ios:
                device.update(platform="ios", model="ISR4451-X/K9")
            else:
                device.update(platform="junos", model="SRX1500")
            for i in device["interfaces"]:
                i["name"] = rename.get(i["name"], i["name"])
                for key in ("unnumbered", "tunnel_source"):
                    if i.get(key):
                        i[key] = rename.get(i[key], i[key])
            changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_inventory(root)


def srx_network(inv: Inventory, only: set[str]) -> tuple[Network, dict[str, Box | Srx]]:
    """The devices ``only`` of ``inv`` booted with their intended configs, as a network."""
    configs = render_inventory(inv, ROOT / "templates", only=only)
    sources: dict[str, Box | Srx] = {
        name: Srx(text) if name == FW else Box(parse_config(text)) for name, text in configs.items()
    }
    return Network(cabling_from_inventory(inv), sources), sources
