"""The device lab: simulated Cisco IOS devices over real SSH on 127.0.0.1.

Real Netmiko and NAPALM (``ios``) drive them unmodified. See ``README.md`` beside this file.
"""

from __future__ import annotations

from tbwan.lab.hostsfile import lab_dir, read_hosts
from tbwan.lab.models import Credentials, Fault, LabDevice, LabError, parse_fault_spec
from tbwan.lab.runner import Lab, LabServer
from tbwan.lab.seed import empty_config
from tbwan.lab.serve import run_lab, synthetic_devices

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
