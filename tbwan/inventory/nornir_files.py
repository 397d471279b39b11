"""Nornir inventory plugin over the ``inventory/`` files (``TbwanInventory``)."""

from __future__ import annotations

from pathlib import Path

from nornir.core.inventory import Inventory

from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.nornir_build import build_inventory
from tbwan.inventory.store import load_inventory


class TbwanInventory:
    """Loads and validates the province's YAML files, then builds the Nornir inventory.

    Option (``nornir.yaml``): ``root``, the inventory folder. The device login and a
    running lab's ports come from the transform function (:mod:`tbwan.transform`).
    """

    def __init__(self, root: str = "inventory") -> None:
        self.root = Path(root)

    def load(self) -> Inventory:
        """Build the Nornir inventory."""
        return build_inventory(nornir_data(load_inventory(self.root)))
