"""The DIC firewall as a Juniper SRX: its Junos render (the golden file is checked by
``tests/render/test_golden.py``, with every platform's cases), and what the render must be.

The inventory's firewall is an SRX1500: interfaces are logical units (``ge-0/0/0.0``,
``st0.100``, ``lo0.0``) and its peers' ``peer_interface`` name them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tbwan.credentials import Secrets
from tbwan.diff import diff_configs, mask_secrets
from tbwan.inventory.store import load_inventory
from tbwan.platforms import JUNOS
from tbwan.render.engine import render_inventory

FW = "tb-ttthdl-fw01"
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "junos" / f"{FW}.set"
UNITS = ("lo0.0", "ge-0/0/0.0", "ge-0/0/1.0", "ge-0/0/2.0", "ge-0/0/3.0", "st0.0", "st0.100")
SECRETS = Secrets(
    password_crypt="$6$tbwansalt$KQ0lA6hWm7L1test",
    tacacs_key="tac-key-1",
    ipsec_psk="psk-value-1",
    snmp_auth="auth-pass-1",
    snmp_priv="priv-pass-1",
)


@pytest.fixture(scope="module")
def srx(repo: Path) -> tuple[str, str]:
    """The firewall's Junos config, with the secrets masked and with them set."""
    inv = load_inventory(repo / "inventory")
    assert next(d.platform for d in inv.devices if d.name == FW) == "junos"
    masked = render_inventory(inv, repo / "templates", only={FW})[FW]
    real = render_inventory(inv, repo / "templates", SECRETS, only={FW})[FW]
    return masked, real


def test_masked_render_is_the_golden_file(srx: tuple[str, str]) -> None:
    assert srx[0] == GOLDEN.read_text(encoding="utf-8")


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
    assert sorted(JUNOS.enabled_interfaces(srx[0])) == sorted(UNITS)


def vars_of(secrets: Secrets) -> list[str]:
    return [getattr(secrets, k) or "" for k in ("password_crypt", "tacacs_key", "ipsec_psk")] + [
        secrets.snmp_auth or "",
        secrets.snmp_priv or "",
    ]
