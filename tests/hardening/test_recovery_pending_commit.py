"""Crash mid-commit: a commit left waiting for confirmation is reported and settled.

A deploy killed between its commit (under the device's rollback timer) and the
confirmation leaves a device running the new config that silently reverts minutes later.
Audit, backup and deploy report it as its own state; ``deploy --commit`` confirms it
when the running config is the intended one and the post-checks pass, and otherwise
leaves the timer to revert and says so. The state is made two ways: by NAPALM committing
under a timer and closing without confirmation, and by ``kill -9`` of a real
``tbwan deploy --commit`` right after its commit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lab_env import LabEnv
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.lab import Fault, control
from tbwan.lab.hostsfile import read_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.render import render_configs

pytestmark = [pytest.mark.lab, pytest.mark.xdist_group("hardening-pending")]

REPO = Path(__file__).resolve().parents[2]
CONFIRMED, KILLED = "tb-bchqs-sw01", "tb-bhxh-sw01"  # access switches: fully modelled
HOSTS = (CONFIRMED, KILLED)
# an unplanned change a merge deploy puts right: the line comes back
DRIFT = ["no logging host 10.34.16.11"]
DRIFT_LINE = "logging host 10.34.16.11"


@dataclass
class Env:
    """The module's lab (``lab_env``, deployed) and the intended configs."""

    lab: LabEnv
    intended: dict[str, str]

    @property
    def lab_dir(self) -> Path:
        return self.lab.lab_dir

    @property
    def tmp(self) -> Path:
        return self.lab.tmp

    def cli(self, *args: str) -> tuple[int, str]:
        extra = {
            "audit": ["--reports", str(self.tmp / "reports"), "--lock-file", str(self.tmp / "l")],
            "backup": ["--backup-dir", str(self.tmp / "backups")],
            "deploy": ["--backup-dir", str(self.tmp / "backups"), "--no-diff"],
        }[args[0]]
        result = CliRunner().invoke(app, [*args, *extra])
        return result.exit_code, " ".join(result.output.split())

    def driver(self, host: str) -> Any:
        """NAPALM's own IOS driver on ``host``, opened."""
        from napalm import get_network_driver

        address, port = read_hosts(self.lab_dir)[host]
        drv = get_network_driver("ios")(
            address,
            self.lab.creds.username,
            self.lab.creds.password,
            timeout=20,
            optional_args={"port": port, "secret": self.lab.creds.enable_secret},
        )
        drv.open()
        return drv

    def pending(self, host: str) -> bool:
        drv = self.driver(host)
        try:
            return bool(drv.has_pending_commit())
        finally:
            drv.close()

    def commit_unconfirmed(self, host: str, config: str) -> None:
        """What a deploy killed after its commit leaves: a replace under a 5 min timer."""
        drv = self.driver(host)
        try:
            drv.load_replace_candidate(config=config)
            drv.commit_config(revert_in=300)
        finally:
            drv.close()


@pytest.fixture(scope="module")
def env(lab_env: LabEnv) -> Env:
    """Two devices deployed with their intended configs, random credentials."""
    nr = lab_env.nornir()
    renderer = lab_env.renderer()
    done = deploy(nr, renderer, store=BackupStore(lab_env.tmp / "b0"), commit=True, replace=True)
    assert not done.failed, done.failed
    intended, failed = render_configs(nr, renderer)
    assert not failed
    return Env(lab_env, intended)


def test_unconfirmed_commit_is_reported_then_confirmed(env: Env) -> None:
    control.apply_config(env.lab_dir, CONFIRMED, DRIFT)  # the config before the change
    env.commit_unconfirmed(CONFIRMED, env.intended[CONFIRMED])
    assert env.pending(CONFIRMED)

    code, out = env.cli("audit", "--host", CONFIRMED)
    assert code == 2, out
    assert "commit pending confirmation, reverts at" in out and CONFIRMED in out

    code, out = env.cli("backup", "--host", CONFIRMED)
    assert code == 0, out
    assert "pending" in out and "reverts at" in out

    code, out = env.cli("deploy", "--host", CONFIRMED)  # dry run: says, changes nothing
    assert code == 1, out
    assert "commit pending confirmation" in out and "`tbwan deploy --commit` confirms it" in out
    assert env.pending(CONFIRMED)

    code, out = env.cli("deploy", "--host", CONFIRMED, "--commit")
    assert code == 0, out
    assert "confirmed" in out
    assert not env.pending(CONFIRMED)  # nothing left to revert it later
    assert DRIFT_LINE in control.running_config(env.lab_dir, CONFIRMED)
    assert env.cli("audit", "--host", CONFIRMED)[0] == 0


def test_unconfirmed_commit_that_is_not_intended_is_left_to_revert(env: Env) -> None:
    other = env.intended[CONFIRMED].replace(f"{DRIFT_LINE}\n", "")
    assert other != env.intended[CONFIRMED]
    env.commit_unconfirmed(CONFIRMED, other)
    try:
        code, out = env.cli("deploy", "--host", CONFIRMED, "--commit")
        assert code == 1, out
        assert "commit pending confirmation" in out and "not confirmed" in out
        assert env.pending(CONFIRMED)  # left for the timer: nothing unchecked is kept
        assert DRIFT_LINE not in control.running_config(env.lab_dir, CONFIRMED)
    finally:
        drv = env.driver(CONFIRMED)
        drv.rollback()  # configure revert now: back to the intended config
        drv.close()
    assert DRIFT_LINE in control.running_config(env.lab_dir, CONFIRMED)


def test_deploy_killed_after_commit_is_recovered(env: Env) -> None:
    control.apply_config(env.lab_dir, KILLED, DRIFT)
    # slow replies widen the window between the commit and its confirmation
    control.set_fault(env.lab_dir, KILLED, Fault(latency=0.4))
    cmd = [sys.executable, "-c", "from tbwan.cli import main; main()", "deploy", "--commit"]
    cmd += ["--host", KILLED, "--backup-dir", str(env.tmp / "backups-killed"), "--no-diff"]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while DRIFT_LINE not in control.running_config(env.lab_dir, KILLED):
            assert proc.poll() is None, "deploy ended before its commit was seen"
            assert time.monotonic() < deadline, "the commit never came"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # after the commit, before the confirmation
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        control.clear_faults(env.lab_dir, KILLED)
    assert proc.returncode == -signal.SIGKILL
    assert env.pending(KILLED)

    code, out = env.cli("audit", "--host", KILLED)
    assert code == 2, out
    assert "commit pending confirmation, reverts at" in out

    code, out = env.cli("deploy", "--host", KILLED, "--commit")
    assert code == 0, out
    assert "confirmed" in out
    assert not env.pending(KILLED)
    assert DRIFT_LINE in control.running_config(env.lab_dir, KILLED)
    code, out = env.cli("audit", "--host", KILLED)
    assert code == 0, out
