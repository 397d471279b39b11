"""Checks and diagnoses on observations of the province with one fault each (pure)."""

from __future__ import annotations

from dataclasses import replace

from tbwan.verify.checks import check_host
from tbwan.verify.diagnose import Evidence, diagnoses
from tbwan.verify.intended import IntendedState
from tbwan.verify.models import Cause, Diagnosis, SiteVerify
from tbwan.verify.observed import Observation, OspfInterface, if_key
from tbwan.verify.sites import site_results

from .conftest import healthy, set_if

COMMUNE = "tb-12457-dong-hoa"  # copper tbcl-010 to the city hub
COMMUNE_RT = "tb-12457-dong-hoa-rt01"
HUB_RT = "tb-ubnd-tpthaibinh-rt01"
HUB_IF = "GigabitEthernet0/0/2.110"


def run(
    state: IntendedState,
    obs: dict[str, Observation],
    not_asked: dict[str, str] | None = None,
    drifted: dict[str, bool] | None = None,
) -> tuple[tuple[Diagnosis, ...], dict[str, SiteVerify]]:
    not_asked = not_asked or {}
    for host in not_asked:
        obs.pop(host, None)
    checks = {h: check_host(state.for_host(h), o) for h, o in obs.items()}
    ev = Evidence(state, obs, not_asked, checks, drifted if drifted is not None else {})
    found = diagnoses(ev)
    return found, {s.site: s for s in site_results(ev, found)}


def cut_off(
    state: IntendedState, obs: dict[str, Observation], site: str, *, uplink: bool = True
) -> None:
    """What a site cut off from the WAN shows elsewhere: its prefixes gone at the DIC,
    its pings failing, and (``uplink``: its own line is the cut) no adjacency over it."""
    hosts = set(state.sites[site].hosts)
    prefixes = {r.prefix for r in state.routes if r.site == site}
    up = state.sites[site].uplink if uplink else None
    ends = (
        {(up.host, if_key(up.interface)), (up.peer_host, if_key(up.peer_interface))}
        if up
        else set()
    )
    for host, o in list(obs.items()):
        routes = {p: r for p, r in o.routes.items() if p not in prefixes}
        pings = {a: (False if host in hosts else ok) for a, ok in o.pings.items()}
        obs[host] = replace(
            o,
            ospf_neighbors=tuple(n for n in o.ospf_neighbors if (host, n.interface) not in ends),
            routes=routes,
            pings=pings,
        )


def test_healthy_province_has_nothing_to_say(state: IntendedState) -> None:
    found, sites = run(state, healthy(state))
    assert found == ()
    assert all(s.ok for s in sites.values())
    assert sites[COMMUNE].services == {"aaa": True, "syslog": True, "ntp": True, "snmp": True}


def test_cut_circuit_is_a_carrier_fault_with_its_circuit_id(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, COMMUNE_RT, "GigabitEthernet0/0/0", is_up=False)
    set_if(obs, HUB_RT, HUB_IF, is_up=False)
    cut_off(state, obs, COMMUNE)
    found, sites = run(state, obs, drifted={COMMUNE_RT: False, HUB_RT: False})
    assert [(d.cause, d.subject) for d in found] == [(Cause.CARRIER, "circuit tbcl-010")]
    assert "link down at both ends, config compliant" in found[0].message
    assert "call vnpt with the circuit id tbcl-010" in found[0].message
    assert sites[COMMUNE].ok is False and sites[COMMUNE].cause is Cause.CARRIER
    assert [s for s, v in sites.items() if not v.ok] == [COMMUNE]


def test_both_ends_down_with_drift_is_not_blamed_on_the_carrier(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, COMMUNE_RT, "GigabitEthernet0/0/0", is_up=False)
    set_if(obs, HUB_RT, HUB_IF, is_up=False)
    found, _ = run(state, obs, drifted={COMMUNE_RT: True, HUB_RT: False})
    assert [d.cause for d in found] == [Cause.MISCONFIGURATION]
    assert f"{COMMUNE_RT} drifted" in found[0].message


def test_not_audited_says_so_instead_of_compliant(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, COMMUNE_RT, "GigabitEthernet0/0/0", is_up=False)
    set_if(obs, HUB_RT, HUB_IF, is_up=False)
    found, _ = run(state, obs)
    assert found[0].cause is Cause.CARRIER
    assert "config not audited" in found[0].message


def test_shut_hub_interface_is_a_misconfiguration_on_the_hub(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, HUB_RT, HUB_IF, is_up=False, is_enabled=False)
    set_if(obs, COMMUNE_RT, "GigabitEthernet0/0/0", is_up=False)
    cut_off(state, obs, COMMUNE)
    found, sites = run(state, obs)
    assert [(d.cause, d.subject) for d in found] == [(Cause.MISCONFIGURATION, "circuit tbcl-010")]
    assert f"{HUB_RT} {HUB_IF} is administratively down" in found[0].message
    assert sites[COMMUNE].cause is Cause.MISCONFIGURATION


def test_shut_aggregation_port_names_the_parent(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, HUB_RT, "GigabitEthernet0/0/2", is_up=False, is_enabled=False)
    found, _ = run(state, obs)
    assert found and all(d.cause is Cause.MISCONFIGURATION for d in found)
    assert all(f"{HUB_RT} GigabitEthernet0/0/2 is administratively" in d.message for d in found)
    hub_communes = {s.site for s in state.sites.values() if s.hub_site == "tb-ubnd-tpthaibinh"}
    assert {s for d in found for s in d.sites} == hub_communes


