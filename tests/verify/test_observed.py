"""Parsing what devices show: ntc-templates' own IOS fixtures (see fixtures SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

from ntc_templates.parse import parse_output

from tbwan.verify import observed

FIXTURES = Path(__file__).parents[1] / "fixtures" / "verify" / "ntc"


def _rows(name: str, command: str) -> list[dict[str, str]]:
    text = (FIXTURES / f"{name}.raw").read_text(encoding="utf-8")
    rows: list[dict[str, str]] = parse_output(platform="cisco_ios", command=command, data=text)
    return rows


def test_ospf_neighbors() -> None:
    got = observed.ospf_neighbors(_rows("show_ip_ospf_neighbor", "show ip ospf neighbor"))
    assert got[0] == observed.OspfNeighbor(
        "10.190.30.2", "FULL", "10.190.16.11", "gigabitethernet0/2.101"
    )
    assert len(got) == 4 and {n.state for n in got} == {"FULL"}


def test_ospf_interfaces_brief_abbreviations() -> None:
    got = observed.ospf_interfaces(
        _rows("show_ip_ospf_interface_brief", "show ip ospf interface brief")
    )
    assert got[observed.if_key("FastEthernet0/1")].area == "11"
    assert got[observed.if_key("Serial0/0/0.100")].state == "P2P"
    assert got[observed.if_key("Tunnel1603")].state == "DOWN"


def test_standby_brief_keeps_ipv4_groups() -> None:
    got = observed.hsrp_groups(_rows("show_standby_brief", "show standby brief"))
    assert [(g.interface, g.group, g.state, g.vip) for g in got] == [
        ("vlan1", 1, "Active", "10.1.1.1"),
        ("vlan51", 1, "Init", "10.1.51.1"),
        ("vlan500", 1, "Active", "10.1.5.1"),
        ("vlan4010", 1, "Active", "10.1.254.1"),
    ]


def test_routes_by_prefix_with_equal_cost_hops() -> None:
    got = observed.routes(_rows("show_ip_route", "show ip route"))
    assert got["1.1.1.1/32"].next_hops == ("212.0.0.1", "192.168.0.1")
    assert got["195.0.0.0/24"] == observed.Route("195.0.0.0/24", "O IA", ("194.0.0.2",))
    assert got["4.4.0.0/16"].protocol == "O E2"


def test_interfaces_from_napalm_getters() -> None:
    ifs = observed.interfaces(
        {
            "GigabitEthernet0/0/0": {"is_up": False, "is_enabled": True, "speed": 100.0},
            "GigabitEthernet0/0/1": {"is_up": True, "is_enabled": False, "speed": -1},
        },
        {"GigabitEthernet0/0/0": {"rx_errors": 42}, "GigabitEthernet0/0/1": {"rx_errors": -1}},
    )
    gi0 = ifs["gigabitethernet0/0/0"]
    assert (gi0.is_up, gi0.speed_mbps, gi0.rx_errors) == (False, 100.0, 42)
    assert ifs["gigabitethernet0/0/1"].speed_mbps is None
    assert ifs["gigabitethernet0/0/1"].rx_errors == 0


def test_lldp_drops_the_domain() -> None:
    got = observed.lldp_neighbors(
        {"Gi0/0/1": [{"hostname": "tb-sonv-sw01.thaibinh.gov.vn", "port": "Gi0/1"}]}
    )
    assert got == {"gigabitethernet0/0/1": ("tb-sonv-sw01",)}
