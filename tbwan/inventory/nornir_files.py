"""Nornir inventory plugin over the ``inventory/`` files (``TbwanInventory``)."""

from __future__ import annotations

from pathlib import Path

from nornir.core.inventory import Inventory

from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.nornir_build import build_inventory
from tbwan.inventory.store import load_inventory
from tbwan.lab.hostsfile import lab_dir


class TbwanInventory:
    """Loads and validates the province's YAML files, then builds the Nornir inventory.

    Options (``nornir.yaml``): ``root`` (the inventory folder), ``lab_dir`` (where a
    running device lab writes ``hosts.json``; ``TBWAN_LAB_DIR`` overrides it), ``lab``
    (a lab folder over both, given by a run that starts its own lab).
    """

    def __init__(
        self, root: str = "inventory", lab_dir: str = ".lab", lab: str | None = None
    ) -> None:
        self.root = Path(root)
        self.lab_dir = lab_dir
        self.lab = lab

    def load(self) -> Inventory:
        """Build the Nornir inventory."""
        return build_inventory(
            nornir_data(load_inventory(self.root)), lab=lab_dir(self.lab, default=self.lab_dir)
        )
