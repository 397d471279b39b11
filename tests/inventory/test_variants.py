"""The province's inventory copied with the DIC firewall as IOS or as an SRX."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.errors import InventoryError
from tbwan.inventory.build import DIC_FIREWALL
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.inventory.variants import SRX_UNITS, copy_with_firewall

IOS_NAMES = set(SRX_UNITS)
SRX_NAMES = set(SRX_UNITS.values())


def _firewall_view(inv: Inventory) -> tuple[str, str, set[str], set[str]]:
    """Platform, model, the firewall's interface names and what its peers call them."""
    fw = next(d for d in inv.devices if d.name == DIC_FIREWALL)
    peer_names = {
        i.peer_interface or ""
        for d in inv.devices
        for i in d.interfaces
        if i.peer_device == DIC_FIREWALL
    }
    return fw.platform, fw.model, {i.name for i in fw.interfaces}, peer_names


@pytest.fixture(scope="module")
def both(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The repository's inventory copied once in each form."""
    tmp = tmp_path_factory.mktemp("variants")
    return {p: copy_with_firewall(repo / "inventory", tmp / p, p) for p in ("ios", "junos")}


def test_each_form_loads_with_the_firewall_on_its_platform(both: dict[str, Path]) -> None:
    ios = _firewall_view(load_inventory(both["ios"]))
    srx = _firewall_view(load_inventory(both["junos"]))
    assert ios[:2] == ("ios", "ISR4451-X/K9")
    assert ios[2] == IOS_NAMES
    assert srx[:2] == ("junos", "SRX1500")
    assert srx[2] == SRX_NAMES
    # the four links' far ends follow the renaming (edge, two cores, the backup tunnel)
    assert len(ios[3]) == len(srx[3]) == 4
    assert ios[3] <= IOS_NAMES
    assert {SRX_UNITS[n] for n in ios[3]} == srx[3]
    fw = next(d for d in load_inventory(both["junos"]).devices if d.name == DIC_FIREWALL)
    refs = {i.unnumbered for i in fw.interfaces} | {i.tunnel_source for i in fw.interfaces}
    assert refs - {None} == {"lo0.0", "ge-0/0/3.0"}


def test_round_trip_and_idempotent(both: dict[str, Path], tmp_path: Path) -> None:
    back = copy_with_firewall(both["junos"], tmp_path / "back", "ios")
    again = copy_with_firewall(both["junos"], tmp_path / "again", "junos")
    assert load_inventory(back) == load_inventory(both["ios"])
    assert load_inventory(again) == load_inventory(both["junos"])
    # every other device is untouched: only the firewall's site and its peers' change
    changed = {
        p.name
        for p in (both["ios"] / "sites").glob("*.yaml")
        if p.read_bytes() != (both["junos"] / "sites" / p.name).read_bytes()
    }
    assert changed == {"tb-ttthdl.yaml", "tb-dcdp.yaml"}


def test_bad_platform_and_missing_firewall(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="'eos': use one of ios, junos"):
        copy_with_firewall(repo / "inventory", tmp_path / "x", "eos")
    src = tmp_path / "src"
    (src / "sites").mkdir(parents=True)
    (src / "sites" / "a.yaml").write_text("devices: []\n", encoding="utf-8")
    with pytest.raises(InventoryError, match=f"sites: no device {DIC_FIREWALL}"):
        copy_with_firewall(src, tmp_path / "y", "junos")
