"""Shared lab fixtures: one lab per test module, random credentials."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tbwan.lab import Credentials, Lab, LabDevice, empty_config

SEED = """hostname {name}
ip domain name tb.gov.vn
ip scp server enable
username admin privilege 15 secret 9 $9$abc
archive
 path flash:archive
 write-memory
interface GigabitEthernet0/0/0
 description WAN uplink
 ip address 10.34.1.1 255.255.255.252
interface GigabitEthernet0/1/0
 description LAN
 ip address 10.34.100.1 255.255.255.0
 shutdown
interface Loopback0
 ip address 10.34.0.1 255.255.255.255
line vty 0 4
 login local
 transport input ssh
"""


@pytest.fixture(scope="module")
def creds() -> Credentials:
    """Fresh random credentials for this module's lab."""
    return Credentials("admin", secrets.token_hex(12), secrets.token_hex(12))


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    """Ten devices r01..r10 (r10 with the minimal config)."""
    devices = [
        LabDevice(f"r{i:02d}", serial=f"FGL{i:08d}", seed_config=SEED.format(name=f"r{i:02d}"))
        for i in range(1, 10)
    ]
    devices.append(LabDevice("r10", seed_config=empty_config("r10")))
    with Lab(devices, creds) as running:
        yield running


@pytest.fixture(scope="module")
def params(lab: Lab, creds: Credentials) -> Callable[[str], dict[str, Any]]:
    """ConnectHandler arguments for a host."""
    return lambda host: netmiko_params(lab, creds, host)


def napalm_driver(lab: Lab, creds: Credentials, host: str) -> Any:
    """NAPALM's own ``ios`` driver for ``host``, opened."""
    from napalm import get_network_driver

    drv = get_network_driver("ios")(
        "127.0.0.1",
        creds.username,
        creds.password,
        timeout=20,
        optional_args={"port": lab.ports[host], "secret": creds.enable_secret},
    )
    drv.open()
    return drv


def netmiko_params(lab: Lab, creds: Credentials, host: str) -> dict[str, Any]:
    """ConnectHandler arguments for ``host``."""
    return {
        "device_type": "cisco_ios",
        "host": "127.0.0.1",
        "port": lab.ports[host],
        "username": creds.username,
        "password": creds.password,
        "secret": creds.enable_secret,
        "conn_timeout": 10,
    }
