"""The NetBox -> inventory mapping, replayed from recorded NetBox JSON (no server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tbwan.errors import NetBoxError
from tbwan.inventory.store import load_inventory
from tbwan.netbox.reader import inventory_from_records

REPO = Path(__file__).resolve().parents[2]
FIXTURES = sorted((REPO / "tests" / "fixtures" / "netbox").glob("site-*.json"))


def _records(path: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_recorded_site_rebuilds_exactly(path: Path) -> None:
    files = load_inventory(REPO / "inventory")
    inv = inventory_from_records(_records(path))
    assert inv.plan == files.plan
    assert inv.regions == files.regions
    (site,) = inv.sites
    assert site == files.site(site.slug)


def test_no_plan_means_sync_first() -> None:
    records = _records(FIXTURES[0])
    records["plan"] = []
    with pytest.raises(NetBoxError, match="tbwan netbox sync"):
        inventory_from_records(records)


def test_bad_netbox_data_names_the_place() -> None:
    records = _records(FIXTURES[0])
    records["interfaces"][0]["custom_fields"]["if_mode"] = "bogus"
    with pytest.raises(NetBoxError, match=r"sites\.0\.devices\.\d+\.interfaces\.\d+\.mode"):
        inventory_from_records(records)
