"""Replacing a failed commune router: the new box, its serial, its config, its uplink."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tbwan.inventory.loader import load_inventory
from tbwan.inventory.store import read_site, site_path
from tbwan.lab import LabDevice, empty_config
from tbwan.render.engine import render_inventory
from tbwan.runbooks.backup import BackupStore

from .conftest import COPPER, HUB, Corner, start_corner

pytestmark = pytest.mark.lab
NEW = "FGL0RMA0001"
SITE = "tb-13195-hong-ly"


@pytest.fixture(scope="module")
def corner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corner]:
    """The corner where Hong Ly's router is a factory-fresh replacement, and a backup of
    the failed one (its intended config and a local line nobody put in the inventory)."""
    box = LabDevice(COPPER, model="C1111-8P", serial=NEW, seed_config=empty_config(COPPER))
    with start_corner(tmp_path_factory.mktemp("rma"), {COPPER: box}) as running:
        old = render_inventory(load_inventory(running.work / "inventory"),
                               running.work / "templates", only={COPPER})[COPPER]  # fmt: skip
        store = BackupStore(running.work / "backups").init()
        store.save(COPPER, old.replace("\nend", "\nip host old-printer 10.34.192.70\nend"))
        store.commit("the failed router")
        yield running


def serial_in_file(corner: Corner) -> str:
    site = read_site(site_path(corner.work / "inventory", SITE))
    return next(d.serial for d in site.devices if d.name == COPPER)


def test_a_wrong_box_is_refused(corner: Corner) -> None:
    old = serial_in_file(corner)
    done = corner.run("replace_router.py", "--host", COPPER, "--serial", "FGL0WRONG01", "--commit")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"reports {NEW}, not FGL0WRONG01" in done.stdout
    assert serial_in_file(corner) == old
    assert "router ospf" not in corner.lab.running_config(COPPER)


def test_dry_run_changes_nothing(corner: Corner) -> None:
    old = serial_in_file(corner)
    done = corner.run("replace_router.py", "--host", COPPER, "--serial", NEW)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"dry run: {COPPER} would-change" in done.stdout
    assert serial_in_file(corner) == old and old != NEW
    assert "router ospf" not in corner.lab.running_config(COPPER)


def test_commit_replaces_restores_and_verifies(corner: Corner) -> None:
    done = corner.run("replace_router.py", "--host", COPPER, "--serial", NEW, "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert serial_in_file(corner) == NEW
    assert f"{COPPER} GigabitEthernet0/0/0 -> {HUB}: FULL" in done.stdout
    assert "router ospf" in corner.lab.running_config(COPPER)
    lost = done.stdout.split("not restored from the last backup")[1]
    assert "(1 lines)" in lost and "ip host old-printer 10.34.192.70" in lost
    assert corner.secrets.password not in done.stdout  # type: ignore[operator]
