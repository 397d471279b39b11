"""Every getter of NAPALM's stock ``ios`` driver against the lab, checked by NAPALM's models.

The network getters (ARP, LLDP, ping, traceroute, routes) belong to the network model and
are tested with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from napalm.base import models
from napalm.base.test.helpers import test_model as fits

from tbwan.lab import Credentials, Lab, LabDevice, empty_config

from .conftest import napalm_driver

pytestmark = pytest.mark.lab

ROUTER = """hostname cr1
clock timezone ICT 7 0
ip domain name thaibinh.gov.vn
username netadmin privilege 15 secret 9 $9$fakesalt$fakehash1
username viewer secret 9 $9$fakesalt$fakehash2
vrf definition MGMT
 rd 65000:99
 address-family ipv4
 exit-address-family
vlan 10
 name staff
vlan 99
 name mgmt
ip scp server enable
interface Loopback0
 ip address 10.34.0.56 255.255.255.255
interface GigabitEthernet0/0/0
 description WAN fiber to hub
 ip address 10.34.4.109 255.255.255.254
 speed 100
 duplex full
interface GigabitEthernet0/0/1
 vrf forwarding MGMT
 ip address 192.168.99.1 255.255.255.0
 ip address 192.168.98.1 255.255.255.0 secondary
 ipv6 address 2001:DB8:99::1/64
 shutdown
interface GigabitEthernet0/1/0
 description staff access
 switchport access vlan 10
 switchport mode access
 speed 100
 duplex full
interface Vlan10
 ip address 10.34.128.1 255.255.255.224
snmp-server community tb-ro RO TBWAN-MGMT
snmp-server location Phuong Le Hong Phong
snmp-server contact NOC
ntp server 10.34.16.12
ntp server 10.34.16.13
archive
 path flash:archive
 write-memory
line vty 0 4
 login local
"""

SWITCH = """hostname sw1
vlan 10
 name staff
vlan 99
 name mgmt
ip scp server enable
interface FastEthernet0/1
 description staff access
 switchport access vlan 10
 switchport mode access
interface FastEthernet0/2
 switchport access vlan 99
 switchport mode access
interface GigabitEthernet0/1
 switchport mode trunk
interface Vlan99
 ip address 10.34.104.194 255.255.255.240
archive
 path flash:archive
 write-memory
