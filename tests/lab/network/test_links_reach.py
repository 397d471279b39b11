"""Links, circuits, reachability, ACLs, zones, tunnels, HSRP and power in the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tbwan.errors import LabError
from tbwan.lab.network.addr import ip_int

from .helpers import network, p2p, router

FW = "tb-ttthdl-fw01"

GI = "GigabitEthernet0/0/0"
GI1 = "GigabitEthernet0/0/1"
TRUNK = "GigabitEthernet0/0/2"


def hub_and_commune():  # type: ignore[no-untyped-def]
    """A hub whose dot1q subinterface carries circuit c1 to a commune's untagged port."""
    return network(
        {
            "hub": router(
                "hub",
                "10.0.0.1",
                f"interface {TRUNK}\n no ip address",
                p2p(f"{TRUNK}.101", "10.1.0.0", 0, "encapsulation dot1Q 101"),
            ),
            "cm": router("cm", "10.0.0.2", p2p(GI, "10.1.0.1", 0)),
        },
        circuits=[("c1", "hub", f"{TRUNK}.101", 101, "cm", GI, None)],
    )


def test_circuit_down_takes_both_ends_down_and_back() -> None:
    net, _ = hub_and_commune()
    assert net.ping("hub", ip_int("10.0.0.2")).marks == "!!!!!"
    net.circuit_down("c1")
    st = net.state()
    assert not st.ports[("hub", f"{TRUNK}.101")].up
    assert not st.ports[("cm", GI)].up
    assert st.ports[("hub", TRUNK)].up  # the aggregation port itself stays up
    assert st.links["c1"].reason == "circuit c1 is down"
    assert net.ping("hub", ip_int("10.0.0.2")).marks == "....."
    net.circuit_up("c1")
    assert net.ping("hub", ip_int("10.0.0.2")).marks == "!!!!!"
    with pytest.raises(LabError, match="no circuit 'nope'"):
        net.circuit_down("nope")


def test_wrong_dot1q_tag_breaks_the_circuit() -> None:
    net, boxes = hub_and_commune()
    boxes["hub"].configure(f"interface {TRUNK}.101", " encapsulation dot1Q 102")
    st = net.state()
    assert not st.links["c1"].up and "not dot1Q 101" in st.links["c1"].reason
    assert st.neighbors("hub") == []


def test_shutting_the_hub_side_is_seen_at_the_commune() -> None:
    net, boxes = hub_and_commune()
    boxes["hub"].configure(f"interface {TRUNK}.101", " shutdown")
    st = net.state()
    assert st.ports[("hub", f"{TRUNK}.101")].reason == "administratively down"
    assert not st.ports[("cm", GI)].up


def test_power_off_is_seen_by_the_neighbour() -> None:
    net, _ = hub_and_commune()
    net.power("cm", False)
    st = net.state()
    assert not st.ports[("hub", f"{TRUNK}.101")].up
    assert "cm is powered off" in st.links["c1"].reason
    net.power("cm", True)
    assert net.state().ports[("hub", f"{TRUNK}.101")].up


def test_duplex_mismatch_stays_up_with_errors_and_speed_mismatch_is_down() -> None:
    cable = [("a", GI, "b", GI)]
    net, boxes = network(
        {
            "a": router("a", "10.0.0.1", p2p(GI, "10.1.0.0", 0, "speed 100;duplex full")),
            "b": router("b", "10.0.0.2", p2p(GI, "10.1.0.1", 0, "speed 100;duplex half")),
        },
        cables=cable,
    )
    st = net.state()
    assert st.ports[("a", GI)].up and st.ports[("a", GI)].errors
    assert st.ports[("b", GI)].duplex == "half" and not st.ports[("b", GI)].errors
    assert st.links[next(iter(st.links))].mismatch
    assert [a.state for a in st.neighbors("a")] == ["FULL"]
    boxes["b"].configure("interface GigabitEthernet0/0/0", " speed 10")
    assert not net.state().ports[("a", GI)].up


