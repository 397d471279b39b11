"""The device lab: simulated Cisco IOS devices over real SSH on 127.0.0.1.

Real Netmiko and NAPALM (``ios``) drive them unmodified. See ``README.md`` beside this file.

The names below load on first use, so a light module of the lab (``hostsfile``, read by
every inventory load) does not import the SSH server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tbwan.lab.hostsfile import lab_dir as lab_dir
    from tbwan.lab.hostsfile import read_hosts as read_hosts
    from tbwan.lab.models import Credentials as Credentials
    from tbwan.lab.models import Fault as Fault
    from tbwan.lab.models import LabDevice as LabDevice
    from tbwan.lab.models import LabError as LabError
    from tbwan.lab.models import parse_fault_spec as parse_fault_spec
    from tbwan.lab.runner import Lab as Lab
    from tbwan.lab.runner import LabServer as LabServer
    from tbwan.lab.seed import empty_config as empty_config
    from tbwan.lab.serve import run_lab as run_lab
    from tbwan.lab.serve import synthetic_devices as synthetic_devices

_HOMES = {
    "lab_dir": "hostsfile",
    "read_hosts": "hostsfile",
    "Credentials": "models",
    "Fault": "models",
    "LabDevice": "models",
    "LabError": "models",
    "parse_fault_spec": "models",
    "Lab": "runner",
    "LabServer": "runner",
    "empty_config": "seed",
    "run_lab": "serve",
    "synthetic_devices": "serve",
}

__all__ = [
    "Credentials",
    "Fault",
    "Lab",
    "LabDevice",
    "LabError",
    "LabServer",
    "empty_config",
    "lab_dir",
    "parse_fault_spec",
    "read_hosts",
    "run_lab",
    "synthetic_devices",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
