"""Adopting a running network: discover the brownfield lab, baseline, converge by stages.

The network is a closed piece of the province (the DIC and one department), so that every
link has both ends discovered; a few more lab devices give the bad-input rows.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tbwan.converge import ORDER
from tbwan.converge.baseline import baseline
from tbwan.credentials import load_secrets
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Device, Interface, Inventory, Site
from tbwan.inventory.store import write_inventory
from tbwan.inventory.validate import problems
from tbwan.lab import Credentials, LabDevice, control
from tbwan.lab.hostsfile import read_hosts
from tbwan.lab.inventory_devices import LabSelection, lab_devices
from tbwan.lab.legacy import legacy_configs, random_secrets
from tbwan.lab.models import Fault
from tbwan.lab.network import cabling_from_inventory
from tbwan.lab.network.control_ops import neighbors
from tbwan.render.engine import Renderer
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.converge import converge
from tbwan.runbooks.discover import DiscoverReport, discover
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.unattended import quiet_libraries

pytestmark = [pytest.mark.lab, pytest.mark.slow, pytest.mark.xdist_group("e2e-adopt")]

REPO = Path(__file__).resolve().parents[2]
SITES = ("tb-ttthdl", "tb-sonv", "tb-vnpt")


FW = "tb-ttthdl-fw01"
# The brownfield is IOS, as discovery reads it: the DIC firewall as the IOS router it was
# before the SRX (the inventory's SRX logical units -> the IOS router's interfaces)
IOS_FW = {
    "lo0.0": "Loopback0",
    "ge-0/0/0.0": "GigabitEthernet0/0/0",
    "ge-0/0/1.0": "GigabitEthernet0/0/1",
    "ge-0/0/2.0": "GigabitEthernet0/0/2",
    "ge-0/0/3.0": "GigabitEthernet0/0/3",
    "st0.0": "Virtual-Template1",
    "st0.100": "Tunnel100",
}


def _ios_firewall(d: Device) -> Device:
    """``d`` with the firewall back on IOS: its own interfaces, or its peers' names of them."""

    def name(n: str | None) -> str | None:
        return IOS_FW.get(n, n) if n else n

    interfaces = []
    for i in d.interfaces:
        if d.name == FW:
            i = i.model_copy(  # noqa: PLW2901
                update={
                    "name": name(i.name),
                    "unnumbered": name(i.unnumbered),
                    "tunnel_source": name(i.tunnel_source),
                }
            )
        elif i.peer_device == FW:
            i = i.model_copy(update={"peer_interface": name(i.peer_interface)})  # noqa: PLW2901
        interfaces.append(i)
    update: dict[str, object] = {"interfaces": tuple(interfaces)}
    if d.name == FW:
        update |= {"platform": "ios", "model": "ISR4451-X/K9"}
    return d.model_copy(update=update)


def _closed(inv: Inventory) -> Inventory:
    """The SITES of the province with the links to other sites (and the VPN) cut off, the
    firewall on IOS."""
    sites = [
        s.model_copy(update={"devices": tuple(_ios_firewall(d) for d in s.devices)})
        for s in (inv.site(x) for x in SITES)
    ]
    hosts = {d.name for s in sites for d in s.devices}

    def keep(i: Interface) -> bool:
        if i.peer_device is not None and i.peer_device not in hosts:
            return False
        return not i.name.startswith("Tunnel")

    out: list[Site] = []
    for s in sites:
        devices = tuple(
            d.model_copy(update={"interfaces": tuple(i for i in d.interfaces if keep(i))})
            for d in s.devices
        )
        out.append(s.model_copy(update={"devices": devices}))
    closed = Inventory(plan=inv.plan, regions=inv.regions, sites=tuple(out))
    assert problems(closed, Path("closed")) == []
    return closed


