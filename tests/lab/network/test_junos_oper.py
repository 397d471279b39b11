"""The lab SRX's operational replies, read by NAPALM's real ``junos`` driver (its PyEZ
tables and views) and by ntc-templates' ``juniper_junos`` templates."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jnpr.junos.rpcmeta import _RpcMetaExec
from lxml import etree
from napalm.base import models
from napalm.base.test import helpers
from napalm.junos.junos import JunOSDriver
from ntc_templates.parse import parse_output

from tbwan.inventory.models import Inventory
from tbwan.lab.network.junos_oper import cli_text, rpc_reply

from .srx import FW, srx_inventory, srx_network

COMMUNE = "tb-12433-le-hong-phong"


class _Reply:
    def __init__(self, doc: Any) -> None:
        self._NCElement__doc = doc


class FakeDevice:
    """PyEZ's side of a ``Device``: its real RPC builder, answered by :func:`rpc_reply`."""

    _use_filter = False
    transform = None
    facts: dict[str, str] = {}  # noqa: RUF012 - PyEZ's facts, read by NAPALM

    def __init__(self, state: Any) -> None:
        self.state = state
        self.rpc = _RpcMetaExec(self)
        self._conn = SimpleNamespace(rpc=self.ncclient_rpc)  # NAPALM's ping goes here
        self.sent: list[str] = []

    def execute(self, rpc: Any, **_: Any) -> Any:
        self.sent.append(etree.tostring(rpc).decode())
        reply = rpc_reply(self.state, rpc)
        assert reply is not None, self.sent[-1]
        return reply

    def ncclient_rpc(self, rpc: Any) -> _Reply:
        """A ``<command>`` RPC on the NETCONF session, as ncclient's reply object."""
        doc = etree.Element("rpc-reply")
        doc.append(self.execute(rpc))
        return _Reply(doc)


