"""Bad input is rejected with an error naming the file, the record and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tbwan.errors import InventoryError
from tbwan.inventory.store import load_inventory

Edit = Callable[[dict[str, Any]], None]


def _edit_site(root: Path, slug: str, edit: Edit) -> Path:
    path = root / "sites" / f"{slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _error(root: Path) -> str:
    with pytest.raises(InventoryError) as err:
        load_inventory(root)
    return str(err.value)


def _iface(data: dict[str, Any], dev: int, name: str) -> dict[str, Any]:
    return next(i for i in data["devices"][dev]["interfaces"] if i["name"] == name)


def test_the_shipped_inventory_is_valid(repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    assert len(inv.devices) == 393


def test_duplicate_host_name(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["devices"][1]["name"] = "tb-sonv-rt01"

    _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert "duplicate host name 'tb-sonv-rt01'" in msg


def test_duplicate_site_slug(inventory_copy: Path) -> None:
    _edit_site(inventory_copy, "tb-sotp", lambda d: d.update(slug="tb-sonv"))
    assert "duplicate site slug 'tb-sonv'" in _error(inventory_copy)


def test_overlapping_prefixes(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["prefixes"][0]["prefix"] = "10.34.67.0/24"  # tb-sonv's own staff /25 lives here

    path = _edit_site(inventory_copy, "tb-sotp", edit)
    msg = _error(inventory_copy)
    assert "overlaps" in msg
    assert "prefixes must not overlap" in msg
    assert str(path) in msg or "tb-sonv.yaml" in msg


def test_prefix_outside_supernet(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["prefixes"][0]["prefix"] = "192.168.1.0/25"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert f"{path}: prefix 192.168.1.0/25 is outside the supernet 10.34.0.0/16" in msg


def test_address_outside_its_prefix(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _iface(d, 0, "GigabitEthernet0/0/1.10")["ipv4"] = "10.34.99.1/25"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert (
        f"{path}: device 'tb-sonv-rt01' interface 'GigabitEthernet0/0/1.10' field ipv4: "
        "10.34.99.1/25 is outside its prefix 10.34.67.0/25 (VLAN 10)"
    ) in msg


def test_vlan_id_out_of_range(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["vlans"][0]["vid"] = 4095

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert str(path) in msg
    assert "vlans[0] (staff).vid: Input should be less than or equal to 4094" in msg


def test_unknown_platform(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["devices"][0]["platform"] = "vrp"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert f"{path}: device 'tb-sonv-rt01' field platform: unknown platform 'vrp'" in msg


def test_unknown_role(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["devices"][0]["role"] = "core-router"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert f"{path}: devices[0] (tb-sonv-rt01).role: Input should be" in msg


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("media", "wireless", "circuits[0] (tbdl-005).media: Input should be 'fiber', 'copper'"),
        ("rate_kbps", 3000, "rate_kbps 3000 is not sold on fiber"),
    ],
)
def test_circuit_media_and_rate(
    inventory_copy: Path, field: str, value: object, expected: str
) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["circuits"][0][field] = value

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert str(path) in msg
    assert expected in msg


def test_site_in_unknown_district(inventory_copy: Path) -> None:
    path = _edit_site(inventory_copy, "tb-sonv", lambda d: d.update(region="an-thi"))
    msg = _error(inventory_copy)
    assert f"{path}: site 'tb-sonv' field region: district/region 'an-thi' does not exist" in msg


@pytest.mark.parametrize("bad", ["Sở Nội vụ\nhostname evil", "Sở Nội vụ\r", "x\x1b[2J"])
def test_control_characters_are_rejected(inventory_copy: Path, bad: str) -> None:
    def edit(d: dict[str, Any]) -> None:
        _iface(d, 0, "GigabitEthernet0/0/0")["description"] = bad

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert f"{path}: devices[0] (tb-sonv-rt01).interfaces[1] (GigabitEthernet0/0/0)" in msg
    assert "line break or control character (config injection)" in msg


def test_malformed_yaml_names_the_file(inventory_copy: Path) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    path.write_text("slug: [unclosed\n", encoding="utf-8")
    assert f"{path}: not valid YAML" in _error(inventory_copy)


def test_unknown_field_is_rejected(inventory_copy: Path) -> None:
    path = _edit_site(inventory_copy, "tb-sonv", lambda d: d.update(colour="red"))
    assert f"{path}: colour: Extra inputs are not permitted" in _error(inventory_copy)


def test_all_problems_reported_at_once(inventory_copy: Path) -> None:
    _edit_site(inventory_copy, "tb-sonv", lambda d: d.update(region="nowhere"))
    _edit_site(inventory_copy, "tb-sotp", lambda d: d.update(region="nowhere-else"))
    msg = _error(inventory_copy)
    assert msg.count("does not exist") >= 2
    assert "2 problem(s)" in msg


def test_platform_without_template_for_role(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["devices"][0]["platform"] = "junos"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert (
        f"{path}: device 'tb-sonv-rt01' field platform: 'junos' has no template for role "
        "'ce-router' yet; use ios"
    ) in msg


def test_interface_name_of_another_platform(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["devices"][0]["interfaces"][0]["name"] = "irb.10"

    path = _edit_site(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert (
        f"{path}: device 'tb-sonv-rt01' interface 'irb.10' field name: 'irb.10' is not a "
        "Cisco IOS / IOS-XE interface name (full names such as GigabitEthernet0/0/1, "
        "Gi0/0/2.101)"
    ) in msg
