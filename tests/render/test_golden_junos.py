"""The DIC firewall as a Juniper SRX: its Junos render, checked against a golden file.

This test copies the inventory with the firewall as an SRX, whichever form the
repository has (``tbwan.inventory.variants.copy_with_firewall``: platform ``junos``,
interfaces renamed to logical units ``ge-0/0/0.0``, ``st0.100``, ``lo0.0``, its peers'
``peer_interface`` with them), and renders it.
Regenerate with ``TBWAN_UPDATE_GOLDEN=1 pytest tests/render/test_golden_junos.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tbwan.credentials import Secrets
from tbwan.diff import diff_configs, mask_secrets
from tbwan.inventory.store import load_inventory
from tbwan.inventory.variants import SRX_UNITS, copy_with_firewall
from tbwan.platforms import JUNOS
from tbwan.render.engine import render_inventory

FW = "tb-ttthdl-fw01"
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "junos" / f"{FW}.set"
SECRETS = Secrets(
    password_crypt="$6$tbwansalt$KQ0lA6hWm7L1test",
    tacacs_key="tac-key-1",
    ipsec_psk="psk-value-1",
    snmp_auth="auth-pass-1",
    snmp_priv="priv-pass-1",
)


@pytest.fixture(scope="module")
def srx(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The firewall's Junos config, with the secrets masked and with them set."""
    root = tmp_path_factory.mktemp("srx") / "inventory"
    copy_with_firewall(repo / "inventory", root, "junos")
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
    assert sorted(JUNOS.enabled_interfaces(srx[0])) == sorted(SRX_UNITS.values())


def vars_of(secrets: Secrets) -> list[str]:
    return [getattr(secrets, k) or "" for k in ("password_crypt", "tacacs_key", "ipsec_psk")] + [
        secrets.snmp_auth or "",
        secrets.snmp_priv or "",
    ]
