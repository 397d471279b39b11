"""The DIC firewall as a Juniper SRX in the network model: OSPF, IPsec with an IOS peer,
zones and routes, read from its Junos ``set`` configuration."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tbwan.inventory.models import Inventory
from tbwan.lab.config_tree import parse_config
from tbwan.lab.network.addr import ip_int, parse_prefix
from tbwan.lab.network.cabling import Cabling
from tbwan.lab.network.facts import digest
from tbwan.lab.network.junos_oper import cli_text
from tbwan.lab.network.junos_zones import PERMIT
from tbwan.lab.network.model import Network
from tbwan.lab.network.readjunos import parse_junos_facts

from .helpers import Box, p2p, router
from .helpers import network as small_network
from .srx import FW, ROOT, Srx, crypto_lines, spoke_config, srx_inventory, srx_network

GOLDEN = ROOT / "tests" / "fixtures" / "render" / "junos" / f"{FW}.set"
BACKUP = "tb-dcdp-rt01"
COMMUNE = "tb-12433-le-hong-phong"
SERVICE = ip_int("10.34.16.10")


# -- parse_junos_facts on the rendered firewall ---------------------------------------------
def test_units_are_the_interfaces_with_their_ports_as_parents() -> None:
    f = parse_junos_facts(GOLDEN.read_text(encoding="utf-8"))
    assert f.hostname == FW
    ge1 = f.interfaces["ge-0/0/1.0"]
    assert (ge1.ip, ge1.plen) == (ip_int("10.34.4.2"), 31)
    assert (ge1.parent, ge1.kind) == ("ge-0/0/1", "ether")
    assert f.interfaces["ge-0/0/1"].ip is None
    assert f.interfaces["lo0.0"].kind == "loopback"
    assert f.interfaces["st0.0"].unnumbered == "lo0.0"
    assert f.interfaces["st0.0"].kind == "template"  # multipoint, dynamic peers
    assert f.interfaces["st0.100"].kind == "tunnel"


def test_ospf_areas_types_and_passive() -> None:
    f = parse_junos_facts(GOLDEN.read_text(encoding="utf-8"))
    (proc,) = f.ospf
    assert proc.router_id == ip_int("10.34.0.1") and proc.ref_bw_mbps == 10000
    assert proc.is_passive("lo0.0") and not proc.is_passive("ge-0/0/0.0")
    in_ospf = {n for n, i in f.interfaces.items() if i.ospf_area == 0}
    assert in_ospf == {"lo0.0", "ge-0/0/0.0", "ge-0/0/1.0", "ge-0/0/2.0", "st0.0", "st0.100"}
    assert f.interfaces["ge-0/0/1.0"].ospf_net == "point-to-point"
    assert f.interfaces["st0.0"].ospf_net == "point-to-multipoint"
    assert f.interfaces["ge-0/0/3.0"].ospf_area is None


def test_route_based_vpn_and_its_crypto_in_ios_terms() -> None:
    f = parse_junos_facts(GOLDEN.read_text(encoding="utf-8"))
    st = f.interfaces["st0.100"]
    assert st.tunnel_source == "ge-0/0/3.0" and st.tunnel_dest == ip_int("198.51.100.10")
    assert f.crypto.isakmp_policies == (
        ("authentication pre-share", "encryption aes 256", "group 14", "hash sha256"),
    )
    assert f.crypto.transforms(st.tunnel_profile) == ("esp-aes", "256", "esp-sha256-hmac")
    assert f.crypto.key_for(ip_int("198.51.100.10")) == digest("<removed>")
    assert f.crypto.key_for(ip_int("192.0.2.7")) == digest("<removed>")  # the dynamic gateway


def test_junos_encoded_keys_are_read_as_typed() -> None:
    from netutils.password import encrypt_juniper_type9

    text = GOLDEN.read_text(encoding="utf-8").replace(
        'pre-shared-key ascii-text "<removed>"',
        f'pre-shared-key ascii-text "{encrypt_juniper_type9("psk-1")}"',
    )
    f = parse_junos_facts(text)
    assert f.crypto.key_for(ip_int("198.51.100.10")) == digest("psk-1")


def test_zones_policies_and_host_inbound() -> None:
    f = parse_junos_facts(GOLDEN.read_text(encoding="utf-8"))
    permitted = {p for p, v in f.zone_pairs.items() if v in f.inspect_icmp}
    assert permitted == {("WAN", "DIC"), ("DIC", "WAN"), ("VPN", "DIC"), ("DIC", "VPN")}
    assert f.interfaces["ge-0/0/3.0"].zone == "INTERNET"
    assert f.self_icmp is not None and "ge-0/0/0.0" in f.self_icmp
    no_ping = "\n".join(
        ln for ln in GOLDEN.read_text(encoding="utf-8").splitlines()
        if ln != "set security zones security-zone WAN host-inbound-traffic system-services ping"
    )  # fmt: skip
    f2 = parse_junos_facts(no_ping)
    assert f2.self_icmp is not None and "ge-0/0/0.0" not in f2.self_icmp
    permit_all = no_ping + "\nset security policies default-policy permit-all\n"
    assert parse_junos_facts(permit_all).zone_pairs[("INTERNET", "WAN")] == PERMIT


def test_disabled_port_and_deactivated_lines() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    f = parse_junos_facts(text + "set interfaces ge-0/0/1 disable\n")
    assert not f.interfaces["ge-0/0/1"].admin_up
    f = parse_junos_facts(text + "deactivate protocols ospf area 0.0.0.0 interface ge-0/0/2.0\n")
    assert f.interfaces["ge-0/0/2.0"].ospf_area is None


# -- the province with the SRX ------------------------------------------------------------
@pytest.fixture(scope="module")
def inv(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    """The inventory with the firewall as an SRX."""
    return srx_inventory(tmp_path_factory.mktemp("srx"))


def _only(inv: Inventory) -> set[str]:
    commune = inv.site(COMMUNE)
    sites = {"tb-ttthdl", "tb-dcdp", COMMUNE, commune.hub or ""}
    return {d.name for s in inv.sites if s.slug in sites for d in s.devices}


@pytest.fixture
def net(inv: Inventory) -> tuple[Network, dict[str, Box | Srx]]:
    """The DIC, the backup site, a commune and its hub; fresh per test."""
    return srx_network(inv, _only(inv))


Net = tuple[Network, dict[str, Box | Srx]]


def test_the_srx_is_full_with_core_edge_and_backup(net: Net) -> None:
    st = net[0].state()
    seen = {(a.peer, a.iface, a.state) for a in st.neighbors(FW)}
    assert seen == {
        ("tb-ttthdl-edge01", "ge-0/0/0.0", "FULL"),
        ("tb-ttthdl-core01", "ge-0/0/1.0", "FULL"),
        ("tb-ttthdl-core02", "ge-0/0/2.0", "FULL"),
        (BACKUP, "st0.100", "FULL"),
    }
    back = {a.device for a in st.adjacencies if a.peer == FW and a.state == "FULL"}
    assert back == {"tb-ttthdl-edge01", "tb-ttthdl-core01", "tb-ttthdl-core02", BACKUP}


def test_ipsec_to_the_ios_backup_router_follows_its_key(
    net: tuple[Network, dict[str, Box | Srx]],
) -> None:
    network, sources = net
    tunnel = next(t for t in network.state().tunnels if t.device == FW and t.name == "st0.100")
    assert tunnel.up and tunnel.peer == BACKUP
    box = sources[BACKUP]
    assert isinstance(box, Box)
    box.configure("crypto isakmp key other-key address 203.0.113.2")
    st = network.state()
    tunnel = next(t for t in st.tunnels if t.device == FW and t.name == "st0.100")
    assert not tunnel.up and tunnel.reason == "ISAKMP pre-shared keys differ"
    assert BACKUP not in {a.peer for a in st.neighbors(FW)}


def test_ipsec_needs_the_same_proposals(net: tuple[Network, dict[str, Box | Srx]]) -> None:
    network, sources = net
    srx = sources[FW]
    assert isinstance(srx, Srx)
    srx.commit(
        srx.text.replace(
            "set security ike proposal TBWAN-IKE dh-group group14",
            "set security ike proposal TBWAN-IKE dh-group group5",
        )
    )
    tunnel = next(t for t in network.state().tunnels if t.name == "st0.100")
    assert not tunnel.up and tunnel.reason == "no matching ISAKMP policy"


def test_routes_cross_the_srx_both_ways(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    st = net[0].state()
    backup_lan = parse_prefix(str(inv.site("tb-dcdp").prefixes[0].prefix))
    route = st.rib("tb-ttthdl-core01").get(backup_lan)
    assert route is not None and route.code.startswith("O")
    assert route.hops[0][1] == ip_int("10.34.4.2")  # via the SRX's ge-0/0/1.0
    at_srx = st.rib(FW).get(backup_lan)
    assert at_srx is not None and at_srx.hops[0][0] == "st0.100"
    services = st.rib(BACKUP).lookup(SERVICE)
    assert services is not None and services.hops[0][0] == "Tunnel100"


def test_a_commune_pings_the_dic_through_the_srx(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    network = net[0]
    rt = inv.site(COMMUNE).devices[0].name
    st = network.state()
    src = network.source_address(st, rt, SERVICE, None)
    assert src is not None
    req, rep = network.trip(st, rt, SERVICE, src)
    assert req.ok and rep is not None and rep.ok
    at_fw = [(h.in_if, h.out_if) for h in req.hops if h.device == FW]
    assert at_fw in ([("ge-0/0/0.0", "ge-0/0/1.0")], [("ge-0/0/0.0", "ge-0/0/2.0")])
    assert next(h.out_if for h in rep.hops if h.device == FW) == "ge-0/0/0.0"
    assert "!" in network.ping(rt, SERVICE).marks


def test_the_srx_answers_pings_only_where_its_zone_lets_them_in(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    network, sources = net
    rt = inv.site(COMMUNE).devices[0].name
    loop = ip_int("10.34.0.1")
    assert "!" in network.ping(rt, loop).marks
    srx = sources[FW]
    assert isinstance(srx, Srx)
    srx.commit(
        srx.text.replace(
            "set security zones security-zone WAN host-inbound-traffic system-services ping\n", ""
        )
    )
    assert network.ping(rt, loop).marks == "....."
    assert "!" in network.ping(rt, SERVICE).marks  # transit is the policies' business


def test_a_policy_that_denies_icmp_stops_transit(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    network, sources = net
    rt = inv.site(COMMUNE).devices[0].name
    srx = sources[FW]
    assert isinstance(srx, Srx)
    srx.commit(
        srx.text.replace(
            "from-zone WAN to-zone DIC policy TBWAN-INSPECT then permit",
            "from-zone WAN to-zone DIC policy TBWAN-INSPECT then deny",
        )
    )
    assert network.ping(rt, SERVICE).marks == "....."


def test_the_ios_path_reads_no_junos() -> None:
    net, _ = small_network(
        {"r1": router("r1", "10.0.0.1", p2p("Gi0/0", "10.1.0.0"))},
    )
    assert net.state().facts["r1"].self_icmp is None


def test_a_broadband_commune_dvti_to_the_srx_multipoint_st0(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    srx = net[1][FW]
    backup = net[1][BACKUP]
    assert isinstance(srx, Srx) and isinstance(backup, Box)
    crypto = [ln.replace("203.0.113.2", "0.0.0.0 0.0.0.0") for ln in crypto_lines(backup)]
    spoke = spoke_config(crypto)
    bb = Box(parse_config(spoke))
    hub = Srx(srx.text)
    network = Network(Cabling(inside=((0x0A000000, 8),)), {FW: hub, "bb": bb})
    st = network.state()
    up = {(t.device, t.name, t.peer, t.peer_if) for t in st.tunnels if t.up}
    assert ("bb", "Tunnel0", FW, "st0.0@100.64.5.2") in up
    assert [(a.peer, a.state) for a in st.neighbors(FW)] == [("bb", "FULL")]
    route = st.rib(FW).lookup(ip_int("10.34.1.200"))
    assert route is not None and route.hops[0][0] == "st0.0@100.64.5.2"
    assert network.ping("bb", ip_int("10.34.0.1"), "Loopback0").marks == "!!!!!"
    state = SimpleNamespace(
        device=SimpleNamespace(name=FW), network=network, running_set=hub.running_set
    )
    ospf = cli_text(state, "show ospf neighbor") or ""
    assert "st0.0 " in ospf and "@" not in ospf
    assert "st0.0@" not in (cli_text(state, "show interfaces terse") or "")
    bb.configure(
        "no crypto isakmp key <removed> address 0.0.0.0 0.0.0.0",
        "crypto isakmp key guessed address 0.0.0.0 0.0.0.0",
    )
    st = network.state()
    assert not any(t.up for t in st.tunnels) and st.neighbors(FW) == []


def test_a_dhcp_broadband_commune_takes_its_carrier_lease_to_the_srx(
    net: tuple[Network, dict[str, Box | Srx]],
) -> None:
    """As onboarding builds it: ``ip address dhcp`` on the broadband line, no static
    route; the carrier's lease gives the tunnel its source and the default route."""
    from tbwan.lab.network.addr import ip_str
    from tbwan.lab.network.cabling import CircuitInfo, End, LinkSpec
    from tbwan.lab.network.dhcp import lease
    from tbwan.lab.network.oper import oper_state
    from tbwan.lab.show import interfaces, ip_interface_brief

    srx, backup = net[1][FW], net[1][BACKUP]
    assert isinstance(srx, Srx) and isinstance(backup, Box)
    spoke = spoke_config(crypto_lines(backup), "ip address dhcp")
    line = LinkSpec(End("bb", "GigabitEthernet0/0/0"), None, "tbcl-900")
    cabling = Cabling(
        links=(line,),
        circuits={"tbcl-900": CircuitInfo("tbcl-900", "vnpt", "ipsec", 20000)},
        inside=((0x0A000000, 8),),
    )
    network = Network(cabling, {FW: Srx(srx.text), "bb": Box(parse_config(spoke))})
    addr, plen, gateway = lease("tbcl-900")
    st = network.state()
    wan = st.facts["bb"].interfaces["GigabitEthernet0/0/0"]
    assert (wan.ip, wan.plen) == (addr, plen)
    default = st.base_rib("bb").lookup(ip_int("203.0.113.2"))
    assert default is not None and default.hops == (("GigabitEthernet0/0/0", gateway),)
    assert default.distance == 254  # what IOS gives a DHCP default route
    up = {(t.device, t.name, t.peer, t.peer_if) for t in st.tunnels if t.up}
    assert ("bb", "Tunnel0", FW, f"st0.0@{ip_str(addr)}") in up
    assert [(a.peer, a.state) for a in st.neighbors(FW)] == [("bb", "FULL")]
    assert network.ping("bb", ip_int("10.34.0.1"), "Loopback0").marks == "!!!!!"
    # the router shows its lease as IOS does (method DHCP)
    iface = next(i for i in interfaces(parse_config(spoke), "C1111-8P") if i.name == wan.name)
    brief = ip_interface_brief([(iface, oper_state(network, "bb", wan.name, True))])
    assert brief.splitlines()[1].split() == [wan.name, ip_str(addr), "YES", "DHCP", "up", "up"]
    # the carrier's line down: no lease, so no tunnel source
    network.circuit_down("tbcl-900")
    st = network.state()
    assert st.facts["bb"].interfaces["GigabitEthernet0/0/0"].ip is None
    (tunnel,) = [t for t in st.tunnels if t.device == "bb"]
    assert not tunnel.up and tunnel.reason == "tunnel source or destination not usable"
    # uncabled (no carrier line in the lab): no lease either
    alone = Network(Cabling(inside=((0x0A000000, 8),)), {"bb": Box(parse_config(spoke))})
    assert alone.state().facts["bb"].interfaces["GigabitEthernet0/0/0"].ip is None


