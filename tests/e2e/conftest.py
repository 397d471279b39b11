"""A lab of a few province devices in a child process, and Nornir pointed at it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from nornir.core import Nornir

from tbwan.credentials import load_secrets
from tbwan.lab import Credentials
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.labrun import (
    THROWAWAY_VARS,
    inventory_devices,
    lab_process,
    throwaway_value,
)
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts

REPO = Path(__file__).resolve().parents[2]

# Access switches: every line of their intended config is modelled by the lab.
HOSTS = (
    "tb-baothaibinh-sw01",
    "tb-bchqs-sw01",
    "tb-bhxh-sw01",
    "tb-bqlkcn-sw01",
    "tb-bvdk-sw01",
    "tb-congan-sw01",
)


@dataclass
class LabEnv:
    """What the tests drive: the lab directory, Nornir over the lab, a renderer, backups."""

    lab_dir: Path
    tmp: Path

    def nornir(self, *hosts: str, session_timeout: float = 20) -> Nornir:
        """Fresh Nornir narrowed to ``hosts`` (all lab hosts when none)."""
        nr = HostFilter(hosts=hosts or HOSTS).apply(init_nornir(Settings()))
        set_session_timeouts(nr, session_timeout)
        return nr

    def renderer(self) -> Renderer:
        """A renderer with the run's (random) secrets."""
        return Renderer(REPO / "templates", load_secrets())

    def store(self) -> BackupStore:
        """The backup repository of this module."""
        return BackupStore(self.tmp / "backups")


@pytest.fixture(scope="module")
def lab_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabEnv]:
    """The lab for HOSTS (factory-fresh configs) with random credentials and secrets."""
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("e2e")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, throwaway_value(var, os.environ))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        creds = Credentials(*load_secrets().login())
        nr = HostFilter(hosts=HOSTS).apply(init_nornir(Settings()))
        with lab_process(inventory_devices(nr), creds, lab_dir):
            yield LabEnv(lab_dir=lab_dir, tmp=tmp)
