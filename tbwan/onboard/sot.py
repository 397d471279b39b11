"""Where an onboarding writes: the source-of-truth protocol and its file backend.

A backend allocates and creates under one lock, so two onboardings never take the same
addresses; NetBox's backend (``tbwan.netbox``) implements the same protocol.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from tbwan.inventory.models import Inventory, Site, SiteStatus
from tbwan.inventory.store import (
    inventory_lock,
    load_inventory,
    read_plan,
    read_regions,
    read_site,
    site_path,
    write_regions,
    write_site,
)
from tbwan.onboard.move import move_sites
from tbwan.onboard.plan import OnboardPlan, plan_commune, resume_plan
from tbwan.onboard.request import CommuneRequest


class SourceOfTruth(Protocol):
    """What onboarding needs from a source of truth."""

    name: str

    def load(self) -> Inventory:
        """The current inventory."""
        ...

    def load_for(self, request: CommuneRequest) -> Inventory:
        """What validating and planning ``request`` needs, current: the regions, the plan,
        the district's sites and any site holding the request's code or slug (a backend
        may return more)."""
        ...

    def scope(self, sites: Collection[str]) -> Inventory:
        """The regions, the plan and ``sites`` as they are now (read afresh)."""
        ...

    def reserve(self, request: CommuneRequest) -> OnboardPlan:
        """Allocate and create the commune as ``planned``, atomically."""
        ...

    def set_status(self, plan: OnboardPlan, status: SiteStatus) -> None:
        """Mark the site ``active`` (done) or ``failed``."""
        ...

    def remove(self, plan: OnboardPlan) -> None:
        """Delete what :meth:`reserve` created (the site and the hub's downlink)."""
        ...

    def move(
        self, sites: list[str], region: str, region_name: str | None, parent: str | None
    ) -> Inventory:
        """Re-parent ``sites`` under ``region``; return the inventory after the move."""
        ...


class SiteCache:
    """Parsed site files, kept until the file changes (its inode, size or mtime).

    Files are only ever replaced through a rename (:func:`atomic_write`), so a rewrite
    always shows as a new inode: the province's ~340 files are parsed once per process
    instead of once per load.
    """

    def __init__(self) -> None:
        self._sites: dict[Path, tuple[tuple[int, int, int], Site]] = {}
        self._lock = threading.Lock()

    def read(self, path: Path) -> Site:
        """The site in ``path``, parsed again only if the file changed."""
        try:
            st = path.stat()
        except OSError:
            return read_site(path)  # names the missing file
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            hit = self._sites.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        site = read_site(path)
        with self._lock:
            self._sites[path] = (key, site)
        return site


class FileSourceOfTruth:
    """The ``inventory/`` files, guarded by an exclusive lock file."""

    name = "files"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = SiteCache()

    def _locked(self) -> AbstractContextManager[None]:
        return inventory_lock(self.root, exclusive=True)

    def load(self) -> Inventory:
        """The current inventory (validated)."""
        return load_inventory(self.root, site_reader=self.cache.read)

    def load_for(self, request: CommuneRequest) -> Inventory:
        """The whole inventory: a commune's code and name are checked against every site."""
        del request
        return self.load()

    def scope(self, sites: Collection[str]) -> Inventory:
        """The plan, the regions and just ``sites``, read from their files now."""
        with inventory_lock(self.root, exclusive=False):
            return Inventory(
                plan=read_plan(self.root),
                regions=read_regions(self.root),
                sites=tuple(self.cache.read(site_path(self.root, slug)) for slug in sites),
            )

    def _load_locked(self, validate: bool = True) -> Inventory:
        return load_inventory(self.root, validate=validate, lock=False, site_reader=self.cache.read)

    def reserve(self, request: CommuneRequest) -> OnboardPlan:
        """Plan against the files as they are under the lock, then write the records."""
        with self._locked():
            inv = self._load_locked()
            resumed = resume_plan(inv, request)
            if resumed is not None:
                return resumed
            plan = plan_commune(inv, request)
            hub = inv.site(plan.hub_site)
            write_site(self.root, plan.with_hub(hub))
            write_site(self.root, plan.site)
            return plan

    def set_status(self, plan: OnboardPlan, status: SiteStatus) -> None:
        """Rewrite the site file with ``status``."""
        with self._locked():
            site = self.cache.read(site_path(self.root, plan.site.slug))
            write_site(self.root, site.model_copy(update={"status": status}))

    def remove(self, plan: OnboardPlan) -> None:
        """Delete the site file and take the downlink off the hub."""
        with self._locked():
            path = site_path(self.root, plan.site.slug)
            path.unlink(missing_ok=True)
            hub = self.cache.read(site_path(self.root, plan.hub_site))
            write_site(self.root, plan.without_hub(hub))

    def move(
        self, sites: list[str], region: str, region_name: str | None, parent: str | None
    ) -> Inventory:
        """Rewrite the moved sites' files (and regions.yaml when a region is created)."""
        with self._locked():
            before = self._load_locked()
            after = move_sites(before, sites, region, region_name, parent)
            if after.regions != before.regions:
                write_regions(self.root, after.regions)
            for site in after.sites:
                if site.slug in sites:
                    write_site(self.root, site)
            return self._load_locked()


def source_of_truth(backend: str | None, root: Path | None = None) -> SourceOfTruth:
    """The source of truth ``TBWAN_INVENTORY`` selects: the files under ``root``
    (``inventory/``, the default) or NetBox."""
    if backend == "netbox":
        from tbwan.netbox.onboard import NetBoxSourceOfTruth

        return NetBoxSourceOfTruth.from_settings()
    return FileSourceOfTruth(root or Path("inventory"))
