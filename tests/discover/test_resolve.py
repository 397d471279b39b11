"""Where discovery connects: a lab's management addresses, never a real one while it runs."""

from __future__ import annotations

from pathlib import Path

from tbwan.discover.collect import resolve
from tbwan.discover.targets import Target
from tbwan.lab.hostsfile import read_managements, write_hosts


def _targets() -> list[Target]:
    return [
        Target(2, "10.34.0.7", "10.34.0.7", 22),
        Target(3, "127.0.0.1:2201", "127.0.0.1", 2201),
        Target(4, "10.34.0.8", "10.34.0.8", 22),
    ]


def test_lab_maps_management_addresses_and_refuses_others(tmp_path: Path) -> None:
    write_hosts(tmp_path, {"r1": 40001, "r2": 40002}, managements={"r1": "10.34.0.7"})
    assert read_managements(tmp_path) == {"10.34.0.7": ("127.0.0.1", 40001)}
    targets, errors = resolve(_targets(), tmp_path)
    assert [(t.row, t.host, t.port) for t in targets] == [
        (2, "127.0.0.1", 40001),
        (3, "127.0.0.1", 2201),
    ]
    assert [e.row for e in errors] == [4]
    assert "serves no device at this address" in errors[0].message


def test_without_a_lab_addresses_are_used_as_given(tmp_path: Path) -> None:
    assert read_managements(tmp_path) == {}
    targets, errors = resolve(_targets(), tmp_path)
    assert targets == _targets() and errors == []
