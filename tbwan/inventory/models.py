"""Pydantic models of the province's source data (the files under ``inventory/``).

The models check one record at a time; checks that span records (duplicates, overlaps,
references) live in :mod:`tbwan.inventory.validate`.
"""

from __future__ import annotations

from enum import StrEnum
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tbwan.inventory.fields import (
    Hostname,
    InterfaceName,
    PoolName,
    SafeText,
    Serial,
    Slug,
    VlanId,
    ZoneName,
)


class Frozen(BaseModel):
    """Base: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    """What a device does in the WAN; each role has a template."""

    DIC_CORE = "dic-core"
    DIC_FIREWALL = "dic-firewall"
    DIC_EDGE = "dic-edge"
    HUB_ROUTER = "hub-router"
    CE_ROUTER = "ce-router"
    ACCESS_SWITCH = "access-switch"
    COMMUNE_ROUTER = "commune-router"
    BACKUP_ROUTER = "backup-router"


class Media(StrEnum):
    """How a site's uplink is carried."""

    FIBER = "fiber"
    COPPER = "copper"
    IPSEC = "ipsec"


class SiteStatus(StrEnum):
    """Lifecycle of a site, as NetBox names it."""

    PLANNED = "planned"
    ACTIVE = "active"
    FAILED = "failed"


class InterfaceMode(StrEnum):
    """How an interface is configured."""

    ROUTED = "routed"
    ACCESS = "access"
    TRUNK = "trunk"
    SVI = "svi"
    LOOPBACK = "loopback"
    TUNNEL = "tunnel"


# Contracted rates a carrier sells on each medium (kbit/s).
MEDIA_RATES: dict[Media, tuple[int, ...]] = {
    Media.FIBER: (100_000,),
    Media.COPPER: (2_000, 4_000, 6_000, 8_000, 10_000),
    Media.IPSEC: (10_000, 20_000, 30_000, 50_000, 100_000),
}


class Region(Frozen):
    """The province, a district or city, or a place outside the province."""

    slug: Slug
    name: SafeText
    parent: Slug | None = None
    gso_code: Slug | None = None


class Services(Frozen):
    """Management services at the DIC that every device points at."""

    aaa: tuple[IPv4Address, ...]
    syslog: tuple[IPv4Address, ...]
    ntp: tuple[IPv4Address, ...]
    snmp: tuple[IPv4Address, ...]
    mgmt_networks: tuple[IPv4Network, ...]
    vpn_peer: IPv4Address
    domain: Slug | SafeText


class Plan(Frozen):
    """The addressing plan: one supernet, pools per role."""

    supernet: IPv4Network
    pools: dict[PoolName, IPv4Network]
    services: Services
    ospf_process: int = Field(default=1, ge=1, le=65535)
    local_user: Slug = "netadmin"
    snmp_user: Slug = "tbwan-mon"


class Vlan(Frozen):
    """A VLAN at one site."""

    vid: VlanId
    name: Slug
    role: Slug


class Prefix(Frozen):
    """A prefix assigned at one site."""

    prefix: IPv4Network
    role: Slug
    vlan: VlanId | None = None
    description: SafeText | None = None


class Circuit(Frozen):
    """A carrier circuit: the site's uplink."""

    cid: Slug
    provider: Slug
    media: Media
    rate_kbps: int = Field(gt=0)
    termination_z: Slug = Field(description="site slug the far end lands at")
    description: SafeText | None = None

    @model_validator(mode="after")
    def _rate_matches_media(self) -> Circuit:
        allowed = MEDIA_RATES[self.media]
        if self.rate_kbps not in allowed:
            raise ValueError(
                f"rate_kbps {self.rate_kbps} is not sold on {self.media.value}: "
                f"use one of {', '.join(map(str, allowed))}"
            )
        return self