def test_wrong_ospf_area_names_the_wrong_end(state: IntendedState) -> None:
    obs = healthy(state)
    hub = "tb-ubnd-vuthu-rt01"
    adj = next(a for a in state.adjacencies if a.host == hub and a.area == 344)
    o = obs[hub]
    ospf = dict(o.ospf_interfaces)
    ospf[if_key(adj.interface)] = OspfInterface(if_key(adj.interface), "0", "P2P")
    obs[hub] = replace(o, ospf_interfaces=ospf)
    cut_off(state, obs, state.host_site[adj.neighbor_host])
    found, sites = run(state, obs)
    assert len(found) == 1 and found[0].subject == f"{hub} {adj.interface}"
    assert found[0].message.startswith(
        f"OSPF area mismatch on {hub} {adj.interface} (area 0 vs 344)"
    )
    assert sites[state.host_site[adj.neighbor_host]].cause is Cause.MISCONFIGURATION


def test_wrong_psk_on_backup_vpn(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, "tb-ttthdl-fw01", "st0.100", is_up=False)
    set_if(obs, "tb-dcdp-rt01", "Tunnel100", is_up=False)
    cut_off(state, obs, "tb-dcdp")
    found, sites = run(state, obs)
    assert [(d.cause, d.subject) for d in found] == [
        (Cause.MISCONFIGURATION, "tb-dcdp-rt01 Tunnel100")
    ]
    assert "pre-shared key" in found[0].message
    assert sites["tb-dcdp"].cause is Cause.MISCONFIGURATION


def test_powered_off_commune_router_is_the_device(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, HUB_RT, HUB_IF, is_up=False)
    cut_off(state, obs, COMMUNE)
    found, sites = run(state, obs, not_asked={COMMUNE_RT: "TimeoutError: timed out"})
    assert [(d.cause, d.subject) for d in found] == [(Cause.DEVICE, "circuit tbcl-010")]
    assert "power or device" in found[0].message
    assert f"{HUB_RT} sees {HUB_IF} down" in found[0].message
    assert sites[COMMUNE].ok is None and sites[COMMUNE].cause is Cause.DEVICE


def test_unreachable_with_link_up_is_a_management_problem(state: IntendedState) -> None:
    obs = healthy(state)
    found, sites = run(state, obs, not_asked={COMMUNE_RT: "NetmikoAuthenticationException"})
    assert [(d.cause, d.subject) for d in found] == [(Cause.DEVICE, COMMUNE_RT)]
    assert "management access" in found[0].message
    assert sites[COMMUNE].ok is None


def test_duplex_mismatch(state: IntendedState) -> None:
    obs = healthy(state)
    fiber = next(x for x in state.links if x.media == "fiber" and x.speed_mbps == 100 and x.circuit)
    set_if(obs, fiber.host, fiber.interface, rx_errors=1234, duplex="half")
    set_if(obs, fiber.peer_host, fiber.peer_interface, rx_errors=56, duplex="full")
    found, sites = run(state, obs)
    assert [d.cause for d in found] == [Cause.MISCONFIGURATION]
    assert found[0].message.startswith(
        f"duplex mismatch on {fiber.host} {fiber.interface} (half-duplex vs full-duplex"
    )
    assert all(s.ok for s in sites.values())  # degraded, not cut off


def test_communes_behind_a_cut_hub_are_upstream(state: IntendedState) -> None:
    obs = healthy(state)
    hub_site = state.sites["tb-ubnd-vuthu"]
    assert hub_site.uplink is not None
    up = hub_site.uplink
    set_if(obs, up.host, up.interface, is_up=False)
    set_if(obs, up.peer_host, up.peer_interface, is_up=False)
    behind = [s.site for s in state.sites.values() if s.hub_site == "tb-ubnd-vuthu"]
    cut_off(state, obs, "tb-ubnd-vuthu")
    for site in behind:
        cut_off(state, obs, site, uplink=False)
    found, sites = run(state, obs, drifted={up.host: False, up.peer_host: False})
    assert [(d.cause, d.subject) for d in found] == [(Cause.CARRIER, f"circuit {up.circuit}")]
    assert sites["tb-ubnd-vuthu"].cause is Cause.CARRIER
    assert {sites[s].cause for s in behind} == {Cause.UPSTREAM}
    assert f"circuit {up.circuit}" in (sites[behind[0]].diagnosis or "")


def test_hsrp_standby_where_active_is_planned(state: IntendedState) -> None:
    obs = healthy(state)
    core = obs["tb-ttthdl-core01"]
    obs["tb-ttthdl-core01"] = replace(
        core, hsrp=tuple(replace(g, state="Standby") for g in core.hsrp)
    )
    found, sites = run(state, obs)
    assert {d.subject for d in found} == {
        f"tb-ttthdl-core01 {h.interface}" for h in state.hsrp if h.host.endswith("01")
    }
    assert sites["tb-ttthdl"].ok is False


def test_speed_below_plan_on_a_fiber_line(state: IntendedState) -> None:
    obs = healthy(state)
    set_if(obs, "tb-sonv-rt01", "GigabitEthernet0/0/0", speed_mbps=10.0)
    found, _ = run(state, obs)
    assert [(d.cause, d.subject) for d in found] == [(Cause.MISCONFIGURATION, "circuit tbdl-005")]
    assert "tb-sonv-rt01 GigabitEthernet0/0/0 runs at 10 Mbps, planned 100 Mbps" in found[0].message
