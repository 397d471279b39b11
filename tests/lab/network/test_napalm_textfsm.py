"""The network commands as real clients read them: NAPALM's ``ios`` getters checked by
NAPALM's models, and Netmiko + ntc-templates (TextFSM) with the parsed fields asserted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from napalm import get_network_driver
from napalm.base import models
from napalm.base.test.helpers import test_model as fits
from netmiko import ConnectHandler

from tbwan.lab import Credentials, Lab

from .conftest import cabling, lab_devices, province

pytestmark = pytest.mark.lab

HUB, SW, COMMUNE = "tb-ubnd-vuthu-rt01", "tb-ubnd-vuthu-sw01", "tb-13195-hong-ly-rt01"
BACKUP = "tb-dcdp-rt01"
SITES = {"tb-ttthdl", "tb-dcdp", "tb-ubnd-vuthu", "tb-13195-hong-ly", "tb-13192-vu-thu"}


@pytest.fixture(scope="module")
def corner(creds: Credentials) -> Iterator[Lab]:
    """The DIC, the backup site, the Vu Thu hub and two of its communes."""
    names = {d.name for s in province().sites if s.slug in SITES for d in s.devices}
    with Lab(lab_devices(names), creds, cabling=cabling()) as lab:
        yield lab


@pytest.fixture(scope="module")
def hub(corner: Lab, creds: Credentials) -> Iterator[Any]:
    drv = get_network_driver("ios")(
        "127.0.0.1",
        creds.username,
        creds.password,
        timeout=30,
        optional_args={"port": corner.ports[HUB], "secret": creds.enable_secret},
    )
    drv.open()
    yield drv
    drv.close()


@pytest.fixture(scope="module")
def parse(corner: Lab, creds: Credentials) -> Iterator[Any]:
    conns: dict[str, Any] = {}

    def run(host: str, command: str) -> Any:
        if host not in conns:
            conns[host] = ConnectHandler(
                device_type="cisco_ios",
                host="127.0.0.1",
                port=corner.ports[host],
                username=creds.username,
                password=creds.password,
                secret=creds.enable_secret,
            )
            conns[host].enable()
        rows = conns[host].send_command(command, use_textfsm=True, read_timeout=30)
        assert isinstance(rows, list), f"{command} did not parse: {rows[:300]}"
        return rows

    yield run
    for c in conns.values():
        c.disconnect()


def test_napalm_arp_table(hub: Any) -> None:
    arp = hub.get_arp_table()
    assert arp and all(fits(models.ARPTableDict, e) for e in arp)
    by_ip = {e["ip"]: e for e in arp}
    assert by_ip["10.34.4.106"]["interface"] == "GigabitEthernet0/0/0"  # the DIC edge
    assert by_ip["10.34.6.111"]["interface"] == "GigabitEthernet0/0/2.102"  # Hong Ly
    assert "10.34.6.113" not in by_ip  # a commune that is not in this lab


def test_napalm_lldp_neighbors_and_detail(hub: Any) -> None:
    lldp = hub.get_lldp_neighbors()
    for entries in lldp.values():
        assert all(fits(models.LLDPNeighborDict, e) for e in entries)
    # IOS advertises the short port name as its LLDP port id
    assert lldp["GigabitEthernet0/0/0"] == [{"hostname": "tb-ttthdl-edge01", "port": "Gi0/0/0"}]
    assert {e["hostname"] for e in lldp["GigabitEthernet0/0/2"]} == {
        "tb-13192-vu-thu-rt01",
        COMMUNE,
    }
    detail = hub.get_lldp_neighbors_detail()
    for entries in detail.values():
        assert all(fits(models.LLDPNeighborDetailDict, e) for e in entries)
    sw = detail["GigabitEthernet0/0/1"][0]
    assert sw["remote_system_name"] == SW and sw["remote_port"] == "Gi0/1"


def test_napalm_ping_traceroute_route_to(hub: Any) -> None:
    ok = hub.ping("10.34.16.10", source="10.34.0.54")
    assert fits(models.PingDict, ok["success"])
    assert ok["success"]["probes_sent"] == 5 and ok["success"]["packet_loss"] == 0
    lost = hub.ping("10.34.1.58")  # a commune whose router is not in this lab
    assert lost["success"]["packet_loss"] == 5
    trace = hub.traceroute("10.34.16.10", source="10.34.0.54", ttl=8)
    hops = trace["success"]
    assert [hops[n]["probes"][1]["ip_address"] for n in sorted(hops)] == [
        "10.34.4.106",
        "10.34.4.1",
        "10.34.4.3",
        "10.34.16.10",
    ]
    for hop in hops.values():
        # TracerouteResultDictEntry holds a Dict[int, ...] that test_model cannot check
        assert set(hop) == set(models.TracerouteResultDictEntry.__annotations__)
        assert all(fits(models.TracerouteDict, p) for p in hop["probes"].values())
    route = hub.get_route_to("10.34.16.0/24")
    entry = route["10.34.16.0/24"][0]
    assert fits(models.RouteDict, entry)
    assert entry["protocol"] == "ospf" and entry["next_hop"] == "10.34.4.106"
    assert entry["outgoing_interface"] == "GigabitEthernet0/0/0"
    assert hub.get_route_to("10.34.200.0/24") == {"10.34.200.0/24": []}


def test_textfsm_ospf(parse: Any) -> None:
    rows = parse(HUB, "show ip ospf neighbor")
    assert {(r["neighbor_id"], r["state"], r["interface"]) for r in rows} == {
        ("10.34.0.0", "FULL/  -", "GigabitEthernet0/0/0"),
        ("10.34.1.56", "FULL/  -", "GigabitEthernet0/0/2.101"),
        ("10.34.1.57", "FULL/  -", "GigabitEthernet0/0/2.102"),
    }
    brief = {r["interface"]: r for r in parse(HUB, "show ip ospf interface brief")}
    assert brief["Gi0/0/2.102"]["area"] == "344" and brief["Gi0/0/2.102"]["state"] == "P2P"
    assert brief["Gi0/0/2.102"]["neighbors_fc"] == "1/1" and brief["Gi0/0/2.102"]["cost"] == "10"
    assert brief["Gi0/0/2.103"]["neighbors_fc"] == "0/0"  # its commune is not in this lab
    assert brief["Lo0"]["state"] == "LOOP" and brief["Lo0"]["area"] == "0"


def test_textfsm_routes(parse: Any) -> None:
    rows = parse(COMMUNE, "show ip route")
    by_net = {f"{r['network']}/{r['prefix_length']}": r for r in rows}
    svc = by_net["10.34.16.0/24"]
    assert (svc["protocol"], svc["type"], svc["nexthop_ip"]) == ("O", "IA", "10.34.6.110")
    assert svc["nexthop_if"] == "GigabitEthernet0/0/0" and svc["distance"] == "110"
    assert by_net["10.34.6.110/31"]["protocol"] == "C"
    assert by_net["10.34.6.111/32"]["protocol"] == "L"
    # the backup site's IOS router, across the VTI to the SRX (whose own table is Junos)
    dc = {f"{r['network']}/{r['prefix_length']}": r for r in parse(BACKUP, "show ip route")}
    assert (dc["0.0.0.0/0"]["protocol"], dc["0.0.0.0/0"]["flag"]) == ("S", "*")
    assert dc["10.34.16.0/24"]["nexthop_if"] == "Tunnel100"  # the DIC services, over the VTI
    summary = {r["route_source"]: r for r in parse(COMMUNE, "show ip route summary")}
    assert int(summary["ospf 1"]["subnets"]) == sum(r["protocol"] == "O" for r in rows)
    assert int(summary["connected"]["subnets"]) == sum(r["protocol"] in "CL" for r in rows)


def test_textfsm_neighbours_arp_standby(parse: Any) -> None:
    lldp = {r["local_interface"]: r for r in parse(HUB, "show lldp neighbors")}
    assert (
        lldp["Gi0/0/1"]["neighbor_name"] == SW and lldp["Gi0/0/1"]["neighbor_interface"] == "Gi0/1"
    )
    cdp = {r["neighbor_name"]: r for r in parse(HUB, "show cdp neighbors")}
    assert cdp["tb-ttthdl-edge01"]["local_interface"] == "Gi0/0/0"
    arp = {r["ip_address"]: r for r in parse(HUB, "show ip arp")}
    assert arp["10.34.6.111"]["interface"] == "GigabitEthernet0/0/2.102"
    assert arp["10.34.4.107"]["age"] == "-"  # its own address
    assert {r["address"] for r in parse(HUB, "show arp")} == set(arp)
    standby = {r["interface"]: r for r in parse("tb-ttthdl-core01", "show standby brief")}
    assert standby["Vl30"]["state"] == "Active" and standby["Vl30"]["standby"] == "10.34.16.3"
    assert standby["Vl30"]["virtual_ip_address"] == "10.34.16.1"
    backup = {r["interface"]: r for r in parse("tb-ttthdl-core02", "show standby brief")}
    assert backup["Vl30"]["state"] == "Standby" and backup["Vl30"]["active"] == "10.34.16.2"


def test_textfsm_ping_traceroute_lldp_detail(parse: Any) -> None:
    ping = parse(COMMUNE, "ping 10.34.16.10 source Loopback0")[0]
    assert ping["success_pct"] == "100" and ping["sent_qty"] == "5"
    assert ping["success_qty"] == "5" and ping["source"] == "10.34.1.57"
    lost = parse(COMMUNE, "ping 10.34.1.58")[0]  # not in this lab
    assert lost["success_pct"] == "0" and lost["success_qty"] == "0"
    hops = parse(COMMUNE, "traceroute 10.34.16.10 source Loopback0")
    assert all(len(h["rtt_response"]) == 3 for h in hops)
    assert [h["ip_address"] for h in hops] == [
        "10.34.6.110",
        "10.34.4.106",
        "10.34.4.1",
        "10.34.4.3",
        "10.34.16.10",
    ]
    detail = {r["local_interface"]: r for r in parse(HUB, "show lldp neighbors detail")}
    sw = detail["Gi0/0/1"]
    assert sw["neighbor_name"] == SW and sw["neighbor_port_id"] == "Gi0/1"
    assert sw["mgmt_address"] == "10.34.114.194" and sw["capabilities"] == "B"
    ipsec = parse(BACKUP, "show crypto ipsec sa detail")  # its SAs with the SRX
    assert {(r["interface"], r["current_peer"], r["sa_status"]) for r in ipsec} == {
        ("Tunnel100", "203.0.113.2", "ACTIVE(ACTIVE)")
    }


def test_ip_protocols_and_route_filters(hub: Any) -> None:
    out = hub.cli(["show ip protocols", "show ip route ospf", "show ip route connected"])
    proto = out["show ip protocols"]
    assert 'Routing Protocol is "ospf 1"' in proto and "Router ID 10.34.0.54" in proto
    assert "It is an area border router" in proto
    assert "Number of areas in this router is 2. 2 normal 0 stub 0 nssa" in proto
    ospf = [line for line in out["show ip route ospf"].splitlines() if "via" in line]
    assert ospf and all(line.startswith("O") for line in ospf)
    conn = [line for line in out["show ip route connected"].splitlines() if "connected," in line]
    assert conn and all(line[0] in "CL" for line in conn)
