"""Devices booted with configs rendered without secrets (``<removed>``), as `tbwan lab up`
does, then deployed with the real secrets: the audit never crashes on masked lines.

This is the onboarding flow that failed with hier_config's DuplicateChildError
(``('tacacs server DIC-AAA-1', 'key <removed>')``): masking made the old and the new key
the same line. Now the old masked key is at most one extra line, never a crash, never a
secret in the result or in the deploy diff. And a config tbwan cannot read fails its host
only: the audit carries on with the others (exit 2).
"""

from __future__ import annotations

import secrets as random_secrets
from pathlib import Path

import pytest

from tbwan.credentials import load_secrets
from tbwan.lab import Credentials, LabDevice
from tbwan.render.engine import Renderer
from tbwan.report import ExitStatus, HostStatus, exit_status
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[2]
HUB = "tb-ubnd-vuthu-rt01"  # has a "tacacs server" block and an ISAKMP key
SWITCH = "tb-bchqs-sw01"
UNREADABLE = REPO / "tests" / "fixtures" / "real" / "configs" / "ciscoconfparse2-sample-10.cfg"
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
    nr = HostFilter(hosts=(HUB, SWITCH)).apply(init_nornir(Settings()))
    masked, failed = render_configs(nr, Renderer(REPO / "templates"))  # no secrets
    assert not failed and "<removed>" in masked[HUB]
    secrets = load_secrets()
    with lab_process(
        [LabDevice(name=h, seed_config=masked[h]) for h in (HUB, SWITCH)],
        Credentials(*secrets.login()),
        tmp_path / "lab",
    ):
        renderer = Renderer(REPO / "templates", secrets)
        # the inventory reads the lab's addresses when Nornir starts: a fresh one
        nr = HostFilter(hosts=(HUB,)).apply(init_nornir(Settings()))
        report = deploy(nr, renderer, store=BackupStore(tmp_path / "backups"), commit=True)
        assert not report.failed, report
        for value in (secrets.tacacs_key, secrets.ipsec_psk, secrets.password):
            assert value and value not in report.hosts[0].diff  # the deploy diff printed
        audit = audit_hosts(HostFilter(hosts=(HUB,)).apply(init_nornir(Settings())), renderer)
        # an intended config tbwan cannot read: that host fails, the other is audited
        both = audit_hosts(
            HostFilter(hosts=(HUB, SWITCH)).apply(init_nornir(Settings())),
            renderer,
            intended={HUB: renderer_config(renderer, HUB), SWITCH: UNREADABLE.read_text()},
        )
    by_host = {h.host: h for h in both.hosts}
    assert by_host[SWITCH].status is HostStatus.FAILED
    assert "intended config: line 88" in (by_host[SWITCH].error or "")
    assert by_host[HUB].drift is not None
    assert exit_status(both) is ExitStatus.INCOMPLETE
    (host,) = audit.hosts
    assert host.status in (HostStatus.COMPLIANT, HostStatus.DRIFTED), host.error
    assert host.drift is not None and host.drift.missing_count == 0
    # what may remain: lines the device kept beside the new ones, masked as it booted
    for feature in host.drift.features:
        assert all("<removed>" in path[-1] for path in feature.extra), feature.extra
    dumped = host.model_dump_json()
    for value in (secrets.tacacs_key, secrets.ipsec_psk, secrets.password):
        assert value and value not in dumped


def renderer_config(renderer: Renderer, host: str) -> str:
    """The intended config of ``host`` with the run's secrets."""
    configs, failed = render_configs(
        HostFilter(hosts=(host,)).apply(init_nornir(Settings())), renderer
    )
    assert not failed
    return configs[host]
