"""Where an onboarding writes: the source-of-truth protocol and its file backend.

A backend allocates and creates under one lock, so two onboardings never take the same
addresses; NetBox's backend (``tbwan.netbox``) implements the same protocol.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from tbwan.inventory.models import Inventory, SiteStatus
from tbwan.inventory.store import (
    inventory_lock,
    load_inventory,
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


class FileSourceOfTruth:
    """The ``inventory/`` files, guarded by an exclusive lock file."""

    name = "files"

    def __init__(self, root: Path) -> None:
        self.root = root

    def _locked(self) -> AbstractContextManager[None]:
        return inventory_lock(self.root, exclusive=True)

    def load(self) -> Inventory:
        """The current inventory (validated)."""
        return load_inventory(self.root)

    def _load_locked(self, validate: bool = True) -> Inventory:
        return load_inventory(self.root, validate=validate, lock=False)

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
            site = self._load_locked().site(plan.site.slug)
            write_site(self.root, site.model_copy(update={"status": status}))

    def remove(self, plan: OnboardPlan) -> None:
        """Delete the site file and take the downlink off the hub."""
        with self._locked():
            path = site_path(self.root, plan.site.slug)
            path.unlink(missing_ok=True)
            inv = self._load_locked(validate=False)
            write_site(self.root, plan.without_hub(inv.site(plan.hub_site)))

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