def test_values_junos_would_refuse_are_skipped() -> None:
    text = GOLDEN.read_text(encoding="utf-8") + "\n".join(
        [
            "set protocols ospf area 0.0.0.0 interface ge-0/0/1.0 metric lots",
            "set security ike gateway GW-X address vpn.example",
            "set routing-options static route 10.99.0.0/99 next-hop 10.3.0.1",
            "set interfaces ge-0/0/5 unit 0 family inet address 10.1.2.3/99x",
        ]
    )
    f = parse_junos_facts(text)
    assert f.interfaces["ge-0/0/1.0"].cost is None
    assert len(f.statics) == 1 and f.interfaces["ge-0/0/5.0"].ip is None


def test_the_platform_decides_how_a_source_is_read() -> None:
    from dataclasses import dataclass

    from tbwan.lab.network.model import Network

    @dataclass
    class SrxWithTree(Srx):
        running: object = None  # a Junos state may keep a tree of its own

    srx = SrxWithTree(GOLDEN.read_text(encoding="utf-8"))
    net = Network(Cabling(), {FW: srx})
    assert "st0.100" in net.state().facts[FW].interfaces
    srx.commit(srx.text.replace("unit 100 ", "unit 101 "))
    assert "st0.101" in net.state().facts[FW].interfaces


