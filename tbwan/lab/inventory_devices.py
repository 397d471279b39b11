"""Which inventory devices a lab serves, and the configs they boot with.

The filters mean what they mean for every other tbwan command (``--host``, ``--site``,
``--role``, ``--district``: any of the values of one option, all options together); they are
applied to the inventory files here so that the lab process does not import Nornir.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tbwan.errors import InventoryError
from tbwan.lab.models import LabDevice, LabError
from tbwan.lab.seed import empty_config

if TYPE_CHECKING:  # the inventory models load pydantic: not needed to wait for a lab
    from tbwan.inventory.models import Device, Inventory


@dataclass(frozen=True)
class LabSelection:
    """The lab's host filters (empty: every device)."""

    hosts: Sequence[str] = ()
    sites: Sequence[str] = ()
    roles: Sequence[str] = ()
    districts: Sequence[str] = ()
    count: int | None = None


def _districts(inv: Inventory, region: str) -> set[str]:
    """The region and its ancestors."""
    parents = {r.slug: r.parent for r in inv.regions}
    chain: set[str] = set()
    cur: str | None = region
    while cur is not None and cur not in chain:
        chain.add(cur)
        cur = parents.get(cur)
    return chain


def select_devices(inv: Inventory, sel: LabSelection) -> list[Device]:
    """The inventory devices matching ``sel``, in inventory order.

    Raises:
        InventoryError: a ``--host`` names no device, or nothing matches.
    """
    from tbwan.inventory.lookup import require_known
    from tbwan.inventory.models import Role

    require_known("host", "--host", sel.hosts, {d.name for s in inv.sites for d in s.devices})
    require_known("site", "--site", sel.sites, {s.slug for s in inv.sites})
    require_known("role", "--role", sel.roles, [r.value for r in Role])
    require_known("district or region", "--district", sel.districts, {r.slug for r in inv.regions})
    chosen = [
        d
        for s in inv.sites
        if not sel.sites or s.slug in sel.sites
        if not sel.districts or _districts(inv, s.region) & set(sel.districts)
        for d in s.devices
        if not sel.hosts or d.name in sel.hosts
        if not sel.roles or d.role.value in sel.roles
    ]
    if sel.count is not None:
        chosen = chosen[: sel.count]
    if not chosen:
        raise InventoryError("no host matches the filters (--host/--site/--role/--district)")
    return chosen


def lab_devices(
    inventory: Path | Inventory, templates: Path, sel: LabSelection, seed: str
) -> list[LabDevice]:
    """Lab devices for the selected inventory devices, booting with ``seed``.

    ``seed`` is ``intended`` (the rendered config), ``empty`` (the minimal config),
    ``legacy`` (hand-made brownfield configs, :mod:`tbwan.lab.legacy`) or the
    path of a config file every device boots with. A device whose platform is ``junos``
    is a lab SRX: its intended seed is the rendered set-form config; the brownfield and
    file seeds are IOS configs, so it boots with the minimal Junos config instead.
    """
    from tbwan.inventory.loader import load_inventory

    inv = load_inventory(inventory) if isinstance(inventory, Path) else inventory
    chosen = select_devices(inv, sel)
    configs: dict[str, str] = {}
    if seed == "intended":
        from tbwan.render.engine import render_inventory

        configs = render_inventory(inv, templates, only={d.name for d in chosen})
    elif seed == "legacy":
        from tbwan.lab.legacy import legacy_configs, random_secrets

        ios = {d.name for d in chosen if d.platform != "junos"}
        configs = legacy_configs(inv, random_secrets(), only=ios)
    elif seed != "empty":
        try:
            text = Path(seed).read_text(encoding="utf-8")
        except OSError as exc:
            raise LabError(
                f"--seed-config {seed}: cannot read it ({exc.strerror}); "
                "use intended, empty, legacy or a config file"
            ) from exc
        configs = {d.name: text for d in chosen if d.platform != "junos"}
    return [
        LabDevice(
            name=d.name,
            model=d.model,
            serial=d.serial,
            seed_config=configs.get(d.name) or empty_config(d.name, d.platform),
            management=str(d.primary_ip.ip),
            platform=d.platform,
        )
        for d in chosen
    ]
