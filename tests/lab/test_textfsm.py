"""The lab's show output as ntc-templates read it through Netmiko ``use_textfsm=True``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler

from tbwan.lab import Credentials, Lab, LabDevice

from .conftest import netmiko_params
from .test_napalm_getters import ROUTER, SWITCH

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lab(creds: Credentials) -> Iterator[Lab]:
    devices = [
        LabDevice("cr1", "C1111-8P", "FGL2231A0AB", seed_config=ROUTER, uptime=694861),
        LabDevice("sw1", "WS-C2960+24TC-L", "FOC1932X0CD", seed_config=SWITCH),
    ]
    with Lab(devices, creds) as running:
        yield running


@pytest.fixture(scope="module")
def conns(lab: Lab, creds: Credentials) -> Iterator[dict[str, Any]]:
    opened = {h: ConnectHandler(**netmiko_params(lab, creds, h)) for h in ("cr1", "sw1")}
    for conn in opened.values():
        conn.enable()
    yield opened
    for conn in opened.values():
        conn.disconnect()


def parse(conn: Any, command: str) -> list[dict[str, Any]]:
    """Parsed rows; a string back means no template matched or parsing failed."""
    rows = conn.send_command(command, use_textfsm=True)
    assert isinstance(rows, list), f"{command!r} was not parsed: {rows!r}"
    return rows


def by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


def test_show_version(conns: dict[str, Any]) -> None:
    (cr1,) = parse(conns["cr1"], "show version")
    assert cr1["hostname"] == "cr1" and cr1["version"] == "17.9.4a"
    assert cr1["hardware"] == ["C1111-8P"] and cr1["serial"] == ["FGL2231A0AB"]
    assert (cr1["uptime_weeks"], cr1["uptime_days"], cr1["uptime_hours"]) == ("1", "1", "1")
    assert cr1["running_image"] == "c1100-universalk9.17.09.04a.SPA.bin"
    (sw1,) = parse(conns["sw1"], "show version")
    assert sw1["version"] == "15.2(7)E9" and sw1["software_image"] == "C2960-LANBASEK9-M"
    assert "WS-C2960+24TC-L" in sw1["hardware"] and "FOC1932X0CD" in sw1["serial"]


def test_show_ip_interface_brief(conns: dict[str, Any]) -> None:
    rows = by(parse(conns["cr1"], "show ip interface brief"), "interface")
    assert rows["GigabitEthernet0/0/0"]["ip_address"] == "10.34.4.109"
    assert rows["GigabitEthernet0/0/0"]["status"] == "up"
    assert rows["GigabitEthernet0/0/1"]["status"] == "administratively down"
    assert rows["GigabitEthernet0/0/1"]["proto"] == "down"
    assert rows["GigabitEthernet0/1/0"]["ip_address"] == "unassigned"


def test_show_interfaces(conns: dict[str, Any]) -> None:
    rows = by(parse(conns["cr1"], "show interfaces"), "interface")
    wan = rows["GigabitEthernet0/0/0"]
    assert (wan["link_status"], wan["protocol_status"]) == ("up", "up")
    assert wan["description"] == "WAN fiber to hub"
    assert (wan["ip_address"], wan["prefix_length"]) == ("10.34.4.109", "31")
    assert (wan["bandwidth"], wan["speed"], wan["duplex"]) == (
        "100000 Kbit",
        "100Mbps",
        "Full Duplex",
    )
    assert wan["mtu"] == "1500" and wan["input_errors"] == "0" and wan["crc"] == "0"
    assert wan["mac_address"] == wan["bia"] != ""
    assert rows["GigabitEthernet0/0/1"]["link_status"] == "administratively down"
    one = parse(conns["cr1"], "show interfaces Gi0/1/0")
    assert [r["interface"] for r in one] == ["GigabitEthernet0/1/0"]
    sw = by(parse(conns["sw1"], "show interfaces"), "interface")
    assert sw["FastEthernet0/1"]["speed"] == "100Mb/s"


def test_show_interfaces_status(conns: dict[str, Any]) -> None:
    rows = by(parse(conns["sw1"], "show interfaces status"), "port")
    assert rows["Fa0/1"]["name"] == "staff access" and rows["Fa0/1"]["status"] == "connected"
    assert rows["Fa0/1"]["vlan_id"] == "10" and rows["Gi0/1"]["vlan_id"] == "trunk"
    rows = by(parse(conns["cr1"], "show interfaces status"), "port")
    assert (rows["Gi0/1/0"]["duplex"], rows["Gi0/1/0"]["speed"]) == ("full", "100")
    assert rows["Gi0/0/1"]["status"] == "disabled" and rows["Gi0/0/0"]["vlan_id"] == "routed"


def test_show_vlan_brief(conns: dict[str, Any]) -> None:
    rows = by(parse(conns["sw1"], "show vlan brief"), "vlan_id")
    assert rows["10"]["vlan_name"] == "staff" and rows["10"]["interfaces"] == ["Fa0/1"]
    assert rows["99"]["interfaces"] == ["Fa0/2"] and rows["1"]["vlan_name"] == "default"
    assert rows["1002"]["status"] == "act/unsup"


def test_show_inventory(conns: dict[str, Any]) -> None:
    rows = parse(conns["cr1"], "show inventory")
    assert rows[0]["name"] == "Chassis" and rows[0]["pid"].strip() == "C1111-8P"
    assert rows[0]["sn"] == "FGL2231A0AB"
    (sw,) = parse(conns["sw1"], "show inventory")
    assert sw["pid"].strip() == "WS-C2960+24TC-L"


def test_show_clock(conns: dict[str, Any]) -> None:
    (row,) = parse(conns["cr1"], "show clock")
    assert row["timezone"] == "ICT" and 2000 < int(row["year"]) < 2100
    (row,) = parse(conns["sw1"], "show clock")
    assert row["timezone"] == "UTC"


def test_show_archive(conns: dict[str, Any]) -> None:
    (row,) = parse(conns["cr1"], "show archive")
    assert row["next_filename"] == "flash:archive-1" and row["filenames"] == []
    conns["cr1"].send_command("copy running-config flash:/base.cfg", expect_string="#|\\?")
    conns["cr1"].send_command("\n")
    conns["cr1"].send_command("configure replace flash:/base.cfg force")
    (row,) = parse(conns["cr1"], "show archive")
    assert row["filenames"] == ["flash:archive-1"] and row["current_index"] == "1"
