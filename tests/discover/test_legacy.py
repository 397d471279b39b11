"""The brownfield seed configs: deterministic, hand-made, the inventory's addressing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.discover.ios_config import read_config
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory
from tbwan.lab.legacy import LegacySecrets, legacy_configs, random_secrets

REPO = Path(__file__).resolve().parents[2]
SECRETS = LegacySecrets("ro-aaaa", "rw-bbbb", "user-cccc", "psk-dddd")


@pytest.fixture(scope="module")
def inv() -> Inventory:
    return load_inventory(REPO / "inventory")


def test_deterministic_and_secrets_only_from_the_run(inv: Inventory) -> None:
    a = legacy_configs(inv, SECRETS)
    assert a == legacy_configs(inv, SECRETS)
    ios = [d.name for d in inv.devices if d.platform == "ios"]
    assert sorted(a) == sorted(ios)
    assert "tb-ttthdl-fw01" not in a  # an SRX: the IOS brownfield has no config for it
    other = random_secrets()
    b = legacy_configs(inv, other)
    assert a != b
    assert other.community_ro in b["tb-sonv-rt01"] and "ro-aaaa" not in b["tb-sonv-rt01"]


def test_hand_made_management_plane(inv: Inventory) -> None:
    cfg = legacy_configs(inv, SECRETS, only={"tb-sonv-rt01"})["tb-sonv-rt01"]
    lines = cfg.splitlines()
    assert "hostname TB_SONV_RT01" in lines
    assert "no aaa new-model" in lines and not any(x.startswith("tacacs") for x in lines)
    assert "snmp-server community ro-aaaa RO 10" in lines
    assert not any("version 3" in x for x in lines)
    assert "logging host 10.34.16.50" in lines
    assert any(x.startswith("banner motd") for x in lines)
    assert any(x.startswith("ip route 192.168.") for x in lines)
    assert " network 10.34.4.12 0.0.0.1 area 0" in lines
    assert not any("ip ospf 1 area" in x for x in lines)


def test_some_devices_lack_ntp(inv: Inventory) -> None:
    configs = legacy_configs(inv, SECRETS)
    without = [h for h, c in configs.items() if "ntp server" not in c]
    assert 0 < len(without) < len(configs)


def test_same_addressing_switchports_and_areas(inv: Inventory) -> None:
    configs = legacy_configs(inv, SECRETS)
    for device in inv.devices:
        if device.platform != "ios":
            continue
        read = {i.name: i for i in read_config(configs[device.name]).interfaces}
        assert set(read) == {i.name for i in device.interfaces}, device.name
        for i in device.interfaces:
            got = read[i.name]
            assert (got.ipv4, got.mode, got.vlan, sorted(got.vlans)) == (
                i.ipv4,
                i.mode,
                i.vlan,
                sorted(i.vlans),
            ), (device.name, i.name)
            assert got.ospf_area == i.ospf_area, (device.name, i.name)
            assert got.shape_kbps == i.shape_kbps, (device.name, i.name)
