"""Discovery with NetBox as the source of truth: the same device records as the files path."""

from __future__ import annotations

import secrets as pysecrets
import shutil
from pathlib import Path

import pytest

from tbwan.credentials import load_secrets
from tbwan.inventory.models import Device, Interface, Inventory
from tbwan.lab import Credentials
from tbwan.lab.inventory_devices import LabSelection, lab_devices
from tbwan.lab.network import cabling_from_inventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.reader import load_from_netbox
from tbwan.runbooks.discover import discover, discover_into_netbox
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process

from .conftest import REPO

pytestmark = [pytest.mark.netbox, pytest.mark.lab, pytest.mark.xdist_group("netbox")]

SITES = ("tb-sonv",)


def _view(devices: tuple[Device, ...]) -> dict[str, object]:
    """Devices by name, interfaces by name; links to devices outside SITES left out (a
    fresh folder has no record of them, NetBox has their cables)."""
    here = {d.name for d in devices}

    def interface(i: Interface) -> dict[str, object]:
        drop = set() if i.peer_device in here else {"peer_device", "peer_interface"}
        return i.model_dump(exclude=drop)

    return {
        d.name: (
            d.model_dump(exclude={"interfaces"}),
            {i.name: interface(i) for i in d.interfaces},
        )
        for d in devices
    }


def test_discovery_into_netbox_matches_the_files_path(
    nb: NetBox, files: Inventory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    for var in THROWAWAY_VARS:
        monkeypatch.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else pysecrets.token_hex(8))
    lab_dir = tmp_path / "lab"
    monkeypatch.setenv("TBWAN_LAB_DIR", str(lab_dir))
    into = tmp_path / "sot"
    into.mkdir()
    for name in ("plan.yaml", "regions.yaml"):
        shutil.copy(REPO / "inventory" / name, into / name)
    devices = lab_devices(
        REPO / "inventory", REPO / "templates", LabSelection(sites=SITES), "legacy"
    )
    csv = "address\n" + "".join(f"{d.management}\n" for d in devices)
    before = _view(load_from_netbox(nb, sites=SITES).devices)
    creds = Credentials(*load_secrets().login())
    with lab_process(devices, creds, lab_dir, cabling=cabling_from_inventory(files)):
        dry = discover_into_netbox(csv, "devices.csv", nb=nb, lab=lab_dir)
        assert dry.netbox is not None and dry.netbox.dry_run and dry.netbox.changed
        assert _view(load_from_netbox(nb, sites=SITES).devices) == before  # nothing written
        done = discover_into_netbox(csv, "devices.csv", nb=nb, lab=lab_dir, commit=True)
        assert {r.status for r in done.rows} == {"imported"}
        again = discover_into_netbox(csv, "devices.csv", nb=nb, lab=lab_dir, commit=True)
        assert again.netbox is not None and not again.netbox.changed
        assert {c.action for c in again.changes} == {"unchanged"}
        filed = discover(csv, "devices.csv", into=into, lab=lab_dir, commit=True)
    in_netbox = load_from_netbox(nb, sites=SITES).devices
    in_files = tuple(d for s in filed.inventory.sites if s.slug in SITES for d in s.devices)
    assert _view(in_netbox) == _view(in_files)
    assert _view(in_netbox) != before  # the running network's descriptions, not the plan's
