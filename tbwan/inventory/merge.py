"""``tbwan inventory generate`` over an inventory in use: keep what it did not make.

The generator rebuilds the province from the source CSVs; the files it writes to are
also where onboarded communes, moved sites and hand edits live. Merging keeps every one
of those and says so: a site the generator does not make is kept, a generated site whose
file differs from what the generator would write (moved, edited, given a downlink by an
onboarding) is kept as it is, and only missing generated sites are written again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tbwan.inventory.models import Inventory, Region, Site


@dataclass(frozen=True)
class MergeReport:
    """What a merge kept and what it wrote, by slug."""

    written: tuple[str, ...] = ()
    kept_not_generated: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()
    kept_regions: tuple[str, ...] = ()
    kept_plan: bool = False
    unchanged: int = 0
    changed_regions: bool = False


def merge_generated(
    current: Inventory | None, generated: Inventory
) -> tuple[Inventory, MergeReport]:
    """The inventory to write: ``generated`` where nothing is there yet, ``current``
    wherever it differs, and every site and region of ``current`` the generator does not
    make."""
    if current is None:
        return generated, MergeReport(written=tuple(s.slug for s in generated.sites))
    have = {s.slug: s for s in current.sites}
    made = {s.slug for s in generated.sites}
    sites: list[Site] = []
    written: list[str] = []
    edited: list[str] = []
    unchanged = 0
    for site in generated.sites:
        old = have.get(site.slug)
        if old is None:
            sites.append(site)
            written.append(site.slug)
        elif old == site:
            sites.append(site)
            unchanged += 1
        else:
            sites.append(old)
            edited.append(site.slug)
    extra = [s for s in current.sites if s.slug not in made]
    sites.extend(extra)
    sites.sort(key=lambda s: s.slug)
    regions, kept_regions = _regions(current.regions, generated.regions)
    plan_kept = current.plan != generated.plan
    merged = Inventory(
        plan=current.plan if plan_kept else generated.plan,
        regions=regions,
        sites=tuple(sites),
    )
    return merged, MergeReport(
        written=tuple(written),
        kept_not_generated=tuple(s.slug for s in extra),
        kept_edited=tuple(edited),
        kept_regions=tuple(kept_regions),
        kept_plan=plan_kept,
        unchanged=unchanged,
        changed_regions=regions != current.regions,
    )


def _regions(
    current: tuple[Region, ...], generated: tuple[Region, ...]
) -> tuple[tuple[Region, ...], list[str]]:
    """Generated regions, the current version where it differs, then current-only ones."""
    have = {r.slug: r for r in current}
    made = {r.slug for r in generated}
    out: list[Region] = []
    kept: list[str] = []
    for region in generated:
        old = have.get(region.slug)
        out.append(old if old is not None else region)
        if old is not None and old != region:
            kept.append(region.slug)
    for region in current:
        if region.slug not in made:
            out.append(region)
            kept.append(region.slug)
    return tuple(out), kept
