"""The addressing plan: deterministic first-free allocation from pools.

Allocation is a pure function of the pool and what is already used, the same rule as
NetBox's ``available-prefixes``/``available-ips`` (lowest free block first), so the file
inventory and NetBox give the same answer for the same data.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network
from typing import Protocol

from tbwan.errors import InventoryError


class Allocator(Protocol):
    """Hands out subnets of one pool (the files' pure allocator, or NetBox IPAM)."""

    def allocate(self, prefixlen: int) -> IPv4Network:
        """The next free subnet of ``prefixlen`` bits, marked used."""
        ...


class PoolAllocator:
    """Hands out the lowest free subnets of one pool.

    >>> pool = PoolAllocator("p2p", IPv4Network("10.34.4.0/30"), used=[IPv4Network("10.34.4.0/31")])
    >>> pool.allocate(31)
    IPv4Network('10.34.4.2/31')
    >>> pool.allocate(31)
    Traceback (most recent call last):
    ...
    tbwan.errors.InventoryError: [INVENTORY] pool 'p2p' (10.34.4.0/30) has no free /31 left: ...
    """

    def __init__(self, name: str, pool: IPv4Network, used: Iterable[IPv4Network] = ()) -> None:
        self.name = name
        self.pool = pool
        self._used: list[IPv4Network] = sorted(n for n in used if n.overlaps(pool))

    def allocate(self, prefixlen: int) -> IPv4Network:
        """Return (and mark used) the lowest free subnet of ``prefixlen`` bits."""
        size = 2 ** (32 - prefixlen)
        candidate = int(self.pool.network_address)
        end = int(self.pool.broadcast_address)
        for block in self._used:
            if candidate + size - 1 < int(block.network_address):
                break
            if int(block.broadcast_address) >= candidate:
                nxt = int(block.broadcast_address) + 1
                candidate = -(-nxt // size) * size  # align up to the block size
        if candidate + size - 1 > end:
            raise InventoryError(
                f"pool {self.name!r} ({self.pool}) has no free /{prefixlen} left: "
                "extend the pool in inventory/plan.yaml"
            )
        net = IPv4Network((candidate, prefixlen))
        self._used.append(net)
        self._used.sort()
        return net


def host(net: IPv4Network, index: int) -> IPv4Address:
    """The ``index``-th address of ``net`` (1 = first usable; /31 and /32 count from 0).

    >>> host(IPv4Network("10.34.65.0/25"), 1)
    IPv4Address('10.34.65.1')
    >>> host(IPv4Network("10.34.4.2/31"), 1)
    IPv4Address('10.34.4.3')
    """
    addr = net.network_address + index
    if addr not in net:
        raise InventoryError(f"address #{index} is outside {net}")
    return addr
