"""Real Netmiko against the lab: modes, shows, config mode, save, errors, files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from netmiko import ConnectHandler

Params = Callable[[str], dict[str, Any]]

pytestmark = pytest.mark.lab


def test_prompts_enable_and_show(params: Params) -> None:
    with ConnectHandler(**params("r01")) as conn:
        assert conn.find_prompt() == "r01>"
        conn.enable()
        assert conn.find_prompt() == "r01#"
        run = conn.send_command("show running-config")
        assert "Building configuration..." in run
        assert "interface Loopback0\n ip address 10.34.0.1 255.255.255.255\n!" in run
        assert run.rstrip().endswith("end")
        assert conn.send_command("show run | include scp") == "ip scp server enable"
        section = conn.send_command("show running-config | section interface Loopback")
        assert section == "interface Loopback0\n ip address 10.34.0.1 255.255.255.255"
        begin = conn.send_command("show running-config | begin line vty")
        assert begin.splitlines()[0] == "line vty 0 4"
        brief = conn.send_command("show ip interface brief")
        assert "GigabitEthernet0/1/0" in brief and "administratively down" in brief


def test_user_mode_refuses_privileged_command(params: Params) -> None:
    with ConnectHandler(**params("r01")) as conn:
        out = conn.send_command("show running-config")
        assert out.splitlines()[-1] == "% Invalid input detected at '^' marker."


def test_wrong_enable_secret(params: Params) -> None:
    params = {**params("r01"), "secret": "wrong"}
    with ConnectHandler(**params) as conn, pytest.raises(ValueError):
        conn.enable()


def test_send_config_set_and_save(params: Params) -> None:
    with ConnectHandler(**params("r02")) as conn:
        conn.enable()
        out = conn.send_config_set(
            [
                "interface GigabitEthernet0/0/0",
                "description new uplink",
                "ip address 10.34.1.5 255.255.255.252",
                "interface GigabitEthernet0/1/0",
                "no shutdown",
                "logging host 10.34.0.50",
                "no ip domain lookup",
            ]
        )
        assert "r02(config-if)#" in out
        run = conn.send_command("show running-config | section GigabitEthernet")
        assert run.splitlines() == [
            "interface GigabitEthernet0/0/0",
            " description new uplink",
            " ip address 10.34.1.5 255.255.255.252",
            "interface GigabitEthernet0/1/0",
            " description LAN",
            " ip address 10.34.100.1 255.255.255.0",
        ]
        # "logging host" inside interface mode fell back to global configuration
        assert conn.send_command("show run | include ^logging|^no ip domain").splitlines() == [
            "no ip domain lookup",
            "logging host 10.34.0.50",
        ]
        assert "logging host" not in conn.send_command("show startup-config")
        assert "[OK]" in conn.save_config()
        assert "logging host 10.34.0.50" in conn.send_command("show startup-config")


def test_hostname_change_changes_prompt(params: Params) -> None:
    with ConnectHandler(**params("r03")) as conn:
        conn.enable()
        conn.send_config_set(["hostname r03-new"])
        assert conn.find_prompt() == "r03-new#"
        conn.send_config_set(["hostname r03"])
        assert conn.find_prompt() == "r03#"


def test_invalid_config_line(params: Params) -> None:
    with ConnectHandler(**params("r03")) as conn:
        conn.enable()
        out = conn.send_config_set(["hostnme typo"])
        assert "% Invalid input detected at '^' marker." in out
        with pytest.raises(Exception, match="Invalid input"):
            conn.send_config_set(["interfce Gi0"], error_pattern=r"% Invalid")


def test_exec_invalid_and_ambiguous(params: Params) -> None:
    with ConnectHandler(**params("r03")) as conn:
        conn.enable()
        out = conn.send_command("shw version", strip_prompt=False)
        assert out.splitlines()[-2:] == ["   ^", "% Invalid input detected at '^' marker."] or (
            "% Invalid input detected at '^' marker." in out
        )
        assert "Ambiguous" in conn.send_command("c")


def test_flash_copy_prompts_unless_quiet(params: Params) -> None:
    with ConnectHandler(**params("r04")) as conn:
        conn.enable()
        out = conn.send_command_timing("copy running-config flash:/backup.cfg")
        assert "Destination filename [backup.cfg]?" in out
        out = conn.send_command_timing("\n")
        assert "bytes copied" in out
        listing = conn.send_command("dir flash:/backup.cfg")
        assert "Directory of flash:/backup.cfg" in listing and "backup.cfg" in listing
        assert "hostname r04" in conn.send_command("more flash:/backup.cfg")
        md5 = conn.send_command("verify /md5 flash:/backup.cfg")
        assert md5.startswith(".") and "verify /md5 (flash:/backup.cfg) = " in md5
        assert "No such file" in conn.send_command("dir flash:/missing.cfg")
        conn.send_config_set(["file prompt quiet"])
        out = conn.send_command("copy running-config flash:/b2.cfg")
        assert "bytes copied" in out
        assert conn.send_command("show running-config | include file prompt") == "file prompt quiet"
        conn.send_config_set(["no file prompt quiet"])
        assert conn.send_command("show running-config | include file prompt") == ""