def three_in_a_row(acl: str = "", zone: str = ""):  # type: ignore[no-untyped-def]
    return network(
        {
            "r1": router("r1", "10.0.0.1", p2p(GI, "10.1.0.0")),
            "r2": router(
                "r2",
                "10.0.0.2",
                p2p(GI, "10.1.0.1", 0, acl),
                p2p(GI1, "10.1.0.2"),
            )
            + zone,
            "r3": router("r3", "10.0.0.3", p2p(GI, "10.1.0.3")),
        },
        cables=[("r1", GI, "r2", GI), ("r2", GI1, "r3", GI)],
    )


def test_an_interface_acl_denying_echo_answers_unreachable() -> None:
    deny = "ip access-group NO-PING in"
    net, boxes = three_in_a_row(deny)
    assert net.ping("r1", ip_int("10.0.0.3"), "Loopback0").marks == "!!!!!"  # undefined ACL
    boxes["r2"].configure(
        "ip access-list extended NO-PING",
        " deny icmp any host 10.0.0.3 echo",
        " permit ip any any",
    )
    assert net.ping("r1", ip_int("10.0.0.3"), "Loopback0").marks == "U.U.U"
    assert net.ping("r1", ip_int("10.0.0.2"), "Loopback0").marks == "!!!!!"


def test_zone_pairs_pass_icmp_only_where_an_inspect_policy_says_so() -> None:
    policy = (
        "class-map type inspect match-any T\n match protocol icmp\n"
        "policy-map type inspect P\n class type inspect T\n  inspect\n"
        "zone security IN\nzone security OUT\n"
    )
    net, boxes = three_in_a_row("zone-member security OUT", policy)
    boxes["r2"].configure("interface GigabitEthernet0/0/1", " zone-member security IN")
    assert net.ping("r1", ip_int("10.0.0.3"), "Loopback0").marks == "....."
    boxes["r2"].configure(
        "zone-pair security O2I source OUT destination IN", " service-policy type inspect P"
    )
    assert net.ping("r1", ip_int("10.0.0.3"), "Loopback0").marks == "!!!!!"
    assert net.ping("r3", ip_int("10.0.0.1"), "Loopback0").marks == "....."  # no IN->OUT pair


CRYPTO = """crypto isakmp policy 10
 encryption aes 256
 authentication pre-share
crypto isakmp key {key} address {peer}
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
crypto ipsec profile VTI
 set transform-set TS
interface Tunnel0
 ip address {tun} 255.255.255.254
 ip ospf 1 area 0
 tunnel source GigabitEthernet0/0/0
 tunnel mode ipsec ipv4
 tunnel destination {peer}
 tunnel protection ipsec profile VTI
interface GigabitEthernet0/0/0
 ip address {wan} 255.255.255.248
ip route 0.0.0.0 0.0.0.0 {gw}
"""


def vpn(key_b: str = "k1"):  # type: ignore[no-untyped-def]
    a = CRYPTO.format(
        key="k1", peer="198.51.100.10", tun="10.8.0.0", wan="203.0.113.2", gw="203.0.113.1"
    )
    b = CRYPTO.format(
        key=key_b, peer="203.0.113.2", tun="10.8.0.1", wan="198.51.100.10", gw="198.51.100.9"
    )
    return network({"a": router("a", "10.0.0.1") + a, "b": router("b", "10.0.0.2") + b})


def test_vti_comes_up_over_the_internet_with_matching_keys() -> None:
    net, _ = vpn()
    st = net.state()
    assert [(t.device, t.up) for t in st.tunnels] == [("a", True), ("b", True)]
    assert [(a.peer, a.state) for a in st.neighbors("a")] == [("b", "FULL")]
    assert net.ping("a", ip_int("10.0.0.2"), "Loopback0").marks == "!!!!!"


