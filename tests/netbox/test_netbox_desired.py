"""The records sync wants for the repository's inventory (pure: no NetBox)."""

from __future__ import annotations

from pathlib import Path

from tbwan.inventory.store import load_inventory
from tbwan.netbox import schema as s
from tbwan.netbox.desired import Ref, desired, primary_ips, site_names

REPO = Path(__file__).resolve().parents[2]
INV = load_inventory(REPO / "inventory")
PLAN = desired(INV)


def test_one_record_per_object() -> None:
    assert len(PLAN[s.SITES]) == len(INV.sites)
    assert len(PLAN[s.DEVICES]) == len(INV.devices)
    assert len(PLAN[s.INTERFACES]) == sum(len(d.interfaces) for d in INV.devices)
    assert len(PLAN[s.TERMINATIONS]) == 2 * len(PLAN[s.CIRCUITS])


def test_parent_regions_come_first() -> None:
    seen: set[str] = set()
    for want in PLAN[s.REGIONS]:
        parent = want.fields["parent"]
        assert parent is None or parent.key[0] in seen
        seen.add(want.fields["slug"])


def test_netbox_site_names_are_unique_and_keep_unique_names() -> None:
    names = site_names(INV)
    assert len(set(names.values())) == len(INV.sites)
    counts = {site.name: 0 for site in INV.sites}
    for site in INV.sites:
        counts[site.name] += 1
    for site in INV.sites:
        assert (names[site.slug] == site.name) == (counts[site.name] == 1)


def _natural(value: object) -> object:
    if isinstance(value, Ref):
        return (value.kind.endpoint, tuple(_natural(k) for k in value.key))
    return value


def test_references_point_at_wanted_records() -> None:
    keys = {
        kind: {tuple(_natural(w.fields[k]) for k in kind.key) for w in wants}
        for kind, wants in PLAN.items()
    }

    def check(value: object) -> None:
        if isinstance(value, Ref):
            for part in value.key:
                check(part)
            assert tuple(_natural(k) for k in value.key) in keys[value.kind], value

    for wants in PLAN.values():
        for want in wants:
            for value in want.fields.values():
                check(value)
    for want in primary_ips(INV):
        check(want.fields["primary_ip4"])
