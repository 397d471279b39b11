"""How tbwan's inventory maps onto NetBox: endpoints, natural keys, custom fields.

One table drives the sync (files -> NetBox) and the inventory plugin (NetBox -> hosts),
so both directions agree on where each datum lives.
"""

from __future__ import annotations

from dataclasses import dataclass

MANAGED_TAG = "tbwan"
PLAN_CONTEXT = "tbwan-plan"
MIN_NETBOX = (4, 0)


@dataclass(frozen=True)
class Kind:
    """A NetBox object type that tbwan writes."""

    endpoint: str  # "dcim.regions": app and endpoint for pynetbox / the REST path
    key: tuple[str, ...]  # fields (after references are resolved) that identify a record
    tagged: bool = True  # carries the `tbwan` tag, so `--prune` may delete it

    @property
    def path(self) -> str:
        app, name = self.endpoint.split(".")
        return f"/api/{app}/{name}/"


CUSTOM_FIELDS_KIND = Kind("extras.custom-fields", ("name",), tagged=False)
TAGS = Kind("extras.tags", ("slug",), tagged=False)
REGIONS = Kind("dcim.regions", ("slug",))
SITE_GROUPS = Kind("dcim.site-groups", ("slug",))
SITES = Kind("dcim.sites", ("slug",))
MANUFACTURERS = Kind("dcim.manufacturers", ("slug",))
DEVICE_TYPES = Kind("dcim.device-types", ("slug",))
DEVICE_ROLES = Kind("dcim.device-roles", ("slug",))
PLATFORMS = Kind("dcim.platforms", ("slug",))
IPAM_ROLES = Kind("ipam.roles", ("slug",))
VLANS = Kind("ipam.vlans", ("site", "vid"))
PREFIXES = Kind("ipam.prefixes", ("prefix",))
PROVIDERS = Kind("circuits.providers", ("slug",))
CIRCUIT_TYPES = Kind("circuits.circuit-types", ("slug",))
CIRCUITS = Kind("circuits.circuits", ("cid",))
TERMINATIONS = Kind("circuits.circuit-terminations", ("circuit", "term_side"), tagged=False)
DEVICES = Kind("dcim.devices", ("name",))
INTERFACES = Kind("dcim.interfaces", ("device", "name"))
IP_ADDRESSES = Kind("ipam.ip-addresses", ("assigned_object_id",))
CONFIG_CONTEXTS = Kind("extras.config-contexts", ("name",), tagged=False)
JOURNAL_ENTRIES = Kind("extras.journal-entries", ("id",), tagged=False)

# Creation order: a record's references exist before it. Pruning runs in reverse.
ORDER: tuple[Kind, ...] = (
    REGIONS, SITE_GROUPS, SITES, MANUFACTURERS, DEVICE_TYPES, DEVICE_ROLES, PLATFORMS,
    IPAM_ROLES, VLANS, PREFIXES, PROVIDERS, CIRCUIT_TYPES, CIRCUITS, TERMINATIONS,
    DEVICES, INTERFACES, IP_ADDRESSES, CONFIG_CONTEXTS,
)  # fmt: skip


@dataclass(frozen=True)
class CustomField:
    """A custom field tbwan defines: data NetBox has no native place for."""

    name: str
    type: str  # NetBox custom field type: text, integer, boolean, json
    object_types: tuple[str, ...]
    label: str


