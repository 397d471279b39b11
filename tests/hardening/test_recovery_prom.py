"""Every audit or verify run that fails leaves its failure in its textfile (exit 2-5).

The previous run's file is replaced (never appended to, no temporary file left), so
monitoring alerting on ``tbwan_audit_success == 0`` or ``tbwan_verify_success == 0`` sees
the failed run. (A verify that could not ask a device, exit 2, writes its full report.)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.runbooks.unattended import LOCKED, TIMED_OUT, run_lock

REPO = Path(__file__).resolve().parents[2]
HOST = "tb-sonv-rt01"
RUNS = ("audit", "verify")


def _series(text: str) -> dict[str, str]:
    return dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reports folder holding a successful previous run's textfile."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")
    monkeypatch.setenv("TBWAN_PASSWORD", "pw-not-used")
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "lab"))
    out = tmp_path / "reports"
    out.mkdir()
    for run in RUNS:
        (out / f"tbwan_{run}.prom").write_text(
            f"tbwan_{run}_success 1\ntbwan_{run}_exit_status 0\n"
        )
    return out


@pytest.fixture
def silent_device(tmp_path: Path) -> Iterator[int]:
    """A lab file pointing HOST at a port that accepts and never speaks SSH."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    port = int(sock.getsockname()[1])
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(sock.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    lab = tmp_path / "lab"
    lab.mkdir()
    hosts = {"pid": os.getpid(), "hosts": {HOST: {"hostname": "127.0.0.1", "port": port}}}
    (lab / "hosts.json").write_text(json.dumps(hosts))
    yield port
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def _args(run: str, reports: Path, *extra: str) -> list[str]:
    return [
        run,
        "--host",
        HOST,
        "--reports",
        str(reports),
        "--lock-file",
        str(reports / "lock"),
        *extra,
    ]


def _check(reports: Path, status: int, reason: str, run: str = "audit") -> None:
    series = _series((reports / f"tbwan_{run}.prom").read_text())
    assert series.get(f'tbwan_{run}_success{{reason="{reason}"}}') == "0", series
    assert f"tbwan_{run}_success" not in series
    assert series[f"tbwan_{run}_exit_status"] == str(status)
    assert float(series[f"tbwan_{run}_last_run_timestamp_seconds"]) > 0
    assert not [p.name for p in reports.iterdir() if p.name.endswith(".tmp")]
    other = next(r for r in RUNS if r != run)  # the other command's file is left alone
    assert (reports / f"tbwan_{other}.prom").read_text().startswith(f"tbwan_{other}_success 1")


@pytest.mark.parametrize("run", RUNS)
def test_locked_run_is_recorded(reports: Path, run: str) -> None:
    with run_lock(reports / "lock"):
        result = CliRunner().invoke(app, _args(run, reports))
    assert result.exit_code == LOCKED
    _check(reports, LOCKED, "locked", run)


@pytest.mark.parametrize("run", RUNS)
def test_bad_input_run_is_recorded(
    reports: Path, monkeypatch: pytest.MonkeyPatch, run: str
) -> None:
    monkeypatch.setenv("TBWAN_INVENTORY", "nosuch")
    result = CliRunner().invoke(app, _args(run, reports))
    assert result.exit_code == 3, result.output
    _check(reports, 3, "error", run)


@pytest.mark.parametrize("run", RUNS)
def test_unusable_log_file_is_recorded(reports: Path, run: str) -> None:
    (reports / "file").write_text("")
    result = CliRunner().invoke(app, _args(run, reports, "--log-file", str(reports / "file/log")))
    assert result.exit_code == 3, result.output
    assert "cannot be used as the log file" in result.output
    _check(reports, 3, "error", run)


def test_unreachable_run_is_recorded(reports: Path, silent_device: int) -> None:
    result = CliRunner().invoke(app, _args("audit", reports, "--session-timeout", "2"))
    assert result.exit_code == 2, result.output
    _check(reports, 2, "incomplete")


@pytest.mark.parametrize("run", RUNS)
def test_timed_out_run_is_recorded(reports: Path, silent_device: int, run: str) -> None:
    code = "from tbwan.cli import main; main()"
    args = _args(run, reports, "--timeout", "1", "--session-timeout", "30")
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == TIMED_OUT, done.stderr
    _check(reports, TIMED_OUT, "timeout", run)
