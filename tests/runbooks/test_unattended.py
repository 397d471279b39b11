"""Scheduled runs: a lock so two never overlap, a deadline, no prompts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.errors import LockedError
from tbwan.runbooks.unattended import LOCKED, TIMED_OUT, run_lock


def test_second_lock_holder_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "audit.lock"
    with run_lock(lock), pytest.raises(LockedError, match="another run holds"), run_lock(lock):
        pass
    with run_lock(lock):  # released
        pass


def test_audit_exits_with_locked_status_while_another_runs(tmp_path: Path) -> None:
    lock = tmp_path / "audit.lock"
    with run_lock(lock):
        result = CliRunner().invoke(
            app,
            [
                "audit",
                "--lock-file",
                str(lock),
                "--reports",
                str(tmp_path / "r"),
                "--log-file",
                str(tmp_path / "audit.log"),
            ],
        )
    assert result.exit_code == LOCKED
    assert "another run holds" in (tmp_path / "audit.log").read_text()


def test_deadline_ends_the_process(tmp_path: Path) -> None:
    code = (
        "import time\n"
        "from tbwan.runbooks.unattended import deadline, log_to_file\n"
        "from pathlib import Path\n"
        f"log_to_file(Path({str(tmp_path / 'x.log')!r}))\n"
        "with deadline(0.3, 'audit'):\n"
        "    time.sleep(5)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == TIMED_OUT
    assert "exceeded --timeout" in done.stderr
    assert "exceeded --timeout" in (tmp_path / "x.log").read_text()
