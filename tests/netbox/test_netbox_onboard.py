"""Onboarding with NetBox as the source of truth: IPAM allocation, lock, resume, undo."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pynetbox
import pytest

from tbwan.errors import OnboardError
from tbwan.inventory.models import Inventory, SiteStatus
from tbwan.netbox.client import NetBox
from tbwan.netbox.onboard import NetBoxSourceOfTruth
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.sync import sync
from tbwan.onboard.plan import OnboardPlan, plan_commune
from tbwan.onboard.request import CommuneRequest

pytestmark = [pytest.mark.netbox, pytest.mark.xdist_group("netbox")]
REPO = Path(__file__).resolve().parents[2]


def req(code: str, name: str, uplink: str = "copper", new_unit: bool = False) -> CommuneRequest:
    return CommuneRequest.model_validate(
        {"district": "vu-thu", "code": code, "name": name, "uplink": uplink, "new_unit": new_unit}
    )


@pytest.fixture(scope="module")
def sot(netbox_api: pynetbox.api, files: Inventory) -> Iterator[NetBoxSourceOfTruth]:
    """NetBox holding the repository's inventory; whatever a test planned is removed."""
    nb = NetBox(*netbox_settings())
    sync(nb, files)
    backend = NetBoxSourceOfTruth(nb)
    yield backend
    for site in backend.load().sites:
        if site.status is not SiteStatus.ACTIVE:
            plan = OnboardPlan(
                request=req(site.gso_code or "00000", site.name),
                site=site,
                hub_site=site.hub or "",
                hub_device=None,
                hub_interface=None,
            )
            backend.remove(plan)


def test_netbox_ipam_gives_the_file_allocators_answer(
    sot: NetBoxSourceOfTruth, files: Inventory
) -> None:
    request = req("99401", "Xã Thử IPAM")
    expected = plan_commune(files, request)
    plan = sot.reserve(request)
    try:
        assert plan.site.prefixes == expected.site.prefixes
        assert plan.site.devices[0].primary_ip == expected.site.devices[0].primary_ip
        assert plan.hub_interface == expected.hub_interface
        held = sot._district("vu-thu").site(plan.site.slug)
        assert held.status is SiteStatus.PLANNED
        assert held.devices == plan.site.devices
        # a rerun resumes with the same records instead of allocating again
        assert sot.reserve(request).site.prefixes == plan.site.prefixes
    finally:
        sot.remove(plan)
    after = sot._district("vu-thu")
    assert plan.site.slug not in {s.slug for s in after.sites}
    hub = after.site("tb-ubnd-vuthu").devices[0]
    assert plan.hub_interface is not None
    assert plan.hub_interface.name not in {i.name for i in hub.interfaces}
    assert not sync(sot.nb, files, dry_run=True, only_sites=["tb-ubnd-vuthu"]).changed


def test_taken_code_is_refused(sot: NetBoxSourceOfTruth) -> None:
    with pytest.raises(OnboardError, match="code 13192 is already taken"):
        sot.reserve(req("13192", "Xã Khác Hẳn"))


def _reserve(code: str) -> str:
    backend = NetBoxSourceOfTruth.from_settings()
    plan = backend.reserve(req(code, f"Xã Song Song {code}"))
    return f"{plan.site.prefixes[0].prefix} {plan.site.devices[0].primary_ip}"


def test_concurrent_onboardings_get_different_addresses(sot: NetBoxSourceOfTruth) -> None:
    codes = ["99411", "99412", "99413"]
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        got = pool.map(_reserve, codes)
    try:
        lans = [g.split()[0] for g in got]
        loopbacks = [g.split()[1] for g in got]
        assert len(set(lans)) == 3
        assert len(set(loopbacks)) == 3
        inv = sot._district("vu-thu")
        tags = [i.name for i in inv.site("tb-ubnd-vuthu").devices[0].interfaces]
        assert len(tags) == len(set(tags))
    finally:
        inv = sot.load()
        for site in inv.sites:
            if site.gso_code in codes:
                hub_if = next(
                    i
                    for d in inv.devices
                    for i in d.interfaces
                    if i.peer_device == site.devices[0].name
                )
                sot.remove(
                    OnboardPlan(
                        request=req(site.gso_code or "", site.name),
                        site=site,
                        hub_site=site.hub or "",
                        hub_device="tb-ubnd-vuthu-rt01",
                        hub_interface=hub_if,
                    )
                )


@pytest.mark.lab
def test_onboard_commit_against_netbox_and_the_lab(
    sot: NetBoxSourceOfTruth, files: Inventory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole runbook with NetBox as the source of truth: active in NetBox, pushed."""
    import secrets as pysecrets

    from tbwan.credentials import load_secrets
    from tbwan.lab import Credentials, LabDevice, control
    from tbwan.render.engine import render_inventory
    from tbwan.runbooks.backup import BackupStore
    from tbwan.runbooks.common import Settings
    from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
    from tbwan.runbooks.onboard import Outcome, onboard_commune
    from tbwan.runbooks.onboard_lab import lab_prepare

    hub = "tb-ubnd-vuthu-rt01"
    monkeypatch.chdir(REPO)
    for var in THROWAWAY_VARS:
        monkeypatch.setenv(var, "tbwan" if var == "TBWAN_USERNAME" else pysecrets.token_hex(8))
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "lab"))
    monkeypatch.setenv("TBWAN_INVENTORY", "netbox")
    seed = render_inventory(files, REPO / "templates", load_secrets(), only=[hub])[hub]
    device = LabDevice(name=hub, model="ISR4331/K9", serial="FGL7654321", seed_config=seed)
    request = req("99421", "Xã Thử Trọn Vẹn", new_unit=True)  # not in the units list
    with lab_process([device], Credentials(*load_secrets().login()), tmp_path / "lab"):
        report = onboard_commune(
            sot,
            request,
            Settings(),
            commit=True,
            store=BackupStore(tmp_path / "backups"),
            prepare=lab_prepare,
        )
        assert report.outcome is Outcome.ACTIVE
        assert report.plan is not None
        site = sot._district("vu-thu").site(report.plan.site.slug)
        assert site.status is SiteStatus.ACTIVE
        running = control.running_config(tmp_path / "lab", site.devices[0].name)
        assert f"hostname {site.devices[0].name}" in running
        assert report.plan.hub_interface is not None
        assert f"interface {report.plan.hub_interface.name}" in control.running_config(
            tmp_path / "lab", hub
        )
    sot.remove(report.plan)
