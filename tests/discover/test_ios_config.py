"""Reading an IOS running config for discovery."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface

from tbwan.discover.ios_config import read_config
from tbwan.inventory.models import InterfaceMode

CONFIG = """hostname TB_X_RT01
banner motd ^C
interface Fake0
 looks like config but is banner text
^C
policy-map SHAPE-4000K
 class class-default
  shape average 4000000
interface Loopback0
 ip address 10.34.0.9 255.255.255.255
interface GigabitEthernet0/0/0
 description ** VNPT TBCL-002 COPPER **
 ip address 10.34.4.20 255.255.255.254
 speed 100
 service-policy output SHAPE-4000K
interface GigabitEthernet0/0/1.10
 encapsulation dot1Q 10
 ip address 10.34.130.1 255.255.255.224
 ip ospf 1 area 7
 standby 1 ip 10.34.130.30
interface GigabitEthernet0/1/0
 switchport access vlan 10
 switchport mode access
 shutdown
interface GigabitEthernet0/1/7
 switchport trunk allowed vlan 10,20-22
 switchport mode trunk
interface Virtual-Template1 type tunnel
 ip unnumbered Loopback0
 tunnel source GigabitEthernet0/0/0
 tunnel destination 198.51.100.10
vlan 10
 name staff
router ospf 1
 network 10.34.0.9 0.0.0.0 area 336
 network 10.34.4.20 0.0.0.1 area 336
snmp-server location Xa Tan Lap [TB-13290-TAN-LAP]
"""


def test_interfaces_modes_areas_and_extras() -> None:
    facts = read_config(CONFIG)
    ifs = {i.name: i for i in facts.interfaces}
    assert list(ifs) == [
        "Loopback0",
        "GigabitEthernet0/0/0",
        "GigabitEthernet0/0/1.10",
        "GigabitEthernet0/1/0",
        "GigabitEthernet0/1/7",
        "Virtual-Template1",
    ]
    assert ifs["Loopback0"].mode is InterfaceMode.LOOPBACK and ifs["Loopback0"].ospf_area == 336
    wan = ifs["GigabitEthernet0/0/0"]
    assert (wan.ipv4, wan.ospf_area, wan.speed_mbps, wan.shape_kbps) == (
        IPv4Interface("10.34.4.20/31"),
        336,
        100,
        4000,
    )
    sub = ifs["GigabitEthernet0/0/1.10"]
    assert (sub.mode, sub.vlan, sub.ospf_area, sub.hsrp_vip) == (
        InterfaceMode.ROUTED,
        10,
        7,
        IPv4Address("10.34.130.30"),
    )
    access = ifs["GigabitEthernet0/1/0"]
    assert (access.mode, access.vlan, access.enabled) == (InterfaceMode.ACCESS, 10, False)
    assert ifs["GigabitEthernet0/1/7"].vlans == (10, 20, 21, 22)
    vt = ifs["Virtual-Template1"]
    assert (vt.mode, vt.unnumbered, vt.ospf_area, vt.tunnel_destination) == (
        InterfaceMode.TUNNEL,
        "Loopback0",
        336,
        IPv4Address("198.51.100.10"),
    )
    assert facts.vlans == {10: "staff"}
    assert facts.location == "Xa Tan Lap [TB-13290-TAN-LAP]"
