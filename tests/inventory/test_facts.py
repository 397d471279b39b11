"""Facts live in the inventory, not in templates: zones, HSRP priority, default gateway."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tbwan.inventory.models import Device, Interface, Inventory
from tbwan.inventory.store import load_inventory
from tbwan.render.engine import render_inventory

REPO = Path(__file__).resolve().parents[2]
FW, CORE1, CORE2, SW = "tb-ttthdl-fw01", "tb-ttthdl-core01", "tb-ttthdl-core02", "tb-sonv-sw01"


@cache
def province() -> Inventory:
    return load_inventory(REPO / "inventory")


def device(name: str) -> Device:
    return next(d for d in province().devices if d.name == name)


def with_device(changed: Device) -> Inventory:
    """The province with one device replaced."""
    inv = province()
    sites = tuple(
        s.model_copy(
            update={"devices": tuple(changed if d.name == changed.name else d for d in s.devices)}
        )
        for s in inv.sites
    )
    return inv.model_copy(update={"sites": sites})


def render(inv: Inventory, name: str) -> str:
    return render_inventory(inv, REPO / "templates", only={name})[name]


def block(config: str, head: str) -> list[str]:
    lines = config.splitlines()
    start = lines.index(head)
    out = [head]
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        out.append(line)
    return out


def edit(dev: Device, interface: str, **changes: Any) -> Device:
    data = dev.model_dump(mode="json")
    for i in data["interfaces"]:
        if i["name"] == interface:
            i.update(changes)
    return Device.model_validate(data)


def test_a_zone_is_the_interfaces_not_its_names() -> None:
    """The SRX's zones: each unit in the zone the inventory gives it."""
    zone = "set security zones security-zone {} interfaces {}"
    moved = edit(device(FW), "ge-0/0/1.0", zone="WAN")
    config = render(with_device(moved), FW).splitlines()
    assert zone.format("WAN", "ge-0/0/1.0") in config
    assert zone.format("DIC", "ge-0/0/1.0") not in config
    assert zone.format("DIC", "ge-0/0/2.0") in config
    assert zone.format("DIC", "ge-0/0/1.0") in render(province(), FW).splitlines()


def test_the_hsrp_priority_is_the_interfaces_not_the_device_name() -> None:
    swapped = edit(device(CORE2), "Vlan20", hsrp_priority=120)
    config = render(with_device(swapped), CORE2)
    assert " standby 1 priority 120" in block(config, "interface Vlan20")
    assert " standby 1 priority 100" in block(config, "interface Vlan30")
    assert " standby 1 priority 110" in block(render(province(), CORE1), "interface Vlan20")


def test_the_default_gateway_is_the_devices() -> None:
    sw = device(SW)
    assert f"ip default-gateway {sw.default_gateway}" in render(province(), SW)
    other = sw.model_copy(update={"default_gateway": sw.default_gateway + 1})  # type: ignore[operator]
    assert f"ip default-gateway {other.default_gateway}" in render(with_device(other), SW)
    fw = device(FW)
    route = "set routing-options static route 0.0.0.0/0 next-hop {}"
    assert route.format(fw.default_gateway) in render(province(), FW).splitlines()
    moved = fw.model_copy(update={"default_gateway": fw.default_gateway + 1})  # type: ignore[operator]
    assert route.format(moved.default_gateway) in render(with_device(moved), FW).splitlines()


def test_hsrp_needs_a_priority() -> None:
    with pytest.raises(ValidationError, match="hsrp_vip and hsrp_priority go together"):
        Interface(name="Vlan20", mode="svi", vlan=20, hsrp_vip="10.34.16.1")  # type: ignore[arg-type]


@pytest.mark.parametrize("zone", ["wan", "W A N", "WAN\nline vty 0 4", ""])
def test_a_zone_name_is_checked(zone: str) -> None:
    with pytest.raises(ValidationError, match="zone"):
        Interface(name="Gi0/0/0", mode="routed", zone=zone)  # type: ignore[arg-type]


@pytest.mark.parametrize("gateway", ["192.0.2.1", "10.34.67.194"])
def test_a_default_gateway_must_be_a_neighbour(gateway: str) -> None:
    data = device(SW).model_dump(mode="json") | {"default_gateway": gateway}
    with pytest.raises(ValidationError, match=f"default_gateway {gateway} is in none"):
        Device.model_validate(data)