class Interface(Frozen):
    """One interface of a device."""

    name: InterfaceName
    mode: InterfaceMode
    description: SafeText | None = None
    enabled: bool = True
    ipv4: IPv4Interface | None = None
    unnumbered: InterfaceName | None = Field(default=None, description="ip unnumbered source")
    dhcp: bool = Field(default=False, description="address from the ISP (broadband uplinks)")
    vlan: VlanId | None = Field(
        default=None, description="access VLAN, or dot1q tag of a subinterface"
    )
    vlans: tuple[VlanId, ...] = ()
    speed_mbps: int | None = Field(default=None, ge=10, le=100_000)
    circuit: Slug | None = None
    peer_device: Hostname | None = None
    peer_interface: InterfaceName | None = None
    ospf_area: int | None = Field(default=None, ge=0, le=4_294_967_295)
    shape_kbps: int | None = Field(default=None, gt=0)
    tunnel_destination: IPv4Address | None = None
    tunnel_source: InterfaceName | None = None
    hsrp_vip: IPv4Address | None = None
    hsrp_priority: int | None = Field(
        default=None, ge=0, le=255, description="HSRP priority (the active gateway: highest)"
    )
    zone: ZoneName | None = Field(default=None, description="firewall security zone")

    @model_validator(mode="after")
    def _hsrp_has_a_priority(self) -> Interface:
        if (self.hsrp_vip is None) != (self.hsrp_priority is None):
            raise ValueError(
                "hsrp_vip and hsrp_priority go together: give both (priority 110 on the "
                "active gateway, 100 on the standby) or neither"
            )
        return self


class Device(Frozen):
    """A managed device."""

    name: Hostname
    role: Role
    platform: Slug
    model: SafeText
    serial: Serial
    primary_ip: IPv4Interface = Field(description="management address (Loopback0 or the SVI)")
    default_gateway: IPv4Address | None = Field(
        default=None,
        description="next hop of the default route (a switch: its ip default-gateway)",
    )
    interfaces: tuple[Interface, ...] = ()

    @model_validator(mode="after")
    def _primary_ip_on_an_interface(self) -> Device:
        if not any(i.ipv4 == self.primary_ip for i in self.interfaces):
            raise ValueError(
                f"primary_ip {self.primary_ip} is on none of the device's interfaces: "
                "add it to the interface that carries management"
            )
        gateway = self.default_gateway
        if gateway is not None and not any(
            i.ipv4 is not None and gateway in i.ipv4.network and gateway != i.ipv4.ip
            for i in self.interfaces
        ):
            raise ValueError(
                f"default_gateway {gateway} is in none of the device's interface networks "
                "(or is the device's own address): give the next hop on a connected network"
            )
        return self

    def interface(self, name: str) -> Interface:
        """The interface called ``name`` (KeyError if none)."""
        for i in self.interfaces:
            if i.name == name:
                return i
        raise KeyError(name)


class Site(Frozen):
    """A site with its devices, VLANs, prefixes and circuits (one file each)."""

    slug: Slug
    name: SafeText
    name_en: SafeText | None = None
    kind: Slug
    region: Slug
    status: SiteStatus = SiteStatus.ACTIVE
    gso_code: Slug | None = None
    unit_type: SafeText | None = None
    hub: Slug | None = Field(default=None, description="site slug this site's uplink lands at")
    vlans: tuple[Vlan, ...] = ()
    prefixes: tuple[Prefix, ...] = ()
    circuits: tuple[Circuit, ...] = ()
    devices: tuple[Device, ...] = ()


class Inventory(Frozen):
    """The whole source of truth, validated across records."""

    plan: Plan
    regions: tuple[Region, ...]
    sites: tuple[Site, ...]

    @property
    def devices(self) -> tuple[Device, ...]:
        """Every device, in site order."""
        return tuple(d for s in self.sites for d in s.devices)

    def site(self, slug: str) -> Site:
        """The site with ``slug`` (KeyError if none)."""
        for s in self.sites:
            if s.slug == slug:
                return s
        raise KeyError(slug)

    def region(self, slug: str) -> Region:
        """The region with ``slug`` (KeyError if none)."""
        for r in self.regions:
            if r.slug == slug:
                return r
        raise KeyError(slug)
