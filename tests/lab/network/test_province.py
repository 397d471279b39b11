"""The province lab as a network, driven through real Netmiko + TextFSM (ntc-templates)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler

from tbwan.inventory.models import Role
from tbwan.lab import Credentials, Lab
from tbwan.lab.network.addr import ip_int, ip_str, parse_prefix
from tbwan.platforms import IOS, get_platform

from .conftest import province

pytestmark = pytest.mark.lab

SERVICE = "10.34.16.10"


def _hubs() -> list[Any]:
    return [d for d in province().devices if d.role == Role.HUB_ROUTER]


@pytest.fixture(scope="module")
def cli(province_lab: Lab, creds: Credentials) -> Iterator[Any]:
    """``cli(host, command, textfsm=False)`` over one cached Netmiko session per host."""
    conns: dict[str, Any] = {}

    def run(host: str, command: str, textfsm: bool = False) -> Any:
        if host not in conns:
            platform = get_platform(next(d.platform for d in province().devices if d.name == host))
            conns[host] = ConnectHandler(
                device_type=platform.netmiko_device_type,
                host="127.0.0.1",
                port=province_lab.ports[host],
                username=creds.username,
                password=creds.password,
                secret=creds.enable_secret,
            )
            conns[host].enable()
        return conns[host].send_command(command, use_textfsm=textfsm, read_timeout=30)

    yield run
    for conn in conns.values():
        conn.disconnect()


def _planned_links(name: str) -> int:
    dev = next(d for d in province().devices if d.name == name)
    return sum(1 for i in dev.interfaces if i.peer_device and i.ospf_area is not None)


def test_every_hub_has_a_full_adjacency_per_planned_link(cli: Any) -> None:
    for hub in _hubs():
        rows = cli(hub.name, "show ip ospf neighbor", textfsm=True)
        full = [r for r in rows if r["state"].startswith("FULL")]
        assert len(full) == _planned_links(hub.name), hub.name
        assert len(rows) == len(full)


def test_every_commune_lan_is_at_the_dic_core_via_its_hub(cli: Any, province_lab: Lab) -> None:
    rows = cli("tb-ttthdl-core01", "show ip route", textfsm=True)
    at_core = {f"{r['network']}/{r['prefix_length']}": r for r in rows}
    st = province_lab.server.network.state()
    inv = province()
    for site in inv.sites:
        if site.kind != "commune":
            continue
        hub = inv.site(site.hub or "").devices[0]
        wan = next(i for i in hub.interfaces if i.peer_device == "tb-ttthdl-edge01")
        for p in site.prefixes:
            assert at_core[str(p.prefix)]["protocol"] == "O", p.prefix
            assert at_core[str(p.prefix)]["type"] == "IA", p.prefix
            # the edge hands the commune's LAN to the hub's WAN address
            route = st.rib("tb-ttthdl-edge01").get(parse_prefix(str(p.prefix)))
            assert route is not None and ip_str(route.hops[0][1] or 0) == str(wan.ipv4.ip)


def test_ping_the_dic_services_from_every_site(province_lab: Lab, cli: Any) -> None:
    net = province_lab.server.network
    routers = {
        d.name: get_platform(d.platform).loopback
        for d in province().devices
        if not d.name.endswith("-sw01")
    }
    failed = [h for h, lo in routers.items() if net.ping(h, ip_int(SERVICE), lo).marks != "!!!!!"]
    assert failed == []
    # and over SSH, as IOS prints it, from a hub, a commune, a CE and the backup site
    for host in ("tb-ubnd-vuthu-rt01", "tb-13195-hong-ly-rt01", "tb-sonv-rt01", "tb-dcdp-rt01"):
        out = cli(host, f"ping {SERVICE} source Loopback0")
        assert "!!!!!" in out and "Success rate is 100 percent (5/5)" in out, host


def _st0_100(cli: Any) -> list[str]:
    """The SRX's ``st0.100`` line of ``show interfaces terse``: name, admin, link, ..."""
    out = cli("tb-ttthdl-fw01", "show interfaces terse")
    return next(line.split() for line in out.splitlines() if line.startswith("st0.100 "))


