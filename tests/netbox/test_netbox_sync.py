"""Sync, idempotence, inventory and render equivalence against the real NetBox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.inventory.models import Inventory
from tbwan.inventory.nornir_files import TbwanInventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.nornir_plugin import TbwanNetBoxInventory
from tbwan.netbox.reader import load_from_netbox
from tbwan.netbox.schema import IP_ADDRESSES
from tbwan.netbox.sync import sync
from tbwan.render.engine import render_inventory

from .conftest import nornir_view

# one worker for everything that writes to the shared NetBox (pytest -n, --dist loadgroup)
pytestmark = [pytest.mark.netbox, pytest.mark.xdist_group("netbox")]
REPO = Path(__file__).resolve().parents[2]


def test_second_sync_changes_nothing(nb: NetBox, files: Inventory) -> None:
    report = sync(nb, files)
    assert not report.changed, report.changes[:10]
    assert "already matches" in report.summary()


def test_one_changed_value_changes_exactly_that_object(nb: NetBox, files: Inventory) -> None:
    site = files.sites[5]
    device = site.devices[0]
    itf = device.interfaces[0].model_copy(update={"description": "Changed by a test"})
    changed_device = device.model_copy(update={"interfaces": (itf, *device.interfaces[1:])})
    changed_site = site.model_copy(update={"devices": (changed_device, *site.devices[1:])})
    sites = tuple(changed_site if s.slug == site.slug else s for s in files.sites)
    report = sync(nb, files.model_copy(update={"sites": sites}), dry_run=True)
    assert report.changes == [f"update dcim.interfaces {device.name}/{itf.name}: description"]


def test_dry_run_prune_lists_a_removed_site_and_deletes_nothing(
    nb: NetBox, files: Inventory
) -> None:
    gone = files.sites[-1]
    fewer = files.model_copy(update={"sites": files.sites[:-1]})
    report = sync(nb, fewer, dry_run=True, prune=True)
    assert report.deleted["dcim.sites"] == 1
    assert report.deleted["dcim.devices"] == len(gone.devices)
    assert not sync(nb, files, dry_run=True).changed  # still all there


def test_netbox_inventory_equals_the_files(nb: NetBox, files: Inventory) -> None:
    assert load_from_netbox(nb) == files


def test_nornir_plugins_agree(nb: NetBox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBWAN_USERNAME", "ops")
    monkeypatch.setenv("TBWAN_PASSWORD", "not-a-real-password")
    from_files = TbwanInventory(root=str(REPO / "inventory")).load()
    from_netbox = TbwanNetBoxInventory().load()
    assert nornir_view(from_netbox) == nornir_view(from_files)


def test_server_side_filters(nb: NetBox, files: Inventory) -> None:
    site = next(s for s in files.sites if len(s.devices) > 1)
    inv = load_from_netbox(nb, sites=[site.slug])
    assert [s.slug for s in inv.sites] == [site.slug]
    assert inv.sites[0] == site
    role = site.devices[0].role.value
    by_role = load_from_netbox(nb, roles=[role])
    assert {d.role.value for d in by_role.devices} == {role}
    assert len(by_role.devices) == sum(d.role.value == role for d in files.devices)


def test_render_from_netbox_is_byte_identical(nb: NetBox, files: Inventory) -> None:
    from_files = render_inventory(files, REPO / "templates")
    from_netbox = render_inventory(load_from_netbox(nb), REPO / "templates")
    assert from_netbox.keys() == from_files.keys()
    differing = [h for h in from_files if from_files[h] != from_netbox[h]]
    assert not differing


def test_selected_by_environment(
    nb: NetBox, files: Inventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tbwan.runbooks.common import Settings, init_nornir

    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_INVENTORY", "netbox")
    monkeypatch.setenv("TBWAN_USERNAME", "ops")
    monkeypatch.setenv("TBWAN_PASSWORD", "not-a-real-password")
    nr = init_nornir(Settings())
    assert sorted(nr.inventory.hosts) == sorted(d.name for d in files.devices)


def _renamed(files: Inventory, device_name: str, old: str, new: str) -> Inventory:
    """``files`` with one interface of one device renamed (its address kept)."""
    sites = []
    for site in files.sites:
        devices = tuple(
            d.model_copy(
                update={
                    "interfaces": tuple(
                        i.model_copy(update={"name": new}) if i.name == old else i
                        for i in d.interfaces
                    )
                }
            )
            if d.name == device_name
            else d
            for d in site.devices
        )
        sites.append(site.model_copy(update={"devices": devices}))
    return files.model_copy(update={"sites": tuple(sites)})


def test_a_renamed_interface_keeps_its_address_record(nb: NetBox, files: Inventory) -> None:
    """NetBox refuses a second copy of an address: a renamed interface (an IOS firewall's
    GigabitEthernet0/0/1 becoming an SRX's ge-0/0/1.0) takes its address record along."""
    peers = {(i.peer_device, i.peer_interface) for d in files.devices for i in d.interfaces}
    device, itf = next(
        (d, i)
        for d in files.devices
        for i in d.interfaces
        if i.ipv4 is not None and i.ipv4 != d.primary_ip and (d.name, i.name) not in peers
    )
    path = IP_ADDRESSES.path
    (before,) = nb.get_all(path, {"address": str(itf.ipv4)})
    renamed = _renamed(files, device.name, itf.name, "Renamed0/0/9")
    try:
        report = sync(nb, renamed)
        assert report.created["ipam.ip-addresses"] == 0, report.changes
        assert f"move ipam.ip-addresses Renamed0/0/9: {itf.ipv4}" in report.changes
        (after,) = nb.get_all(path, {"address": str(itf.ipv4)})
        assert after["id"] == before["id"]
        assert after["assigned_object"]["name"] == "Renamed0/0/9"
        assert not sync(nb, renamed).changed
    finally:
        sync(nb, files, prune=True)
    (back,) = nb.get_all(path, {"address": str(itf.ipv4)})
    assert back["assigned_object"]["name"] == itf.name
    assert load_from_netbox(nb) == files
