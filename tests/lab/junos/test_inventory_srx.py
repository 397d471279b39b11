"""An inventory device with platform ``junos`` becomes a lab SRX seeded from its template."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tbwan.lab import Credentials, Lab
from tbwan.lab.inventory_devices import LabSelection, lab_devices

pytestmark = pytest.mark.lab

FW = "tb-ttthdl-fw01"
RENAME = {  # the firewall's IOS interface names -> its SRX logical units
    "Loopback0": "lo0.0",
    "GigabitEthernet0/0/0": "ge-0/0/0.0",
    "GigabitEthernet0/0/1": "ge-0/0/1.0",
    "GigabitEthernet0/0/2": "ge-0/0/2.0",
    "GigabitEthernet0/0/3": "ge-0/0/3.0",
    "Virtual-Template1": "st0.0",
    "Tunnel100": "st0.100",
}
GOLDEN = Path(__file__).parents[2] / "fixtures/render/junos/tb-ttthdl-fw01.set"


@pytest.fixture(scope="module")
def inventory(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the inventory where the DIC firewall is an SRX1500 (as the repository's
    is; the renaming is for an inventory whose firewall is still IOS)."""
    root = tmp_path_factory.mktemp("srx") / "inventory"
    shutil.copytree(repo / "inventory", root, ignore=shutil.ignore_patterns("source"))
    for path in (root / "sites").glob("*.yaml"):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for device in data.get("devices", ()):
            for i in device["interfaces"]:
                if i.get("peer_device") == FW:
                    i["peer_interface"] = RENAME.get(i["peer_interface"], i["peer_interface"])
                if device["name"] == FW:
                    i["name"] = RENAME.get(i["name"], i["name"])
                    for key in ("unnumbered", "tunnel_source"):
                        if i.get(key):
                            i[key] = RENAME.get(i[key], i[key])
            if device["name"] == FW:
                device.update(platform="junos", model="SRX1500")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def test_intended_seed_is_the_rendered_set_config(inventory: Path, repo: Path) -> None:
    sel = LabSelection(hosts=[FW, "tb-ttthdl-core01"])
    devices = {d.name: d for d in lab_devices(inventory, repo / "templates", sel, "intended")}
    assert devices[FW].platform == "junos"
    assert devices["tb-ttthdl-core01"].platform == "ios"
    assert devices[FW].seed_config == GOLDEN.read_text(encoding="utf-8")
    creds = Credentials("netadmin", secrets.token_hex(8), secrets.token_hex(8))
    with Lab(devices.values(), creds) as lab:
        committed = lab.running_config(FW).splitlines()
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
