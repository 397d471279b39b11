"""Re-parenting sites between regions (pure): the 2025 reform as a data change."""

from __future__ import annotations

from pydantic import ValidationError

from tbwan.errors import InventoryError
from tbwan.inventory.models import Inventory, Region


def move_sites(
    inv: Inventory,
    sites: list[str],
    region: str,
    region_name: str | None = None,
    parent: str | None = None,
) -> Inventory:
    """``inv`` with ``sites`` moved under ``region`` (created when a name is given)."""
    regions = {r.slug: r for r in inv.regions}
    new_regions = list(inv.regions)
    if region not in regions:
        if not region_name:
            raise InventoryError(
                f"region {region!r} does not exist: pass --region-name to create it, or use "
                f"one of {', '.join(sorted(regions))}"
            )
        if parent is not None and parent not in regions:
            raise InventoryError(f"parent region {parent!r} does not exist")
        try:
            new_regions.append(Region(slug=region, name=region_name, parent=parent))
        except ValidationError as exc:
            flags = {"slug": "--region", "name": "--region-name", "parent": "--parent"}
            problems = "; ".join(
                f"{flags.get(str(e['loc'][0]), e['loc'][0]) if e['loc'] else 'region'}: {e['msg']}"
                for e in exc.errors()
            )
            raise InventoryError(f"cannot create region {region!r}: {problems}") from None
    known = {s.slug for s in inv.sites}
    unknown = [s for s in sites if s not in known]
    if unknown:
        raise InventoryError(f"unknown site(s) {', '.join(unknown)}: check the slug")
    moved = tuple(
        s.model_copy(update={"region": region}) if s.slug in sites else s for s in inv.sites
    )
    return inv.model_copy(update={"regions": tuple(new_regions), "sites": moved})