@dataclass
class Adopt:
    """The lab, the expected records, and where discovery writes."""

    expected: Inventory
    into: Path
    lab_dir: Path
    ports: dict[str, int]
    tmp: Path

    def csv(self, extra: str = "") -> str:
        rows = ["address,site,role,platform"]
        rows += [f"{d.primary_ip.ip},,," for d in self.expected.devices]
        return "\n".join(rows) + "\n" + extra

    def run(self, text: str, *, commit: bool) -> DiscoverReport:
        return discover(text, "devices.csv", into=self.into, commit=commit, lab=self.lab_dir)


@pytest.fixture(scope="module")
def adopt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Adopt]:
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("adopt")
    full = load_inventory(REPO / "inventory")
    expected = _closed(full)
    write_inventory(tmp / "closed", expected)
    into = tmp / "sot"
    into.mkdir()
    for name in ("plan.yaml", "regions.yaml"):
        (into / name).write_text((REPO / "inventory" / name).read_text())
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        creds = Credentials(*load_secrets().login())
        devices = lab_devices(tmp / "closed", REPO / "templates", LabSelection(), "legacy")
        # bad-input devices: a wrong address, refused logins, a clone's serial
        others = legacy_configs(full, random_secrets(), only={"tb-sotp-rt01", "tb-sotp-sw01"})
        sotp = {d.name: d for d in full.site("tb-sotp").devices}
        devices += [
            LabDevice(n, model=sotp[n].model, serial=sotp[n].serial, seed_config=c)
            for n, c in others.items()
        ]
        clone = others["tb-sotp-rt01"].replace("hostname TB_SOTP_RT01", "hostname TB_SOTP_RT09")
        sonv_serial = expected.site("tb-sonv").devices[0].serial
        devices.append(LabDevice("clone", "ISR4331/K9", sonv_serial, seed_config=clone))
        with lab_process(devices, creds, lab_dir, cabling=cabling_from_inventory(expected)):
            control.apply_config(
                lab_dir,
                "tb-sotp-rt01",
                ["interface Loopback9", " ip address 10.34.40.1 255.255.255.255"],
            )
            control.set_fault(lab_dir, "tb-sotp-sw01", Fault(refuse_auth=True))
            ports = {h: p for h, (_, p) in read_hosts(lab_dir).items()}
            yield Adopt(expected, into, lab_dir, ports, tmp)


def _bad_rows(a: Adopt) -> str:
    return (
        f"127.0.0.1:{a.ports['tb-sotp-rt01']},tb-sotp,,\n"  # an address in no pool
        f"127.0.0.1:{a.ports['tb-sotp-sw01']},,,\n"  # refused login
        f"127.0.0.1:{a.ports['tb-sonv-sw01']},,,\n"  # the switch again, another address
        f"127.0.0.1:{a.ports['clone']},,,\n"  # tb-sonv-rt01's serial
        "127.0.0.1:1,,,\n"  # nothing listens
        "10.99.0.1,,,\n"  # the lab serves no such address
        "10.34.0.7,,,junos\n"  # a platform discovery cannot read yet
        "10.34.0.999,,,\n"  # not an address
    )


def _interface_view(i: Interface) -> dict[str, object]:
    data = i.model_dump(exclude={"description"})  # descriptions are the legacy ones
    data["vlans"] = sorted(i.vlans)  # the inventory lists a trunk's VLANs unsorted
    return data


@dataclass
class Discovered:
    """The dry run, what it left in the folder, and the committed run."""

    dry: DiscoverReport
    after_dry: list[Path]
    report: DiscoverReport


@pytest.fixture(scope="module")
def discovered(adopt: Adopt) -> Discovered:
    """Discovery of the lab, once per module: the tests after the first one build on the
    records it writes, whichever worker runs them and in whatever order."""
    text = adopt.csv(_bad_rows(adopt))
    dry = adopt.run(text, commit=False)
    after_dry = sorted((adopt.into / "sites").glob("*.yaml"))
    return Discovered(dry, after_dry, adopt.run(text, commit=True))


