"""Faults during deploy, audit and backup: reported, rolled back, others untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tbwan.lab import Fault, control
from tbwan.report import ExitStatus, HostStatus, exit_status
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import backup_configs
from tbwan.runbooks.deploy import deploy
from tbwan.tasks.deploy_host import DeployStatus

from .conftest import HOSTS, LabEnv

pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("e2e-faults")]

FAULTY, CHANGING = HOSTS[0], HOSTS[1]
# An unplanned change a merge deploy puts right (the line comes back).
DRIFT = ["no logging host 10.34.16.11"]


@pytest.fixture(scope="module")
def deployed(lab_env: LabEnv) -> LabEnv:
    """Every host runs its intended config and has a backup."""
    result = deploy(
        lab_env.nornir(), lab_env.renderer(), store=lab_env.store(), commit=True, replace=True
    )
    assert not result.failed, result.failed
    assert not backup_configs(lab_env.nornir(), lab_env.store()).failed
    return lab_env


@pytest.fixture
def env(deployed: LabEnv) -> Iterator[LabEnv]:
    """The deployed lab; faults cleared and intended configs restored afterwards."""
    yield deployed
    control.clear_faults(deployed.lab_dir)
    deploy(
        deployed.nornir(), deployed.renderer(), store=deployed.store(), commit=True, replace=True
    )


def _running(env: LabEnv) -> dict[str, str]:
    return {h: control.running_config(env.lab_dir, h) for h in HOSTS}


def _backups(env: LabEnv) -> dict[str, str | None]:
    return {h: env.store().read(h) for h in HOSTS}


@pytest.mark.parametrize(
    ("fault", "timeout"),
    [(Fault(refuse_auth=True), 10), (Fault(hang=True), 3)],
    ids=["auth-refused", "timeout"],
)
def test_unreachable_host_fails_alone(env: LabEnv, fault: Fault, timeout: float) -> None:
    control.apply_config(env.lab_dir, CHANGING, DRIFT)
    before, backups = _running(env), _backups(env)
    control.set_fault(env.lab_dir, FAULTY, fault)

    result = deploy(
        env.nornir(session_timeout=timeout), env.renderer(), store=env.store(), commit=True
    )
    by_host = {h.host: h for h in result.hosts}
    assert by_host[FAULTY].status is DeployStatus.FAILED and by_host[FAULTY].error
    assert by_host[CHANGING].status is DeployStatus.CHANGED
    assert {by_host[h].status for h in HOSTS[2:]} == {DeployStatus.UNCHANGED}
    after = _running(env)
    assert after[FAULTY] == before[FAULTY]
    assert all(after[h] == before[h] for h in HOSTS[2:])

    audit = audit_hosts(env.nornir(session_timeout=timeout), env.renderer())
    statuses = {h.host: h.status for h in audit.hosts}
    assert statuses[FAULTY] is HostStatus.UNREACHABLE
    assert exit_status(audit) is ExitStatus.INCOMPLETE
    assert {statuses[h] for h in HOSTS[1:]} == {HostStatus.COMPLIANT}

    backup = backup_configs(env.nornir(session_timeout=timeout), env.store())
    assert FAULTY in backup.failed and FAULTY not in backup.saved
    assert _backups(env)[FAULTY] == backups[FAULTY]


def test_session_dropped_mid_commit_is_rolled_back(env: LabEnv) -> None:
    control.apply_config(env.lab_dir, FAULTY, DRIFT)
    control.apply_config(env.lab_dir, CHANGING, DRIFT)
    before, backups = _running(env), _backups(env)
    # the session is cut at the 27th command: after the commit, during the post-checks
    control.set_fault(env.lab_dir, FAULTY, Fault(drop_after=26))

    result = deploy(env.nornir(session_timeout=4), env.renderer(), store=env.store(), commit=True)
    by_host = {h.host: h for h in result.hosts}
    assert by_host[FAULTY].status is DeployStatus.ROLLED_BACK, by_host[FAULTY]
    assert "rolled back" in (by_host[FAULTY].error or "")
    assert by_host[CHANGING].status is DeployStatus.CHANGED
    control.clear_faults(env.lab_dir)
    after = _running(env)
    assert after[FAULTY] == before[FAULTY]
    assert all(after[h] == before[h] for h in HOSTS[2:])
    # the pre-change backup is the drifted config the device ran, committed in git
    backup = _backups(env)[FAULTY]
    assert backup is not None and backup != backups[FAULTY]
    assert "hostname" in backup and "logging host 10.34.16.11" not in backup
    assert env.store().log(1) == ["pre-deploy backup: 2 hosts changed"]


def test_rejected_line_is_rolled_back(env: LabEnv) -> None:
    control.apply_config(env.lab_dir, FAULTY, DRIFT)
    before = _running(env)
    control.set_fault(env.lab_dir, FAULTY, Fault(reject=r"^logging host"))

    result = deploy(env.nornir(), env.renderer(), store=env.store(), commit=True)
    by_host = {h.host: h for h in result.hosts}
    assert by_host[FAULTY].status is DeployStatus.ROLLED_BACK
    assert "Invalid input" in (by_host[FAULTY].error or "")
    assert {by_host[h].status for h in HOSTS[1:]} == {DeployStatus.UNCHANGED}
    assert _running(env) == before
