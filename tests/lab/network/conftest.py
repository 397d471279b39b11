"""The province as a lab network: inventory, intended configs, cabling."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Inventory
from tbwan.lab import Credentials, Lab, LabDevice
from tbwan.lab.config_tree import parse_config
from tbwan.lab.network import Cabling, cabling_from_inventory
from tbwan.render.engine import render_inventory

from .helpers import Box
from .srx import Srx

ROOT = Path(__file__).resolve().parents[3]


@cache
def province() -> Inventory:
    """The repository's inventory (loaded once per test process)."""
    return load_inventory(ROOT / "inventory")


@cache
def intended() -> dict[str, str]:
    """Every device's rendered intended config."""
    return render_inventory(province(), ROOT / "templates")


def sources(configs: dict[str, str]) -> dict[str, Box | Srx]:
    """The devices of ``configs`` as the model reads them: IOS config trees, the SRX's set
    text."""
    platform = {d.name: d.platform for d in province().devices}
    return {
        n: Srx(t) if platform.get(n) == "junos" else Box(parse_config(t))
        for n, t in configs.items()
    }


@cache
def cabling() -> Cabling:
    """The province's cabling."""
    return cabling_from_inventory(province())


def lab_devices(only: set[str] | None = None) -> list[LabDevice]:
    """Lab devices booting with their intended configs."""
    configs = intended()
    return [
        LabDevice(
            d.name, model=d.model, serial=d.serial, seed_config=configs[d.name], platform=d.platform
        )
        for d in province().devices
        if only is None or d.name in only
    ]


@pytest.fixture(scope="module")
def creds() -> Credentials:
    """Fresh random credentials for this module's lab."""
    return Credentials("netadmin", secrets.token_hex(12), secrets.token_hex(12))


@pytest.fixture(scope="module")
def province_lab(creds: Credentials) -> Iterator[Lab]:
    """The whole province with intended configs, as a network."""
    with Lab(lab_devices(), creds, cabling=cabling()) as lab:
        yield lab
