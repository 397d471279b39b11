"""Onboarding against the lab with the real clients: happy path, failures, resume, CSV."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.credentials import load_secrets
from tbwan.errors import OnboardError
from tbwan.inventory.models import SiteStatus
from tbwan.inventory.store import load_inventory
from tbwan.lab import Credentials, Fault, LabDevice, control
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth
from tbwan.render.engine import render_inventory
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.onboard import Outcome, onboard_commune
from tbwan.runbooks.onboard_lab import lab_prepare
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[2]
HUB = "tb-ubnd-vuthu-rt01"
pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("onboard")]


@dataclass
class Env:
    root: Path
    lab_dir: Path
    settings: Settings
    store: BackupStore

    def sot(self) -> FileSourceOfTruth:
        return FileSourceOfTruth(self.root)

    def onboard(self, code: str, name: str, commit: bool = True, uplink: str = "copper") -> Outcome:
        req = CommuneRequest.model_validate(
            {"district": "vu-thu", "code": code, "name": name, "uplink": uplink, "new_unit": True}
        )
        return onboard_commune(
            self.sot(), req, self.settings, commit=commit, store=self.store, prepare=lab_prepare
        ).outcome

    def hub_running(self) -> str:
        return control.running_config(self.lab_dir, HUB)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """A copy of the inventory and a lab holding the Vũ Thư hub at its intended config."""
    import shutil

    quiet_libraries()
    tmp = tmp_path_factory.mktemp("onboard")
    root = tmp / "inventory"
    shutil.copytree(REPO / "inventory", root, ignore=shutil.ignore_patterns("source"))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        hub_config = render_inventory(
            load_inventory(root), REPO / "templates", load_secrets(), only=[HUB]
        )[HUB]
        devices = [
            LabDevice(name=HUB, model="ISR4331/K9", serial="FGL123456", seed_config=hub_config)
        ]
        settings = Settings(
            config_file=REPO / "nornir.yaml", templates=REPO / "templates", inventory_root=root
        )
        with lab_process(devices, Credentials(*load_secrets().login()), lab_dir):
            yield Env(root, lab_dir, settings, BackupStore(tmp / "backups"))


def test_dry_run_creates_nothing(env: Env) -> None:
    before = sorted(p.name for p in (env.root / "sites").iterdir())
    hub = env.hub_running()
    assert env.onboard("99101", "Xã Thử Khô", commit=False) is Outcome.PLANNED
    assert sorted(p.name for p in (env.root / "sites").iterdir()) == before
    assert env.hub_running() == hub


def test_happy_path_then_rerun_is_a_no_op(env: Env) -> None:
    assert env.onboard("99102", "Xã Tân Lập Mới") is Outcome.ACTIVE
    inv = load_inventory(env.root)
    site = inv.site("tb-99102-tan-lap-moi")
    assert site.status is SiteStatus.ACTIVE
    router = site.devices[0]
    running = control.running_config(env.lab_dir, router.name)
    assert f"hostname {router.name}" in running
    wan = router.interface("GigabitEthernet0/0/0")
    assert wan.ipv4 is not None
    assert f" ip address {wan.ipv4.ip} 255.255.255.254" in running
    hub_if = next(
        i for i in inv.site("tb-ubnd-vuthu").devices[0].interfaces if i.peer_device == router.name
    )
    assert f"interface {hub_if.name}" in env.hub_running()
    # the same command again: nothing to do, nothing duplicated
    assert env.onboard("99102", "Xã Tân Lập Mới") is Outcome.ALREADY_ACTIVE
    assert len(load_inventory(env.root).sites) == len(inv.sites)


def test_hub_push_rejected_rolls_back_and_removes(env: Env) -> None:
    before_sites = sorted(p.name for p in (env.root / "sites").iterdir())
    hub_before = env.hub_running()
    control.set_fault(env.lab_dir, HUB, Fault(reject=r"encapsulation dot1Q 13[0-9]"))
    try:
        with pytest.raises(OnboardError) as err:
            env.onboard("99103", "Xã Thử Lỗi")
    finally:
        control.clear_faults(env.lab_dir, HUB)
    msg = str(err.value)
    assert "step push failed" in msg
    assert HUB in msg
    assert "site tb-99103-thu-loi removed" in msg
    assert "rerun the same command" in msg
    assert sorted(p.name for p in (env.root / "sites").iterdir()) == before_sites
    assert env.hub_running() == hub_before
    # after the cause is fixed, the same command succeeds with a clean allocation
    assert env.onboard("99103", "Xã Thử Lỗi") is Outcome.ACTIVE


def test_failed_verify_is_undone(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from tbwan.report import HostStatus
    from tbwan.runbooks import onboard as runbook

    real = runbook.audit_hosts

    def drifted(nr, renderer):  # type: ignore[no-untyped-def]
        # the hub's audit (the new router's runs beside it) sees a manual change
        report = real(nr, renderer)
        assert all(h.status is HostStatus.COMPLIANT for h in report.hosts)
        if HUB not in nr.inventory.hosts:
            return report
        control.apply_config(env.lab_dir, HUB, ["interface Loopback0", " description changed"])
        return real(nr, renderer)

    monkeypatch.setattr(runbook, "audit_hosts", drifted)
    with pytest.raises(
        OnboardError,
        match=rf"step verify failed: {HUB}: drifted \(2 lines, e\.g\. missing: interface Loopback0",
    ):
        env.onboard("99104", "Xã Thử Kiểm")
    assert not (env.root / "sites" / "tb-99104-thu-kiem.yaml").exists()
    assert "tb-99104-thu-kiem-rt01" not in env.hub_running()
    assert " description Router ID" in env.hub_running()  # restored by the hub replace


def test_resume_after_a_crash_keeps_the_addresses(env: Env) -> None:
    req = CommuneRequest(district="vu-thu", code="99105", name="Xã Thử Dở", uplink="fiber")
    planned = env.sot().reserve(req)  # a run that died right after creating the records
    assert env.onboard("99105", "Xã Thử Dở", uplink="fiber") is Outcome.ACTIVE
    site = load_inventory(env.root).site(planned.site.slug)
    assert site.prefixes == planned.site.prefixes
    assert site.status is SiteStatus.ACTIVE


def test_csv_continues_past_bad_rows(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_file = tmp_path / "communes.csv"
    csv_file.write_text(
        "district,code,name,uplink,rate,new_unit\n"
        "vu-thu,99201,Xã Một,copper,4M,yes\n"
        "an-thi,99202,Xã Hai,copper,4M,yes\n"
        "vu-thu,99203,Xã Ba,fiber,,yes\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(env.root.parent)
    (env.root.parent / "nornir.yaml").write_text(
        (REPO / "nornir.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (env.root.parent / "templates").symlink_to(REPO / "templates")
    result = CliRunner().invoke(
        app, ["onboard", "--from-csv", str(csv_file)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1, result.output
    assert "planned tb-99201-mot" in result.output
    assert "row 3: failed [ONBOARD] step validate: district 'an-thi' does not exist" in (
        result.output
    )
    assert "planned tb-99203-ba" in result.output
