"""The lab's start-up cache: hit when nothing changed, recomputed when anything did."""

from __future__ import annotations

from pathlib import Path

from tbwan.lab import LabDevice, seedcache
from tbwan.lab.config_tree import Node, render_lines
from tbwan.lab.state import DeviceState

SEED = "hostname r1\ninterface Gi0/0\n description up\n ip address 10.0.0.1 255.255.255.0\n"


def boot(seed: str) -> list[tuple[LabDevice, Node]]:
    device = LabDevice("r1", seed_config=seed)
    return [(device, DeviceState.boot(device).running)]


def test_digest_follows_every_source(tmp_path: Path) -> None:
    inv = tmp_path / "inventory"
    (inv / "sites").mkdir(parents=True)
    site = inv / "sites" / "a.yaml"
    site.write_text("slug: a\n")
    first = seedcache.digest("opts", inv)
    assert seedcache.digest("opts", inv) == first
    assert seedcache.digest("other opts", inv) != first
    site.write_text("slug: b\n")
    assert seedcache.digest("opts", inv) != first


def test_cache_hit_and_stale_key(tmp_path: Path) -> None:
    path = tmp_path / seedcache.CACHE_FILE
    calls: list[str] = []

    def compute(seed: str) -> list[tuple[LabDevice, Node]]:
        calls.append(seed)
        return boot(seed)

    fresh = seedcache.cached(path, "k1", lambda: compute(SEED))
    again = seedcache.cached(path, "k1", lambda: compute(SEED))
    assert calls == [SEED]
    assert again[0][0] == fresh[0][0]
    assert render_lines(again[0][1]) == render_lines(fresh[0][1])
    other = SEED.replace("up", "down")
    changed = seedcache.cached(path, "k2", lambda: compute(other))
    assert calls == [SEED, other]
    assert " description down" in render_lines(changed[0][1])
    path.write_text("{not json")
    assert seedcache.load(path, "k2") is None


def test_cache_keeps_the_platform(tmp_path: Path) -> None:
    path = tmp_path / seedcache.CACHE_FILE
    srx = LabDevice("fw1", "SRX1500", seed_config="set system host-name fw1", platform="junos")
    seedcache.store(path, "k", [(srx, Node()), *boot(SEED)])
    loaded = seedcache.load(path, "k")
    assert loaded is not None
    assert [(d.name, d.platform) for d, _ in loaded] == [("fw1", "junos"), ("r1", "ios")]