def test_discovery_reproduces_the_inventory(adopt: Adopt, discovered: Discovered) -> None:
    dry, report = discovered.dry, discovered.report
    assert discovered.after_dry == [], "a dry run writes nothing"
    assert dry.changes == report.changes
    n = len(adopt.expected.devices)
    status = {r.row: (r.status, r.message) for r in report.rows}
    assert [status[r][0] for r in range(2, n + 2)] == ["imported"] * n
    bad = [status[r] for r in range(n + 2, n + 10)]
    assert bad[0][0] == "failed" and "10.34.40.1/32 is in no pool" in bad[0][1]
    assert bad[1][0] == "failed" and "Authentication" in bad[1][1]
    assert bad[2][0] == "duplicate" and "same device as row" in bad[2][1]
    assert bad[3][0] == "failed" and "is also the serial of tb-sonv-rt01" in bad[3][1]
    assert bad[4][0] == "failed" and "Cannot connect" in bad[4][1]
    assert bad[5][0] == "failed" and "serves no device at this address" in bad[5][1]
    assert bad[6][0] == "failed" and "platform 'junos' cannot be discovered" in bad[6][1]
    assert bad[7][0] == "failed" and "not an IPv4 address" in bad[7][1]

    got = load_inventory(adopt.into)
    by_name = {d.name: d for d in got.devices}
    for want in adopt.expected.devices:
        have = by_name.pop(want.name)
        assert (have.role, have.model, have.serial, have.primary_ip, have.platform) == (
            want.role,
            want.model,
            want.serial,
            want.primary_ip,
            want.platform,
        )
        assert {i.name: _interface_view(i) for i in have.interfaces} == {
            i.name: _interface_view(i) for i in want.interfaces
        }, want.name
    assert not by_name
    for want_site in adopt.expected.sites:
        have_site = got.site(want_site.slug)
        assert have_site.vlans == want_site.vlans
        assert [(p.prefix, p.vlan, p.role) for p in have_site.prefixes] == [
            (p.prefix, p.vlan, p.role) for p in want_site.prefixes
        ]
        assert [c.model_copy(update={"description": None}) for c in have_site.circuits] == [
            c.model_copy(update={"description": None}) for c in want_site.circuits
        ]


def test_second_run_changes_nothing(adopt: Adopt, discovered: Discovered) -> None:
    before = {p.name: p.read_bytes() for p in (adopt.into / "sites").glob("*.yaml")}
    report = adopt.run(adopt.csv(), commit=True)
    assert {c.action for c in report.changes} == {"unchanged"}
    assert report.written == ()
    assert {p.name: p.read_bytes() for p in (adopt.into / "sites").glob("*.yaml")} == before


def _adjacencies(a: Adopt) -> dict[str, list[tuple[str, str, str]]]:
    """OSPF adjacencies of every device, as the lab's network model computes them."""
    return {
        d.name: sorted(
            (n["interface"], n["neighbor"], n["state"]) for n in neighbors(a.lab_dir, d.name)
        )
        for d in a.expected.devices
    }


def test_baseline_then_stages_end_with_a_clean_audit(adopt: Adopt, discovered: Discovered) -> None:
    adjacencies = _adjacencies(adopt)
    assert sum(len(v) for v in adjacencies.values()) >= 8  # edge-fw, fw-cores, edge-sonv
    settings = Settings(inventory_root=adopt.into)
    renderer = Renderer(REPO / "templates", load_secrets())
    first = audit_hosts(init_nornir(settings), renderer)
    assert first.counts.drifted == len(adopt.expected.devices)
    table = baseline(first)
    assert {r.stage for r in table.rows} == {s.value for s in ORDER}
    store = BackupStore(adopt.tmp / "backups")
    for stage in ORDER:
        done = converge(init_nornir(settings), renderer, stage=stage, store=store, commit=True)
        assert not done.failed, [(h.host, h.error) for h in done.failed]
        assert done.after is not None
        left = baseline(done.after)
        assert stage.value not in {r.stage for r in left.rows}, stage
    final = audit_hosts(init_nornir(settings), renderer)
    assert final.counts.compliant == len(adopt.expected.devices), [
        (h.host, h.drift.features if h.drift else h.error) for h in final.hosts
    ]
    assert _adjacencies(adopt) == adjacencies  # the network kept working throughout