"""

GETTERS = [
    "is_alive",
    "get_facts",
    "get_interfaces",
    "get_interfaces_ip",
    "get_interfaces_counters",
    "get_mac_address_table",
    "get_environment",
    "get_snmp_information",
    "get_ntp_servers",
    "get_ntp_peers",
    "get_ntp_stats",
    "get_users",
    "get_vlans",
    "get_network_instances",
    "get_ipv6_neighbors_table",
    "get_optics",
    "get_config",
]


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    devices = [
        LabDevice("cr1", "C1111-8P", "FGL2231A0AB", seed_config=ROUTER, uptime=90061),
        LabDevice("sw1", "WS-C2960+24TC-L", "FOC1932X0CD", seed_config=SWITCH),
        LabDevice("bare", "ISR4331/K9", "FDO2152A0EF", seed_config=empty_config("bare")),
    ]
    with Lab(devices, creds) as running:
        yield running


@pytest.fixture(scope="module")
def drivers(lab: Lab, creds: Credentials) -> Iterator[dict[str, Any]]:
    opened = {h: napalm_driver(lab, creds, h) for h in ("cr1", "sw1", "bare")}
    yield opened
    for drv in opened.values():
        drv.close()


def check_models(name: str, result: Any) -> None:
    """NAPALM's own checks (``napalm.base.test.getters``) for one getter's result."""
    checks: dict[str, Any] = {
        "is_alive": lambda r: fits(models.AliveDict, r),
        "get_facts": lambda r: fits(models.FactsDict, r),
        "get_interfaces": lambda r: all(fits(models.InterfaceDict, v) for v in r.values()),
        "get_interfaces_counters": lambda r: all(
            fits(models.InterfaceCounterDict, v) for v in r.values()
        ),
        "get_interfaces_ip": lambda r: all(
            fits(models.InterfacesIPDictEntry, d)
            for v in r.values()
            for fam in ("ipv4", "ipv6")
            for d in v.get(fam, {}).values()
        ),
        "get_mac_address_table": lambda r: all(fits(models.MACAdressTable, e) for e in r),
        "get_environment": lambda r: (
            all(fits(models.FanDict, v) for v in r["fans"].values())
            and all(fits(models.PowerDict, v) for v in r["power"].values())
            and all(fits(models.TemperatureDict, v) for v in r["temperature"].values())
            and all(fits(models.CPUDict, v) for v in r["cpu"].values())
            and fits(models.MemoryDict, r["memory"])
        ),
        "get_snmp_information": lambda r: (
            fits(models.SNMPDict, r)
            and all(fits(models.SNMPCommunityDict, v) for v in r["community"].values())
        ),
        "get_ntp_servers": lambda r: all(
            fits(models.NTPServerDict, v, allow_subset=True) for v in r.values()
        ),
        "get_ntp_peers": lambda r: all(
            fits(models.NTPPeerDict, v, allow_subset=True) for v in r.values()
        ),
        "get_ntp_stats": lambda r: all(fits(models.NTPStats, e) for e in r),
        "get_users": lambda r: all(
            fits(models.UsersDict, v) and 0 <= v["level"] <= 15 for v in r.values()
        ),
        "get_vlans": lambda r: all(fits(models.VlanDict, v) for v in r.values()),
        "get_network_instances": lambda r: all(
            fits(models.NetworkInstanceDict, v)
            and fits(models.NetworkInstanceStateDict, v["state"])
            and fits(models.NetworkInstanceInterfacesDict, v["interfaces"])
            for v in r.values()
        ),
        "get_ipv6_neighbors_table": lambda r: all(fits(models.IPV6NeighborDict, e) for e in r),
        "get_optics": lambda r: isinstance(r, dict),
        "get_config": lambda r: fits(models.ConfigDict, r),
    }
    assert checks[name](result), f"{name} does not fit NAPALM's model: {result!r}"


@pytest.mark.parametrize("host", ["cr1", "sw1", "bare"])
@pytest.mark.parametrize("getter", GETTERS)
def test_getter_fits_napalm_model(drivers: dict[str, Any], host: str, getter: str) -> None:
    check_models(getter, getattr(drivers[host], getter)())


def test_facts_per_device(drivers: dict[str, Any]) -> None:
    cr1 = drivers["cr1"].get_facts()
    assert cr1["uptime"] >= 90060 and cr1["model"] == "C1111-8P"
    assert cr1["serial_number"] == "FGL2231A0AB" and cr1["fqdn"] == "cr1.thaibinh.gov.vn"
    assert "Version 17.9.4a" in cr1["os_version"]
    sw1 = drivers["sw1"].get_facts()
    assert sw1["model"] == "WS-C2960+24TC-L" and "Version 15.2(7)E9" in sw1["os_version"]
    assert sw1["uptime"] >= 86400  # booted days before the lab started
    assert drivers["bare"].get_facts()["model"] == "ISR4331/K9"


def test_interfaces_speed_duplex_and_addresses(drivers: dict[str, Any]) -> None:
    ifaces = drivers["cr1"].get_interfaces()
    assert ifaces["GigabitEthernet0/0/0"]["speed"] == 100.0
    assert ifaces["GigabitEthernet0/0/0"]["description"] == "WAN fiber to hub"
    assert ifaces["GigabitEthernet0/1/0"]["speed"] == 100.0
    assert ifaces["Loopback0"]["speed"] == 8000.0
    assert ifaces["GigabitEthernet0/0/1"]["is_enabled"] is False
    assert drivers["sw1"].get_interfaces()["FastEthernet0/2"]["speed"] == 100.0
    ips = drivers["cr1"].get_interfaces_ip()
    assert ips["GigabitEthernet0/0/0"] == {"ipv4": {"10.34.4.109": {"prefix_length": 31}}}
    assert ips["GigabitEthernet0/0/1"]["ipv4"] == {
        "192.168.99.1": {"prefix_length": 24},
        "192.168.98.1": {"prefix_length": 24},
    }
    assert ips["GigabitEthernet0/0/1"]["ipv6"]["2001:db8:99::1"] == {"prefix_length": 64}
    counters = drivers["cr1"].get_interfaces_counters()
    assert set(counters) == set(ifaces)
    assert counters["GigabitEthernet0/0/0"]["rx_discards"] == 0


def test_config_derived_getters(drivers: dict[str, Any]) -> None:
    cr1 = drivers["cr1"]
    assert cr1.get_ntp_servers() == {"10.34.16.12": {}, "10.34.16.13": {}}
    stats = cr1.get_ntp_stats()
    assert [(s["remote"], s["synchronized"]) for s in stats] == [
        ("10.34.16.12", True),
        ("10.34.16.13", False),
    ]
    assert set(cr1.get_ntp_peers()) == {"10.34.16.12", "10.34.16.13"}
    snmp = cr1.get_snmp_information()
    assert snmp["community"] == {"tb-ro": {"mode": "ro", "acl": "TBWAN-MGMT"}}
    assert snmp["location"] == "Phuong Le Hong Phong" and snmp["chassis_id"] == "FGL2231A0AB"
    users = cr1.get_users()
    assert users["netadmin"]["level"] == 15 and users["viewer"]["level"] == 1
    vlans = cr1.get_vlans()
    assert vlans["10"] == {"name": "staff", "interfaces": ["GigabitEthernet0/1/0"]}
    assert vlans["99"]["interfaces"] == []
    sw_vlans = drivers["sw1"].get_vlans()
    assert sw_vlans["99"]["interfaces"] == ["FastEthernet0/2"]
    assert drivers["bare"].get_vlans() == {}
    inst = cr1.get_network_instances()
    assert inst["MGMT"]["state"]["route_distinguisher"] == "65000:99"
    assert list(inst["MGMT"]["interfaces"]["interface"]) == ["GigabitEthernet0/0/1"]
    assert "GigabitEthernet0/0/1" not in inst["default"]["interfaces"]["interface"]


def test_empty_where_nothing(drivers: dict[str, Any]) -> None:
    bare = drivers["bare"]
    assert bare.get_ntp_servers() == {} and bare.get_ntp_stats() == []
    assert bare.get_users() == {} and bare.get_mac_address_table() == []
    assert bare.get_snmp_information()["community"] == {}
    assert bare.get_optics() == {} and bare.get_ipv6_neighbors_table() == []
    assert list(bare.get_network_instances()) == ["default"]
    env = drivers["sw1"].get_environment()
    assert env["temperature"]["system"]["temperature"] == 38.0
    assert env["memory"]["available_ram"] > env["memory"]["used_ram"] > 0
    macs = drivers["sw1"].get_mac_address_table()
    assert {m["mac"] for m in macs} >= {"FF:FF:FF:FF:FF:FF"} and all(m["static"] for m in macs)


def test_compliance_report(drivers: dict[str, Any], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "- get_facts:\n    hostname: cr1\n    model: C1111-8P\n"
        "- get_interfaces:\n    GigabitEthernet0/0/0:\n      speed: 100.0\n      is_up: true\n"
        "- get_ntp_servers:\n    10.34.16.12: {}\n"
    )
    assert drivers["cr1"].compliance_report(str(good))["complies"] is True
    bad = tmp_path / "bad.yaml"
    bad.write_text("- get_interfaces:\n    GigabitEthernet0/0/0:\n      speed: 1000.0\n")
    report = drivers["cr1"].compliance_report(str(bad))
    assert report["complies"] is False
    assert report["get_interfaces"]["complies"] is False
