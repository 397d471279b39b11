"""The IP plan is deterministic and conflict-free."""

from __future__ import annotations

import itertools
from ipaddress import IPv4Network
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tbwan.inventory.generate import generate, read_dedicated, read_units
from tbwan.inventory.ipplan import PoolAllocator
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory


def _generate(repo: Path) -> Inventory:
    src = repo / "inventory" / "source"
    return generate(
        read_units(src / "thaibinh_units.csv"), read_dedicated(src / "dedicated_sites.csv")
    )


def test_generation_is_stable_and_matches_the_committed_files(repo: Path) -> None:
    first, second = _generate(repo), _generate(repo)
    assert first == second
    on_disk = load_inventory(repo / "inventory")
    assert sorted(first.sites, key=lambda s: s.slug) == list(on_disk.sites)


def test_no_address_or_link_overlaps(repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    addresses = [i.ipv4.ip for d in inv.devices for i in d.interfaces if i.ipv4]
    assert len(addresses) == len(set(addresses))
    lans = sorted(p.prefix for s in inv.sites for p in s.prefixes)
    for a, b in itertools.pairwise(lans):
        assert not a.overlaps(b), (a, b)
    for d in inv.devices:
        for i in d.interfaces:
            if i.ipv4 and i.ipv4.ip in inv.plan.supernet:
                assert i.ipv4.network.subnet_of(inv.plan.supernet)


def test_counts_match_the_plan(repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    dedicated = [
        s
        for s in inv.sites
        if s.kind not in ("commune", "carrier") and s.circuits and s.circuits[0].provider == "vnpt"
    ]
    assert len(dedicated) == 52
    media = [s.circuits[0].media.value for s in dedicated]
    assert (media.count("fiber"), media.count("copper")) == (12, 40)
    assert sum(1 for s in inv.sites if s.kind == "commune") == 286


def test_names_are_ascii_and_vietnamese_is_kept(repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    assert all(d.name.isascii() for d in inv.devices)
    assert all(s.slug.isascii() for s in inv.sites)
    assert inv.site("tb-12433-le-hong-phong").name == "Phường Lê Hồng Phong"


@given(st.lists(st.sampled_from([24, 25, 26, 27, 28, 30, 31, 32]), max_size=40))
def test_allocator_never_overlaps(lengths: list[int]) -> None:
    pool = PoolAllocator("t", IPv4Network("10.0.0.0/20"))
    got: list[IPv4Network] = [pool.allocate(n) for n in lengths]
    assert all(n.subnet_of(pool.pool) for n in got)
    ordered = sorted(got)
    for a, b in itertools.pairwise(ordered):
        assert not a.overlaps(b)


def test_allocator_is_first_free() -> None:
    used = [IPv4Network("10.0.0.0/26"), IPv4Network("10.0.0.128/26")]
    pool = PoolAllocator("t", IPv4Network("10.0.0.0/24"), used)
    assert pool.allocate(26) == IPv4Network("10.0.0.64/26")
    assert pool.allocate(26) == IPv4Network("10.0.0.192/26")