def test_wrong_psk_keeps_the_vti_down() -> None:
    net, boxes = vpn(key_b="other")
    st = net.state()
    assert not any(t.up for t in st.tunnels)
    assert st.tunnels[0].reason == "ISAKMP pre-shared keys differ"
    assert st.neighbors("a") == []
    boxes["b"].configure("crypto isakmp key k1 address 203.0.113.2")
    assert all(t.up for t in net.state().tunnels)


HSRP = """interface Vlan30
 ip address 10.16.0.{me} 255.255.255.0
 standby version 2
 standby 1 ip 10.16.0.1
 standby 1 priority {prio}
 standby 1 preempt
vlan 30
interface GigabitEthernet1/0/2
 switchport trunk allowed vlan 30
 switchport mode trunk
"""


def test_hsrp_active_by_priority_and_failover() -> None:
    net, boxes = network(
        {
            "c1": "hostname c1\n" + HSRP.format(me=2, prio=110),
            "c2": "hostname c2\n" + HSRP.format(me=3, prio=100),
        },
        cables=[("c1", "GigabitEthernet1/0/2", "c2", "GigabitEthernet1/0/2")],
    )
    st = net.state()
    assert {(h.device, h.state) for h in st.hsrp} == {("c1", "Active"), ("c2", "Standby")}
    assert st.owns("c1", ip_int("10.16.0.1")) and not st.owns("c2", ip_int("10.16.0.1"))
    boxes["c1"].configure("interface Vlan30", " shutdown")
    assert {(h.device, h.state) for h in net.state().hsrp} == {("c2", "Active")}


def test_a_degraded_circuit_adds_latency_and_loses_packets() -> None:
    net, _ = hub_and_commune()
    base = net.ping("hub", ip_int("10.0.0.2"), count=20)
    net.degrade("c1", loss=0.0, latency_ms=40)
    slow = net.ping("hub", ip_int("10.0.0.2"), count=20)
    assert slow.marks == "!" * 20 and min(slow.rtts) >= 80 > max(base.rtts)
    net.degrade("c1", loss=0.5, latency_ms=0)
    lossy = net.ping("hub", ip_int("10.0.0.2"), count=200).marks
    assert 0 < lossy.count(".") < 200 and lossy.count("!") > 0
    with pytest.raises(LabError, match="loss between 0 and 1"):
        net.degrade("c1", loss=2)
    net.circuit_up("c1")
    assert net.ping("hub", ip_int("10.0.0.2")).marks == "!!!!!"


def test_dvti_broadband_commune_clones_a_virtual_access_on_the_dic_firewall(
    tmp_path: Path,
) -> None:
    """The IOS firewall template's DVTI (the inventory's firewall is an SRX: its own
    multipoint st0 is tests/lab/network/test_junos_model.py's)."""
    from tbwan.render.engine import render_inventory

    from .conftest import ROOT, intended
    from .srx import spoke_config, srx_inventory

    ios = render_inventory(srx_inventory(tmp_path, ios=True), ROOT / "templates", only={FW})
    configs = {**intended(), **ios}
    crypto = [
        line
        for line in configs["tb-dcdp-rt01"].split("ip ssh version 2")[0].splitlines()
        if line.startswith(("crypto", " "))
    ]
    spoke = spoke_config(crypto)
    fw = FW
    net, boxes = network({fw: configs[fw], "bb": spoke})
    st = net.state()
    up = {(t.device, t.name, t.peer, t.peer_if) for t in st.tunnels if t.up}
    assert ("bb", "Tunnel0", fw, "Virtual-Access1") in up
    assert (fw, "Virtual-Access1", "bb", "Tunnel0") in up
    assert [(a.peer, a.iface, a.state) for a in st.neighbors(fw)] == [
        ("bb", "Virtual-Access1", "FULL")
    ]
    route = st.rib(fw).lookup(ip_int("10.34.1.200"))
    assert route is not None and route.hops[0][0] == "Virtual-Access1"
    assert net.ping("bb", ip_int("10.34.0.1"), "Loopback0").marks == "!!!!!"
    boxes["bb"].configure(
        "no crypto isakmp key <removed> address 203.0.113.2",
        "crypto isakmp key guessed address 203.0.113.2",
    )
    st = net.state()
    assert not any(t.up for t in st.tunnels)
    assert st.neighbors(fw) == []


