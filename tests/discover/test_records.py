"""Records from what devices answered: names, roles, links, duplicates, merge, pools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tbwan.discover.merge import merge
from tbwan.discover.records import Collected, build_device, dedupe, link
from tbwan.discover.rules import DiscoverRules
from tbwan.discover.targets import Target
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory, Role

REPO = Path(__file__).resolve().parents[2]
RULES = DiscoverRules()

HUB = """hostname TB_HUB_RT01
policy-map SHAPE-4000K
 class class-default
  shape average 4000000
interface Loopback0
 ip address 10.34.0.200 255.255.255.255
interface GigabitEthernet0/0/2.101
 description ** VNPT TBCL-901 COPPER >> TB_13001_XA_RT01 **
 encapsulation dot1Q 101
 ip address 10.34.7.100 255.255.255.254
router ospf 1
 network 10.34.0.200 0.0.0.0 area 0
 network 10.34.7.100 0.0.0.1 area 336
"""

COMMUNE = """hostname TB_13001_XA_RT01
policy-map SHAPE-4000K
 class class-default
  shape average 4000000
interface Loopback0
 ip address 10.34.0.201 255.255.255.255
interface GigabitEthernet0/0/0
 description ** VNPT TBCL-901 COPPER >> TB_HUB_RT01 **
 ip address 10.34.7.101 255.255.255.254
 service-policy output SHAPE-4000K
interface Vlan10
 ip address 10.34.200.1 255.255.255.224
vlan 10
 name staff
router ospf 1
 network 10.34.0.201 0.0.0.0 area 336
 network 10.34.7.100 0.0.0.1 area 336
 network 10.34.200.0 0.0.0.31 area 336
"""


def _collected(row: int, config: str, serial: str, model: str = "ISR4331/K9") -> Collected:
    hostname = config.splitlines()[0].split()[1]
    facts: dict[str, Any] = {"hostname": hostname, "model": model, "serial_number": serial}
    return Collected(
        target=Target(row, f"127.0.0.1:{2200 + row}", "127.0.0.1", 2200 + row),
        facts=facts,
        interfaces={},
        interfaces_ip={},
        vlans={},
        lldp=None,
        config=config,
    )


@pytest.fixture(scope="module")
def plan_only() -> Inventory:
    inv = load_inventory(REPO / "inventory")
    return Inventory(plan=inv.plan, regions=inv.regions, sites=())


def test_names_sites_roles_and_links_both_ways() -> None:
    hub = build_device(_collected(2, HUB, "FGL0000HUB1"), RULES)
    commune = build_device(_collected(3, COMMUNE, "FGL0000XA01", "C1111-8P"), RULES)
    assert (hub.device.name, hub.site, hub.device.role) == (
        "tb-hub-rt01",
        "tb-hub",
        Role.HUB_ROUTER,
    )
    assert (commune.site, commune.device.role) == ("tb-13001-xa", Role.COMMUNE_ROUTER)
    assert str(commune.device.primary_ip) == "10.34.0.201/32"
    linked = {d.device.name: d.device for d in link([hub, commune], {}, RULES)}
    up = linked["tb-13001-xa-rt01"].interface("GigabitEthernet0/0/0")
    down = linked["tb-hub-rt01"].interface("GigabitEthernet0/0/2.101")
    assert (up.peer_device, up.peer_interface) == ("tb-hub-rt01", "GigabitEthernet0/0/2.101")
    assert (down.peer_device, down.peer_interface) == ("tb-13001-xa-rt01", "GigabitEthernet0/0/0")
    assert (up.circuit, up.shape_kbps, up.ospf_area) == ("tbcl-901", 4000, 336)


SWITCH = """hostname TB_HUB_SW01
interface GigabitEthernet0/1
 switchport trunk allowed vlan 99
 switchport mode trunk
interface Vlan99
 ip address 10.34.201.2 255.255.255.240
