"""The physical plant from the source of truth: cables, carrier circuits, end hosts. Pure.

The inventory says which interface is cabled to which (``peer_device`` /
``peer_interface``), which carrier circuit carries a link and with what dot1q tag the
carrier hands it off at each end (the interface's ``vlan``). Configs decide the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tbwan.lab.network.addr import ip_int, parse_prefix

if TYPE_CHECKING:
    from tbwan.inventory.models import Interface, Inventory


@dataclass(frozen=True, slots=True)
class End:
    """One end of a link: the interface the inventory names, and what the far side expects.

    Attributes:
        tag: the dot1q tag the carrier hands the circuit off with here (None: untagged).
        speed: the speed the carrier's port is provisioned at (None: auto-negotiation).
    """

    device: str
    interface: str
    tag: int | None = None
    speed: int | None = None


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A cable (``circuit`` None), a carrier circuit, or a line out of the lab (``b`` None)."""

    a: End
    b: End | None
    circuit: str | None = None

    @property
    def key(self) -> str:
        """A stable name: the circuit id, or the two ends."""
        if self.circuit:
            return self.circuit
        far = f"{self.b.device}:{self.b.interface}" if self.b else "outside"
        return f"{self.a.device}:{self.a.interface}--{far}"


@dataclass(frozen=True, slots=True)
class CircuitInfo:
    """A carrier circuit's commercial facts."""

    cid: str
    provider: str
    media: str
    rate_kbps: int


@dataclass(frozen=True)
class Cabling:
    """Links, circuits, the devices' sites and the end hosts the lab pretends exist."""

    links: tuple[LinkSpec, ...] = ()
    circuits: dict[str, CircuitInfo] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    hosts: frozenset[int] = frozenset()
    inside: tuple[tuple[int, int], ...] = ()
    models: dict[str, str] = field(default_factory=dict)

    def has_circuit(self, cid: str) -> bool:
        """Whether ``cid`` is one of the plant's circuits."""
        return cid in self.circuits or any(s.circuit == cid for s in self.links)

    def is_inside(self, addr: int) -> bool:
        """Whether ``addr`` belongs to the province's own plan (else: the Internet)."""
        return any(addr & ((0xFFFFFFFF << (32 - p)) & 0xFFFFFFFF) == n for n, p in self.inside)


def _end(device: str, i: Interface) -> End:
    return End(device, i.name, i.vlan if "." in i.name else None, i.speed_mbps)


def cabling_from_inventory(inv: Inventory) -> Cabling:
    """Build the plant from the inventory."""
    by_name = {d.name: d for d in inv.devices}
    links: dict[tuple[tuple[str, str], ...], LinkSpec] = {}
    for dev in inv.devices:
        for i in dev.interfaces:
            if i.mode.value == "tunnel":
                continue  # tunnels come from the configs, over the Internet
            if i.peer_device and i.peer_interface:
                pair = tuple(sorted([(dev.name, i.name), (i.peer_device, i.peer_interface)]))
                if pair in links:
                    continue
                peer = by_name.get(i.peer_device)
                try:
                    pi = peer.interface(i.peer_interface) if peer else None
                except KeyError:
                    pi = None
                b = _end(i.peer_device, pi) if pi else End(i.peer_device, i.peer_interface)
                links[pair] = LinkSpec(
                    _end(dev.name, i), b, i.circuit or (pi.circuit if pi else None)
                )
            elif i.circuit:
                links[((dev.name, i.name),)] = LinkSpec(_end(dev.name, i), None, i.circuit)
    circuits = {
        c.cid: CircuitInfo(c.cid, c.provider, c.media.value, c.rate_kbps)
        for s in inv.sites
        for c in s.circuits
    }
    svc = inv.plan.services
    hosts = frozenset(ip_int(str(a)) for a in (*svc.aaa, *svc.syslog, *svc.ntp, *svc.snmp))
    return Cabling(
        links=tuple(links.values()),
        circuits=circuits,
        sites={d.name: s.slug for s in inv.sites for d in s.devices},
        hosts=hosts,
        inside=(parse_prefix(str(inv.plan.supernet)),),
        models={d.name: d.model for d in inv.devices},
    )


def cabling_to_json(cab: Cabling) -> dict[str, Any]:
    """Plain data for a cache file."""
    return {
        "links": [[asdict(s.a), asdict(s.b) if s.b else None, s.circuit] for s in cab.links],
        "circuits": [asdict(c) for c in cab.circuits.values()],
        "sites": cab.sites,
        "hosts": sorted(cab.hosts),
        "inside": [list(p) for p in cab.inside],
        "models": cab.models,
    }


def cabling_from_json(data: dict[str, Any]) -> Cabling:
    """Inverse of :func:`cabling_to_json`."""
    return Cabling(
        links=tuple(LinkSpec(End(**a), End(**b) if b else None, c) for a, b, c in data["links"]),
        circuits={c["cid"]: CircuitInfo(**c) for c in data["circuits"]},
        sites=dict(data["sites"]),
        hosts=frozenset(data["hosts"]),
        inside=tuple((int(n), int(p)) for n, p in data["inside"]),
        models=dict(data["models"]),
    )


def cached_cabling(path: Path, key: str, inventory: Callable[[], Inventory]) -> Cabling:
    """The cabling from ``path`` when it was written for ``key``, else built and written.

    The cache is best effort: an unreadable or read-only file only costs speed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return cabling_from_json(data["cabling"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    cab = cabling_from_inventory(inventory())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "cabling": cabling_to_json(cab)}), "utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return cab
