"""An inventory device with platform ``junos`` becomes a lab SRX seeded from its template."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tbwan.inventory.build import DIC_FIREWALL
from tbwan.inventory.variants import copy_with_firewall
from tbwan.lab import Credentials, Lab
from tbwan.lab.inventory_devices import LabSelection, lab_devices

from .seed import clear_secrets

pytestmark = pytest.mark.lab

FW = DIC_FIREWALL
GOLDEN = Path(__file__).parents[2] / "fixtures/render/junos/tb-ttthdl-fw01.set"


@pytest.fixture(scope="module")
def inventory(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the inventory where the DIC firewall is an SRX1500."""
    root = tmp_path_factory.mktemp("srx") / "inventory"
    return copy_with_firewall(repo / "inventory", root, "junos")


def test_intended_seed_is_the_rendered_set_config(inventory: Path, repo: Path) -> None:
    sel = LabSelection(hosts=[FW, "tb-ttthdl-core01"])
    devices = {d.name: d for d in lab_devices(inventory, repo / "templates", sel, "intended")}
    assert devices[FW].platform == "junos"
    assert devices["tb-ttthdl-core01"].platform == "ios"
    assert devices[FW].seed_config == GOLDEN.read_text(encoding="utf-8")
    creds = Credentials("netadmin", secrets.token_hex(8), secrets.token_hex(8))
    with Lab(devices.values(), creds) as lab:
        committed = clear_secrets(lab.running_config(FW)).splitlines()
        assert sorted(committed) == sorted(GOLDEN.read_text(encoding="utf-8").splitlines())
        assert lab.running_config("tb-ttthdl-core01").startswith("!")  # IOS as before
        error = lab.apply_config(FW, ["set snmp location Rack-7", "delete system ntp"])
        assert error == ""
        now = lab.running_config(FW)
        assert "set snmp location Rack-7" in now
        assert "set system ntp" not in now
        assert lab.apply_config(FW, ["set sytem x"]) == "sytem: syntax error"


@pytest.mark.parametrize("seed", ["empty", "legacy"])
def test_other_seeds_give_the_minimal_junos_config(inventory: Path, repo: Path, seed: str) -> None:
    sel = LabSelection(hosts=[FW])
    (device,) = lab_devices(inventory, repo / "templates", sel, seed)
    assert device.seed_config.splitlines() == [
        f"set system host-name {FW}",
        "set system services ssh",
        "set system services netconf ssh",
    ]


def test_power_cycle_keeps_the_committed_config(inventory: Path, repo: Path) -> None:
    from tbwan.inventory.store import load_inventory
    from tbwan.lab.network import cabling_from_inventory
    from tbwan.lab.network.control_ops import dispatch

    sel = LabSelection(sites=["tb-ttthdl"])
    devices = lab_devices(inventory, repo / "templates", sel, "intended")
    cabling = cabling_from_inventory(load_inventory(inventory))
    creds = Credentials("netadmin", secrets.token_hex(8), secrets.token_hex(8))
    with Lab(devices, creds, cabling=cabling) as lab:
        lab.apply_config(FW, ["set snmp location Rack-9"])
        state = lab.server.any_state(FW)
        state.store.apply([("set", ["snmp", "contact", "uncommitted"])])
        for on in (False, True):
            lab._call(dispatch, lab.server, {"op": "power", "host": FW, "on": on})
        assert "set snmp location Rack-9" in lab.running_config(FW)
        assert not state.store.modified  # the candidate's changes did not survive
        assert state.uptime() < 5
        reply = lab._call(dispatch, lab.server, {"op": "neighbors", "host": FW})
        assert reply["ok"] is True
