"""Backups never go astray: no enclosing repository, no overwrite without history,
an unwritable file is named and leaves no temporary file (exit 3).

Device reads are replaced by a fixed config (the logic under test is the store's).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from nornir.core.task import Result, Task
from typer.testing import CliRunner

import tbwan.runbooks.backup as backup_mod
from tbwan.cli import app

REPO = Path(__file__).resolve().parents[2]
HOST = "tb-sonv-rt01"
CONFIG = "hostname {host}\n!\ninterface Loopback0\n description {note}\nend\n"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def device(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """HOST's running config (change ``device[0]`` to change it)."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")
    monkeypatch.setenv("TBWAN_PASSWORD", "pw-not-used")
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    note = ["first"]

    def fetch(task: Task) -> Result:
        return Result(host=task.host, result=CONFIG.format(host=task.host.name, note=note[0]))

    monkeypatch.setattr(backup_mod, "fetch_running", fetch)
    monkeypatch.setattr(backup_mod, "pending_commit", lambda task: Result(host=task.host))
    return note


def _backup(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["backup", "--host", HOST, "--backup-dir", str(folder)])
    return result.exit_code, " ".join(result.output.split())


def _tmp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_damaged_repository_never_falls_through(device: list[str], tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    backups = outer / "backups"
    backups.mkdir(parents=True)
    _git(outer, "init", "-q")
    assert _backup(backups)[0] == 0
    (backups / ".git" / "HEAD").unlink()
    device[0] = "second"
    code, out = _backup(backups)
    assert code == 3, out
    assert str(backups) in out.replace(" ", "") and "not a valid git repository" in out
    assert _git(outer, "status", "--porcelain", "--untracked-files=no") == ""
    assert (
        subprocess.run(
            ["git", "-C", str(outer), "log"], capture_output=True, check=False
        ).returncode
        != 0
    )
    assert "first" in (backups / f"{HOST}.cfg").read_text()


def test_backups_without_history_are_not_overwritten(device: list[str], tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    old = "hostname tb-sonv-rt01\n! kept by hand\nend\n"
    (backups / f"{HOST}.cfg").write_text(old)
    code, out = _backup(backups)
    assert code == 3, out
    assert "no git history" in out and f"{HOST}.cfg" in out
    assert (backups / f"{HOST}.cfg").read_text() == old
    assert not (backups / ".git").exists()


def test_uncommitted_backup_is_committed_before_it_is_replaced(
    device: list[str], tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    assert _backup(backups)[0] == 0
    interrupted = (backups / f"{HOST}.cfg").read_text().replace("first", "interrupted")
    (backups / f"{HOST}.cfg").write_text(interrupted)  # written, then the run was killed
    device[0] = "third"
    assert _backup(backups)[0] == 0
    history = _git(backups, "log", "-p", "--format=%s")
    assert "left uncommitted by an interrupted run" in history
    assert "+ description interrupted" in history
    assert "third" in (backups / f"{HOST}.cfg").read_text()


@pytest.fixture(params=["immutable", "folder-in-place"])
def unwritable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A backup folder whose HOST file cannot be replaced."""
    backups = tmp_path / "backups"
    backups.mkdir()
    target = backups / f"{HOST}.cfg"
    if request.param == "immutable":
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not installed")
        target.write_text("hostname old\nend\n")
        _git(backups, "init", "-q")
        _git(backups, "add", "-A")
        _git(backups, "commit", "-qm", "old")
        if subprocess.run(
            ["chattr", "+i", str(target)], capture_output=True, check=False
        ).returncode:
            pytest.skip("this file system (or user) cannot make a file immutable")
        yield backups
        subprocess.run(["chattr", "-i", str(target)], check=True)
    else:
        _git(backups, "init", "-q")
        (target / "x").mkdir(parents=True)
        yield backups


def test_unwritable_backup_is_named_and_leaves_no_temporary(
    device: list[str], unwritable: Path
) -> None:
    code, out = _backup(unwritable)
    assert code == 3, out
    assert f"{unwritable / HOST}.cfg" in out.replace(" ", "")  # rich wraps long paths
    assert "Traceback" not in out
    assert _tmp_files(unwritable) == []
