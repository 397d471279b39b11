"""SNMPv3 users on a lab device: kept out of the running config, shown by ``show snmp user``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from netmiko import ConnectHandler

from tbwan.diff.writeonly import SnmpUser, parse_snmp_users
from tbwan.lab import Lab

Params = Callable[[str], dict[str, Any]]

pytestmark = pytest.mark.lab

USER = "snmp-server user mon RO v3 auth sha Auth12345 priv aes 128 Priv12345"


def test_user_is_shown_by_show_snmp_user_only(lab: Lab, params: Params) -> None:
    with ConnectHandler(**params("r07")) as conn:
        conn.enable()
        assert conn.send_command("show snmp user") == ""
        out = conn.send_config_set(["snmp-server group RO v3 priv", USER])
        assert "Invalid" not in out
        shown = conn.send_command("show snmp user")
        assert parse_snmp_users(shown) == [SnmpUser("mon", "RO", "SHA", "AES128")]
        assert "Auth12345" not in shown and "Priv12345" not in shown
        running = conn.send_command("show running-config")
        assert "snmp-server group RO v3 priv" in running
        assert "snmp-server user" not in running and "Auth12345" not in running
    assert lab.apply_config("r07", ["no snmp-server user mon RO v3"]) == ""
    with ConnectHandler(**params("r07")) as conn:
        conn.enable()
        assert conn.send_command("show snmp user") == ""


def test_configure_replace_keeps_users(lab: Lab, params: Params) -> None:
    assert lab.apply_config("r08", [USER]) == ""
    with ConnectHandler(**params("r08")) as conn:
        conn.enable()
        base = lab.running_config("r08")
        conn.send_config_set(["file prompt quiet"])
        conn.send_command("copy running-config flash:base.cfg", expect_string=r"#", read_timeout=10)
        out = conn.send_command("configure replace flash:base.cfg force", read_timeout=10)
        assert "Rollback Done" in out
        shown = parse_snmp_users(conn.send_command("show snmp user"))
        assert [u.name for u in shown] == ["mon"]
        assert "snmp-server user" not in base
