"""Devices booted with configs rendered without secrets (``<removed>``), as `tbwan lab up`
does, then deployed with the real secrets: the audit never crashes on masked lines.

This is the onboarding flow that failed with hier_config's DuplicateChildError
(``('tacacs server DIC-AAA-1', 'key <removed>')``): masking made the old and the new key
the same line. Now the old masked key is at most one extra line, never a crash, never a
secret in the result.
"""

from __future__ import annotations

import secrets as random_secrets
from pathlib import Path

import pytest

from tbwan.lab import Credentials, LabDevice
from tbwan.render.engine import Renderer
from tbwan.report import HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.secrets import load_secrets

REPO = Path(__file__).resolve().parents[2]
HUB = "tb-ubnd-vuthu-rt01"  # has a "tacacs server" block and an ISAKMP key
pytestmark = [pytest.mark.lab]


def test_audit_after_secrets_replace_masked_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet_libraries()
    monkeypatch.chdir(REPO)
    for var in THROWAWAY_VARS:
        value = "tbwan" if var == "TBWAN_USERNAME" else random_secrets.token_hex(10)
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "lab"))
    nr = HostFilter(hosts=(HUB,)).apply(init_nornir(Settings()))
    masked, failed = render_configs(nr, Renderer(REPO / "templates"))  # no secrets
    assert not failed and "<removed>" in masked[HUB]
    secrets = load_secrets()
    with lab_process(
        [LabDevice(name=HUB, seed_config=masked[HUB])],
        Credentials(*secrets.login()),
        tmp_path / "lab",
    ):
        renderer = Renderer(REPO / "templates", secrets)
        # the inventory reads the lab's addresses when Nornir starts: a fresh one
        nr = HostFilter(hosts=(HUB,)).apply(init_nornir(Settings()))
        report = deploy(nr, renderer, store=BackupStore(tmp_path / "backups"), commit=True)
        assert not report.failed, report
        audit = audit_hosts(HostFilter(hosts=(HUB,)).apply(init_nornir(Settings())), renderer)
    (host,) = audit.hosts
    assert host.status in (HostStatus.COMPLIANT, HostStatus.DRIFTED), host.error
    assert host.drift is not None and host.drift.missing_count == 0
    # what may remain: lines the device kept beside the new ones, masked as it booted
    for feature in host.drift.features:
        assert all("<removed>" in path[-1] for path in feature.extra), feature.extra
    dumped = host.model_dump_json()
    for value in (secrets.tacacs_key, secrets.ipsec_psk, secrets.password):
        assert value and value not in dumped
