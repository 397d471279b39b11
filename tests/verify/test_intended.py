"""The intended state derived from the province's inventory (no device)."""

from __future__ import annotations

from tbwan.inventory.models import Inventory, Media, Role
from tbwan.verify.intended import IntendedState, site_router


def test_every_hub_expects_one_full_neighbour_per_ospf_link(
    province: Inventory, state: IntendedState
) -> None:
    for site in province.sites:
        for dev in site.devices:
            if dev.role is not Role.HUB_ROUTER:
                continue
            ospf_links = [i for i in dev.interfaces if i.peer_device and i.ospf_area is not None]
            adj = [a for a in state.adjacencies if a.host == dev.name]
            assert len(adj) == len(ospf_links) > 1
            for a in adj:  # the neighbour's router-id is its loopback, the template's rule
                peer = next(
                    d for s in province.sites for d in s.devices if d.name == a.neighbor_host
                )
                assert a.neighbor_id == str(peer.primary_ip.ip)


def test_commune_adjacency_in_its_district_area(state: IntendedState) -> None:
    adj = [a for a in state.adjacencies if a.host == "tb-13192-vu-thu-rt01"]
    assert [(a.interface, a.neighbor_host, a.neighbor_interface, a.area) for a in adj] == [
        ("GigabitEthernet0/0/0", "tb-ubnd-vuthu-rt01", "GigabitEthernet0/0/2.101", 344)
    ]


def test_links_speed_fiber_and_copper(state: IntendedState, province: Inventory) -> None:
    circuits = {c.cid: c for s in province.sites for c in s.circuits}
    uplinks = [s.uplink for s in state.sites.values() if s.uplink is not None]
    assert len(uplinks) > 300
    for up in uplinks:
        circuit = circuits[up.circuit or ""]
        if circuit.media is Media.FIBER:
            assert (up.speed_mbps, up.duplex) == (100, "full"), up
        else:  # copper: the port's own speed, shaped to the contracted rate
            assert up.speed_mbps is None and up.shape_kbps == circuit.rate_kbps, up


def test_both_ends_of_every_link_are_expected(state: IntendedState) -> None:
    ends = {(x.host, x.interface, x.peer_host, x.peer_interface) for x in state.links}
    assert all((c, d, a, b) in ends for a, b, c, d in ends)


def test_commune_prefixes_at_the_dic_core_and_via_its_hub_at_the_edge(
    state: IntendedState,
) -> None:
    routes = [r for r in state.routes if r.site == "tb-13192-vu-thu"]
    assert {(r.host, r.prefix, r.next_hop) for r in routes} == {
        (core, p, None)
        for core in ("tb-ttthdl-core01", "tb-ttthdl-core02")
        for p in ("10.34.192.0/27", "10.34.192.32/28")
    } | {("tb-ttthdl-edge01", p, "10.34.4.107") for p in ("10.34.192.0/27", "10.34.192.32/28")}
    assert {r.via_host for r in routes if r.next_hop} == {"tb-ubnd-vuthu-rt01"}


def test_every_site_router_reaches_the_four_dic_services(
    province: Inventory, state: IntendedState
) -> None:
    routers = {site_router(s) for s in province.sites} - {None}
    assert len(state.services) == 4 * len(routers)
    svc = [s for s in state.services if s.host == "tb-dcdp-rt01"]
    assert [(s.service, s.address, s.source) for s in svc] == [
        ("aaa", "10.34.16.10", "10.34.0.55"),
        ("syslog", "10.34.16.11", "10.34.0.55"),
        ("ntp", "10.34.16.12", "10.34.0.55"),
        ("snmp", "10.34.16.13", "10.34.0.55"),
    ]


def test_backup_vpn_and_hsrp(state: IntendedState) -> None:
    assert {(t.host, t.interface, t.peer_host) for t in state.tunnels} == {
        ("tb-ttthdl-fw01", "st0.100", "tb-dcdp-rt01"),
        ("tb-dcdp-rt01", "Tunnel100", "tb-ttthdl-fw01"),
    }
    roles = {(h.host, h.state) for h in state.hsrp}
    assert roles == {("tb-ttthdl-core01", "Active"), ("tb-ttthdl-core02", "Standby")}
    assert len(state.hsrp) == 6


def test_for_host_splits_the_state(state: IntendedState) -> None:
    hub = state.for_host("tb-ubnd-vuthu-rt01")
    assert hub.routes == () and len(hub.services) == 4 and len(hub.adjacencies) > 10
    assert state.for_host("nonexistent").empty
