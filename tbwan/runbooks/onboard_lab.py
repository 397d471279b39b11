"""The device lab's side of onboarding: rack the new devices, with an empty config.

In production a new commune's router arrives with its day-0 login and is reachable at
its management address; in the lab the same is true once it has been added to the
running lab process (and to its ``hosts.json``, which the Nornir inventory reads).
"""

from __future__ import annotations

from tbwan.lab import control
from tbwan.lab.hostsfile import lab_dir, read_hosts


def lab_prepare(hosts: list[str]) -> None:
    """Add ``hosts`` to the running lab (no-op when no lab runs or they exist)."""
    directory = lab_dir()
    running = read_hosts(directory, missing_ok=True)
    if not running:
        return
    missing = [h for h in hosts if h not in running]
    if missing:
        control.add_devices(directory, missing)