def test_host_inbound_categories_and_except() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    f = parse_junos_facts(text)
    assert f.ike_ifaces == frozenset({"ge-0/0/3.0"})
    assert not f.ospf[0].is_passive("ge-0/0/1.0")
    zone_all = "set security zones security-zone DIC host-inbound-traffic system-services all\n"
    except_ping = (
        "set security zones security-zone DIC interfaces ge-0/0/1.0 "
        "host-inbound-traffic system-services ping except\n"
    )
    f = parse_junos_facts(text + zone_all + except_ping)
    assert f.self_icmp is not None
    assert "ge-0/0/1.0" not in f.self_icmp  # the interface's own setting replaces the zone's
    assert "ge-0/0/2.0" in f.self_icmp


def test_a_zone_that_does_not_hear_ospf_forms_no_adjacency(net: Net) -> None:
    network, sources = net
    srx = sources[FW]
    assert isinstance(srx, Srx)
    srx.commit(
        srx.text.replace(
            "set security zones security-zone DIC host-inbound-traffic protocols ospf\n", ""
        )
    )
    peers = {a.peer for a in network.state().neighbors(FW)}
    assert peers == {"tb-ttthdl-edge01", BACKUP}


def test_ike_must_be_let_in_on_the_gateway_interface(net: Net) -> None:
    network, sources = net
    srx = sources[FW]
    assert isinstance(srx, Srx)
    srx.commit(
        srx.text.replace(
            "set security zones security-zone INTERNET host-inbound-traffic system-services ike\n",
            "",
        )
    )
    tunnel = next(t for t in network.state().tunnels if t.name == "st0.100")
    assert not tunnel.up and tunnel.reason == f"{FW} does not let IKE in on ge-0/0/3.0"


