"""Jinja2 filters: netutils' where it has them, a few small ones of tbwan's own."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from netutils.interface import sort_interface_list
from netutils.ip import cidr_to_netmask, netmask_to_wildcardmask
from netutils.utils import jinja2_convenience_function
from netutils.vlan import vlanlist_to_config

from tbwan.inventory.names import ascii_fold

# netutils filters that reach the network (DNS, TCP): never from a template.
_NETWORKED = {"fqdn_to_ip", "is_fqdn_resolvable", "tcp_ping"}


def ip_mask(value: str) -> str:
    """``10.34.0.1/24`` -> ``10.34.0.1 255.255.255.0`` (IOS ``ip address`` form).

    >>> ip_mask("10.34.4.3/31")
    '10.34.4.3 255.255.255.254'
    """
    iface = IPv4Interface(value)
    return f"{iface.ip} {cidr_to_netmask(iface.network.prefixlen)}"


def ip_only(value: str) -> str:
    """``10.34.0.7/32`` -> ``10.34.0.7``.

    >>> ip_only("10.34.0.7/32")
    '10.34.0.7'
    """
    return str(IPv4Interface(value).ip)


def wildcard(value: str) -> str:
    """``10.34.16.0/24`` -> ``10.34.16.0 0.0.0.255`` (ACL form).

    >>> wildcard("10.34.16.0/24")
    '10.34.16.0 0.0.0.255'
    """
    net = IPv4Network(value, strict=False)
    return f"{net.network_address} {netmask_to_wildcardmask(str(net.netmask))}"


def first_host(value: str) -> str:
    """First usable address of a network or of an interface's network.

    >>> first_host("203.0.113.2/29")
    '203.0.113.1'
    """
    net = IPv4Network(value, strict=False)
    return str(net.network_address + 1)


def vlan_config(vlans: Iterable[int]) -> str:
    """VLAN list in IOS range form.

    >>> vlan_config([10, 20, 21, 22, 99])
    '10,20-22,99'
    """
    return ",".join(vlanlist_to_config(sorted(vlans)))


# IOS lists logical interfaces first, physical ones next, SVIs last.
_TYPE_RANK = {"Loopback": 0, "Port-channel": 1, "Tunnel": 2, "Virtual-Template": 3, "Vlan": 9}


@lru_cache(maxsize=1024)
def _natural_order(names: tuple[str, ...]) -> dict[str, int]:
    """Position of each name in netutils' natural sort (slow; devices share name sets)."""
    return {name: n for n, name in enumerate(sort_interface_list(list(names)))}


def sort_interfaces(interfaces: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Interfaces in the order IOS shows them (netutils' natural sort within a type).

    >>> names = ["Vlan10", "GigabitEthernet0/0/10", "Loopback0", "GigabitEthernet0/0/2"]
    >>> [i["name"] for i in sort_interfaces([{"name": n} for n in names])]
    ['Loopback0', 'GigabitEthernet0/0/2', 'GigabitEthernet0/0/10', 'Vlan10']
    """
    items = list(interfaces)
    order = _natural_order(tuple(i["name"] for i in items))

    def key(i: dict[str, Any]) -> tuple[int, int]:
        kind = i["name"].rstrip("0123456789/.:")
        return _TYPE_RANK.get(kind, 5), order[i["name"]]

    return sorted(items, key=key)


def dotted_area(area: int | str) -> str:
    """An OSPF area in dotted form, as Junos shows it (``0`` -> ``0.0.0.0``).

    >>> dotted_area(0), dotted_area("0.0.0.1"), dotted_area(300)
    ('0.0.0.0', '0.0.0.1', '0.0.1.44')
    """
    text = str(area)
    return text if "." in text else str(IPv4Address(int(text)))


def filters() -> dict[str, Callable[..., Any]]:
    """Every filter the templates may use."""
    table: dict[str, Callable[..., Any]] = {
        k: v for k, v in jinja2_convenience_function().items() if k not in _NETWORKED
    }
    table.update(
        ip_mask=ip_mask,
        ip_only=ip_only,
        wildcard=wildcard,
        first_host=first_host,
        vlan_config=vlan_config,
        sort_interfaces=sort_interfaces,
        ascii=ascii_fold,
        dotted_area=dotted_area,
    )
    return table
