"""Nornir inventory plugin over NetBox (``TbwanNetBoxInventory``).

It rebuilds tbwan's inventory model from NetBox and hands it to the same builder as the
file plugin (``nornir_data`` + ``build_inventory``), so the same data gives the same
hosts, groups and host data. One parallel round of paginated REST reads, only the fields
used; ``sites``/``roles``/``regions`` filters are applied by NetBox.

nornir_netbox 0.3.0 (2021) still loads hosts from NetBox 4.7 (checked: NetBox accepts its
``Token`` header for v2 tokens, and its role group falls back to ``role``), but only the
devices themselves: no interfaces, addresses, VLANs, prefixes or circuits, and the host
platform is NetBox's platform display name, not a NAPALM driver. tbwan's templates need
the rest, hence this plugin (timings side by side: benchmarks/bench_netbox.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from nornir.core.inventory import Inventory

from tbwan.inventory.hostdata import nornir_data
from tbwan.inventory.nornir_build import build_inventory, lab_dir
from tbwan.netbox.client import NetBox
from tbwan.netbox.reader import load_from_netbox
from tbwan.netbox.settings import netbox_settings


class TbwanNetBoxInventory:
    """Options (``nornir.yaml``): ``url``/``token`` (default: ``netbox_settings()``),
    ``sites``, ``roles``, ``regions`` (slugs), ``lab_dir``, ``workers``; ``root`` (the
    file plugin's) is ignored."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        sites: Sequence[str] = (),
        roles: Sequence[str] = (),
        regions: Sequence[str] = (),
        lab_dir: str = ".lab",
        workers: int = 8,
        root: str | None = None,
    ) -> None:
        # `root` is the file plugin's option: accepted and unused, so that
        # TBWAN_INVENTORY=netbox can swap plugins under nornir.yaml's file options
        del root
        self.url, self.token = (url, token) if url and token else netbox_settings()
        self.sites, self.roles, self.regions = tuple(sites), tuple(roles), tuple(regions)
        self.lab_dir = lab_dir
        self.workers = workers

    def load(self) -> Inventory:
        """Build the Nornir inventory from NetBox."""
        nb = NetBox(self.url, self.token, workers=self.workers)
        inv = load_from_netbox(nb, sites=self.sites, roles=self.roles, regions=self.regions)
        return build_inventory(nornir_data(inv), lab=lab_dir(self.lab_dir))
