"""A commune moved from copper to fiber: source of truth, configs, deploy, OSPF."""

from __future__ import annotations

import pytest

from tbwan.inventory.store import read_site, site_path
from tbwan.lab import Fault

from .conftest import COPPER, HUB, Corner

pytestmark = pytest.mark.lab
SITE = "tb-13195-hong-ly"


def test_dry_run_shows_the_change_and_writes_nothing(corner: Corner) -> None:
    path = site_path(corner.work / "inventory", SITE)
    before = path.read_text()
    done = corner.run("fiber_upgrade.py", "--site", SITE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"--- {COPPER} now" in done.stdout
    assert "- service-policy output SHAPE-4000K" in done.stdout
    assert "+ description WAN fiber tbcl-258" in done.stdout and "+ speed 100" in done.stdout
    assert path.read_text() == before
    assert "SHAPE-4000K" in corner.lab.running_config(COPPER)


def test_a_failed_deploy_puts_the_file_back(corner: Corner) -> None:
    path = site_path(corner.work / "inventory", SITE)
    before = path.read_text()
    corner.lab.set_fault(COPPER, Fault(reject=r"^\s*speed 100"))
    try:
        done = corner.run("fiber_upgrade.py", "--site", SITE, "--commit")
    finally:
        corner.lab.clear_faults(COPPER)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{COPPER}: rolled-back" in done.stdout and "is copper again" in done.stdout
    assert path.read_text() == before
    assert "SHAPE-4000K" in corner.lab.running_config(COPPER)


def test_a_router_outside_the_lab_is_refused_before_any_write(corner: Corner) -> None:
    other = "tb-13198-dong-thanh"  # a Vu Thu commune the lab does not serve
    path = site_path(corner.work / "inventory", other)
    before = path.read_text()
    done = corner.run("fiber_upgrade.py", "--site", other, "--commit")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "not in the running device lab" in done.stdout
    assert path.read_text() == before


def test_commit_upgrades_deploys_and_verifies(corner: Corner) -> None:
    done = corner.run("fiber_upgrade.py", "--site", SITE, "--commit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{COPPER} GigabitEthernet0/0/0 -> {HUB}: FULL" in done.stdout
    site = read_site(site_path(corner.work / "inventory", SITE))
    assert [(c.media.value, c.rate_kbps) for c in site.circuits] == [("fiber", 100_000)]
    running = corner.lab.running_config(COPPER)
    assert "SHAPE-4000K" not in running and " speed 100" in running
    assert "tbcl-258" in corner.lab.running_config(HUB)  # the hub keeps its downlink
    again = corner.run("fiber_upgrade.py", "--site", SITE)
    assert again.returncode == 3 and "no copper circuit" in again.stdout
