"""``tbwan verify`` exit statuses that need no device: locked (4), bad input (3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.runbooks.unattended import LOCKED, run_lock

REPO = Path(__file__).resolve().parents[2]


def test_verify_exits_4_while_another_runs(tmp_path: Path) -> None:
    lock = tmp_path / "verify.lock"
    with run_lock(lock):
        result = CliRunner().invoke(
            app,
            ["verify", "--lock-file", str(lock), "--reports", str(tmp_path / "r"),
             "--log-file", str(tmp_path / "verify.log")],
        )  # fmt: skip
    assert result.exit_code == LOCKED
    assert "another run holds" in (tmp_path / "verify.log").read_text()
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("verify-*"))


def test_verify_unknown_host_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    result = CliRunner().invoke(
        app, ["verify", "--host", "tb-nosuch-rt01", "--reports", str(tmp_path / "r")]
    )
    assert result.exit_code == 3
    assert "--host tb-nosuch-rt01: no such host" in result.output