_ORDERED = ("dcim.region", "dcim.device", "dcim.interface", "ipam.vlan", "ipam.prefix")
CUSTOM_FIELDS: tuple[CustomField, ...] = (
    CustomField("tbwan_order", "integer", (*_ORDERED, "circuits.circuit"), "Order in tbwan files"),
    CustomField("gso_code", "text", ("dcim.region", "dcim.site"), "GSO code"),
    CustomField("name_vi", "text", ("dcim.site",), "Name (as in tbwan files)"),
    CustomField("name_en", "text", ("dcim.site",), "English name"),
    CustomField("unit_type", "text", ("dcim.site",), "Unit type"),
    CustomField("hub", "text", ("dcim.site",), "Uplink hub site"),
    CustomField("if_mode", "text", ("dcim.interface",), "tbwan interface mode"),
    CustomField("dhcp", "boolean", ("dcim.interface",), "Address by DHCP"),
    CustomField("vlan_id", "integer", ("dcim.interface",), "Access VLAN / dot1q tag"),
    CustomField("vlan_ids", "json", ("dcim.interface",), "Trunk VLANs"),
    CustomField("circuit_cid", "text", ("dcim.interface",), "Circuit"),
    CustomField("peer_device", "text", ("dcim.interface",), "Peer device"),
    CustomField("peer_interface", "text", ("dcim.interface",), "Peer interface"),
    CustomField("ospf_area", "integer", ("dcim.interface",), "OSPF area"),
    CustomField("shape_kbps", "integer", ("dcim.interface",), "Shaped rate (kbit/s)"),
    CustomField("tunnel_destination", "text", ("dcim.interface",), "Tunnel destination"),
    CustomField("tunnel_source", "text", ("dcim.interface",), "Tunnel source"),
    CustomField("hsrp_vip", "text", ("dcim.interface",), "HSRP virtual IP"),
    CustomField("hsrp_priority", "integer", ("dcim.interface",), "HSRP priority"),
    CustomField("zone", "text", ("dcim.interface",), "Firewall security zone"),
    CustomField("unnumbered", "text", ("dcim.interface",), "IP unnumbered source"),
    CustomField("config_compliant", "boolean", ("dcim.device",), "Config compliant (audit)"),
    CustomField("default_gateway", "text", ("dcim.device",), "Default route next hop"),
)

# Interface model field -> custom field (same value, JSON-compatible).
INTERFACE_CF = {
    "mode": "if_mode",
    "dhcp": "dhcp",
    "vlan": "vlan_id",
    "vlans": "vlan_ids",
    "circuit": "circuit_cid",
    "peer_device": "peer_device",
    "peer_interface": "peer_interface",
    "ospf_area": "ospf_area",
    "shape_kbps": "shape_kbps",
    "tunnel_destination": "tunnel_destination",
    "tunnel_source": "tunnel_source",
    "hsrp_vip": "hsrp_vip",
    "hsrp_priority": "hsrp_priority",
    "zone": "zone",
    "unnumbered": "unnumbered",
}
# Interface model fields NetBox holds natively (name, description, ...): with INTERFACE_CF
# they must cover every field of the model (a contract test checks it).
INTERFACE_NATIVE = ("name", "description", "enabled", "ipv4", "speed_mbps")
SITE_NATIVE = ("slug", "kind", "region", "status", "vlans", "prefixes", "circuits", "devices")
SITE_CF = {
    "name": "name_vi",
    "name_en": "name_en",
    "gso_code": "gso_code",
    "unit_type": "unit_type",
    "hub": "hub",
}


def interface_type(name: str, mode: str) -> str:
    """NetBox's interface type for a tbwan interface.

    >>> interface_type("Loopback0", "loopback"), interface_type("Gi0/0/0.101", "routed")
    ('virtual', 'virtual')
    >>> interface_type("GigabitEthernet0/1/0", "access")
    '1000base-t'
    """
    if mode in ("loopback", "svi", "tunnel") or "." in name:
        return "virtual"
    return "1000base-t"


def netbox_interface_mode(mode: str) -> str | None:
    """802.1Q mode NetBox shows for a tbwan interface mode (None: layer 3)."""
    return {"access": "access", "trunk": "tagged"}.get(mode)


def slugify(text: str) -> str:
    """A NetBox slug for a free-text name such as a device model.

    >>> slugify("C1111-8P"), slugify("Catalyst 9300 / 48P")
    ('c1111-8p', 'catalyst-9300-48p')
    """
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)[:100]
