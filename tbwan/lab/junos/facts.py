"""What an SRX answers about itself: version, chassis, routing engine, uptime, interfaces.

These are the RPCs PyEZ's fact gathering and NAPALM's ``get_facts`` call; the element
names follow a real SRX1500's replies.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from lxml import etree

from tbwan.lab.junos.state import JunosState

JUNOS_NS = "http://xml.juniper.net/junos/21.4R0/junos"
SECONDS = f"{{{JUNOS_NS}}}seconds"

PORTS = tuple(f"ge-0/0/{i}" for i in range(12)) + tuple(f"xe-0/0/{i}" for i in range(12, 16))
"""The SRX1500's front ports (12 x 1GbE, 4 x 10GbE)."""
SPECIAL = ("fxp0", "lo0", "st0")


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def _length(seconds: float) -> str:
    """``3w2d 04:05`` as Junos prints a duration."""
    s = int(seconds)
    weeks, s = divmod(s, 7 * 86400)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    head = (f"{weeks}w" if weeks else "") + (f"{days}d " if days else "")
    return f"{head}{hours:02d}:{minutes:02d}:{s:02d}"


def software_information(state: JunosState) -> etree._Element:
    """``<get-software-information/>`` (``show version``)."""
    root = etree.Element("software-information")
    _sub(root, "host-name", state.hostname)
    _sub(root, "product-model", state.model.lower())
    _sub(root, "product-name", state.model.lower())
    _sub(root, "junos-version", state.version)
    pkg = _sub(root, "package-information")
    _sub(pkg, "name", "junos")
    _sub(pkg, "comment", f"JUNOS Software Release [{state.version}]")
    return root


def show_version(state: JunosState) -> str:
    """``show version`` as text."""
    return "\n".join(
        [
            f"Hostname: {state.hostname}",
            f"Model: {state.model.lower()}",
            f"Junos: {state.version}",
            f"JUNOS Software Release [{state.version}]",
        ]
    )


def chassis_inventory(state: JunosState) -> etree._Element:
    """``<get-chassis-inventory/>``: the chassis serial number and its routing engine."""
    root = etree.Element("chassis-inventory")
    chassis = _sub(root, "chassis")
    chassis.set("style", "inventory")
    _sub(chassis, "name", "Chassis")
    _sub(chassis, "serial-number", state.device.serial)
    _sub(chassis, "description", state.model)
    module = _sub(chassis, "chassis-module")
    _sub(module, "name", "Routing Engine 0")
    _sub(module, "part-number", "BUILTIN")
    _sub(module, "description", f"{state.model} Routing Engine")
    return root


def route_engine(state: JunosState) -> etree._Element:
    """``<get-route-engine-information/>``: one master RE."""
    root = etree.Element("route-engine-information")
    re = _sub(root, "route-engine")
    _sub(re, "slot", "0")
    _sub(re, "mastership-state", "master")
    _sub(re, "status", "OK")
    _sub(re, "model", f"RE-{state.model}")
    _sub(re, "memory-dram-size", "16384 MB")
    _sub(re, "memory-buffer-utilization", "31")
    _sub(re, "cpu-idle", "97")
    up = _sub(re, "up-time", _length(state.uptime()))
    up.set(SECONDS, str(int(state.uptime())))
    _sub(re, "last-reboot-reason", "Router rebooted after a normal shutdown.")
    return root


def uptime_information(state: JunosState) -> etree._Element:
    """``<get-system-uptime-information/>`` (``show system uptime``)."""
    now = time.time()
    root = etree.Element("system-uptime-information")
    for tag, at in (
        ("current-time", now),
        ("system-booted-time", now - state.uptime()),
        ("last-configured-time", state.last_change.timestamp()),
    ):
        block = _sub(root, tag)
        stamp = _sub(block, "date-time", _stamp(datetime.fromtimestamp(at, UTC)))
        stamp.set(SECONDS, str(int(at)))
        if tag != "current-time":
            length = _sub(block, "time-length", _length(now - at))
            length.set(SECONDS, str(int(now - at)))
    return root


def physical_names(state: JunosState) -> list[str]:
    """The device's physical interfaces: its ports, then the configured others."""
    node = state.store.committed.find(["interfaces"])
    configured = list(node.children) if node is not None else []
    names = list(PORTS) + [n for n in SPECIAL if n not in PORTS]
    return names + [n for n in configured if n not in names]


def interface_information(state: JunosState, terse: bool, name: str | None) -> etree._Element:
    """``<get-interface-information/>`` from the config: up unless ``disable``."""
    root = etree.Element("interface-information")
    conf = state.store.committed.find(["interfaces"])
    for ifd in physical_names(state):
        if name and name not in (ifd, ifd + "*") and not name.startswith(ifd + "."):
            continue
        cfg = conf.children.get(ifd) if conf is not None else None
        admin = "down" if cfg is not None and "disable" in cfg.children else "up"
        phy = _sub(root, "physical-interface")
        _sub(phy, "name", ifd)
        _sub(phy, "admin-status", admin)
        _sub(phy, "oper-status", admin)
        if not terse:
            desc = cfg.find(["description"]) if cfg is not None else None
            if desc is not None and desc.children:
                _sub(phy, "description", next(iter(desc.children)))
            _sub(phy, "mtu", "1514" if ifd.startswith(("ge-", "xe-")) else "Unlimited")
            _sub(phy, "speed", "10Gbps" if ifd.startswith("xe-") else "1000mbps")
            flapped = _sub(phy, "interface-flapped", "Never")
            flapped.set(SECONDS, "0")
        units = cfg.children.get("unit") if cfg is not None else None
        for unit, body in units.children.items() if units is not None else []:
            logical = _sub(phy, "logical-interface")
            _sub(logical, "name", f"{ifd}.{unit}")
            _sub(logical, "admin-status", "down" if "disable" in body.children else "up")
            _sub(logical, "oper-status", "down" if "disable" in body.children else admin)
            fam = body.children.get("family")
            for family, fbody in fam.children.items() if fam is not None else []:
                af = _sub(logical, "address-family")
                _sub(af, "address-family-name", family)
                addrs = fbody.children.get("address")
                for addr in addrs.children if addrs is not None else []:
                    ifa = _sub(af, "interface-address")
                    _sub(ifa, "ifa-local", addr)
    return root
