"""A Vu Thu corner of the province as a lab network, and the runbook scripts run against it.

The lab (the hub and two of its communes, booted with their intended configs, cabled as
the inventory says) serves in this process; each test runs ``python runbooks/NAME.py``
from a copy of the repository's inventory, templates and ``nornir.yaml``, as an engineer
would, with the lab's ``hosts.json`` in ``TBWAN_LAB_DIR``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tbwan.credentials import Secrets
from tbwan.inventory.loader import load_inventory
from tbwan.lab import Credentials, Lab, LabDevice
from tbwan.lab.hostsfile import write_hosts
from tbwan.lab.network import cabling_from_inventory
from tbwan.render.engine import render_inventory

REPO = Path(__file__).resolve().parents[2]
HUB = "tb-ubnd-vuthu-rt01"
COPPER = "tb-13195-hong-ly-rt01"  # Xã Hồng Lý, copper 4 Mbit/s
FIBER = "tb-13192-vu-thu-rt01"  # Thị trấn Vũ Thư, fiber
OTHER = "tb-13075-thanh-ne-rt01"  # a commune of Kien Xuong, its hub not in the lab
DEVICES = (HUB, COPPER, FIBER, OTHER)


@dataclass
class Corner:
    """The running lab, the working copy the scripts run in, and their environment."""

    lab: Lab
    work: Path
    env: dict[str, str]
    secrets: Secrets

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        """``python runbooks/<script> args`` from the working copy."""
        return subprocess.run(
            [sys.executable, str(self.work / "runbooks" / script), *args],
            check=False,
            cwd=self.work,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )


def working_copy(target: Path) -> Path:
    """The parts of the repository an engineer runs runbooks in (inventory is changed by
    some runbooks, so each module gets its own)."""
    for name in ("inventory", "templates", "runbooks", "tasks"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "nornir.yaml", target / "nornir.yaml")
    return target


@pytest.fixture(scope="module")
def corner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corner]:
    """The Vu Thu hub and two communes, intended configs with this run's secrets."""
    with start_corner(tmp_path_factory.mktemp("runbooks")) as running:
        yield running


@contextmanager
def start_corner(tmp: Path, boxes: dict[str, LabDevice] | None = None) -> Iterator[Corner]:
    """The lab of DEVICES; ``boxes`` stand in for some of them (e.g. an RMA's new box)."""
    work = working_copy(tmp / "repo")
    sec = Secrets(
        username="netadmin",
        password=secrets.token_hex(10),
        enable_secret=secrets.token_hex(10),
        tacacs_key=secrets.token_hex(10),
        ipsec_psk=secrets.token_hex(10),
        snmp_auth=secrets.token_hex(10),
        snmp_priv=secrets.token_hex(10),
    )
    inv = load_inventory(work / "inventory")
    configs = render_inventory(inv, work / "templates", sec, only=set(DEVICES))
    devices = [
        LabDevice(d.name, model=d.model, serial=d.serial, seed_config=configs[d.name])
        for d in inv.devices
        if d.name in DEVICES
    ]
    devices = [(boxes or {}).get(d.name, d) for d in devices]
    creds = Credentials(sec.username or "", sec.password or "", sec.enable_secret or "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TBWAN_")}
    env.update(
        TBWAN_USERNAME=creds.username,
        TBWAN_PASSWORD=creds.password,
        TBWAN_ENABLE_SECRET=creds.enable_secret,
        TBWAN_TACACS_KEY=sec.tacacs_key or "",
        TBWAN_IPSEC_PSK=sec.ipsec_psk or "",
        TBWAN_SNMP_AUTH=sec.snmp_auth or "",
        TBWAN_SNMP_PRIV=sec.snmp_priv or "",
        TBWAN_LAB_DIR=str(tmp / "lab"),
        COLUMNS="200",
    )
    with Lab(devices, creds, cabling=cabling_from_inventory(inv)) as lab:
        write_hosts(tmp / "lab", lab.ports)
        yield Corner(lab=lab, work=work, env=env, secrets=sec)
