"""The lab fixture lab test modules share: a few province devices in a child process with
throwaway credentials, and Nornir pointed at it.

Loaded by ``tests/conftest.py`` (``pytest_plugins``). A module that uses ``lab_env``
names its devices in a module-level ``HOSTS`` (and sets ``CABLED = True`` to wire them as
the inventory's cabling says: links, OSPF, routes); the fixture is module-scoped, so each
module gets its own lab, and ``tests/conftest.py`` keeps each lab module on one xdist
worker (``--dist loadgroup``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from nornir.core import Nornir

from tbwan.credentials import load_secrets
from tbwan.inventory.loader import load_inventory
from tbwan.lab import Credentials
from tbwan.lab.network import cabling_from_inventory
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

REPO = Path(__file__).resolve().parents[1]


@dataclass
class LabEnv:
    """What the tests drive: the lab directory, Nornir over the lab, a renderer, backups."""

    lab_dir: Path
    tmp: Path
    hosts: tuple[str, ...]
    creds: Credentials

    def nornir(self, *hosts: str, session_timeout: float = 20) -> Nornir:
        """Fresh Nornir narrowed to ``hosts`` (all lab hosts when none)."""
        nr = HostFilter(hosts=hosts or self.hosts).apply(init_nornir(Settings()))
        set_session_timeouts(nr, session_timeout)
        return nr

    def renderer(self) -> Renderer:
        """A renderer with the run's (random) secrets."""
        return Renderer(REPO / "templates", load_secrets())

    def store(self) -> BackupStore:
        """The backup repository of this module."""
        return BackupStore(self.tmp / "backups")


@pytest.fixture(scope="module")
def lab_env(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabEnv]:
    """The lab for the module's ``HOSTS`` (factory-fresh configs), with random credentials
    and secrets in ``TBWAN_*`` and ``TBWAN_LAB_DIR`` set, from the repository root."""
    hosts = getattr(request.module, "HOSTS", None)
    if not hosts:
        pytest.fail(f"{request.module.__name__}: lab_env needs a module-level HOSTS", pytrace=False)
    quiet_libraries()
    tmp = tmp_path_factory.mktemp("lab-env")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        for var in THROWAWAY_VARS:
            mp.setenv(var, throwaway_value(var, os.environ))
        mp.delenv("TBWAN_SECRETS_FILE", raising=False)
        mp.delenv("TBWAN_INVENTORY", raising=False)
        lab_dir = tmp / "lab"
        mp.setenv("TBWAN_LAB_DIR", str(lab_dir))
        creds = Credentials(*load_secrets().login())
        nr = HostFilter(hosts=tuple(hosts)).apply(init_nornir(Settings()))
        cabling = None
        if getattr(request.module, "CABLED", False):
            cabling = cabling_from_inventory(load_inventory(REPO / "inventory"))
        with lab_process(inventory_devices(nr), creds, lab_dir, cabling=cabling):
            yield LabEnv(lab_dir=lab_dir, tmp=tmp, hosts=tuple(hosts), creds=creds)
