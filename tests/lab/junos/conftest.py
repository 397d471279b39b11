"""The lab SRX the Junos client tests share: the rendered ``tb-ttthdl-fw01`` config."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tbwan.lab import Credentials, Lab, LabDevice

from .seed import HOST, SEED, UPTIME


@pytest.fixture(scope="module")
def creds() -> Credentials:
    """A throwaway login for the module's lab."""
    return Credentials("netadmin", secrets.token_hex(12), secrets.token_hex(12))


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    """One lab SRX1500 booted with the rendered firewall config (a module may override)."""
    srx = LabDevice(
        HOST, "SRX1500", "DA4219AF0123", seed_config=SEED, uptime=UPTIME, platform="junos"
    )
    with Lab([srx], creds) as running:
        yield running
