"""Observed state of one device, from NAPALM getters and TextFSM-parsed show commands.

Pure: each function takes what a getter returned (NAPALM's models) or the rows
ntc-templates parsed from a show command, and gives plain frozen records keyed by the
canonical interface name, so verify compares them with the intended state without
caring how IOS abbreviates (``Gi0/0/2.101``, ``Vl30``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netutils.interface import canonical_interface_name


def if_key(name: str) -> str:
    """The comparison key of an interface name: canonical and lower case.

    >>> if_key("Gi0/0/2.101"), if_key("Vl30"), if_key("Vlan30")
    ('gigabitethernet0/0/2.101', 'vlan30', 'vlan30')
    """
    return canonical_interface_name(name.strip()).lower()


@dataclass(frozen=True, slots=True)
class IfState:
    """One interface as ``get_interfaces`` (and counters) saw it."""

    name: str
    is_up: bool
    is_enabled: bool
    speed_mbps: float | None = None
    rx_errors: int = 0
    duplex: str | None = None


@dataclass(frozen=True, slots=True)
class OspfNeighbor:
    """A row of ``show ip ospf neighbor``."""

    neighbor_id: str
    state: str  # "FULL", "INIT", "EXSTART"... (the role after "/" dropped)
    address: str
    interface: str


@dataclass(frozen=True, slots=True)
class OspfInterface:
    """A row of ``show ip ospf interface brief``."""

    interface: str
    area: str
    state: str


@dataclass(frozen=True, slots=True)
class HsrpGroup:
    """A row of ``show standby brief``."""

    interface: str
    group: int
    state: str
    vip: str


@dataclass(frozen=True, slots=True)
class Route:
    """A prefix in the routing table (``show ip route``) and its next hops."""

    prefix: str
    protocol: str
    next_hops: tuple[str, ...]


@dataclass(frozen=True)
class Observation:
    """What was read from one host (the parts not asked for stay empty)."""

    host: str
    interfaces: dict[str, IfState] = field(default_factory=dict)
    lldp: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ospf_neighbors: tuple[OspfNeighbor, ...] = ()
    ospf_interfaces: dict[str, OspfInterface] = field(default_factory=dict)
    routes: dict[str, Route] = field(default_factory=dict)
    hsrp: tuple[HsrpGroup, ...] = ()
    pings: dict[str, bool] = field(default_factory=dict)

    def interface(self, name: str) -> IfState | None:
        """The interface ``name`` (any spelling), None if the device has none."""
        return self.interfaces.get(if_key(name))


def interfaces(
    got: Mapping[str, Mapping[str, Any]],
    counters: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, IfState]:
    """``get_interfaces`` (and ``get_interfaces_counters``) as :class:`IfState` records.

    NAPALM gives the speed in Mbit/s, 0 or -1 when unknown.
    """
    counters = counters or {}
    out: dict[str, IfState] = {}
    by_key = {if_key(k): v for k, v in counters.items()}
    for name, data in got.items():
        key = if_key(name)
        speed = float(data.get("speed") or 0)
        errors = by_key.get(key, {}).get("rx_errors", 0)
        out[key] = IfState(
            name=name,
            is_up=bool(data.get("is_up")),
            is_enabled=bool(data.get("is_enabled")),
            speed_mbps=speed if speed > 0 else None,
            rx_errors=int(errors) if isinstance(errors, int) and errors > 0 else 0,
        )
    return out


def lldp_neighbors(got: Mapping[str, Iterable[Mapping[str, str]]]) -> dict[str, tuple[str, ...]]:
    """``get_lldp_neighbors``: local interface -> neighbour host names (domain dropped)."""
    return {
        if_key(local): tuple(str(n.get("hostname", "")).split(".")[0] for n in neighbours)
        for local, neighbours in got.items()
    }


def ospf_neighbors(rows: Iterable[Mapping[str, str]]) -> tuple[OspfNeighbor, ...]:
    """Rows of ntc-templates' ``cisco_ios_show_ip_ospf_neighbor``."""
    return tuple(
        OspfNeighbor(
            neighbor_id=r["neighbor_id"],
            state=r["state"].split("/")[0].strip().upper(),
            address=r["ip_address"],
            interface=if_key(r["interface"]),
        )
        for r in rows
    )


def ospf_interfaces(rows: Iterable[Mapping[str, str]]) -> dict[str, OspfInterface]:
    """Rows of ntc-templates' ``cisco_ios_show_ip_ospf_interface_brief``."""
    return {
        if_key(r["interface"]): OspfInterface(
            interface=if_key(r["interface"]), area=r["area"], state=r["state"]
        )
        for r in rows
    }


def hsrp_groups(rows: Iterable[Mapping[str, str]]) -> tuple[HsrpGroup, ...]:
    """Rows of ntc-templates' ``cisco_ios_show_standby_brief`` (IPv4 groups)."""
    return tuple(
        HsrpGroup(
            interface=if_key(r["interface"]),
            group=int(r["group"]),
            state=r["state"],
            vip=r["virtual_ip_address"],
        )
        for r in rows
        if ":" not in r["virtual_ip_address"]
    )


def routes(rows: Iterable[Mapping[str, str]]) -> dict[str, Route]:
    """Rows of ntc-templates' ``cisco_ios_show_ip_route``, one :class:`Route` per prefix
    (equal-cost next hops are separate rows there)."""
    out: dict[str, Route] = {}
    for r in rows:
        prefix = f"{r['network']}/{r['prefix_length']}"
        hop = r.get("nexthop_ip") or r.get("nexthop_if") or ""
        protocol = f"{r['protocol']} {r.get('type', '')}".strip()
        old = out.get(prefix)
        hops = (*old.next_hops, hop) if old else ((hop,) if hop else ())
        out[prefix] = Route(prefix=prefix, protocol=protocol, next_hops=hops)
    return out


def napalm_routes(got: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, Route]:
    """NAPALM's ``get_route_to`` (prefix -> its paths), active paths only, as :class:`Route`.

    >>> napalm_routes({"10.9.0.0/24": [
    ...     {"protocol": "OSPF", "current_active": True, "next_hop": "10.0.0.2"},
    ...     {"protocol": "Static", "current_active": False, "next_hop": "10.0.0.9"}]})
    {'10.9.0.0/24': Route(prefix='10.9.0.0/24', protocol='OSPF', next_hops=('10.0.0.2',))}
    """
    out: dict[str, Route] = {}
    for prefix, paths in got.items():
        active = [p for p in paths if p.get("current_active")]
        if not active:
            continue
        hops = tuple(str(p["next_hop"]) for p in active if p.get("next_hop"))
        out[prefix] = Route(
            prefix=prefix, protocol=str(active[0].get("protocol", "")), next_hops=hops
        )
    return out


def ping_ok(result: Mapping[str, Any]) -> bool:
    """Whether a NAPALM ``ping`` result got at least one reply.

    >>> ping_ok({"success": {"probes_sent": 2, "packet_loss": 1}})
    True
    >>> ping_ok({"success": {"probes_sent": 2, "packet_loss": 2}})
    False
    >>> ping_ok({"error": "unknown host"})
    False
    """
    success = result.get("success")
    if not isinstance(success, Mapping):
        return False
    return int(success.get("packet_loss", 0)) < int(success.get("probes_sent", 0))