@pytest.fixture(scope="module")
def inv(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    """The inventory with the firewall as an SRX."""
    return srx_inventory(tmp_path_factory.mktemp("srx"))


@pytest.fixture
def srx(inv: Inventory) -> tuple[Any, JunOSDriver, Any]:
    """(the SRX's lab state, a NAPALM driver reading it, the network)."""
    commune = inv.site(COMMUNE)
    sites = {"tb-ttthdl", "tb-dcdp", COMMUNE, commune.hub or ""}
    only = {d.name for s in inv.sites if s.slug in sites for d in s.devices}
    net, sources = srx_network(inv, only)
    state = SimpleNamespace(
        device=SimpleNamespace(name=FW), network=net, running_set=sources[FW].running_set
    )
    driver = JunOSDriver("127.0.0.1", "netadmin", "unused")
    driver.device = FakeDevice(state)
    return state, driver, net


def test_get_interfaces(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    ifaces = driver.get_interfaces()
    for data in ifaces.values():
        assert helpers.test_model(models.InterfaceDict, data)
    assert ifaces["ge-0/0/1.0"]["description"] == "Inside to tb-ttthdl-core01"
    assert ifaces["ge-0/0/1"]["is_up"] and ifaces["ge-0/0/1"]["speed"] == 1000.0
    assert ifaces["st0.100"]["is_up"]


def test_a_shut_peer_takes_the_port_down(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, net = srx
    core = net.devices["tb-ttthdl-core01"]
    core.configure("interface GigabitEthernet1/0/1", " shutdown")
    ifaces = driver.get_interfaces()
    assert not ifaces["ge-0/0/1"]["is_up"] and ifaces["ge-0/0/1"]["is_enabled"]
    assert not ifaces["ge-0/0/1.0"]["is_up"] and ifaces["ge-0/0/1.0"]["is_enabled"]
    assert ifaces["ge-0/0/2.0"]["is_up"]


def test_get_interfaces_ip_and_counters(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    ips = driver.get_interfaces_ip()
    assert ips["ge-0/0/3.0"]["ipv4"] == {"203.0.113.2": {"prefix_length": 29}}
    assert ips["lo0.0"]["ipv4"] == {"10.34.0.1": {"prefix_length": 32}}
    counters = driver.get_interfaces_counters()
    assert "ge-0/0/0.0" in counters and "lo0" not in counters  # NAPALM asks for ge/xe/... only
    for data in counters.values():
        assert helpers.test_model(models.InterfaceCounterDict, data)


def test_get_lldp_neighbors(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    lldp = driver.get_lldp_neighbors()
    assert lldp == {
        "ge-0/0/0": [{"hostname": "tb-ttthdl-edge01", "port": "GigabitEthernet0/0/1"}],
        "ge-0/0/1": [{"hostname": "tb-ttthdl-core01", "port": "GigabitEthernet1/0/1"}],
        "ge-0/0/2": [{"hostname": "tb-ttthdl-core02", "port": "GigabitEthernet1/0/1"}],
    }


def test_get_lldp_neighbors_detail(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    detail = driver.get_lldp_neighbors_detail()
    assert set(detail) == {"ge-0/0/0", "ge-0/0/1", "ge-0/0/2"}
    for rows in detail.values():
        for row in rows:
            assert helpers.test_model(models.LLDPNeighborDetailDict, row)
    (core,) = detail["ge-0/0/1"]
    assert (core["remote_system_name"], core["remote_port"]) == (
        "tb-ttthdl-core01",
        "GigabitEthernet1/0/1",
    )
    assert core["remote_system_enable_capab"] == ["router"]


def test_get_arp_table(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    arp = driver.get_arp_table()
    for row in arp:
        assert helpers.test_model(models.ARPTableDict, row)
    assert {(r["interface"], r["ip"]) for r in arp} >= {
        ("ge-0/0/1.0", "10.34.4.3"),
        ("ge-0/0/0.0", "10.34.4.0"),
    }


def test_get_route_to(srx: tuple[Any, JunOSDriver, Any], inv: Inventory) -> None:
    _, driver, _ = srx
    backup_lan = str(inv.site("tb-dcdp").prefixes[0].prefix)
    routes = driver.get_route_to(backup_lan)
    (route,) = routes[backup_lan]
    assert helpers.test_model(models.RouteDict, route)
    assert (route["protocol"], route["outgoing_interface"], route["preference"]) == (
        "OSPF",
        "st0.100",
        10,
    )
    default = driver.get_route_to("0.0.0.0/0")["0.0.0.0/0"][0]
    assert (default["protocol"], default["next_hop"]) == ("Static", "203.0.113.1")


def test_ping_through_napalm(srx: tuple[Any, JunOSDriver, Any]) -> None:
    _, driver, _ = srx
    ok = driver.ping("10.34.16.10", count=3)
    assert ok["success"]["probes_sent"] == 3 and ok["success"]["packet_loss"] == 0
    assert helpers.test_model(models.PingResultDictEntry, ok["success"]["results"][0])
    lost = driver.ping("192.0.2.99", count=2)  # nothing there: the default route leads out
    assert "success" not in lost or lost["success"]["packet_loss"] == 100


def test_traceroute_through_napalm(srx: tuple[Any, JunOSDriver, Any], inv: Inventory) -> None:
    _, driver, _ = srx
    result = driver.traceroute("10.34.16.10")
    hops = result["success"]
    for hop in hops.values():
        assert len(hop["probes"]) == 3
        for probe in hop["probes"].values():
            assert helpers.test_model(models.TracerouteDict, probe)
    first = {p["ip_address"] for p in hops[1]["probes"].values()}
    assert first <= {"10.34.4.3", "10.34.4.5"} and len(first) == 1  # a DIC core's address
    assert {p["ip_address"] for p in hops[max(hops)]["probes"].values()} == {"10.34.16.10"}
    loopback = inv.site(COMMUNE).devices[0].interface("Loopback0").ipv4
    assert loopback is not None
    far = driver.traceroute(str(loopback.ip))["success"]
    assert far[1]["probes"][1]["ip_address"] == "10.34.4.0"  # the DIC edge
    assert far[max(far)]["probes"][1]["ip_address"] == str(loopback.ip)


def test_security_associations_follow_the_tunnel(srx: tuple[Any, JunOSDriver, Any]) -> None:
    state, driver, net = srx
    ike = driver.device.rpc.get_ike_security_associations_information()
    assert [sa.findtext("ike-sa-remote-address") for sa in ike] == ["198.51.100.10"]
    assert ike.findtext("ike-security-associations/ike-sa-state") == "UP"
    ipsec = driver.device.rpc.get_security_associations_information()
    assert ipsec.findtext("total-active-tunnels") == "1"
    protos = {sa.findtext("sa-protocol") for sa in ipsec.iter("ipsec-security-associations")}
    assert protos == {"ESP:aes-cbc-256/sha256"}
    text = cli_text(state, "show security ipsec security-associations") or ""
    assert "ESP:aes-cbc-256/sha256" in text and "198.51.100.10" in text
    backup = net.devices["tb-dcdp-rt01"]
    backup.configure(
        "no crypto isakmp key <removed> address 203.0.113.2",
        "crypto isakmp key other address 203.0.113.2",
    )
    assert len(driver.device.rpc.get_ike_security_associations_information()) == 0
    assert "Total active tunnels: 0" in (
        cli_text(state, "show security ipsec security-associations") or ""
    )
    assert "198.51.100.10" not in (cli_text(state, "show security ike security-associations") or "")


def test_names_and_odd_destinations(srx: tuple[Any, JunOSDriver, Any]) -> None:
    state, driver, _ = srx
    assert driver.ping("dic-nms") == {"error": "ping: cannot resolve dic-nms: Unknown host"}
    assert driver.traceroute("dic-nms") == {
        "error": "traceroute: cannot resolve dic-nms: Unknown host: "
        "traceroute: cannot resolve dic-nms: Unknown host"
    }
    assert driver.get_route_to("10.999.0.0/16") == {}
    assert "inet.0: 0 destinations" in (cli_text(state, "show route nowhere") or "")


def test_pyez_op_tables_read_the_replies(srx: tuple[Any, JunOSDriver, Any]) -> None:
    from jnpr.junos.op.arp import ArpTable
    from jnpr.junos.op.lldp import LLDPNeighborTable
    from jnpr.junos.op.ospf import OspfInterfaceTable, OspfNeighborTable
    from jnpr.junos.op.routes import RouteTable

    dev = srx[1].device
    nbrs = {n.interface_name: n for n in OspfNeighborTable(dev).get()}
    assert nbrs["st0.100"].neighbor_id == "10.34.0.55" and nbrs["st0.100"].ospf_area == "0.0.0.0"
    ifs = {
        i.interface_name: (i.ospf_interface_state, i.neighbor_count)
        for i in OspfInterfaceTable(dev).get()
    }
    assert ifs["ge-0/0/1.0"] == ("PtToPt", "1") and ifs["lo0.0"][1] == "0"
    assert ifs["st0.0"] == ("Down", "0")  # no broadband commune yet
    assert {a.ip_address for a in ArpTable(dev).get()} >= {"10.34.4.3", "10.34.4.5"}
    assert {n.remote_sysname for n in LLDPNeighborTable(dev).get()} == {
        "tb-ttthdl-edge01",
        "tb-ttthdl-core01",
        "tb-ttthdl-core02",
    }
    (route,) = RouteTable(dev).get("10.34.8.1")
    assert (route.protocol, route.via) == ("Direct", "st0.100")


def test_ospf_neighbor_rpc(srx: tuple[Any, JunOSDriver, Any]) -> None:
    state, _, _ = srx
    reply = rpc_reply(state, etree.Element("get-ospf-neighbor-information"))
    assert reply is not None
    rows = {(n.findtext("interface-name"), n.findtext("ospf-neighbor-state")) for n in reply}
    assert rows == {
        ("ge-0/0/0.0", "Full"),
        ("ge-0/0/1.0", "Full"),
        ("ge-0/0/2.0", "Full"),
        ("st0.100", "Full"),
    }
    assert rpc_reply(state, etree.Element("get-software-information")) is None


def test_cli_text_parsed_by_ntc_templates(srx: tuple[Any, JunOSDriver, Any]) -> None:
    state, _, _ = srx

    def parse(command: str) -> list[dict[str, str]]:
        text = cli_text(state, command)
        assert text is not None
        rows: list[dict[str, str]] = parse_output(
            platform="juniper_junos", command=command, data=text
        )
        return rows

    ospf = parse("show ospf neighbor")
    assert {(r["interface"], r["state"], r["neighbor_id"]) for r in ospf} >= {
        ("st0.100", "Full", "10.34.0.55")
    } and len(ospf) == 4
    lldp = parse("show lldp neighbors")
    assert {(r["local_interface"], r["neighbor_name"]) for r in lldp} == {
        ("ge-0/0/0", "tb-ttthdl-edge01"),
        ("ge-0/0/1", "tb-ttthdl-core01"),
        ("ge-0/0/2", "tb-ttthdl-core02"),
    }
    arp = parse("show arp no-resolve")
    assert ("10.34.4.3", "ge-0/0/1.0") in {(r["ip_address"], r["interface"]) for r in arp}
    assert cli_text(state, "show version") is None
    ospf_ifs = cli_text(state, "show ospf interface") or ""
    assert "st0.100             PtToPt  0.0.0.0" in ospf_ifs


def test_cli_terse_and_route(srx: tuple[Any, JunOSDriver, Any]) -> None:
    state, _, _ = srx
    terse = (cli_text(state, "show interfaces terse") or "").splitlines()
    assert "ge-0/0/1.0              up    up   inet     10.34.4.2/31" in terse
    assert any(ln.startswith("st0.0 ") and " down " in ln for ln in terse)
    route = cli_text(state, "show route 10.34.16.10") or ""
    assert "10.34.16.0/24      *[OSPF/10]" in route and "via ge-0/0/1.0" in route


def test_without_a_network_the_config_alone_answers(inv: Inventory, tmp_path: Path) -> None:
    _, sources = srx_network(inv, {FW})
    state = SimpleNamespace(
        device=SimpleNamespace(name=FW), network=None, running_set=sources[FW].running_set
    )
    reply = rpc_reply(
        state, etree.fromstring("<get-interface-information><terse/></get-interface-information>")
    )
    assert reply is not None
    assert "ge-0/0/1.0" in {u.findtext("name") for u in reply.iter("logical-interface")}
