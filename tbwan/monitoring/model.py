"""What monitoring needs to know of each device, from the source of truth. Pure.

One :class:`MonitoredDevice` per inventory device: its management address (what SNMP
polls), its labels (site, district, role, the site's uplink circuit, its medium and
contracted rate), the WAN port that circuit lands on, and the addresses to ping (its
loopbacks, and the LAN gateways it serves: an HSRP virtual address, or the interface's
own address when it is the first host of a site prefix; a device without a loopback, its
management address).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LOOPBACK = "loopback"
GATEWAY = "gateway"
MANAGEMENT = "management"  # a device without a loopback (a switch): its management SVI


@dataclass(frozen=True, slots=True)
class Probe:
    """One address to ping: a loopback or a LAN gateway, and what it is."""

    address: str
    kind: str  # LOOPBACK, GATEWAY or MANAGEMENT
    interface: str


@dataclass(frozen=True, slots=True)
class MonitoredDevice:
    """One device as the monitoring systems see it."""

    name: str
    address: str
    site: str
    site_name: str
    district: str
    district_name: str
    role: str
    model: str
    circuit: str = ""
    medium: str = ""
    rate_kbps: int = 0
    wan_interface: str = ""
    probes: tuple[Probe, ...] = ()

    def labels(self) -> dict[str, str]:
        """The labels every target of this device carries (Prometheus style)."""
        return {
            "host": self.name,
            "site": self.site,
            "district": self.district,
            "role": self.role,
            "circuit": self.circuit,
            "medium": self.medium,
            "rate_kbps": str(self.rate_kbps) if self.rate_kbps else "",
            "wan_interface": self.wan_interface,
        }


def _gateways(device: Mapping[str, Any], site: Mapping[str, Any]) -> list[Probe]:
    prefixes = [ipaddress.ip_network(p["prefix"]) for p in site.get("prefixes", ())]
    out: list[Probe] = []
    for iface in device.get("interfaces", ()):
        if not iface.get("ipv4") or iface.get("mode") == "loopback":
            continue
        addr = ipaddress.ip_interface(iface["ipv4"])
        if addr.network not in prefixes:
            continue
        if iface.get("hsrp_vip"):
            out.append(Probe(str(iface["hsrp_vip"]), GATEWAY, iface["name"]))
        elif addr.ip == next(addr.network.hosts(), None):
            out.append(Probe(str(addr.ip), GATEWAY, iface["name"]))
    return out


def monitored_device(
    name: str,
    *,
    device: Mapping[str, Any],
    site: Mapping[str, Any],
    district: str,
) -> MonitoredDevice:
    """Build one device from inventory data (the Nornir host's ``device`` and ``site``).

    >>> site = {"slug": "s", "name": "S", "region_name": "D", "prefixes": [
    ...     {"prefix": "10.34.67.0/25"}], "circuits": [
    ...     {"cid": "c1", "media": "fiber", "rate_kbps": 100000}]}
    >>> dev = {"role": "ce-router", "model": "ISR", "primary_ip": "10.34.0.7/32",
    ...     "interfaces": [
    ...     {"name": "Loopback0", "mode": "loopback", "ipv4": "10.34.0.7/32"},
    ...     {"name": "Gi0/0/0", "mode": "routed", "ipv4": "10.34.4.13/31", "circuit": "c1"},
    ...     {"name": "Gi0/0/1.10", "mode": "routed", "ipv4": "10.34.67.1/25"}]}
    >>> d = monitored_device("r1", device=dev, site=site, district="d")
    >>> d.address, d.circuit, d.wan_interface, [p.address for p in d.probes]
    ('10.34.0.7', 'c1', 'Gi0/0/0', ['10.34.0.7', '10.34.67.1'])
    """
    circuits = {c["cid"]: c for c in site.get("circuits", ())}
    uplink = next(
        (i for i in device.get("interfaces", ()) if i.get("circuit") in circuits),
        None,
    )
    circuit = circuits[uplink["circuit"]] if uplink is not None else {}
    loopbacks = [
        Probe(str(ipaddress.ip_interface(i["ipv4"]).ip), LOOPBACK, i["name"])
        for i in device.get("interfaces", ())
        if i.get("mode") == "loopback" and i.get("ipv4")
    ]
    address = str(ipaddress.ip_interface(device["primary_ip"]).ip)
    if not loopbacks:
        mgmt = next(
            (
                i["name"]
                for i in device.get("interfaces", ())
                if i.get("ipv4") and str(ipaddress.ip_interface(i["ipv4"]).ip) == address
            ),
            "",
        )
        loopbacks = [Probe(address, MANAGEMENT, mgmt)]
    return MonitoredDevice(
        name=name,
        address=address,
        site=str(site["slug"]),
        site_name=str(site.get("name", site["slug"])),
        district=district,
        district_name=str(site.get("region_name", district)),
        role=str(device["role"]),
        model=str(device.get("model", "")),
        circuit=str(circuit.get("cid", "")),
        medium=str(circuit.get("media", "")),
        rate_kbps=int(circuit.get("rate_kbps", 0)),
        wan_interface=str(uplink["name"]) if uplink is not None else "",
        probes=tuple(loopbacks + _gateways(device, site)),
    )


def unique_probes(devices: Iterable[MonitoredDevice]) -> list[tuple[Probe, MonitoredDevice]]:
    """Every probe once (an HSRP address two routers share goes to the first by name).

    >>> a = MonitoredDevice("a", "1", "s", "S", "d", "D", "r", "m",
    ...     probes=(Probe("10.0.0.1", GATEWAY, "Vlan10"),))
    >>> b = MonitoredDevice("b", "2", "s", "S", "d", "D", "r", "m",
    ...     probes=(Probe("10.0.0.1", GATEWAY, "Vlan10"),))
    >>> [d.name for _, d in unique_probes([b, a])]
    ['a']
    """
    seen: dict[str, tuple[Probe, MonitoredDevice]] = {}
    for device in sorted(devices, key=lambda d: d.name):
        for probe in device.probes:
            seen.setdefault(probe.address, (probe, device))
    return sorted(seen.values(), key=lambda pd: ipaddress.ip_address(pd[0].address))
