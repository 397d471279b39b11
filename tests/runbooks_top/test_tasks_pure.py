"""The province's tasks' pure parts: source-of-truth edits and the AAA check."""

from __future__ import annotations

from pathlib import Path

import pytest
from netutils.password import encrypt_type7

from tasks.aaa import tacacs_key_problems
from tasks.sot import replace_site, site_of, to_fiber, with_serial
from tbwan.errors import InventoryError
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory, Media
from tbwan.inventory.validate import validate_inventory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def inv() -> Inventory:
    return load_inventory(REPO / "inventory")


def test_to_fiber_builds_what_the_generator_builds_for_fiber(inv: Inventory) -> None:
    copper, fiber = site_of(inv, site="tb-13195-hong-ly"), site_of(inv, site="tb-13192-vu-thu")
    upgraded = to_fiber(copper)
    (circuit,) = upgraded.circuits
    assert (circuit.media, circuit.rate_kbps) == (Media.FIBER, 100_000)
    assert circuit.description == fiber.circuits[0].description
    wan = upgraded.devices[0].interface("GigabitEthernet0/0/0")
    ref = fiber.devices[0].interface("GigabitEthernet0/0/0")
    assert (wan.speed_mbps, wan.shape_kbps) == (ref.speed_mbps, ref.shape_kbps) == (100, None)
    assert wan.description == "WAN fiber tbcl-258 to tb-ubnd-vuthu-rt01"
    # nothing else changed, and the province still validates with it
    assert upgraded.model_copy(update={"circuits": copper.circuits, "devices": copper.devices}) == (
        copper
    )
    validate_inventory(replace_site(inv, upgraded), REPO / "inventory")


def test_to_fiber_refuses_a_fiber_site(inv: Inventory) -> None:
    with pytest.raises(InventoryError, match="tb-13192-vu-thu: no copper circuit"):
        to_fiber(site_of(inv, site="tb-13192-vu-thu"))


def test_with_serial(inv: Inventory) -> None:
    site = site_of(inv, host="tb-13195-hong-ly-rt01")
    assert with_serial(site, "tb-13195-hong-ly-rt01", "FGL9999ZZZZ").devices[0].serial == (
        "FGL9999ZZZZ"
    )
    with pytest.raises(InventoryError, match="tb-13195-hong-ly: the change is not valid"):
        with_serial(site, "tb-13195-hong-ly-rt01", "bad serial\nline vty 0 4")


def test_unknown_site_is_named(inv: Inventory) -> None:
    with pytest.raises(InventoryError, match="no site tb-nowhere"):
        site_of(inv, site="tb-nowhere")


CONFIG = """tacacs server DIC-AAA-1
 address ipv4 10.34.16.10
 key 7 {key}
tacacs server DIC-AAA-2
 address ipv4 10.34.16.11
 key {plain}
aaa authentication login default group TBWAN-AAA local
"""


def test_a_type7_key_is_decoded_and_every_server_checked() -> None:
    ok = CONFIG.format(key=encrypt_type7("n3w-key"), plain="n3w-key")
    assert tacacs_key_problems(ok, "n3w-key") == []
    half = CONFIG.format(key=encrypt_type7("n3w-key"), plain="old-key")
    assert tacacs_key_problems(half, "n3w-key") == ["tacacs server DIC-AAA-2: key differs"]
    assert "n3w-key" not in " ".join(tacacs_key_problems(half, "n3w-key"))
