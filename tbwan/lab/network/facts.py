"""What the network model reads from one device's running config. Pure.

The config tree is read once per change (:mod:`tbwan.lab.network.readconfig`) into frozen
facts: interfaces with their addressing, OSPF, HSRP, tunnel and zone settings, the OSPF
process, static routes, ACLs and the crypto settings that decide whether IPsec comes up.
Keys (OSPF authentication, ISAKMP pre-shared keys) are kept as SHA-256 digests only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

DEFAULT_HELLO = {
    "point-to-point": 10,
    "broadcast": 10,
    "non-broadcast": 30,
    "point-to-multipoint": 30,
}


def digest(secret: str) -> str:
    """A key as the model keeps it: never in clear.

    >>> digest("k") == digest("k") and digest("k") != "k"
    True
    """
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Hsrp:
    """One ``standby`` group on an interface."""

    group: int
    vip: int | None
    priority: int = 100
    preempt: bool = False


@dataclass(frozen=True, slots=True)
class Iface:
    """An interface as the running config sets it up (``parent``: the physical interface
    of a subinterface, else itself; ``kind``: see :func:`if_kind`)."""

    name: str
    admin_up: bool = True
    ip: int | None = None
    plen: int = 0
    unnumbered: str | None = None
    dhcp: bool = False  # ``ip address dhcp``: the carrier gives the address
    dot1q: int | None = None
    switchport: str | None = None
    access_vlan: int = 1
    trunk_vlans: frozenset[int] | None = None
    speed: int | None = None
    duplex: str | None = None
    mtu: int = 1500
    bandwidth: int | None = None
    ospf_process: int | None = None
    ospf_area: int | None = None
    ospf_net: str | None = None
    hello: int | None = None
    dead: int | None = None
    cost: int | None = None
    auth: str | None = None
    auth_key: str | None = None
    mtu_ignore: bool = False
    acl_in: str | None = None
    acl_out: str | None = None
    standby: tuple[Hsrp, ...] = ()
    zone: str | None = None
    tunnel_source: str | None = None
    tunnel_dest: int | None = None
    tunnel_mode: str | None = None
    tunnel_profile: str | None = None
    parent: str = ""
    kind: str = "ether"
    clone_of: str | None = None


@dataclass(frozen=True, slots=True)
class Redistribute:
    """``redistribute static|connected ...`` or ``default-information originate``."""

    source: str
    metric: int = 20
    metric_type: int = 2
    always: bool = False


@dataclass(frozen=True, slots=True)
class OspfProcess:
    """``router ospf N``."""

    process: int
    router_id: int | None = None
    passive_default: bool = False
    passive: frozenset[str] = frozenset()
    active: frozenset[str] = frozenset()
    networks: tuple[tuple[int, int, int], ...] = ()
    ref_bw_mbps: int = 100
    area_auth: tuple[tuple[int, str], ...] = ()
    redistribute: tuple[Redistribute, ...] = ()
    shutdown: bool = False

    def is_passive(self, name: str) -> bool:
        """Whether ``passive-interface`` applies to ``name``."""
        if self.passive_default:
            return name not in self.active
        return name in self.passive


@dataclass(frozen=True, slots=True)
class Static:
    """``ip route``."""

    net: int
    plen: int
    next_hop: int | None
    interface: str | None
    distance: int = 1


@dataclass(frozen=True, slots=True)
class AclEntry:
    """One ACL line as far as ICMP is concerned (``proto`` ``ip`` or ``icmp``)."""

    permit: bool
    proto: str
    src: tuple[int, int]
    dst: tuple[int, int]
    icmp_type: str | None = None


@dataclass(frozen=True, slots=True)
class Crypto:
    """The IPsec settings both ends of a tunnel must agree on."""

    isakmp_keys: tuple[tuple[int, int, str], ...] = ()
    isakmp_policies: tuple[tuple[str, ...], ...] = ()
    transform_sets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    profiles: tuple[tuple[str, str], ...] = ()

    def key_for(self, peer: int) -> str | None:
        """The pre-shared key digest for ``peer`` (most specific address match)."""
        best: tuple[int, str] | None = None
        for net, mask, key in self.isakmp_keys:
            if peer & mask == net & mask and (best is None or mask >= best[0]):
                best = (mask, key)
        return best[1] if best else None

    def transforms(self, profile: str | None) -> tuple[str, ...] | None:
        """The transforms a profile uses, or None when it does not exist."""
        ts = dict(self.profiles).get(profile or "")
        if ts is None:
            return None
        return dict(self.transform_sets).get(ts)


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """Everything the network model needs from one running config.

    ``self_icmp`` and ``ike_ifaces``: the interfaces on which the device answers pings and
    accepts IKE (a Junos zone's ``host-inbound-traffic``); None: every interface, as IOS.
    ``self_acl``: what may reach the device itself (a Junos ``lo0`` input filter).
    """

    hostname: str
    interfaces: dict[str, Iface] = field(default_factory=dict)
    ospf: tuple[OspfProcess, ...] = ()
    statics: tuple[Static, ...] = ()
    acls: dict[str, tuple[AclEntry, ...]] = field(default_factory=dict)
    crypto: Crypto = Crypto()
    vlans: frozenset[int] = frozenset()
    zone_pairs: dict[tuple[str, str], str] = field(default_factory=dict)
    inspect_icmp: frozenset[str] = frozenset()
    ip_routing: bool = True
    self_icmp: frozenset[str] | None = None
    ike_ifaces: frozenset[str] | None = None
    self_acl: tuple[AclEntry, ...] | None = None
    platform: str = "ios"

    def process(self, number: int | None) -> OspfProcess | None:
        """The OSPF process ``number`` (created implicitly by ``ip ospf N area X``)."""
        for p in self.ospf:
            if p.process == number:
                return p
        return OspfProcess(number) if number is not None else None
