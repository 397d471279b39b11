"""The province with its DIC firewall as a Juniper SRX, for the network model's tests.

:func:`srx_inventory` copies the repository's inventory with the firewall as an SRX
(platform ``junos``, interfaces renamed to logical units, the peers' ``peer_interface``
with them) through :func:`tbwan.inventory.variants.copy_with_firewall`, whichever form
the repository has.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tbwan.inventory.build import DIC_FIREWALL
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.inventory.variants import copy_with_firewall
from tbwan.lab.config_tree import parse_config
from tbwan.lab.network import cabling_from_inventory
from tbwan.lab.network.model import Network
from tbwan.render.engine import render_inventory

from .helpers import Box

FW = DIC_FIREWALL
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
    ``ios``, as the IOS router)."""
    root = dest / "inventory"
    return load_inventory(copy_with_firewall(ROOT / "inventory", root, "ios" if ios else "junos"))


def srx_network(inv: Inventory, only: set[str]) -> tuple[Network, dict[str, Box | Srx]]:
    """The devices ``only`` of ``inv`` booted with their intended configs, as a network."""
    configs = render_inventory(inv, ROOT / "templates", only=only)
    sources: dict[str, Box | Srx] = {
        name: Srx(text) if name == FW else Box(parse_config(text)) for name, text in configs.items()
    }
    return Network(cabling_from_inventory(inv), sources), sources


def spoke_config(crypto: list[str], wan: str = "ip address 100.64.5.2 255.255.255.0") -> str:
    """A broadband commune router ``bb`` (loopback 10.34.1.200) whose IPsec tunnel ends
    on the DIC firewall's public address, with the ``crypto`` lines given and its
    broadband line addressed by ``wan`` (``ip address dhcp``: no static default route)."""
    static = [] if "dhcp" in wan else ["ip route 0.0.0.0 0.0.0.0 100.64.5.1"]
    return "\n".join(
        [
            "hostname bb",
            *crypto,
            "interface Loopback0",
            " ip address 10.34.1.200 255.255.255.255",
            " ip ospf 1 area 0",
            "interface GigabitEthernet0/0/0",
            f" {wan}",
            "interface Tunnel0",
            " ip unnumbered Loopback0",
            " ip ospf network point-to-point",
            " ip ospf 1 area 0",
            " tunnel source GigabitEthernet0/0/0",
            " tunnel mode ipsec ipv4",
            " tunnel destination 203.0.113.2",
            " tunnel protection ipsec profile TBWAN-VTI",
            "router ospf 1",
            " passive-interface default",
            " no passive-interface Tunnel0",
            *static,
        ]
    )


def crypto_lines(box: Box) -> list[str]:
    """The ``crypto`` sections of an IOS device's running config, as lines."""
    return [
        c.text if not c.children else "\n".join([c.text, *(" " + g.text for g in c.children)])
        for c in box.running.children
        if c.text.startswith("crypto")
    ]
