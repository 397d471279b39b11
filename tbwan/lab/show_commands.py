"""Exec ``show`` commands about the device and its interfaces, as a dispatch table.

:data:`SHOWS` maps command words to handlers ``(session, args) -> text``; the session
module merges it into its keyword tree. Routing, neighbours, ARP and tunnels live with
the network model, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tbwan.lab import show, show_system
from tbwan.lab.editor import INCOMPLETE, caret
from tbwan.lab.hardware import model_of

if TYPE_CHECKING:
    from tbwan.lab.commands import Session

Handler = Callable[["Session", list[str]], str]


def _invalid(s: Session, words: str, args: list[str], index: int) -> str:
    """IOS's caret error under ``args[index]`` of ``show WORDS ARGS``."""
    line = " ".join(["show", *words.split(), *args])
    return caret(s.prompt, line, len(words.split()) + 1 + index)


def _word(arg: str, keyword: str, least: int = 2) -> bool:
    """Whether ``arg`` abbreviates ``keyword`` (at least ``least`` letters)."""
    a = arg.lower()
    return len(a) >= min(least, len(keyword)) and keyword.startswith(a)


def _interfaces(s: Session, args: list[str]) -> str:
    rows = show.table(s.state)
    d = s.state.device
    if not args:
        return show.show_interfaces(s.state.hostname, d.model, rows)
    if _word(args[0], "status", 3):
        return show.interfaces_status(rows)
    if _word(args[0], "summary", 3):
        return show.interface_summary(rows)
    if _word(args[0], "transceiver"):
        return ""  # no pluggable optics in the lab
    one = show.find(s.state, args[0])
    if not one:
        return _invalid(s, "interfaces", args, 0)
    if len(args) > 1 and _word(args[1], "status", 3):
        return show.interfaces_status(one)
    return show.show_interfaces(s.state.hostname, d.model, one)


def _ip_interface(s: Session, args: list[str]) -> str:
    if not args:
        return show.show_ip_interface(show.table(s.state))
    one = show.find(s.state, args[0])
    return show.show_ip_interface(one) if one else _invalid(s, "ip interface", args, 0)


def _ipv6_interface(s: Session, args: list[str]) -> str:
    rows = show.table(s.state) if not args else show.find(s.state, args[0])
    return show.show_ipv6_interface(s.state.hostname, rows)


def _vlan(s: Session, args: list[str]) -> str:
    d, ifaces = s.state.device, show.interfaces(s.state.running, s.state.device.model)
    if not show_system.has_vlans(d.model, ifaces):
        return _invalid(s, "", ["vlan", *args], 0)
    if not args or _word(args[0], "brief"):
        return show_system.show_vlan_brief(d.model, s.state.running, ifaces)
    if _word(args[0], "id"):
        if len(args) < 2:
            return INCOMPLETE
        if not args[1].isdigit():
            return _invalid(s, "vlan", args, 1)
        return show_system.show_vlan_id(d.model, s.state.running, ifaces, int(args[1]))
    return _invalid(s, "vlan", args, 0)


def _vrf(s: Session, args: list[str]) -> str:
    ifaces = show.interfaces(s.state.running, s.state.device.model)
    if args and _word(args[0], "detail"):
        return show_system.show_vrf_detail(s.state.running, ifaces)
    if args:
        return _invalid(s, "vrf", args, 0)
    return show_system.show_vrf(s.state.running, ifaces)


def _environment(s: Session, args: list[str]) -> str:
    if not model_of(s.state.device.model).switch:
        return _invalid(s, "", ["environment", *args], 0)
    return show_system.show_env_temperature()


def _mac_table(s: Session, args: list[str]) -> str:
    ifaces = show.interfaces(s.state.running, s.state.device.model)
    if not show_system.has_vlans(s.state.device.model, ifaces):
        return _invalid(s, "", ["mac", "address-table", *args], 0)
    return show_system.show_mac_address_table()


def _version(s: Session, args: list[str]) -> str:
    d = s.state.device
    return show_system.show_version(
        s.state.hostname, d.model, d.serial, d.os_version, s.state.uptime()
    )


def _clock(s: Session, args: list[str]) -> str:
    from tbwan.lab.state import now_utc

    return show_system.show_clock(s.state.running, now_utc())


def _hosts(s: Session, args: list[str]) -> str:
    return show_system.show_hosts(s.state.running)


def _inventory(s: Session, args: list[str]) -> str:
    return show_system.show_inventory(s.state.device.model, s.state.device.serial)


def _ip_brief(s: Session, args: list[str]) -> str:
    return show.ip_interface_brief(show.table(s.state))


def _memory(s: Session, args: list[str]) -> str:
    return show_system.show_memory_statistics(s.state.device.model)


def _ntp(s: Session, args: list[str]) -> str:
    return show_system.show_ntp_associations(s.state.running)


def _cpu(s: Session, args: list[str]) -> str:
    return show_system.show_processes_cpu()


def _chassis(s: Session, args: list[str]) -> str:
    return s.state.device.serial


def _nothing(s: Session, args: list[str]) -> str:
    return ""


SHOWS: dict[str, tuple[Handler, bool]] = {
    "show clock": (_clock, False),
    "show environment": (_environment, True),
    "show hosts": (_hosts, False),
    "show interfaces": (_interfaces, True),
    "show inventory": (_inventory, False),
    "show ip interface": (_ip_interface, True),
    "show ip interface brief": (_ip_brief, False),
    "show ipv6 interface": (_ipv6_interface, True),
    "show ipv6 neighbors": (_nothing, True),  # no IPv6 neighbour discovery is modelled
    "show mac address-table": (_mac_table, True),
    "show memory statistics": (_memory, False),
    "show ntp associations": (_ntp, False),
    "show processes cpu": (_cpu, True),
    "show snmp chassis": (_chassis, False),
    "show version": (_version, False),
    "show vlan": (_vlan, True),
    "show vrf": (_vrf, True),
}