def test_the_backup_site_vti_is_up(cli: Any) -> None:
    assert _st0_100(cli)[:3] == ["st0.100", "up", "up"]
    assert "QM_IDLE" in cli("tb-dcdp-rt01", "show crypto isakmp sa")
    rows = cli("tb-dcdp-rt01", "show ip ospf neighbor", textfsm=True)
    assert [(r["neighbor_id"], r["interface"]) for r in rows] == [("10.34.0.1", "Tunnel100")]


def test_cutting_one_commune_circuit_cuts_that_commune_only(province_lab: Lab, cli: Any) -> None:
    net = province_lab.server.network
    before = {n: {(a.peer, a.state) for a in net.state().neighbors(n)} for n in net.devices}
    commune, hub, cid = "tb-13195-hong-ly-rt01", "tb-ubnd-vuthu-rt01", "tbcl-258"
    lan = "10.34.192.64/27"
    net.circuit_down(cid)
    try:
        after = {n: {(a.peer, a.state) for a in net.state().neighbors(n)} for n in net.devices}
        changed = {n for n in before if before[n] != after[n]}
        assert changed == {commune, hub}
        assert after[commune] == set()
        assert before[hub] - after[hub] == {(commune, "FULL")}
        rows = cli(hub, "show ip ospf neighbor", textfsm=True)
        assert len(rows) == _planned_links(hub) - 1
        core = cli("tb-ttthdl-core01", "show ip route", textfsm=True)
        assert lan not in {f"{r['network']}/{r['prefix_length']}" for r in core}
        assert "% Network not in table" in cli("tb-ttthdl-core01", "show ip route 10.34.192.65")
        assert "Success rate is 0 percent" in cli(commune, f"ping {SERVICE} source Loopback0")
        assert "Success rate is 0 percent" in cli("tb-ttthdl-core01", "ping 10.34.1.57")
        assert "line protocol is down" in cli(hub, "show interfaces GigabitEthernet0/0/2.102")
        # its neighbour commune on the same hub is untouched
        assert "!!!!!" in cli("tb-13192-vu-thu-rt01", f"ping {SERVICE} source Loopback0")
    finally:
        net.circuit_up(cid)
    restored = {n: {(a.peer, a.state) for a in net.state().neighbors(n)} for n in net.devices}
    assert restored == before
    assert "!!!!!" in cli(commune, f"ping {SERVICE} source Loopback0")
    assert lan in cli("tb-ttthdl-core01", "show ip route | include 10.34.192.64")


def _adjacencies(net: Any) -> dict[str, set[tuple[str, str]]]:
    st = net.state()
    return {n: {(a.peer, a.state) for a in st.neighbors(n)} for n in net.devices}


def _misconfigure(
    lab: Lab, host: str, change: list[str], undo: list[str], audit_sees: bool = True
) -> Iterator[dict[str, set[tuple[str, str]]]]:
    """Yield the adjacencies that ``change`` broke (after checking what the config audit
    says about it), then undo it and check everything is back."""
    from tbwan.diff.compare import diff_configs

    from .conftest import intended

    net = lab.server.network
    before = _adjacencies(net)
    assert lab.apply_config(host, change) == ""
    try:
        drift = diff_configs(host, intended()[host], lab.running_config(host), platform=IOS)
        assert drift.compliant is not audit_sees
        yield {n: before[n] ^ a for n, a in _adjacencies(net).items() if a != before[n]}
    finally:
        assert lab.apply_config(host, undo) == ""
    assert _adjacencies(net) == before


def test_hub_downlink_in_the_wrong_area_cuts_that_commune(province_lab: Lab, cli: Any) -> None:
    hub, commune = "tb-ubnd-vuthu-rt01", "tb-13195-hong-ly-rt01"
    port = "interface GigabitEthernet0/0/2.102"
    for lost in _misconfigure(
        province_lab,
        hub,
        [port, " no ip ospf 1 area 344", " ip ospf 1 area 0"],
        [port, " no ip ospf 1 area 0", " ip ospf 1 area 344"],
    ):
        assert lost == {hub: {(commune, "FULL")}, commune: {(hub, "FULL")}}
        brief = {r["interface"]: r for r in cli(hub, "show ip ospf interface brief", True)}
        assert brief["Gi0/0/2.102"]["area"] == "0" and brief["Gi0/0/2.102"]["neighbors_fc"] == "0/0"
        assert "% Network not in table" in cli("tb-ttthdl-core01", "show ip route 10.34.192.65")
        assert "Success rate is 0 percent" in cli(commune, f"ping {SERVICE} source Loopback0")


