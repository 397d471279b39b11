"""``tbwan lab up`` host filters: the same --host/--site/--role/--district as every command."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from tbwan.errors import InventoryError, UnknownNameError
from tbwan.inventory.loader import load_inventory
from tbwan.lab import read_hosts
from tbwan.lab.inventory_devices import LabSelection, select_devices

from .test_cli_control import run_cli

REPO = Path(__file__).resolve().parents[2]
INV = load_inventory(REPO / "inventory")


def names(sel: LabSelection) -> list[str]:
    return [d.name for d in select_devices(INV, sel)]


def test_filters_combine_like_the_other_commands() -> None:
    hubs = names(LabSelection(roles=["hub-router"]))
    assert len(hubs) == 8
    in_vu_thu = names(LabSelection(districts=["vu-thu"]))
    assert in_vu_thu and all(
        s.region == "vu-thu" for s in INV.sites for d in s.devices if d.name in in_vu_thu
    )
    both = names(LabSelection(roles=["hub-router"], districts=["vu-thu"]))
    assert both == [h for h in hubs if h in in_vu_thu] and len(both) == 1
    # a district filter includes the regions below it, as regions__contains does
    province = names(LabSelection(districts=["tinh-thai-binh"]))
    assert set(in_vu_thu) < set(province)
    assert names(LabSelection(hosts=[hubs[0], hubs[1]])) == hubs[:2]
    assert (
        names(LabSelection(roles=["commune-router"], count=3))
        == names(LabSelection(roles=["commune-router"]))[:3]
    )


def test_unknown_host_and_empty_selection_are_errors() -> None:
    with pytest.raises(UnknownNameError, match=r"--host tb-nope-rt01: no such host; did you mean"):
        select_devices(INV, LabSelection(hosts=["tb-nope-rt01"]))
    with pytest.raises(InventoryError, match="no host matches"):
        select_devices(INV, LabSelection(roles=["hub-router"], sites=["tb-baothaibinh"]))


@pytest.mark.lab
def test_lab_up_with_role_and_district(tmp_path: Path) -> None:
    env = {**os.environ, "TBWAN_USERNAME": "ops", "TBWAN_PASSWORD": secrets.token_hex(12)}
    env.pop("TBWAN_LAB_DIR", None)
    args = ["--inventory", str(REPO / "inventory"), "--templates", str(REPO / "templates")]
    up = run_cli(["up", "--role", "hub-router", "--district", "vu-thu", *args, "--detach"], env,
                 tmp_path)  # fmt: skip
    assert up.returncode == 0, up.stderr
    try:
        assert list(read_hosts(tmp_path / ".lab")) == names(
            LabSelection(roles=["hub-router"], districts=["vu-thu"])
        )
    finally:
        assert run_cli(["down"], env, tmp_path).returncode == 0
    bad = run_cli(["up", "--host", "tb-nope-rt01", *args, "--detach"], env, tmp_path)
    assert bad.returncode == 2 and "--host tb-nope-rt01: no such host" in bad.stderr
