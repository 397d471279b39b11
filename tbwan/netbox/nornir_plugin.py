"""Nornir inventory plugin over NetBox (``TbwanNetBoxInventory``).

It rebuilds tbwan's inventory model from NetBox and hands it to the same builder as the
file plugin (``nornir_data`` + ``build_inventory``), so the same data gives the same
hosts, groups and host data. A full load is one parallel round of paginated REST reads,
only the fields used; ``sites``/``roles``/``regions`` filters are applied by NetBox.
Later loads go through a local snapshot kept current by NetBox's change log
(``tbwan.netbox.snapshot``): one request when nothing changed.

nornir_netbox 0.3.0 (2021) still loads hosts from NetBox 4.7 (checked: NetBox accepts its
``Token`` header for v2 tokens, and its role group falls back to ``role``), but only the
devices themselves: no interfaces, addresses, VLANs, prefixes or circuits, and the host
platform is NetBox's platform display name, not a NAPALM driver. tbwan's templates need
the rest, hence this plugin (timings side by side: benchmarks/bench_netbox.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nornir.core.inventory import Inventory

from tbwan.inventory.nornir_build import build_inventory
from tbwan.netbox.cache import (
    SnapshotStore,
    cache_key,
    cache_mode,
    default_cache_dir,
    max_age,
)
from tbwan.netbox.client import NetBox
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.snapshot import Filters, Loaded, load_data


class TbwanNetBoxInventory:
    """Options (``nornir.yaml``): ``url``/``token`` (default: ``netbox_settings()``),
    ``sites``, ``roles``, ``regions`` (slugs), ``workers``; ``cache``
    (default true; false or ``TBWAN_NETBOX_CACHE=0`` turns it off, ``refresh`` reads
    everything and writes a new snapshot), ``cache_dir`` (default
    ``$TBWAN_NETBOX_CACHE_DIR`` or the user's cache folder), ``cache_max_age`` (seconds,
    default ``$TBWAN_NETBOX_CACHE_MAX_AGE`` or 86400); ``api``: how a full load reads,
    ``graphql`` (default) or ``rest``; ``root`` (the file plugin's) is ignored. After
    :meth:`load`, ``last_load`` tells where the data came from. The device login and a
    running lab's ports come from the transform function (:mod:`tbwan.transform`)."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        sites: Sequence[str] = (),
        roles: Sequence[str] = (),
        regions: Sequence[str] = (),
        workers: int = 8,
        cache: bool | str | None = None,
        cache_dir: str | None = None,
        cache_max_age: float | None = None,
        api: str = "graphql",
        root: str | None = None,
    ) -> None:
        # `root` is the file plugin's option: accepted and unused, so that
        # TBWAN_INVENTORY=netbox can swap plugins under nornir.yaml's file options
        del root
        self.url, self.token = (url, token) if url and token else netbox_settings()
        self.sites, self.roles, self.regions = tuple(sites), tuple(roles), tuple(regions)
        self.workers = workers
        self.cache = cache_mode(cache)
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache_max_age = max_age(cache_max_age)
        self.api = api
        self.filters = Filters(self.sites, self.roles, self.regions)
        self.last_load: Loaded | None = None

    def store(self) -> SnapshotStore | None:
        """This load's snapshot (None with the cache off)."""
        if self.cache == "off":
            return None
        key = cache_key(self.url, self.token, self.filters.as_dict())
        return SnapshotStore(self.cache_dir, key)

    def load(self) -> Inventory:
        """Build the Nornir inventory from NetBox (through the snapshot when on)."""
        nb = NetBox(self.url, self.token, workers=self.workers, check=False)
        self.last_load = load_data(
            nb,
            self.filters,
            self.store(),
            max_age=self.cache_max_age,
            api=self.api,
            renew=self.cache == "refresh",
        )
        return build_inventory(self.last_load.data)
