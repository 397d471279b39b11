"""Re-parenting sites between regions (pure): the 2025 reform as a data change."""

from __future__ import annotations

from pydantic import ValidationError

from tbwan.errors import InventoryError
from tbwan.inventory.lookup import closest, require_known
from tbwan.inventory.models import Inventory, Region


def move_sites(
    inv: Inventory,
    sites: list[str],
    region: str,
    region_name: str | None = None,
    parent: str | None = None,
) -> Inventory:
    """``inv`` with ``sites`` moved under ``region`` (created when a name is given).

    Every name must name something: an unknown site or parent is an error with the
    closest match.
    """
    regions = {r.slug: r for r in inv.regions}
    new_regions = list(inv.regions)
    require_known("site", "site", sites, {s.slug for s in inv.sites})
    if region not in regions:
        if not region_name:
            near = closest(region, regions)
            hint = f"did you mean {near!r}? " if near else ""
            raise InventoryError(
                f"region {region!r} does not exist: pass --region-name to create it, or use "
                f"an existing one ({hint}regions: {', '.join(sorted(regions))})"
            )
        if parent is not None:
            require_known("region", "--parent", [parent], regions)
        try:
            new_regions.append(Region(slug=region, name=region_name, parent=parent))
        except ValidationError as exc:
            flags = {"slug": "--region", "name": "--region-name", "parent": "--parent"}
            problems = "; ".join(
                f"{flags.get(str(e['loc'][0]), e['loc'][0]) if e['loc'] else 'region'}: {e['msg']}"
                for e in exc.errors()
            )
            raise InventoryError(f"cannot create region {region!r}: {problems}") from None
    moved = tuple(
        s.model_copy(update={"region": region}) if s.slug in sites else s for s in inv.sites
    )
    return inv.model_copy(update={"regions": tuple(new_regions), "sites": moved})
