"""OSPF in the network model: adjacencies as IOS forms them, SPF per area, ABRs."""

from __future__ import annotations

from tbwan.lab.network.addr import ip_int, parse_prefix

from .helpers import network, p2p, router

GI = "GigabitEthernet0/0/0"
GI1 = "GigabitEthernet0/0/1"


def pair(more_a: str = "", more_b: str = "", area_b: int = 0):  # type: ignore[no-untyped-def]
    """Two routers on one /31 cable."""
    return network(
        {
            "r1": router("r1", "10.0.0.1", p2p(GI, "10.1.0.0", 0, more_a)),
            "r2": router("r2", "10.0.0.2", p2p(GI, "10.1.0.1", area_b, more_b), area=area_b),
        },
        cables=[("r1", GI, "r2", GI)],
    )


def states(net, dev):  # type: ignore[no-untyped-def]
    return [(a.peer, a.state) for a in net.state().neighbors(dev)]


def test_matching_ends_are_full_and_route_each_others_loopback() -> None:
    net, _ = pair()
    assert states(net, "r1") == [("r2", "FULL")]
    assert states(net, "r2") == [("r1", "FULL")]
    route = net.state().rib("r1").lookup(ip_int("10.0.0.2"))
    assert route is not None and route.code == "O" and route.metric == 11
    assert route.hops == ((GI, ip_int("10.1.0.1")),)


def test_area_mismatch_forms_nothing() -> None:
    net, _ = pair(area_b=5)
    assert states(net, "r1") == [] and states(net, "r2") == []
    assert net.state().rib("r1").lookup(ip_int("10.0.0.2")) is None


def test_hello_and_dead_timers_must_match() -> None:
    net, boxes = pair(more_b="ip ospf hello-interval 5")
    assert states(net, "r1") == []
    boxes["r1"].configure("interface GigabitEthernet0/0/0", " ip ospf hello-interval 5")
    assert states(net, "r1") == [("r2", "FULL")]
    boxes["r1"].configure("interface GigabitEthernet0/0/0", " ip ospf dead-interval 30")
    assert states(net, "r1") == []


def test_mtu_mismatch_sticks_in_exstart_and_routes_nothing() -> None:
    net, _ = pair(more_b="ip mtu 1400")
    assert states(net, "r1") == [("r2", "EXSTART")]
    assert net.state().rib("r1").lookup(ip_int("10.0.0.2")) is None


def test_passive_interface_sends_no_hellos() -> None:
    net, boxes = pair()
    boxes["r2"].configure("router ospf 1", " passive-interface GigabitEthernet0/0/0")
    assert states(net, "r1") == [] and states(net, "r2") == []


def test_network_type_mismatch_is_full_but_not_used_by_spf() -> None:
    net, boxes = pair()
    boxes["r2"].configure("interface GigabitEthernet0/0/0", " ip ospf network broadcast")
    st = net.state()
    assert {a.state for a in st.neighbors("r1")} == {"FULL"}
    assert st.rib("r1").lookup(ip_int("10.0.0.2")) is None


def test_authentication_keys_compare_by_digest() -> None:
    md5 = "ip ospf authentication message-digest;ip ospf message-digest-key 1 md5 {}"
    net, boxes = pair(md5.format("s3cret-a"), md5.format("s3cret-b"))
    assert states(net, "r1") == []
    st = net.state()
    assert "s3cret" not in repr(st.facts["r1"].interfaces[GI])
    boxes["r2"].configure(
        "interface GigabitEthernet0/0/0", " ip ospf message-digest-key 1 md5 s3cret-a"
    )
    assert states(net, "r1") == [("r2", "FULL")]


