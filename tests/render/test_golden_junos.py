"""The DIC firewall as a Juniper SRX: its Junos render, checked against a golden file.

The inventory keeps the firewall on IOS (the lab has no Junos dialect yet); this test
turns a copy of it into an SRX - platform ``junos``, interfaces renamed to logical units
(``ge-0/0/0.0``, ``st0.100``, ``lo0.0``), its peers' ``peer_interface`` with them - and
renders it. Regenerate with ``TBWAN_UPDATE_GOLDEN=1 pytest tests/render/test_golden_junos.py``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tbwan.credentials import Secrets
from tbwan.diff import diff_configs, mask_secrets
from tbwan.inventory.store import load_inventory
from tbwan.platforms import JUNOS
from tbwan.render.engine import render_inventory

FW = "tb-ttthdl-fw01"
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "junos" / f"{FW}.set"
RENAME = {
    "Loopback0": "lo0.0",
    "GigabitEthernet0/0/0": "ge-0/0/0.0",
    "GigabitEthernet0/0/1": "ge-0/0/1.0",
    "GigabitEthernet0/0/2": "ge-0/0/2.0",
    "GigabitEthernet0/0/3": "ge-0/0/3.0",
    "Virtual-Template1": "st0.0",
    "Tunnel100": "st0.100",
}
SECRETS = Secrets(
    password_crypt="$6$tbwansalt$KQ0lA6hWm7L1test",
    tacacs_key="tac-key-1",
    ipsec_psk="psk-value-1",
    snmp_auth="auth-pass-1",
    snmp_priv="priv-pass-1",
)


def _as_srx(root: Path) -> None:
    for path in (root / "sites").glob("*.yaml"):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed = False
        for device in data.get("devices", ()):
            for i in device["interfaces"]:
                if i.get("peer_device") == FW:
                    i["peer_interface"] = RENAME[i["peer_interface"]]
                    changed = True
            if device["name"] != FW:
                continue
            device.update(platform="junos", model="SRX1500")
            for i in device["interfaces"]:
                i["name"] = RENAME[i["name"]]
                for key in ("unnumbered", "tunnel_source"):
                    if i.get(key):
                        i[key] = RENAME[i[key]]
            changed = True
        if changed:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def srx(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The firewall's Junos config, with the secrets masked and with them set."""
    root = tmp_path_factory.mktemp("srx") / "inventory"
    shutil.copytree(repo / "inventory", root, ignore=shutil.ignore_patterns("source"))
    _as_srx(root)
    inv = load_inventory(root)
    masked = render_inventory(inv, repo / "templates", only={FW})[FW]
    real = render_inventory(inv, repo / "templates", SECRETS, only={FW})[FW]
    return masked, real


def test_golden(srx: tuple[str, str]) -> None:
    masked, _ = srx
    if os.environ.get("TBWAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(masked, encoding="utf-8")
    assert masked == GOLDEN.read_text(encoding="utf-8")


def test_every_line_is_a_set_statement(srx: tuple[str, str]) -> None:
    assert [line for line in srx[0].splitlines() if not line.startswith("set ")] == []


def test_zone_model_matches_the_ios_firewall(srx: tuple[str, str]) -> None:
    members = re.findall(r"^set security zones security-zone (\S+) interfaces (\S+)$", srx[0], re.M)
    assert sorted(members) == [
        ("DIC", "ge-0/0/1.0"),
        ("DIC", "ge-0/0/2.0"),
        ("INTERNET", "ge-0/0/3.0"),
        ("VPN", "st0.0"),
        ("VPN", "st0.100"),
        ("WAN", "ge-0/0/0.0"),
    ]
    pairs = set(re.findall(r"^set security policies from-zone (\S+) to-zone (\S+) ", srx[0], re.M))
    assert pairs == {("WAN", "DIC"), ("DIC", "WAN"), ("VPN", "DIC"), ("DIC", "VPN")}


def test_secrets_are_rendered_and_masked(srx: tuple[str, str]) -> None:
    _, real = srx
    values = [v for v in vars_of(SECRETS) if v]
    assert all(v in real for v in values)
    assert [v for v in values if v in mask_secrets(real, platform=JUNOS)] == []


def test_render_is_compliant_with_itself_and_with_its_backup(srx: tuple[str, str]) -> None:
    _, real = srx
    assert diff_configs(FW, real, real, platform=JUNOS).compliant
    backup = mask_secrets(real, platform=JUNOS)
    assert diff_configs(FW, real, backup, platform=JUNOS).compliant


def test_enabled_interfaces_are_the_units(srx: tuple[str, str]) -> None:
    assert sorted(JUNOS.enabled_interfaces(srx[0])) == sorted(RENAME.values())


def vars_of(secrets: Secrets) -> list[str]:
    return [getattr(secrets, k) or "" for k in ("password_crypt", "tacacs_key", "ipsec_psk")] + [
        secrets.snmp_auth or "",
        secrets.snmp_priv or "",
    ]