def test_mismatched_hello_timer_drops_only_that_adjacency(province_lab: Lab) -> None:
    commune, hub = "tb-13192-vu-thu-rt01", "tb-ubnd-vuthu-rt01"
    port = "interface GigabitEthernet0/0/0"
    for lost in _misconfigure(
        province_lab,
        commune,
        [port, " ip ospf hello-interval 5"],
        [port, " no ip ospf hello-interval 5"],
    ):
        assert lost == {hub: {(commune, "FULL")}, commune: {(hub, "FULL")}}


def test_wrong_psk_takes_the_backup_vpn_down(province_lab: Lab, cli: Any) -> None:
    backup, fw = "tb-dcdp-rt01", "tb-ttthdl-fw01"
    right = "crypto isakmp key <removed> address 203.0.113.2"
    for lost in _misconfigure(
        province_lab,
        backup,
        [f"no {right}", "crypto isakmp key not-the-province-key address 203.0.113.2"],
        ["no crypto isakmp key not-the-province-key address 203.0.113.2", right],
        # the audit compares configs with secrets masked: a wrong key is invisible to it,
        # only the network state (the tunnel, the lost routes) shows it
        audit_sees=False,
    ):
        assert lost == {backup: {(fw, "FULL")}, fw: {(backup, "FULL")}}
        assert _st0_100(cli)[:3] == ["st0.100", "up", "down"]
        assert "QM_IDLE" not in cli(backup, "show crypto isakmp sa")
        assert "% Network not in table" in cli("tb-ttthdl-core01", "show ip route 10.34.24.1")
        assert "not-the-province-key" not in cli(backup, "show crypto isakmp sa")


def test_duplex_mismatch_stays_up_and_counts_crc(province_lab: Lab, cli: Any) -> None:
    sw, port = "tb-sonv-sw01", "interface GigabitEthernet0/1"
    assert province_lab.apply_config(sw, [port, " speed 100", " duplex full"]) == ""
    try:
        out = cli(sw, "show interfaces GigabitEthernet0/1")
        assert "line protocol is up" in out
        crc = int(out.split(" CRC")[0].rsplit(",", 1)[1].split()[0])
        assert crc > 0
        assert "Full Duplex, 100Mbps" in out or "Full-duplex, 100Mb/s" in out
        rows = cli("tb-sonv-rt01", "show interfaces GigabitEthernet0/0/1", True)
        assert rows[0]["link_status"] == "up" and rows[0]["crc"] == "0"  # the half side
        assert rows[0]["duplex"].lower().startswith("half") and rows[0]["speed"].startswith("100")
        assert "!!!!!" in cli("tb-sonv-rt01", f"ping {SERVICE} source Loopback0")
    finally:
        province_lab.apply_config(sw, [port, " no speed 100", " no duplex full"])
    assert " 0 CRC" in cli(sw, "show interfaces GigabitEthernet0/1")


def test_hsrp_fails_over_to_the_other_core(province_lab: Lab, cli: Any) -> None:
    core1, core2 = "tb-ttthdl-core01", "tb-ttthdl-core02"
    assert province_lab.apply_config(core1, ["interface Vlan30", " shutdown"]) == ""
    try:
        rows = {r["interface"]: r for r in cli(core2, "show standby brief", True)}
        assert rows["Vl30"]["state"] == "Active" and rows["Vl30"]["standby"] == "unknown"
        assert rows["Vl20"]["state"] == "Standby"  # the other groups stay where they were
        assert "!!!!!" in cli("tb-13195-hong-ly-rt01", f"ping {SERVICE} source Loopback0")
    finally:
        province_lab.apply_config(core1, ["interface Vlan30", " no shutdown"])
    rows = {r["interface"]: r for r in cli(core2, "show standby brief", True)}
    assert rows["Vl30"]["state"] == "Standby"
