"""The demo story on a few sites: lab up, deploy, manual drift, audit, reports, lab down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tbwan.report import HostStatus
from tbwan.runbooks.common import HostFilter
from tbwan.runbooks.demo import run_demo
from tbwan.runbooks.labrun import THROWAWAY_VARS
from tbwan.runbooks.unattended import quiet_libraries

pytestmark = pytest.mark.lab

REPO = Path(__file__).resolve().parents[2]
SITES = ("tb-baothaibinh", "tb-ubnd-donghung", "tb-12433-le-hong-phong")


def test_demo_finds_exactly_the_manual_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_libraries()
    monkeypatch.chdir(REPO)
    for var in (*THROWAWAY_VARS, "TBWAN_SECRETS_FILE", "TBWAN_LAB_DIR", "TBWAN_INVENTORY"):
        # set, then delete: monkeypatch then removes what run_demo generates afterwards
        monkeypatch.setenv(var, "unset")
        monkeypatch.delenv(var)
    report = run_demo(
        hosts=HostFilter(sites=SITES),
        reports=tmp_path / "reports",
        backup_dir=tmp_path / "backups",
        say=lambda _text: None,
    )
    assert set(report.generated_secrets) == set(THROWAWAY_VARS)
    assert not report.deploy.failed
    drifted = {h.host for h in report.audit.hosts if h.status is HostStatus.DRIFTED}
    assert drifted == set(report.drift) and len(drifted) == 4
    assert report.audit.counts.unreachable == report.audit.counts.failed == 0
    data = json.loads(report.files.reports[0].read_text())
    assert data["counts"]["drifted"] == 4
    assert report.as_planned and report.exit_status == 0  # the runbook's verdict
    names = {(h["site"], h["site_name"], h["region_name"]) for h in data["hosts"]}
    assert ("tb-ubnd-donghung", "UBND huyện Đông Hưng", "Huyện Đông Hưng") in names
    assert report.files.prometheus is not None and report.files.prometheus.exists()


@pytest.mark.slow
def test_demo_tells_the_carrier_from_the_misconfiguration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole province: a cut copper circuit and a hub downlink in the wrong area."""
    from tbwan.runbooks.demo_network import verdict
    from tbwan.verify.models import Cause

    quiet_libraries()
    monkeypatch.chdir(REPO)
    for var in (*THROWAWAY_VARS, "TBWAN_SECRETS_FILE", "TBWAN_LAB_DIR", "TBWAN_INVENTORY"):
        monkeypatch.setenv(var, "unset")
        monkeypatch.delenv(var)
    report = run_demo(
        reports=tmp_path / "reports", backup_dir=tmp_path / "backups", say=lambda _text: None
    )
    assert not report.deploy.failed
    assert report.verify is not None and report.network.circuit and report.network.area_host
    ok, text = verdict(report.verify, report.network)
    assert ok, text
    causes = {d.subject: d.cause for d in report.verify.diagnoses}
    assert causes[f"circuit {report.network.circuit}"] is Cause.CARRIER
    area = f"{report.network.area_host} {report.network.area_interface}"
    assert causes[area] is Cause.MISCONFIGURATION
    drifted = {h.host for h in report.audit.hosts if h.status is HostStatus.DRIFTED}
    assert drifted == set(report.drift) and report.network.area_host in drifted
    assert {p.suffix for p in report.verify_files} == {".json", ".html", ".xml"}