"""


def test_lldp_links_a_trunk_but_not_over_an_addressed_link() -> None:
    hub_cfg = HUB + "interface GigabitEthernet0/0/1\n no ip address\n"
    hub = build_device(_collected(2, hub_cfg, "FGL0000HUB1"), RULES)
    commune = build_device(_collected(3, COMMUNE, "FGL0000XA01", "C1111-8P"), RULES)
    switch = build_device(_collected(4, SWITCH, "FOC0000SW01", "WS-C2960+24TC-L"), RULES)
    lldp = {
        "tb-hub-sw01": {
            "Gi0/1": [{"remote_system_name": "TB_HUB_RT01.x", "remote_port": "Gi0/0/1"}]
        },
        # over the carrier the hub sees the commune on its physical port, not the subinterface
        "tb-13001-xa-rt01": {
            "Gi0/0/0": [{"remote_system_name": "tb-hub-rt01", "remote_port": "Gi0/0/1"}],
            "Vl10": [{"remote_system_name": "tb-printer", "remote_port": "eth0"}],
        },
    }
    got = {d.device.name: d for d in link([hub, commune, switch], lldp, RULES)}
    trunk = got["tb-hub-sw01"].device.interface("GigabitEthernet0/1")
    assert (trunk.peer_device, trunk.peer_interface) == ("tb-hub-rt01", "GigabitEthernet0/0/1")
    up = got["tb-hub-rt01"].device.interface("GigabitEthernet0/0/1")
    assert (up.peer_device, up.peer_interface) == ("tb-hub-sw01", "GigabitEthernet0/1")
    wan = got["tb-13001-xa-rt01"].device.interface("GigabitEthernet0/0/0")
    assert wan.peer_interface == "GigabitEthernet0/0/2.101"  # the /31, not LLDP's port
    assert any("Vlan10 (tb-printer)" in n for n in got["tb-13001-xa-rt01"].notes)


def test_duplicates() -> None:
    one = build_device(_collected(2, HUB, "FGL0000HUB1"), RULES)
    again = build_device(_collected(3, HUB, "FGL0000HUB1"), RULES)
    clone = build_device(_collected(4, COMMUNE, "FGL0000HUB1"), RULES)
    kept, errors = dedupe([one, again, clone])
    assert kept == [one]
    assert "same device as row 2" in errors[0].message
    assert "is also the serial of tb-hub-rt01" in errors[1].message


def test_merge_is_idempotent_and_refuses_addresses_in_no_pool(plan_only: Inventory) -> None:
    found = link(
        [
            build_device(_collected(2, HUB, "FGL0000HUB1"), RULES),
            build_device(_collected(3, COMMUNE, "FGL0000XA01", "C1111-8P"), RULES),
        ],
        {},
        RULES,
    )
    first = merge(plan_only, found, RULES, Path("sot"))
    assert not first.errors
    assert {c.slug: c.action for c in first.changes} == {
        "tb-13001-xa": "create",
        "tb-hub": "create",
        "tb-vnpt": "create",
    }
    site = first.inventory.site("tb-13001-xa")
    assert (site.kind, first.inventory.site("tb-hub").kind) == ("commune", "discovered")
    assert [(c.cid, c.media.value, c.rate_kbps) for c in site.circuits] == [
        ("tbcl-901", "copper", 4000)
    ]
    assert [(str(p.prefix), p.vlan) for p in site.prefixes] == [("10.34.200.0/27", 10)]
    again = merge(first.inventory, found, RULES, Path("sot"))
    assert {c.action for c in again.changes} == {"unchanged"}
    stray = COMMUNE.replace("10.34.200.1 255.255.255.224", "10.34.40.1 255.255.255.224")
    bad = build_device(_collected(3, stray, "FGL0000XA01", "C1111-8P"), RULES)
    result = merge(plan_only, [bad], RULES, Path("sot"))
    assert "Vlan10 10.34.40.1/27 is in no pool" in result.errors[0].message


def test_rediscovering_part_of_the_network_keeps_its_links(plan_only: Inventory) -> None:
    hub = build_device(_collected(2, HUB, "FGL0000HUB1"), RULES)
    commune = build_device(_collected(3, COMMUNE, "FGL0000XA01", "C1111-8P"), RULES)
    first = merge(plan_only, link([hub, commune], {}, RULES), RULES, Path("sot"))
    alone = merge(first.inventory, link([commune], {}, RULES), RULES, Path("sot"))
    assert {c.action for c in alone.changes} == {"unchanged"}
    wan = alone.inventory.site("tb-13001-xa").devices[0].interface("GigabitEthernet0/0/0")
    assert (wan.peer_device, wan.peer_interface) == ("tb-hub-rt01", "GigabitEthernet0/0/2.101")
