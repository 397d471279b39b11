"""The province's list of commune-level units (GSO codes), and the check of a request
against it.

The list is the repository's own copy, ``inventory/source/thaibinh_units.csv``: a code
it holds belongs to one district, and a commune onboarded under another district is a
typo (or a code of another province). A unit created after the list (a merger, a new
ward) is onboarded with ``--new-unit``, which must be asked for explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tbwan.errors import OnboardError
from tbwan.inventory.generate import Unit, read_units
from tbwan.inventory.models import Inventory
from tbwan.onboard.request import CommuneRequest

UNITS_FILE = Path("source") / "thaibinh_units.csv"


@dataclass(frozen=True)
class UnitList:
    """The listed units by code, and where the list came from (for messages)."""

    path: Path
    by_code: dict[str, Unit]


def load_units(inventory_root: Path) -> UnitList | None:
    """The unit list kept with the inventory, or ``None`` when there is none."""
    path = inventory_root / UNITS_FILE
    if not path.exists():
        return None
    try:
        units = read_units(path)
    except (OSError, KeyError, UnicodeDecodeError) as exc:
        raise OnboardError(f"step validate: {path}: cannot read the unit list ({exc})") from None
    return UnitList(path, {u.code: u for u in units})


def check_unit(inv: Inventory, req: CommuneRequest, units: UnitList | None) -> None:
    """Raise :class:`OnboardError` unless ``req.code`` is a unit of ``req.district`` in
    the list, or a new unit asked for with ``new_unit``."""
    step = "step validate"
    district = next((r for r in inv.regions if r.slug == req.district), None)
    if district is None:
        return  # the plan's own check names the unknown district
    if units is None:
        if not req.new_unit:
            raise OnboardError(
                f"{step}: no unit list ({UNITS_FILE} of the inventory) to check code "
                f"{req.code} against: restore it, or pass --new-unit if the code is right"
            )
        return
    unit = units.by_code.get(req.code)
    if unit is None:
        if not req.new_unit:
            raise OnboardError(
                f"{step}: code {req.code} is not a unit of the province in {units.path}: "
                "check the code, or pass --new-unit for a unit created after that list"
            )
        return
    if unit.district_code != district.gso_code:
        raise OnboardError(
            f"{step}: code {req.code} is {unit.name} of {unit.district_name} (district code "
            f"{unit.district_code}), not of {district.name} ({req.district}): check the code "
            "or the district"
        )
    if req.new_unit:
        raise OnboardError(
            f"{step}: code {req.code} is {unit.name}, already in {units.path}: drop --new-unit"
        )
