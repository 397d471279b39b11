"""Before any session: no login, or a forged lab file, stops a run without connecting.

A plain TCP listener stands where a device would be; it counts the connections tbwan
opens, so "nothing was connected" is measured, not assumed.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app

REPO = Path(__file__).resolve().parents[2]
HOST = "tb-sonv-rt01"
SECRET_VARS = (
    "TBWAN_USERNAME",
    "TBWAN_PASSWORD",
    "TBWAN_ENABLE_SECRET",
    "TBWAN_TACACS_KEY",
    "TBWAN_IPSEC_PSK",
    "TBWAN_SECRETS_FILE",
)


class Listener:
    """A TCP socket that accepts and counts connections, and never answers."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket()
        self.sock.bind((address, 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        held = []
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            held.append(conn)
        for conn in held:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository as working directory, no secrets, a lab folder of our own."""
    monkeypatch.chdir(REPO)
    for var in SECRET_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "lab"))
    return tmp_path


@pytest.fixture
def loopback() -> Iterator[Listener]:
    listener = Listener("127.0.0.1")
    yield listener
    listener.close()


@pytest.fixture
def elsewhere() -> Iterator[Listener]:
    """A listener on another loopback address, standing for a host outside the lab."""
    listener = Listener("127.0.0.2")
    yield listener
    listener.close()


def _hosts_json(tmp: Path, address: str, port: int, mode: int = 0o644) -> Path:
    lab = tmp / "lab"
    lab.mkdir(exist_ok=True)
    path = lab / "hosts.json"
    data = {"pid": os.getpid(), "hosts": {HOST: {"hostname": address, "port": port}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(mode)
    return path


def _run(tmp: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--host", HOST, "--session-timeout", "3"])
    return result.exit_code, result.output


def _audit_args(tmp: Path) -> list[str]:
    return ["audit", "--reports", str(tmp / "reports"), "--lock-file", str(tmp / "lock")]


@pytest.mark.parametrize("command", ["audit", "backup"])
def test_no_credentials_names_the_variables_before_connecting(
    env: Path, loopback: Listener, command: str
) -> None:
    _hosts_json(env, "127.0.0.1", loopback.port)
    args = _audit_args(env) if command == "audit" else ["backup", "--backup-dir", str(env / "b")]
    code, out = _run(env, *args)
    assert code == 3, out
    flat = " ".join(out.split())
    for name in ("TBWAN_USERNAME", "TBWAN_PASSWORD", "TBWAN_SECRETS_FILE"):
        assert name in flat
    assert "No authentication methods" not in flat
    assert loopback.accepted == 0


@pytest.mark.parametrize("address", ["127.0.0.2", "0.0.0.0"])
def test_forged_lab_file_address_is_refused(
    env: Path, elsewhere: Listener, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")
    monkeypatch.setenv("TBWAN_PASSWORD", "pw-not-used")
    path = _hosts_json(env, address, elsewhere.port)
    code, out = _run(env, "backup", "--backup-dir", str(env / "b"))
    flat = " ".join(out.split())
    assert code == 3, out
    assert "hosts.json" in flat and address in flat and "127.0.0.1" in flat
    assert elsewhere.accepted == 0
    assert path.exists()


def test_lab_file_others_can_write_is_refused(
    env: Path, loopback: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")
    monkeypatch.setenv("TBWAN_PASSWORD", "pw-not-used")
    _hosts_json(env, "127.0.0.1", loopback.port, mode=0o666)
    code, out = _run(env, *_audit_args(env))
    assert code == 3, out
    assert "hosts.json" in out and "666" in out
    assert loopback.accepted == 0


def test_lab_writes_a_file_it_trusts(tmp_path: Path) -> None:
    from tbwan.lab.hostsfile import read_hosts, write_hosts

    old = os.umask(0o002)  # a umask that would make the file group-writable
    try:
        write_hosts(tmp_path, {HOST: 2222})
    finally:
        os.umask(old)
    assert read_hosts(tmp_path) == {HOST: ("127.0.0.1", 2222)}
