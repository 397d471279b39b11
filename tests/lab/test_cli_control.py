"""The lab as a detached process: hosts.json, control socket, status, down."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException

from tbwan.lab import Fault, control, read_hosts

pytestmark = pytest.mark.lab


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tbwan.lab", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_detached_lab_with_control(tmp_path: Path) -> None:
    password = secrets.token_hex(12)
    env = {**os.environ, "TBWAN_USERNAME": "ops", "TBWAN_PASSWORD": password}
    env.pop("TBWAN_ENABLE_SECRET", None)
    env.pop("TBWAN_LAB_DIR", None)
    up = run_cli(
        ["up", "--synthetic", "--devices", "3", "--fault", "lab-r003:auth", "--detach"],
        env,
        tmp_path,
    )
    assert up.returncode == 0, up.stderr
    lab_dir = tmp_path / ".lab"
    try:
        data = json.loads((lab_dir / "hosts.json").read_text())
        assert set(data) == {"pid", "started", "hosts"}
        assert (lab_dir / "lab.pid").read_text().strip() == str(data["pid"])
        hosts = read_hosts(lab_dir)
        assert sorted(hosts) == ["lab-r001", "lab-r002", "lab-r003"]
        params = {
            "device_type": "cisco_ios",
            "host": hosts["lab-r001"][0],
            "port": hosts["lab-r001"][1],
            "username": "ops",
            "password": password,
            "secret": password,  # the enable secret defaults to the password
        }
        with ConnectHandler(**params) as conn:
            conn.enable()
            assert conn.find_prompt() == "lab-r001#"
        with pytest.raises(NetmikoAuthenticationException):
            ConnectHandler(**{**params, "port": hosts["lab-r003"][1]})
        control.clear_faults(lab_dir, "lab-r003")
        control.set_fault(lab_dir, "lab-r002", Fault(reject="^ntp"))
        status = run_cli(["status"], env, tmp_path)
        assert "3 devices" in status.stdout and "lab-r002" in status.stdout
        assert control.apply_config(lab_dir, "lab-r001", ["ntp server 10.0.0.1"]) == ""
        assert "ntp server 10.0.0.1" in control.running_config(lab_dir, "lab-r001")
        log = (lab_dir / "lab.log").read_text()
        assert password not in log
    finally:
        down = run_cli(["down"], env, tmp_path)
    assert down.returncode == 0, down.stderr
    assert not (lab_dir / "hosts.json").exists()
    assert not (lab_dir / "lab.pid").exists()
    assert run_cli(["down"], env, tmp_path).returncode == 3
