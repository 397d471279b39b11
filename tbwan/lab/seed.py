"""Seed configs for lab devices."""

from __future__ import annotations

import hashlib


def empty_config(name: str, platform: str = "ios") -> str:
    """The minimal config: hostname, SSH/vty basics, SCP and the archive NAPALM needs.

    A Junos device's (set form): host name, SSH and NETCONF over SSH.

    >>> empty_config("fw1", "junos").splitlines()[0]
    'set system host-name fw1'
    """
    if platform == "junos":
        return "\n".join(
            [
                f"set system host-name {name}",
                "set system services ssh",
                "set system services netconf ssh",
                "",
            ]
        )
    return "\n".join(
        [
            f"hostname {name}",
            "ip domain name lab.invalid",
            "ip scp server enable",
            "archive",
            " path flash:archive",
            " write-memory",
            "ip ssh version 2",
            "line vty 0 4",
            " login local",
            " transport input ssh",
            "",
        ]
    )


def lab_serial(name: str) -> str:
    """A stable serial number for a device racked at run time.

    >>> lab_serial("r1") == lab_serial("r1")
    True
    """
    return "FGL" + hashlib.sha256(name.encode()).hexdigest()[:8].upper()
