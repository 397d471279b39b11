"""What the IOS running config says that NAPALM's getters do not: the IOS reader.

Switchport modes and VLANs, dot1Q tags, OSPF areas (interface ``ip ospf`` lines or
``router ospf`` ``network`` statements), shaping rates, tunnels, HSRP and the SNMP
location. Pure: text in, facts out. IOS syntax lives here and nowhere else in discovery.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address, IPv4Interface

from netutils.vlan import vlanconfig_to_list

from tbwan.inventory.models import InterfaceMode


@dataclass
class Section:
    """A config line and the lines indented under it."""

    text: str
    children: list[Section] = field(default_factory=list)


def _banner_end(line: str) -> str | None:
    """The delimiter a multi-line banner ends with (None: not one, or it ends here)."""
    words = line.split(maxsplit=2)
    if len(words) < 3 or words[0] != "banner":
        return None
    rest = words[2]
    delim = "^C" if rest.startswith("^C") else rest[:1]
    return None if rest.count(delim) >= 2 else delim


def sections(text: str) -> Section:
    """The config as a tree by indentation (banners skipped), without hier_config.

    hier_config builds every line with its rules (about 20 ms a config); discovery reads
    a few sections of hundreds of configs, so this small reader is enough and 20x faster.

    >>> root = sections("interface Gi1\\n ip address 10.0.0.1 255.255.255.0\\n!\\nend\\n")
    >>> [(c.text, [g.text for g in c.children]) for c in root.children]
    [('interface Gi1', ['ip address 10.0.0.1 255.255.255.0']), ('end', [])]
    """
    root = Section("")
    stack: list[tuple[int, Section]] = [(-1, root)]
    banner: str | None = None
    for raw in text.splitlines():
        if banner is not None:
            if banner in raw:
                banner = None
            continue
        stripped = raw.strip()
        if not stripped or stripped == "!":
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while stack[-1][0] >= indent:
            stack.pop()
        node = Section(stripped)
        stack[-1][1].children.append(node)
        stack.append((indent, node))
        banner = _banner_end(stripped) if indent == 0 else None
    return root


@dataclass(frozen=True)
class ConfigInterface:
    """One ``interface`` section, read."""

    name: str
    mode: InterfaceMode
    description: str | None = None
    ipv4: IPv4Interface | None = None
    enabled: bool = True
    vlan: int | None = None
    vlans: tuple[int, ...] = ()
    speed_mbps: int | None = None
    dhcp: bool = False
    unnumbered: str | None = None
    ospf_area: int | None = None
    shape_kbps: int | None = None
    tunnel_source: str | None = None
    tunnel_destination: IPv4Address | None = None
    hsrp_vip: IPv4Address | None = None
    hsrp_priority: int | None = None
    zone: str | None = None


@dataclass(frozen=True)
class ConfigFacts:
    """What discovery reads from one running config."""

    interfaces: tuple[ConfigInterface, ...]
    location: str | None
    vlans: dict[int, str]
    default_gateway: IPv4Address | None = None


def _mode(name: str, lines: list[str]) -> InterfaceMode:
    if "switchport mode access" in lines:
        return InterfaceMode.ACCESS
    if "switchport mode trunk" in lines:
        return InterfaceMode.TRUNK
    for prefix, mode in (
        ("Loopback", InterfaceMode.LOOPBACK),
        ("Tunnel", InterfaceMode.TUNNEL),
        ("Virtual-Template", InterfaceMode.TUNNEL),
        ("Vlan", InterfaceMode.SVI),
    ):
        if name.startswith(prefix):
            return mode
    return InterfaceMode.ROUTED


def _networks(root: Section) -> list[tuple[int, int, int]]:
    """(address, wildcard, area) of every ``router ospf`` ``network`` statement."""
    out: list[tuple[int, int, int]] = []
    for proc in root.children:
        if not proc.text.startswith("router ospf "):
            continue
        for child in proc.children:
            w = child.text.split()
            if len(w) == 5 and w[0] == "network" and w[3] == "area" and w[4].isdigit():
                out.append((int(IPv4Address(w[1])), int(IPv4Address(w[2])), int(w[4])))
    return out


def _shapes(root: Section) -> dict[str, int]:
    """Policy-map name -> its class-default ``shape average`` in kbit/s."""
    out: dict[str, int] = {}
    for pm in root.children:
        w = pm.text.split()
        if len(w) != 2 or w[0] != "policy-map":
            continue
        for cls in pm.children:
            for line in cls.children:
                s = line.text.split()
                if cls.text == "class class-default" and s[:2] == ["shape", "average"]:
                    out[w[1]] = int(s[2]) // 1000
    return out


def _interface(
    node: Section, networks: list[tuple[int, int, int]], shapes: dict[str, int]
) -> ConfigInterface:
    name = node.text.split()[1]
    lines = [c.text for c in node.children]
    values: dict[str, object] = {"name": name, "mode": _mode(name, lines)}
    area: int | None = None
    for line in lines:
        w = line.split()
        if w[0] == "description" and len(w) > 1:
            values["description"] = line.split(" ", 1)[1].strip()
        elif w[:2] == ["ip", "address"] and len(w) == 4:
            values["ipv4"] = IPv4Interface(f"{w[2]}/{w[3]}")
        elif w[:3] == ["ip", "address", "dhcp"]:
            values["dhcp"] = True
        elif w[:2] == ["ip", "unnumbered"] and len(w) == 3:
            values["unnumbered"] = w[2]
        elif w == ["shutdown"]:
            values["enabled"] = False
        elif w[:3] == ["switchport", "access", "vlan"] and len(w) == 4:
            values["vlan"] = int(w[3])
        elif w[:4] == ["switchport", "trunk", "allowed", "vlan"] and len(w) == 5:
            values["vlans"] = tuple(vlanconfig_to_list(w[4]))
        elif w[:2] == ["encapsulation", "dot1Q"] and len(w) >= 3:
            values["vlan"] = int(w[2])
        elif w[0] == "speed" and len(w) == 2 and w[1].isdigit():
            values["speed_mbps"] = int(w[1])
        elif w[:2] == ["ip", "ospf"] and len(w) == 5 and w[3] == "area" and w[4].isdigit():
            area = int(w[4])
        elif w[:2] == ["service-policy", "output"] and len(w) == 3 and w[2] in shapes:
            values["shape_kbps"] = shapes[w[2]]
        elif w[:2] == ["tunnel", "source"] and len(w) == 3:
            values["tunnel_source"] = w[2]
        elif w[:2] == ["tunnel", "destination"] and len(w) == 3:
            values["tunnel_destination"] = IPv4Address(w[2])
        elif w[0] == "standby" and len(w) == 4 and w[2] == "ip":
            values["hsrp_vip"] = IPv4Address(w[3])
        elif w[0] == "standby" and len(w) == 4 and w[2] == "priority" and w[3].isdigit():
            values["hsrp_priority"] = int(w[3])
        elif w[:2] == ["zone-member", "security"] and len(w) == 3:
            values["zone"] = w[2]
    if "hsrp_vip" in values and "hsrp_priority" not in values:
        values["hsrp_priority"] = 100  # IOS's default when no priority is configured
    if name.startswith("Vlan") and "vlan" not in values:
        values["vlan"] = int(name.removeprefix("Vlan"))
    ipv4 = values.get("ipv4")
    if area is None and isinstance(ipv4, IPv4Interface):
        ip = int(ipv4.ip)
        area = next((a for net, wild, a in networks if ip & ~wild == net & ~wild), None)
    values["ospf_area"] = area
    return ConfigInterface(**values)  # type: ignore[arg-type]


def read_config(text: str) -> ConfigFacts:
    """The facts of an IOS running config.

    >>> cfg = "interface Gi0/1\\n ip address 10.0.0.1 255.255.255.254\\n"
    >>> cfg += "router ospf 1\\n network 10.0.0.0 0.0.0.1 area 5\\n"
    >>> read_config(cfg).interfaces[0].ospf_area
    5
    """
    root = sections(text)
    networks = _networks(root)
    shapes = _shapes(root)
    read = [
        _interface(c, networks, shapes) for c in root.children if c.text.startswith("interface ")
    ]
    # an unnumbered interface runs OSPF in the area of the address it borrows
    areas = {i.name: i.ospf_area for i in read}
    interfaces = tuple(
        replace(i, ospf_area=areas.get(i.unnumbered)) if i.unnumbered and i.ospf_area is None else i
        for i in read
    )
    location = next(
        (
            c.text.removeprefix("snmp-server location ").strip()
            for c in root.children
            if c.text.startswith("snmp-server location ")
        ),
        None,
    )
    vlans: dict[int, str] = {}
    for c in root.children:
        w = c.text.split()
        if len(w) == 2 and w[0] == "vlan" and w[1].isdigit():
            name = next((n.text.split()[1] for n in c.children if n.text.startswith("name ")), "")
            vlans[int(w[1])] = name
    return ConfigFacts(
        interfaces=interfaces,
        location=location or None,
        vlans=vlans,
        default_gateway=_default_gateway(root),
    )


def _default_gateway(root: Section) -> IPv4Address | None:
    """``ip default-gateway X`` (a switch), else the next hop of the default route."""
    routes: list[IPv4Address] = []
    for c in root.children:
        w = c.text.split()
        try:
            if w[:2] == ["ip", "default-gateway"] and len(w) == 3:
                return IPv4Address(w[2])
            if w[:4] == ["ip", "route", "0.0.0.0", "0.0.0.0"] and len(w) >= 5:
                routes.append(IPv4Address(w[4]))
        except ValueError:  # an interface as next hop: no gateway address
            continue
    return routes[0] if routes else None
