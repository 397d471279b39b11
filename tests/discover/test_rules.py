"""Discovery conventions: defaults, and a rules file that names its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.discover.rules import DiscoverRules, load_rules
from tbwan.errors import InventoryError
from tbwan.inventory.models import Role


def test_defaults_read_hand_made_names() -> None:
    r = DiscoverRules()
    name = r.device_name("TB_12433_LE_HONG_PHONG_RT01")
    assert name == "tb-12433-le-hong-phong-rt01"
    assert r.site_from_hostname(name) == "tb-12433-le-hong-phong"
    assert r.role_by_name("tb-sonv-sw01") is Role.ACCESS_SWITCH
    assert r.role_by_name("tb-sonv-rt01") is None  # routers are told apart by their config
    assert r.circuit("uplink tbcl-019 copper") == "tbcl-019"
    assert r.circuit("no circuit here") is None


def test_a_rules_file_replaces_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "circuit_pattern: '(?P<cid>viettel-idc-\\d{3})'\n"
        "circuit_provider: viettel\n"
        "site_from: [location]\n"
    )
    r = load_rules(path)
    assert r.circuit("IDC uplink VIETTEL-IDC-001") == "viettel-idc-001"
    assert r.site_from == ("location",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hostname_pattern: '(unclosed'\n", "field hostname_pattern: Value error, not a valid"),
        ("site_from: [dns]\n", "field site_from.0"),
        ("colour: red\n", "field colour"),
        ("a: [\n", "not valid YAML"),
    ],
)
def test_bad_rules_name_the_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(InventoryError) as exc:
        load_rules(path)
    assert str(path) in str(exc.value) and expected in str(exc.value)