def test_the_lo0_filter_guards_the_srx_itself(
    inv: Inventory, net: tuple[Network, dict[str, Box | Srx]]
) -> None:
    from tbwan.lab.network.facts import AclEntry

    f = parse_junos_facts(GOLDEN.read_text(encoding="utf-8"))
    # the MGMT and NO-MGMT terms match TCP ports only: ICMP meets the REST term
    assert f.self_acl == (AclEntry(True, "ip", (0, 0), (0, 0), None),)
    network, sources = net
    rt = inv.site(COMMUNE).devices[0].name
    loop = ip_int("10.34.0.1")
    srx = sources[FW]
    assert isinstance(srx, Srx)
    icmp_from_mgmt = "\n".join(
        f"set firewall family inet filter PROTECT-RE term ICMP-MGMT {x}"
        for x in ("from source-prefix-list TBWAN-MGMT", "from protocol icmp", "then accept")
    )
    srx.commit(
        srx.text.replace(
            "set firewall family inet filter PROTECT-RE term REST then accept\n",
            icmp_from_mgmt
            + "\nset firewall family inet filter PROTECT-RE term REST then discard\n",
        )
    )
    assert network.ping(rt, loop).marks == "....."  # the commune is not management
    assert network.ping(rt, SERVICE).marks != "....."  # transit is not the RE's business
    assert "!" in network.ping("tb-ttthdl-core01", loop, "Vlan30").marks  # 10.34.16.0/24
    assert network.ping(FW, ip_int("10.34.0.2")).marks == "....."  # replies are filtered too


def test_ios_neighbours_see_the_srx_by_lldp_not_cdp(net: Net) -> None:
    from tbwan.lab.network.show_l2 import cdp, lldp

    core = SimpleNamespace(name="tb-ttthdl-core01")
    s = SimpleNamespace(state=SimpleNamespace(network=net[0], device=core))
    assert FW in lldp(s, [])
    assert FW not in cdp(s, []) and "tb-ttthdl-core02" in cdp(s, [])


def test_every_truncated_or_odd_statement_reads_without_error() -> None:
    """The model reads whatever a commit left (it runs for every device on every question):
    no cut-off or odd statement may break it, alone or among the others."""
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines)
    for line in lines:
        words = line.split()
        for k in range(2, len(words) + 1):
            for odd in (words[:k], [*words[:k], "x"], [*words[:k], "1.2.3"]):
                assert parse_junos_facts(" ".join(odd)).hostname
        assert parse_junos_facts(f"{body}\n{' '.join(words[:-1])} x\n").interfaces