def test_start_faults_apply_when_the_network_is_attached() -> None:
    from tbwan.lab.network import StartFaults, attach_network

    first, boxes = hub_and_commune()
    cab = first.cabling
    net = attach_network(boxes, cab, StartFaults(circuits_down=("c1",)))
    assert net is not None and all(b.network is net for b in boxes.values())  # type: ignore[attr-defined]
    assert not net.state().links["c1"].up
    net = attach_network(boxes, cab, StartFaults(powered_off=("cm",)))
    assert net is not None and "cm is powered off" in net.state().links["c1"].reason
    with pytest.raises(LabError, match="no device 'nope'"):
        attach_network(boxes, cab, StartFaults(powered_off=("nope",)))
    assert attach_network(boxes, None) is None


def test_cabling_round_trips_through_its_cache(tmp_path: Path) -> None:
    from tbwan.lab.network.cabling import cabling_from_json, cabling_to_json, cached_cabling

    from .conftest import cabling, province

    cab = cabling()
    assert cabling_from_json(json.loads(json.dumps(cabling_to_json(cab)))) == cab
    path = tmp_path / "cabling-cache.json"
    calls: list[int] = []

    def inventory():  # type: ignore[no-untyped-def]
        calls.append(1)
        return province()

    assert cached_cabling(path, "k1", inventory) == cab
    assert cached_cabling(path, "k1", inventory) == cab and len(calls) == 1  # from the file
    assert cached_cabling(path, "k2", inventory) == cab and len(calls) == 2  # stale key


def test_cutting_the_dic_trunk_circuit_isolates_every_dedicated_line() -> None:
    from tbwan.lab.network import Network

    from .conftest import cabling, intended, sources

    net = Network(cabling(), sources(intended()))
    edge, svc = "tb-ttthdl-edge01", ip_int("10.34.16.10")
    assert len(net.state().neighbors(edge)) == 52  # 51 sites and the firewall
    net.circuit_down("tbdl-004")  # the edge's own line to the carrier node
    st = net.state()
    assert [a.peer for a in st.neighbors(edge)] == ["tb-ttthdl-fw01"]
    assert "circuit tbdl-004 is down" in st.links["tbdl-052"].reason  # a hub's line rides on it
    assert net.ping("tb-ubnd-vuthu-rt01", svc, "Loopback0").marks == "....."
    assert net.ping("tb-dcdp-rt01", svc, "Loopback0").marks == "!!!!!"  # the VPN does not
    # inside a district, the communes still reach their hub
    assert net.ping("tb-13195-hong-ly-rt01", ip_int("10.34.0.54"), "Loopback0").marks == "!!!!!"


def test_an_unconfigured_port_is_the_hardware_default_but_a_subinterface_must_exist() -> None:
    net, _ = network(
        {"rt": router("rt", "10.0.0.1", p2p(GI, "10.1.0.0")), "sw": "hostname sw\n"},
        cables=[("rt", GI, "sw", "GigabitEthernet0/1")],
    )
    assert net.state().ports[("rt", GI)].up  # the factory-fresh switch's port answers
    net2, _ = hub_and_commune()
    net2.devices["hub"].configure("no interface GigabitEthernet0/0/2.101")  # type: ignore[attr-defined]
    st = net2.state()
    assert not st.ports[("cm", GI)].up
    assert st.links["c1"].reason == f"hub has no interface {TRUNK}.101"
