"""``tbwan verify`` and the deploy state post-checks on the province lab as a network.

One lab (every device with its intended config, the inventory's cabling), real NAPALM
and Netmiko + ntc-templates through Nornir. Each test plants one fault, checks what
verify says, and puts the network back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from nornir.core import Nornir

from tbwan.credentials import load_secrets
from tbwan.errors import OnboardError
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory, Media
from tbwan.lab import Credentials, LabDevice, control
from tbwan.lab.network import cabling_from_inventory, control_ops
from tbwan.onboard.plan import OnboardPlan
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth
from tbwan.render.engine import Renderer, render_inventory
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.connected import ConnectedCheck, wait_connected
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.statecheck import StateGuard
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts
from tbwan.runbooks.verify import VerifyExit, verify_exit, verify_network
from tbwan.tasks.deploy_host import DeployStatus
from tbwan.verify.intended import IntendedState, intended_state
from tbwan.verify.models import Cause, Diagnosis, VerifyReport

pytestmark = [pytest.mark.lab, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
HUB = "tb-ubnd-tpthaibinh-rt01"
COMMUNE = "tb-12457-dong-hoa-rt01"  # copper tbcl-010 on HUB GigabitEthernet0/0/2.110


@dataclass
class Province:
    """The running province lab and what the tests drive it with."""

    lab_dir: Path
    tmp: Path
    inventory: Inventory
    state: IntendedState
    nr: Nornir
    renderer: Renderer

    def verify(self, *hosts: str) -> VerifyReport:
        """Verify ``hosts`` (every host when none)."""
        chosen = list(hosts) or sorted(self.nr.inventory.hosts)
        return verify_network(
            self.nr, self.inventory, chosen, renderer=self.renderer, state=self.state
        )

    def site_hosts(self, site: str) -> list[str]:
        """The hosts of ``site``."""
        return list(self.state.sites[site].hosts)

    def exec(self, host: str, *lines: str) -> None:
        """Type config lines on ``host``'s console."""
        control_ops.lab_exec(self.lab_dir, host, ["configure terminal", *lines, "end"])


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Province]:
    """The whole province booted with its intended configs, as a network."""
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("verify")
    inv = load_inventory(REPO / "inventory")
    configs = render_inventory(inv, REPO / "templates")
    devices = [
        LabDevice(
            d.name, model=d.model, serial=d.serial, seed_config=configs[d.name], platform=d.platform
        )
        for d in inv.devices
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        creds = Credentials(*load_secrets().login())
        with lab_process(devices, creds, lab_dir, cabling=cabling_from_inventory(inv)):
            nr = init_nornir(Settings())
            set_session_timeouts(nr, 10)
            renderer = Renderer(REPO / "templates", load_secrets())
            yield Province(lab_dir, tmp, inv, intended_state(inv), nr, renderer)


def _only(report: VerifyReport) -> Diagnosis:
    assert len(report.diagnoses) == 1, [d.message for d in report.diagnoses]
    return report.diagnoses[0]


def test_healthy_province_verifies_clean(province: Province) -> None:
    report = province.verify()
    assert verify_exit(report) is VerifyExit.OK, [d.message for d in report.diagnoses]
    assert report.counts.ok == len(province.nr.inventory.hosts) == 393
    assert report.diagnoses == () and report.counts.sites_down == 0
    checks = [c for h in report.hosts for c in h.checks]
    assert len([c for c in checks if c.kind.value == "ospf"]) == len(province.state.adjacencies)
    assert all(s.services == dict.fromkeys(("aaa", "syslog", "ntp", "snmp"), True)
               for s in report.sites if s.services)  # fmt: skip


def test_cut_circuit_is_the_carrier(province: Province) -> None:
    control_ops.circuit(province.lab_dir, "tbcl-010", "down")
    try:
        report = province.verify(COMMUNE)
    finally:
        control_ops.circuit(province.lab_dir, "tbcl-010", "up")
    d = _only(report)
    assert (d.cause, d.subject) == (Cause.CARRIER, "circuit tbcl-010")
    assert d.message == (
        "link down at both ends, config compliant: carrier fault, call vnpt with the "
        "circuit id tbcl-010"
    )
    assert verify_exit(report) is VerifyExit.DOWN
    site = report.sites[0]
    assert site.ok is False and site.services["aaa"] is False and site.cause is Cause.CARRIER


def test_shut_hub_interface(province: Province) -> None:
    province.exec(HUB, "interface GigabitEthernet0/0/2.110", "shutdown")
    try:
        report = province.verify(COMMUNE)
    finally:
        province.exec(HUB, "interface GigabitEthernet0/0/2.110", "no shutdown")
    d = _only(report)
    assert d.cause is Cause.MISCONFIGURATION
    assert d.message.startswith(
        f"{HUB} GigabitEthernet0/0/2.110 is administratively down (shutdown)"
    )


def test_wrong_ospf_area_on_a_hub_downlink(province: Province) -> None:
    hub, iface, commune = "tb-ubnd-vuthu-rt01", "GigabitEthernet0/0/2.101", "tb-13192-vu-thu-rt01"
    province.exec(hub, f"interface {iface}", "no ip ospf 1 area 344", "ip ospf 1 area 0")
    try:
        report = province.verify(commune)
    finally:
        province.exec(hub, f"interface {iface}", "no ip ospf 1 area 0", "ip ospf 1 area 344")
    d = _only(report)
    assert (d.cause, d.subject) == (Cause.MISCONFIGURATION, f"{hub} {iface}")
    assert d.message.startswith(f"OSPF area mismatch on {hub} {iface} (area 0 vs 344)")
    assert province.verify(commune).diagnoses == ()


def test_wrong_psk_on_the_backup_vpn(province: Province) -> None:
    running = control.running_config(province.lab_dir, "tb-dcdp-rt01")
    key = next(ln for ln in running.splitlines() if ln.startswith("crypto isakmp key "))
    province.exec("tb-dcdp-rt01", f"no {key}", "crypto isakmp key not-the-key address 203.0.113.2")
    try:
        report = province.verify("tb-dcdp-rt01")
    finally:
        province.exec("tb-dcdp-rt01", "no crypto isakmp key not-the-key address 203.0.113.2", key)
    d = _only(report)
    assert (d.cause, d.subject) == (Cause.MISCONFIGURATION, "tb-dcdp-rt01 Tunnel100")
    assert "pre-shared key" in d.message
    assert report.sites[0].cause is Cause.MISCONFIGURATION


def test_powered_off_commune_router_is_exit_2(province: Province) -> None:
    control_ops.power(province.lab_dir, COMMUNE, False)
    try:
        report = province.verify(COMMUNE)
    finally:
        control_ops.power(province.lab_dir, COMMUNE, True)
    assert verify_exit(report) is VerifyExit.INCOMPLETE
    assert report.hosts[0].status.value == "unreachable"
    d = _only(report)
    assert (d.cause, d.subject) == (Cause.DEVICE, "circuit tbcl-010")
    assert f"{HUB} sees GigabitEthernet0/0/2.110 down: power or device" in d.message


def test_duplex_mismatch(province: Province) -> None:
    rt, sw = "tb-sonv-rt01", "tb-sonv-sw01"
    province.exec(rt, "interface GigabitEthernet0/0/1", "speed 100", "duplex half")
    province.exec(sw, "interface GigabitEthernet0/1", "speed 100", "duplex full")
    try:
        report = province.verify(rt, sw)
    finally:
        province.exec(rt, "interface GigabitEthernet0/0/1", "no speed", "no duplex")
        province.exec(sw, "interface GigabitEthernet0/1", "no speed", "no duplex")
    d = _only(report)
    assert d.cause is Cause.MISCONFIGURATION
    assert d.message.startswith(
        f"duplex mismatch on {rt} GigabitEthernet0/0/1 (half-duplex vs full-duplex at {sw})"
    )
    assert all(s.ok for s in report.sites)  # degraded, not cut off


def test_deploy_cutting_a_district_off_is_rolled_back(province: Province) -> None:
    hub = "tb-ubnd-kienxuong-rt01"
    watched = [hub, "tb-ttthdl-edge01", "tb-ttthdl-core01"]
    before = {h: control.running_config(province.lab_dir, h) for h in watched}
    # the hub's uplink to the DIC in its district's area: config-valid, cuts the district
    area = next(a.area for a in province.state.adjacencies if a.host == hub and a.area != 0)
    bad = f"interface GigabitEthernet0/0/0\n ip ospf 1 area {area}\n"
    nr = province.nr.filter(filter_func=lambda h: h.name == hub)
    report = deploy(
        nr,
        province.renderer,
        store=BackupStore(province.tmp / "backups"),
        commit=True,
        configs={hub: bad},
        check_interfaces=False,
        state=StateGuard(state=province.state, nornir=province.nr),
    )
    outcome = report.hosts[0]
    assert outcome.status is DeployStatus.ROLLED_BACK, outcome.error
    assert "lost ospf GigabitEthernet0/0/0" in (outcome.error or "")
    after = {h: control.running_config(province.lab_dir, h) for h in watched}
    assert after == before
    district = province.verify(*province.site_hosts("tb-ubnd-kienxuong"))
    assert verify_exit(district) is VerifyExit.OK


def _plan_for(province: Province, site: str) -> OnboardPlan:
    """An onboarding plan for a commune the lab already has, as if just pushed."""
    s = province.inventory.site(site)
    hub_site = province.inventory.site(s.hub or "")
    hub = next(d for d in hub_site.devices if d.role.value == "hub-router")
    uplink = s.devices[0].interface("GigabitEthernet0/0/0")
    request = CommuneRequest(
        district=s.region, code=s.gso_code or "", name=s.name, uplink=Media.COPPER,
        rate_kbps=4000,
    )  # fmt: skip
    return OnboardPlan(
        request, s, hub_site.slug, hub.name, hub.interface(uplink.peer_interface or "")
    )


def test_onboarding_waits_for_the_adjacency_and_the_services(province: Province) -> None:
    plan = _plan_for(province, "tb-12457-dong-hoa")
    sot = FileSourceOfTruth(REPO / "inventory")
    report = wait_connected(sot, plan, Settings(), ConnectedCheck(timeout=5))
    assert verify_exit(report) is VerifyExit.OK
    control_ops.circuit(province.lab_dir, "tbcl-010", "down")
    try:
        with pytest.raises(OnboardError, match=r"step connected failed: after 1 s") as err:
            wait_connected(sot, plan, Settings(), ConnectedCheck(timeout=1, interval=0.5))
    finally:
        control_ops.circuit(province.lab_dir, "tbcl-010", "up")
    assert f"{COMMUNE} ospf GigabitEthernet0/0/0: no neighbour" in str(err.value)
    assert "carrier fault, call vnpt with the circuit id tbcl-010" in str(err.value)


def test_deploy_losing_a_prefix_at_the_dic_is_rolled_back(province: Province) -> None:
    """The commune's own links and adjacency stay up: only the DIC core sees the loss."""
    commune = "tb-13192-vu-thu-rt01"
    before = control.running_config(province.lab_dir, commune)
    bad = "interface Vlan10\n ip ospf 1 area 0\n"  # its staff LAN out of the district's area
    report = deploy(
        province.nr.filter(filter_func=lambda h: h.name == commune),
        province.renderer,
        store=BackupStore(province.tmp / "backups"),
        commit=True,
        configs={commune: bad},
        check_interfaces=False,
        state=StateGuard(state=province.state, nornir=province.nr),
    )
    outcome = report.hosts[0]
    assert outcome.status is DeployStatus.ROLLED_BACK, outcome.error
    assert "lost at tb-ttthdl-core01: route 10.34.192.0/27" in (outcome.error or "")
    assert control.running_config(province.lab_dir, commune) == before
    assert verify_exit(province.verify(commune)) is VerifyExit.OK


def test_duplex_forced_on_one_side_blames_the_drifted_end(province: Province) -> None:
    """The classic mismatch: one end forced to 100/full, the other negotiating (half)."""
    rt, sw = "tb-sotp-rt01", "tb-sotp-sw01"
    province.exec(sw, "interface GigabitEthernet0/1", "speed 100", "duplex full")
    try:
        report = province.verify(rt, sw)
    finally:
        province.exec(sw, "interface GigabitEthernet0/1", "no speed", "no duplex")
    d = _only(report)
    assert d.cause is Cause.MISCONFIGURATION
    assert d.message.startswith(
        f"duplex mismatch on {sw} GigabitEthernet0/1 (full-duplex vs half-duplex at {rt})"
    )
