"""Fault injection: what real clients see for each fault kind."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout

from tbwan.lab import Fault, Lab, LabError, parse_fault_spec

pytestmark = pytest.mark.lab
Params = Callable[[str], dict[str, Any]]


def test_refuse_auth(lab: Lab, params: Params) -> None:
    lab.set_fault("r01", Fault(refuse_auth=True))
    try:
        with pytest.raises(NetmikoAuthenticationException):
            ConnectHandler(**params("r01"))
    finally:
        lab.clear_faults("r01")
    with ConnectHandler(**params("r01")) as conn:
        assert conn.find_prompt() == "r01>"


def test_wrong_password_is_refused(params: Params) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**{**params("r01"), "password": "not-the-password"})


def test_hang_never_answers(lab: Lab, params: Params) -> None:
    lab.set_fault("r02", Fault(hang=True))
    try:
        start = time.monotonic()
        with pytest.raises((ReadTimeout, ValueError, OSError)):
            ConnectHandler(**{**params("r02"), "read_timeout_override": 2, "timeout": 2})
        assert time.monotonic() - start >= 1.5
    finally:
        lab.clear_faults("r02")


def test_drop_after_n_commands(lab: Lab, params: Params) -> None:
    # login sends terminal width + terminal length; enable + its password are 2 more lines
    lab.set_fault("r03", Fault(drop_after=5))
    try:
        conn = ConnectHandler(**params("r03"))
        conn.enable()
        assert "r03" in conn.send_command("show version")
        with pytest.raises((OSError, EOFError, ReadTimeout)):
            conn.send_command("show running-config", read_timeout=2)
        assert not conn.is_alive()
    finally:
        lab.clear_faults("r03")


def test_reject_pattern(lab: Lab, params: Params) -> None:
    lab.set_fault("r04", Fault(reject=r"^snmp-server community"))
    try:
        with ConnectHandler(**params("r04")) as conn:
            conn.enable()
            out = conn.send_config_set(
                ["snmp-server community public RO", "snmp-server location X"]
            )
            assert out.count("% Invalid input detected at '^' marker.") == 1
            run = conn.send_command("show running-config | include snmp")
            assert run == "snmp-server location X"
    finally:
        lab.clear_faults("r04")


def test_latency(lab: Lab, params: Params) -> None:
    with ConnectHandler(**params("r05")) as conn:
        start = time.monotonic()
        conn.send_command("show version")
        fast = time.monotonic() - start
        lab.set_fault("r05", Fault(latency=0.5))
        try:
            start = time.monotonic()
            assert "uptime is" in conn.send_command("show version")
            slow = time.monotonic() - start
        finally:
            lab.clear_faults("r05")
    assert slow >= fast + 0.45


def test_out_of_band_change(lab: Lab, params: Params) -> None:
    assert lab.apply_config("r06", ["interface Loopback0", " description changed by hand"]) == ""
    with ConnectHandler(**params("r06")) as conn:
        conn.enable()
        out = conn.send_command("show running-config | section Loopback0")
        assert " description changed by hand" in out.splitlines()


def test_fault_specs() -> None:
    assert parse_fault_spec("r1:auth") == ("r1", Fault(refuse_auth=True))
    assert parse_fault_spec("r1:latency:0.2")[1].latency == 0.2
    assert parse_fault_spec("r1:reject:^a:b")[1].reject == "^a:b"
    with pytest.raises(LabError):
        parse_fault_spec("r1:explode")
    with pytest.raises(LabError):
        parse_fault_spec("r1:reject:(")
