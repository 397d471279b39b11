"""Formatting of ``show`` outputs from device facts and the running config.

Pure. Formats follow IOS-XE closely enough for NAPALM's ``get_facts``, ``get_interfaces``
and Netmiko's file transfer helpers to parse them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from tbwan.lab.config_tree import Node

FLASH_TOTAL = 7_989_768_192
_SPEEDS_KBIT = (
    ("TenGigabitEthernet", 10_000_000),
    ("GigabitEthernet", 1_000_000),
    ("FastEthernet", 100_000),
    ("Loopback", 8_000_000),
    ("Tunnel", 100),
    ("Vlan", 1_000_000),
    ("Port-channel", 1_000_000),
    ("Dialer", 56),
)


@dataclass(frozen=True)
class Interface:
    """An interface as derived from an ``interface`` section."""

    name: str
    description: str
    address: str | None
    prefix_len: int | None
    enabled: bool
    bandwidth_kbit: int
    mtu: int


def _mask_len(mask: str) -> int:
    return sum(bin(int(o)).count("1") for o in mask.split("."))


def interfaces(root: Node) -> list[Interface]:
    """Interfaces from the running config: up unless ``shutdown``."""
    out: list[Interface] = []
    for node in root.children:
        if not node.text.startswith("interface "):
            continue
        name = node.text.split()[1]
        desc, addr, plen, enabled = "", None, None, True
        bw = next((s for p, s in _SPEEDS_KBIT if name.startswith(p)), 1_000_000)
        mtu = 1514 if name.startswith("Loopback") else 1500
        for child in node.children:
            t = child.text.split()
            if t[0] == "description":
                desc = child.text.split(" ", 1)[1]
            elif t[:2] == ["ip", "address"] and len(t) >= 4 and "secondary" not in t:
                addr, plen = t[2], _mask_len(t[3])
            elif t == ["shutdown"]:
                enabled = False
            elif t[0] == "bandwidth" and len(t) > 1 and t[1].isdigit():
                bw = int(t[1])
            elif t[0] == "mtu" and len(t) > 1 and t[1].isdigit():
                mtu = int(t[1])
        out.append(Interface(name, desc, addr, plen, enabled, bw, mtu))
    return out


def mac_for(device: str, name: str) -> str:
    """A stable MAC address in Cisco dotted notation.

    >>> mac_for("r1", "Gi0/0") == mac_for("r1", "Gi0/0")
    True
    """
    h = hashlib.md5(f"{device}/{name}".encode(), usedforsecurity=False).hexdigest()
    h = "00" + h[2:12]
    return f"{h[0:4]}.{h[4:8]}.{h[8:12]}"


def uptime_text(seconds: float) -> str:
    """IOS uptime wording.

    >>> uptime_text(90061)
    '1 day, 1 hour, 1 minute'
    """
    s = int(seconds)
    parts: list[str] = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        n, s = divmod(s, size)
        if n or (unit == "minute" and not parts):
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def show_version(hostname: str, model: str, serial: str, version: str, uptime_s: float) -> str:
    """``show version``."""
    return "\n".join(
        [
            f"Cisco IOS XE Software, Version {version}",
            "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
            f"Version {version}, RELEASE SOFTWARE (fc3)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2024 by Cisco Systems, Inc.",
            "",
            "ROM: IOS-XE ROMMON",
            f"{hostname} uptime is {uptime_text(uptime_s)}",
            "Uptime for this control processor is " + uptime_text(uptime_s),
            "System returned to ROM by reload",
            'System image file is "bootflash:c1100-universalk9.SPA.bin"',
            "Last reload reason: Reload Command",
            "",
            f"cisco {model} (1RU) processor with 1419044K/6147K bytes of memory.",
            f"Processor board ID {serial}",
            "Router operating mode: Autonomous",
            "4 Gigabit Ethernet interfaces",
            "32768K bytes of non-volatile configuration memory.",
            "4194304K bytes of physical memory.",
            "6565887K bytes of flash memory at bootflash:.",
            "",
            "Configuration register is 0x2102",
        ]
    )


def show_hosts(root: Node) -> str:
    """``show hosts``: the default domain from ``ip domain name``."""
    domain = "not set"
    for node in root.children:
        t = node.text.split()
        if t[:3] == ["ip", "domain", "name"] and len(t) > 3:
            domain = t[3]
        elif t[:2] == ["ip", "domain-name"] and len(t) > 2:
            domain = t[2]
    return "\n".join(
        [
            f"Default domain is {domain}",
            "Name/address lookup uses static mappings",
            "",
            "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate",
            "       temp - temporary, perm - permanent",
            "       NA - Not Applicable None - Not defined",
            "",
            "Host                      Port  Flags      Age Type   Address(es)",
        ]
    )


def ip_interface_brief(ifaces: list[Interface]) -> str:
    """``show ip interface brief``."""
    lines = [f"{'Interface':<27}{'IP-Address':<16}OK? Method Status                Protocol"]
    for i in ifaces:
        status = "up" if i.enabled else "administratively down"
        proto = "up" if i.enabled else "down"
        addr = i.address or "unassigned"
        method = "NVRAM" if i.address else "unset"
        lines.append(f"{i.name:<27}{addr:<16}YES {method:<6} {status:<21} {proto}")
    return "\n".join(lines)


def show_interfaces(device: str, ifaces: list[Interface], only: str | None = None) -> str:
    """``show interfaces [NAME]``."""
    out: list[str] = []
    for i in ifaces:
        if only is not None and i.name.lower() != only.lower():
            continue
        state = "up" if i.enabled else "administratively down"
        proto = "up" if i.enabled else "down"
        out.append(f"{i.name} is {state}, line protocol is {proto} ")
        if i.name.startswith(("Loopback", "Tunnel")):
            out.append(f"  Hardware is {i.name.rstrip('0123456789/.')}")
        else:
            mac = mac_for(device, i.name)
            out.append(f"  Hardware is ISR4321-2x1GE, address is {mac} (bia {mac})")
        if i.description:
            out.append(f"  Description: {i.description}")
        if i.address:
            out.append(f"  Internet address is {i.address}/{i.prefix_len}")
        out.append(f"  MTU {i.mtu} bytes, BW {i.bandwidth_kbit} Kbit/sec, DLY 10 usec, ")
        out.append("     reliability 255/255, txload 1/255, rxload 1/255")
        out.append("  Encapsulation ARPA, loopback not set")
    if only is not None and not out:
        return "% Invalid input detected at '^' marker."
    return "\n".join(out)


def dir_listing(
    files: dict[str, tuple[bytes, datetime]], only: str | None = None, fs: str = "flash:"
) -> str:
    """``dir flash:`` or ``dir flash:/FILE`` (Netmiko reads size and free space)."""
    used = sum(len(d) for d, _ in files.values())
    names = sorted(files) if only is None else [only]
    if only is not None and only not in files:
        return f"%Error opening {fs}/{only} (No such file or directory)"
    head = f"Directory of {fs}/" + (only or "")
    rows = []
    for n, name in enumerate(names, start=1):
        data, mtime = files[name]
        stamp = mtime.strftime("%b %d %Y %H:%M:%S +00:00")
        rows.append(f"{n:>5}  -rw-  {len(data):>10}  {stamp}  {name}")
    tail = f"{FLASH_TOTAL} bytes total ({FLASH_TOTAL - used} bytes free)"
    return "\n".join([head, "", *rows, "", tail])
