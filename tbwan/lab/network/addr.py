"""IPv4 addresses as integers (the model does millions of lookups; ``ipaddress`` objects
are too slow for that). Pure.
"""

from __future__ import annotations

FULL = 0xFFFFFFFF


def ip_int(text: str) -> int:
    """Dotted quad to integer.

    >>> ip_int("10.34.0.1")
    170000385
    """
    a, b, c, d = (int(x) for x in text.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def ip_str(value: int) -> str:
    """Integer to dotted quad.

    >>> ip_str(170000385)
    '10.34.0.1'
    """
    return f"{value >> 24 & 255}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def mask(plen: int) -> int:
    """Netmask of a prefix length as an integer.

    >>> ip_str(mask(26))
    '255.255.255.192'
    """
    return (FULL << (32 - plen)) & FULL


def mask_len(text: str) -> int:
    """Prefix length of a dotted netmask.

    >>> mask_len("255.255.255.254")
    31
    """
    return bin(ip_int(text)).count("1")


def network(ip: int, plen: int) -> int:
    """The network address of ``ip/plen``."""
    return ip & mask(plen)


def prefix_str(net: int, plen: int) -> str:
    """``10.34.0.0/16`` text."""
    return f"{ip_str(net)}/{plen}"


def parse_prefix(text: str) -> tuple[int, int]:
    """``10.34.0.0/16`` (or a bare address, as /32) to (network, length).

    >>> parse_prefix("10.34.1.7/24") == (ip_int("10.34.1.0"), 24)
    True
    """
    addr, _, plen = text.partition("/")
    n = int(plen) if plen else 32
    return network(ip_int(addr), n), n
