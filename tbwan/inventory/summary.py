"""Counts that tell an engineer what the inventory holds (pure)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tbwan.inventory.models import Inventory, Media


@dataclass(frozen=True)
class InventorySummary:
    """Counts per role, per district and per uplink medium."""

    sites: int
    devices: int
    interfaces: int
    prefixes: int
    vlans: int
    circuits: int
    per_role: dict[str, int]
    per_region: dict[str, tuple[int, int]]
    dedicated_media: dict[str, int]
    commune_media: dict[str, int]


def summarize(inv: Inventory) -> InventorySummary:
    """Summary counts of ``inv``.

    The 52 dedicated-line sites are the non-commune sites whose circuit lands at the
    carrier's node; their fiber/copper split is the plan's 12/40.
    """
    per_role = Counter(d.role.value for d in inv.devices)
    per_region: dict[str, tuple[int, int]] = {}
    for r in inv.regions:
        sites = [s for s in inv.sites if s.region == r.slug]
        per_region[r.name] = (len(sites), sum(len(s.devices) for s in sites))
    dedicated: Counter[str] = Counter()
    communes: Counter[str] = Counter()
    for s in inv.sites:
        for c in s.circuits:
            target = communes if s.kind == "commune" else dedicated
            if s.kind == "commune" or c.media is not Media.IPSEC:
                target[c.media.value] += 1
    return InventorySummary(
        sites=len(inv.sites),
        devices=len(inv.devices),
        interfaces=sum(len(d.interfaces) for d in inv.devices),
        prefixes=sum(len(s.prefixes) for s in inv.sites),
        vlans=sum(len(s.vlans) for s in inv.sites),
        circuits=sum(len(s.circuits) for s in inv.sites),
        per_role=dict(sorted(per_role.items())),
        per_region={k: v for k, v in per_region.items() if v[0]},
        dedicated_media=dict(dedicated),
        commune_media=dict(communes),
    )
