"""Realistic single changes to real configs, remediated on lab devices.

For each change tests/diff/test_real_corpus_changes.py makes to a corpus config (an ACL
entry inserted, a remark edited, an interface shut, a banner's text, an NTP server, a
secret, a certificate), a lab device booted from that config is put in the change's
"running" state (``configure replace`` from a flash file), tbwan computes the remediation
from the device's running config as ``tbwan remediate`` does (``plan_changes`` with the IOS
profile, real secrets), Netmiko pushes it with ``send_config_set``, and the running config
read back must be compliant with the intended one.

Lines the lab refuses at seed time are left out of both sides (see
tests/lab/test_real_roundtrip.py). Configs that do not round-trip through the lab even
unchanged (its ``DEVIATIONS`` there) and changes this push path cannot carry are named in
:data:`NOT_ROUND_TRIPPING` and :data:`NOT_CONVERGING` with the reason.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diff"))
from lab.conftest import netmiko_params
from lab.test_real_roundtrip import DEVIATIONS, REFUSED
from test_real_corpus_changes import CASES, CHANGES, Change

from tbwan.diff import diff_configs, plan_changes
from tbwan.lab import Credentials, Lab, LabDevice
from tbwan.platforms import IOS

pytestmark = [pytest.mark.lab, pytest.mark.slow]

# Configs that do not round-trip through the lab even unchanged (their DEVIATIONS in
# tests/lab/test_real_roundtrip.py: parser tests with a command and its negation, NX-OS
# lines, two values of one single-value command): the intended config is one no device
# can hold, so a remediation cannot converge to it. Named here, never skipped silently.
NOT_ROUND_TRIPPING = sorted({path.name for path, _ in CASES} & set(DEVIATIONS))

# Single changes that cannot converge through this push path, with the reason.
NOT_CONVERGING: dict[tuple[str, str], str] = {
    # the banner's line ends in a space; Netmiko's send_config_set strips trailing
    # whitespace from every command it sends (normalize_cmd), so the space never arrives
    ("pybatfish-firewall-zbf.cfg", "banner-text"): "Netmiko strips the trailing space",
}

LAB_CASES = [
    (path, kind)
    for path, kind in CASES
    if path.name not in NOT_ROUND_TRIPPING and (path.name, kind) not in NOT_CONVERGING
]
NAMES = sorted({path.name for path, _ in LAB_CASES})
HOSTS = {name: f"rc{i:02d}" for i, name in enumerate(NAMES)}
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "configs"


def without_refused(name: str, text: str) -> str:
    """``text`` without the lines the lab refuses for this file."""
    refused = REFUSED.get(name, set())
    return "".join(line for line in text.splitlines(keepends=True) if line.strip() not in refused)


def before_end(text: str) -> str:
    """``text`` with lines added after its ``end`` moved before it, where a device has them.

    (The NTP change appends its line to the file; IOS stops reading a file at ``end``.)
    """
    lines = text.splitlines(keepends=True)
    ends = [i for i, line in enumerate(lines) if line.strip() == "end"]
    if not ends:
        return text
    last = ends[-1]
    return "".join([*lines[:last], *lines[last + 1 :], lines[last]])


def change_of(name: str, kind: str) -> Change:
    """The change of ``kind`` for a corpus file, with the refused lines left out."""
    change = CHANGES[kind]((REAL / name).read_bytes().decode("utf-8", "replace"))
    assert change is not None
    return Change(
        without_refused(name, change.intended),
        before_end(without_refused(name, change.running)),
        change.feature,
        change.missing,
        change.extra,
        change.counts,
    )


@pytest.fixture(scope="module")
def creds() -> Credentials:
    """Fresh random credentials for this module's lab."""
    return Credentials("admin", secrets.token_hex(12), secrets.token_hex(12))


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    """One device per corpus config that has a change, booted from that config."""
    devices = [
        LabDevice(host, seed_config=without_refused(name, (REAL / name).read_text("utf-8")))
        for name, host in HOSTS.items()
    ]
    with Lab(devices, creds) as running:
        yield running


@pytest.fixture(scope="module")
def sessions(lab: Lab, creds: Credentials) -> Iterator[dict[str, Any]]:
    """Netmiko sessions to the devices, opened on first use and kept for the module."""
    from netmiko import ConnectHandler

    opened: dict[str, Any] = {}

    class Sessions(dict[str, Any]):
        def __missing__(self, host: str) -> Any:
            conn = ConnectHandler(**netmiko_params(lab, creds, host))
            conn.enable()
            opened[host] = conn
            self[host] = conn
            return conn

    yield Sessions()
    for conn in opened.values():
        conn.disconnect()


def show_running(conn: Any) -> str:
    """``show running-config`` as tbwan reads it."""
    return str(conn.send_command("show running-config", read_timeout=30))


def test_left_out_cases_are_named() -> None:
    left_out = {(p.name, k) for p, k in CASES} - {(p.name, k) for p, k in LAB_CASES}
    named = {(p.name, k) for p, k in CASES if p.name in NOT_ROUND_TRIPPING}
    assert left_out == named | set(NOT_CONVERGING)
    assert len(LAB_CASES) >= 120


@pytest.mark.parametrize(("path", "kind"), LAB_CASES, ids=lambda c: getattr(c, "stem", c))
def test_remediation_converges_on_the_lab(
    path: Path, kind: str, lab: Lab, sessions: dict[str, Any]
) -> None:
    name, host = path.name, HOSTS[path.name]
    change = change_of(name, kind)
    conn = sessions[host]
    # Reset the device to the change's running state (the drifted device).
    lab.write_flash(host, "drifted.cfg", change.running.encode())
    out = conn.send_command("configure replace flash:drifted.cfg force", read_timeout=30)
    assert "Failed to apply" not in out and "%" not in out, out
    have = show_running(conn)
    plan = plan_changes(change.intended, have, platform=IOS, host=host)
    assert plan.remediation.strip(), f"{name}/{kind}: the device shows no drift"
    pushed = conn.send_config_set(plan.remediation.splitlines(), read_timeout=30)
    assert "% Invalid" not in pushed and "% Incomplete" not in pushed, pushed
    after = show_running(conn)
    drift = diff_configs(name, change.intended, after, platform=IOS)
    assert drift.compliant, (plan.remediation, drift.model_dump_json())
