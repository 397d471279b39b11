"""``show`` commands about the device itself: version, inventory, clock, environment, NTP,
SNMP, VLANs, VRFs, MAC table and flash listing. Pure: text from facts and the config tree.

Formats follow IOS-XE 17 (IOS 15.2 for classic Catalyst switches) as NAPALM's ``ios``
driver and the ntc-templates parsers read them. What the lab does not model (traffic,
sensors, NTP packets) is shown as a quiet, healthy device.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from tbwan.lab.config_tree import Node
from tbwan.lab.hardware import Model, model_of
from tbwan.lab.show import Interface

FLASH_TOTAL = 7_989_768_192


def uptime_text(seconds: float) -> str:
    """IOS uptime wording.

    >>> uptime_text(90061)
    '1 day, 1 hour, 1 minute'
    >>> uptime_text(31_536_000 + 1_209_600)
    '1 year, 2 weeks, 0 minutes'
    """
    s = int(seconds)
    parts: list[str] = []
    sizes = (("year", 31_536_000), ("week", 604800), ("day", 86400), ("hour", 3600))
    for unit, size in (*sizes, ("minute", 60)):
        n, s = divmod(s, size)
        if n or unit == "minute":
            parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def show_version(hostname: str, pid: str, serial: str, version: str, uptime_s: float) -> str:
    """``show version`` for the model ``pid`` running ``version``."""
    m = model_of(pid)
    version = version or m.version
    up = uptime_text(uptime_s)
    if not m.xe:
        return _classic_version(m, hostname, serial, version, up)
    return "\n".join(
        [
            f"Cisco IOS XE Software, Version {version}",
            f"Cisco IOS Software [Cupertino], {m.banner_series} Software ({m.image}), "
            f"Version {version}, RELEASE SOFTWARE (fc3)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2024 by Cisco Systems, Inc.",
            "Compiled Fri 20-Oct-23 10:44 by mcpre",
            "",
            "ROM: IOS-XE ROMMON",
            f"{hostname} uptime is {up}",
            f"Uptime for this control processor is {up}",
            "System returned to ROM by PowerOn",
            f'System image file is "bootflash:{m.image_file}"',
            "Last reload reason: PowerOn",
            "",
            f"cisco {m.pid} ({m.cpu}) processor with {m.memory_k}K/6147K bytes of memory.",
            f"Processor board ID {serial}",
            "Router operating mode: Autonomous",
            "32768K bytes of non-volatile configuration memory.",
            "4194304K bytes of physical memory.",
            "6565887K bytes of flash memory at bootflash:.",
            "",
            "Configuration register is 0x2102",
        ]
    )


def _classic_version(m: Model, hostname: str, serial: str, version: str, up: str) -> str:
    mac = ":".join(hashlib.md5(serial.encode(), usedforsecurity=False).hexdigest()[i : i + 2]
                   for i in range(0, 12, 2)).upper()  # fmt: skip
    return "\n".join(
        [
            f"Cisco IOS Software, {m.banner_series} Software ({m.image}), Version {version}, "
            "RELEASE SOFTWARE (fc2)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
            "Compiled Thu 09-Nov-23 02:13 by mcpre",
            "",
            "ROM: Bootstrap program is C2960 boot loader",
            "",
            f"{hostname} uptime is {up}",
            "System returned to ROM by power-on",
            f'System image file is "flash:/{m.image_file}"',
            "",
            f"cisco {m.pid} ({m.cpu}) processor (revision A0) with {m.memory_k}K bytes of memory.",
            f"Processor board ID {serial}",
            "Last reset from power-on",
            "1 Virtual Ethernet interface",
            "24 FastEthernet interfaces",
            "2 Gigabit Ethernet interfaces",
            "",
            "64K bytes of flash-simulated non-volatile configuration memory.",
            f"Base ethernet MAC Address       : {mac}",
            f"Model number                    : {m.pid}",
            f"System serial number            : {serial}",
            "",
            "Switch Ports Model                     SW Version            SW Image",
            "------ ----- -----                     ----------            ----------",
            f"*    1 26    {m.pid:<26}{version:<22}{m.image}",
            "",
            "",
            "Configuration register is 0xF",
        ]
    )


def show_inventory(pid: str, serial: str) -> str:
    """``show inventory``: the chassis and, where the model has one, its power supply."""
    m = model_of(pid)
    name = "1" if m.switch and not m.xe else "Chassis"
    out = [f'NAME: "{name}", DESCR: "{m.descr}"', f"PID: {m.pid:<18}, VID: V04  , SN: {serial}"]
    if m.psu:
        psn = "PST" + hashlib.sha256(serial.encode()).hexdigest()[:8].upper()
        out += ["", 'NAME: "Power Supply Module 0", DESCR: "AC Power Supply"']
        out.append(f"PID: {m.psu:<18}, VID: V02  , SN: {psn}")
    return "\n".join([*out, ""])


def _top(root: Node, *prefix: str) -> list[list[str]]:
    return [n.text.split() for n in root.children if n.text.split()[: len(prefix)] == [*prefix]]


def show_hosts(root: Node) -> str:
    """``show hosts``: the default domain from ``ip domain name``."""
    domain = "not set"
    for t in _top(root, "ip", "domain", "name") + _top(root, "ip", "domain-name"):
        domain = t[-1]
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


def show_clock(root: Node, now: datetime) -> str:
    """``show clock`` in the ``clock timezone`` of the config (``*``: not NTP-synced)."""
    zone, offset = "UTC", timedelta(0)
    for t in _top(root, "clock", "timezone"):
        if len(t) >= 4:
            hours = int(t[3]) if t[3].lstrip("-").isdigit() else 0
            minutes = int(t[4]) if len(t) > 4 and t[4].isdigit() else 0
            zone, offset = t[2], timedelta(hours=hours, minutes=minutes)
    local = now.astimezone(timezone(offset))
    stamp = local.strftime("%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
    return f"*{stamp} {zone} {local.strftime('%a %b')} {local.day} {local.year}"


def show_processes_cpu() -> str:
    """``show processes cpu`` (the lab's devices are idle)."""
    return "\n".join(
        [
            "CPU utilization for five seconds: 1%/0%; one minute: 1%; five minutes: 1%",
            " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ",
            "   1           8         363         22  0.00%  0.00%  0.00%   0 Chunk Manager",
        ]
    )


def show_memory_statistics(pid: str) -> str:
    """``show memory statistics``."""
    total = model_of(pid).memory_k * 1024
    used = total // 5
    return "\n".join(
        [
            "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)",
            f"Processor  7F8D9B9010  {total:>10}  {used:>10}  {total - used:>10}  "
            f"{total - used:>10}  {total - used:>10}",
            " lsmpi_io  7F8D9A5FE0     6295128     6294304         824         824         412",
        ]
    )


def show_env_temperature() -> str:
    """``show env temperature status`` of a Catalyst switch."""
    return "\n".join(
        [
            "SYSTEM Temperature Value: 38 Degree Celsius",
            "SYSTEM Temperature State: GREEN",
            "Yellow Threshold : 66 Degree Celsius",
            "Red Threshold    : 76 Degree Celsius",
        ]
    )


def show_ntp_associations(root: Node) -> str:
    """``show ntp associations``: configured servers and peers, the first one selected."""
    addrs = [
        t[4] if len(t) > 4 and t[2] == "vrf" else t[2]
        for t in _top(root, "ntp", "server") + _top(root, "ntp", "peer")
        if len(t) > 2
    ]
    if not addrs and not _top(root, "ntp"):
        return "%NTP is not enabled."
    out = ["  address         ref clock       st   when   poll reach  delay  offset   disp"]
    for n, addr in enumerate(addrs):
        mark = "*~" if n == 0 else "+~"
        out.append(f"{mark}{addr:<16}.GPS.            1     33     64   377  1.017  -0.093  0.936")
    out.append(" * sys.peer, # selected, + candidate, - outlyer, x falseticker, ~ configured")
    return "\n".join(out)


@dataclass(frozen=True)
class Vlan:
    """A VLAN of the VLAN database."""

    vid: int
    name: str


def vlans(root: Node) -> list[Vlan]:
    """VLAN 1, the configured VLANs, and the VLANs that access ports name."""
    found = {1: "default"}
    for node in root.children:
        t = node.text.split()
        if t[0] == "vlan" and len(t) == 2 and t[1].isdigit():
            vid = int(t[1])
            names = [c.text.split(None, 1)[1] for c in node.children if c.text.startswith("name ")]
            found[vid] = names[0] if names else f"VLAN{vid:04d}"
    return [Vlan(v, found[v]) for v in sorted(found)]


def has_vlans(pid: str, ifaces: list[Interface]) -> bool:
    """Whether the device has a VLAN database (a switch, or a router with switch ports)."""
    return model_of(pid).switch or any(i.switchport for i in ifaces)


def _vlan_rows(vlan_list: list[Vlan], ifaces: list[Interface], classic: bool) -> list[str]:
    out = [
        "",
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    for v in vlan_list:
        ports = [i.short for i in ifaces if i.switchport == "access" and i.access_vlan == v.vid]
        chunks = [", ".join(ports[k : k + 4]) for k in range(0, len(ports), 4)] or [""]
        out.append(f"{v.vid:<4} {v.name[:32]:<32} active    {chunks[0]}".rstrip())
        out.extend(f"{'':<48}{c}" for c in chunks[1:])
    if classic:
        for vid, name in ((1002, "fddi-default"), (1003, "token-ring-default")):
            out.append(f"{vid:<4} {name:<32} act/unsup ")
        for vid, name in ((1004, "fddinet-default"), (1005, "trnet-default")):
            out.append(f"{vid:<4} {name:<32} act/unsup ")
    return out


def show_vlan_brief(pid: str, root: Node, ifaces: list[Interface]) -> str:
    """``show vlan brief``."""
    return "\n".join(_vlan_rows(vlans(root), ifaces, not model_of(pid).xe))


def show_vlan_id(pid: str, root: Node, ifaces: list[Interface], vid: int) -> str:
    """``show vlan id N``."""
    chosen = [v for v in vlans(root) if v.vid == vid]
    if not chosen:
        return f"VLAN id {vid} not found in current VLAN database"
    out = _vlan_rows(chosen, ifaces, False)
    out += [
        "",
        "VLAN Type  SAID       MTU   Parent RingNo BridgeNo Stp  BrdgMode Trans1 Trans2",
        "---- ----- ---------- ----- ------ ------ -------- ---- -------- ------ ------",
        f"{vid:<4} enet  {100000 + vid:<10} 1500  -      -      -        -    -        0      0",
    ]
    return "\n".join(out)


@dataclass(frozen=True)
class Vrf:
    """A VRF from ``vrf definition`` or ``ip vrf``."""

    name: str
    rd: str
    families: tuple[str, ...]


def vrfs(root: Node) -> list[Vrf]:
    """The VRFs of the config."""
    out: list[Vrf] = []
    for node in root.children:
        t = node.text.split()
        if t[:2] in (["vrf", "definition"], ["ip", "vrf"]) and len(t) == 3:
            rd = next((c.text.split()[1] for c in node.children if c.text.startswith("rd ")), "")
            fams = tuple(
                c.text.split()[1] for c in node.children if c.text.startswith("address-family ")
            )
            out.append(Vrf(t[2], rd, fams or (("ipv4",) if t[0] == "ip" else ())))
    return out


def show_vrf(root: Node, ifaces: list[Interface]) -> str:
    """``show vrf`` (empty without VRFs)."""
    found = vrfs(root)
    if not found:
        return ""
    out = ["  Name                             Default RD            Protocols   Interfaces"]
    for v in found:
        members = [i.short for i in ifaces if i.vrf == v.name]
        protos = ",".join(v.families)
        rd = v.rd or "<not set>"
        out.append(f"  {v.name:<32} {rd:<21} {protos:<11} {' '.join(members)}".rstrip())
    return "\n".join(out)


def show_vrf_detail(root: Node, ifaces: list[Interface]) -> str:
    """``show vrf detail`` (NAPALM's ``get_network_instances`` reads name, RD, interfaces)."""
    blocks: list[str] = []
    for n, v in enumerate(vrfs(root), start=1):
        members = [i.short for i in ifaces if i.vrf == v.name]
        lines = [
            f"VRF {v.name} (VRF Id = {n}); default RD {v.rd or '<not set>'}; "
            "default VPNID <not set>",
            "  New CLI format, supports multiple address-families",
            "  Flags: 0x1808",
        ]
        if members:
            lines += ["  Interfaces:", "    " + " ".join(members)]
        else:
            lines.append("  No interfaces")
        for fam in v.families:
            lines += [f"Address family {fam} unicast (Table ID = 0x{n:X}):", "  Flags: 0x0"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


_CPU_MACS = ("0100.0ccc.cccc", "0100.0ccc.cccd", "0180.c200.0000", "ffff.ffff.ffff")


def show_mac_address_table() -> str:
    """``show mac address-table``: the CPU's static entries (no traffic is modelled)."""
    out = [
        "          Mac Address Table",
        "-------------------------------------------",
        "",
        "Vlan    Mac Address       Type        Ports",
        "----    -----------       --------    -----",
    ]
    out += [f" All    {mac}    STATIC      CPU" for mac in _CPU_MACS]
    out.append(f"Total Mac Addresses for this criterion: {len(_CPU_MACS)}")
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
