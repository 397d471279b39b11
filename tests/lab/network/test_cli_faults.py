"""``tbwan lab circuit|device|fault|exec`` against a detached lab of one district corner."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoTimeoutException
from paramiko.ssh_exception import SSHException

from tbwan.lab import read_hosts
from tbwan.lab.network import control_ops

pytestmark = pytest.mark.lab

ROOT = Path(__file__).resolve().parents[3]
HUB, COMMUNE, OTHER = "tb-ubnd-vuthu-rt01", "tb-13195-hong-ly-rt01", "tb-13192-vu-thu-rt01"


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tbwan.lab", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def neighbours(lab: Path) -> list[tuple[str, str]]:
    return [(n["neighbor"], n["state"]) for n in control_ops.neighbors(lab, HUB)]


def test_network_faults_and_manual_changes_from_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "TBWAN_USERNAME": "ops", "TBWAN_PASSWORD": secrets.token_hex(12)}
    env.pop("TBWAN_LAB_DIR", None)
    sites = ["tb-ubnd-vuthu", "tb-13195-hong-ly", "tb-13192-vu-thu"]
    up = run(
        ["up", *(f"--site={s}" for s in sites), "--detach", "--inventory", str(ROOT / "inventory"),
         "--templates", str(ROOT / "templates")],
        env,
        tmp_path,
    )  # fmt: skip
    assert up.returncode == 0, up.stderr
    lab = tmp_path / ".lab"
    try:
        assert neighbours(lab) == [(OTHER, "FULL"), (COMMUNE, "FULL")]
        cut = run(["circuit", "down", "tbcl-258"], env, tmp_path)
        assert cut.returncode == 0 and "tbcl-258: down" in cut.stdout
        assert neighbours(lab) == [(OTHER, "FULL")]
        links = {x["key"]: x for x in control_ops.links(lab)}
        assert (
            not links["tbcl-258"]["up"]
            and links["tbcl-258"]["reason"] == "circuit tbcl-258 is down"
        )
        assert run(["circuit", "up", "tbcl-258"], env, tmp_path).returncode == 0
        assert neighbours(lab) == [(OTHER, "FULL"), (COMMUNE, "FULL")]

        run(["circuit", "degrade", "tbcl-258", "--loss", "1"], env, tmp_path)
        out = run(["exec", HUB, "ping 10.34.1.57"], env, tmp_path).stdout
        assert "Success rate is 0 percent (0/5)" in out
        run(["circuit", "up", "tbcl-258"], env, tmp_path)
        out = run(["exec", HUB, "ping 10.34.1.57"], env, tmp_path).stdout
        assert "Success rate is 100 percent (5/5)" in out

        off = run(["device", "off", COMMUNE], env, tmp_path)
        assert off.returncode == 0, off.stderr
        assert neighbours(lab) == [(OTHER, "FULL")]
        host, port = read_hosts(lab)[COMMUNE]
        with pytest.raises((NetmikoTimeoutException, SSHException, EOFError, OSError)):
            ConnectHandler(
                device_type="cisco_ios", host=host, port=port, username="ops",
                password=env["TBWAN_PASSWORD"], conn_timeout=5,
            )  # fmt: skip
        assert run(["device", "on", COMMUNE], env, tmp_path).returncode == 0
        assert neighbours(lab) == [(OTHER, "FULL"), (COMMUNE, "FULL")]

        # a manual change on the console: the commune's hello timer no longer matches
        typed = run(
            ["exec", COMMUNE, "configure terminal", "interface GigabitEthernet0/0/0",
             "ip ospf hello-interval 5", "end"],
            env,
            tmp_path,
        )  # fmt: skip
        assert typed.returncode == 0, typed.stderr
        assert neighbours(lab) == [(OTHER, "FULL")]
        # rebooting without saving brings back the startup config, and the adjacency
        run(["device", "off", COMMUNE], env, tmp_path)
        run(["device", "on", COMMUNE], env, tmp_path)
        assert neighbours(lab) == [(OTHER, "FULL"), (COMMUNE, "FULL")]

        assert run(["fault", COMMUNE, "latency:0.1"], env, tmp_path).returncode == 0
        assert "latency" in run(["status"], env, tmp_path).stdout
        assert run(["fault", "clear", COMMUNE], env, tmp_path).returncode == 0
        bad = run(["circuit", "down", "tbcl-999"], env, tmp_path)
        assert bad.returncode == 3 and "no circuit 'tbcl-999'" in bad.stderr
    finally:
        assert run(["down"], env, tmp_path).returncode == 0


def test_lab_process_with_cabling_is_a_network(tmp_path: Path) -> None:
    from tbwan.lab import Credentials
    from tbwan.runbooks.labrun import lab_process

    from .conftest import cabling, lab_devices

    creds = Credentials("ops", secrets.token_hex(12), secrets.token_hex(12))
    devices = lab_devices({HUB, COMMUNE})
    with lab_process(devices, creds, tmp_path / "lab", cabling=cabling()):
        assert neighbours(tmp_path / "lab") == [(COMMUNE, "FULL")]
        control_ops.circuit(tmp_path / "lab", "tbcl-258", "down")
        assert neighbours(tmp_path / "lab") == []


def test_start_faults_must_name_what_the_lab_has(tmp_path: Path) -> None:
    env = {**os.environ, "TBWAN_USERNAME": "ops", "TBWAN_PASSWORD": secrets.token_hex(12)}
    synthetic = run(
        ["up", "--synthetic", "--devices", "2", "--circuit-down", "tbcl-258"], env, tmp_path
    )
    assert synthetic.returncode == 3 and "not in this lab: ['tbcl-258']" in synthetic.stderr
    wrong = run(
        ["up", "--site", "tb-13195-hong-ly", "--circuit-down", "tbcl-999", "--device-off", "x",
         "--inventory", str(ROOT / "inventory"), "--templates", str(ROOT / "templates")],
        env,
        tmp_path,
    )  # fmt: skip
    assert wrong.returncode == 3 and "['tbcl-999', 'x']" in wrong.stderr


def test_lab_starts_with_a_circuit_down_and_a_device_off(tmp_path: Path) -> None:
    env = {**os.environ, "TBWAN_USERNAME": "ops", "TBWAN_PASSWORD": secrets.token_hex(12)}
    env.pop("TBWAN_LAB_DIR", None)
    sites = ["tb-ubnd-vuthu", "tb-13195-hong-ly", "tb-13192-vu-thu"]
    up = run(
        ["up", *(f"--site={s}" for s in sites), "--circuit-down", "tbcl-258",
         "--device-off", OTHER, "--detach", "--inventory", str(ROOT / "inventory"),
         "--templates", str(ROOT / "templates")],
        env,
        tmp_path,
    )  # fmt: skip
    assert up.returncode == 0, up.stderr
    lab = tmp_path / ".lab"
    try:
        assert neighbours(lab) == []
        control_ops.circuit(lab, "tbcl-258", "up")
        control_ops.power(lab, OTHER, True)
        assert neighbours(lab) == [(OTHER, "FULL"), (COMMUNE, "FULL")]
    finally:
        assert run(["down"], env, tmp_path).returncode == 0