def test_abr_carries_inter_area_routes_both_ways() -> None:
    net, _ = network(
        {
            "bb": router("bb", "10.0.0.1", p2p(GI, "10.1.0.0", 0)),
            "abr": router("abr", "10.0.0.2", p2p(GI, "10.1.0.1", 0), p2p(GI1, "10.1.0.2", 10)),
            "leaf": router("leaf", "10.0.0.3", p2p(GI, "10.1.0.3", 10), area=10),
        },
        cables=[("bb", GI, "abr", GI), ("abr", GI1, "leaf", GI)],
    )
    st = net.state()
    assert st.domain.abrs == {"abr"}
    to_leaf = st.rib("bb").lookup(ip_int("10.0.0.3"))
    to_bb = st.rib("leaf").lookup(ip_int("10.0.0.1"))
    assert to_leaf is not None and to_leaf.code == "O IA" and to_leaf.metric == 21
    assert to_bb is not None and to_bb.code == "O IA"
    assert net.ping("leaf", ip_int("10.0.0.1"), "Loopback0").marks == "!!!!!"


def test_redistributed_static_and_default_are_external_type_2() -> None:
    net, _ = network(
        {
            "r1": router("r1", "10.0.0.1", p2p(GI, "10.1.0.0")),
            "asbr": router(
                "asbr",
                "10.0.0.2",
                p2p(GI, "10.1.0.1"),
                "interface GigabitEthernet0/0/1\n ip address 192.0.2.2 255.255.255.252",
                extra=" redistribute static subnets\n default-information originate",
            )
            + "ip route 0.0.0.0 0.0.0.0 192.0.2.1\nip route 172.16.0.0 255.255.0.0 192.0.2.1\n",
        },
        cables=[("r1", GI, "asbr", GI)],
    )
    rib = net.state().rib("r1")
    default = rib.get((0, 0))
    static = rib.get(parse_prefix("172.16.0.0/16"))
    assert default is not None and default.code == "O E2" and default.metric == 1
    assert static is not None and static.code == "O E2" and static.metric == 20
    assert static.hops == ((GI, ip_int("10.1.0.1")),)


def test_a_change_in_one_area_leaves_other_areas_spf_alone() -> None:
    net, boxes = network(
        {
            "bb": router("bb", "10.0.0.1", p2p(GI, "10.1.0.0", 0), p2p(GI1, "10.1.0.4", 0)),
            "a10": router("a10", "10.0.0.2", p2p(GI, "10.1.0.1", 0), p2p(GI1, "10.1.0.2", 10)),
            "l10": router("l10", "10.0.0.3", p2p(GI, "10.1.0.3", 10), area=10),
            "a20": router("a20", "10.0.0.4", p2p(GI, "10.1.0.5", 0), p2p(GI1, "10.1.0.6", 20)),
            "l20": router("l20", "10.0.0.5", p2p(GI, "10.1.0.7", 20), area=20),
        },
        cables=[
            ("bb", GI, "a10", GI),
            ("a10", GI1, "l10", GI),
            ("bb", GI1, "a20", GI),
            ("a20", GI1, "l20", GI),
        ],
    )
    st = net.state()
    for dev in net.devices:
        st.rib(dev).routes  # noqa: B018 - compute every table once
    area20, backbone = st.graphs[20], st.graphs[0]
    runs20 = area20.runs
    boxes["l10"].configure("interface Loopback1", " ip address 10.0.9.9 255.255.255.255")
    boxes["l10"].configure("interface Loopback1", " ip ospf 1 area 10")
    st2 = net.state()
    assert st2 is not st
    # only the changed device's config was read again
    assert [d for d in net.devices if st2.facts[d] is not st.facts[d]] == ["l10"]
    assert st2.graphs[20] is area20 and st2.graphs[0] is backbone  # same database: reused
    assert st2.graphs[10] is not st.graphs[10]
    for dev in net.devices:
        st2.rib(dev).routes  # noqa: B018
    assert area20.runs == runs20  # no SPF ran again in area 20
    new = st2.rib("l20").lookup(ip_int("10.0.9.9"))
    assert new is not None and new.code == "O IA"  # the new prefix still reached it


def test_a_full_table_is_what_each_prefix_resolves_to() -> None:
    from tbwan.lab.network import Network

    from .conftest import cabling, intended, sources

    names = ["tb-ubnd-vuthu-rt01", "tb-13195-hong-ly-rt01", "tb-ttthdl-core01", "tb-dcdp-rt01"]
    net = Network(cabling(), sources(intended()))
    st = net.state()
    for name in names:
        table = st.rib(name).routes
        assert len(table) > 1000
        assert all(st.rib(name).get(p) == r for p, r in table.items()), name
