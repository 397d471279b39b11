"""What a cached load re-reads, from NetBox change log entries (pure, no server)."""

from __future__ import annotations

from typing import Any

from tbwan.netbox.changelog import (
    HOLE_GRACE,
    Anchor,
    merge,
    plan_refresh,
    referenced,
    with_dependents,
)

T0 = "2026-01-01T00:00:00+00:00"


def change(cid: int, kind: str, oid: int, action: str = "update") -> dict[str, Any]:
    return {
        "id": cid,
        "time": T0 if cid == 10 else f"t{cid}",
        "action": {"value": action, "label": action.title()},
        "changed_object_type": kind,
        "changed_object_id": oid,
    }


ANCHOR = Anchor(10, time=T0)
HEAD = change(10, "dcim.device", 1)  # the anchor's own entry, already applied


def test_nothing_new_is_nothing() -> None:
    refresh = plan_refresh([HEAD], ANCHOR, filtered=False, now=0.0)
    assert refresh.nothing
    assert refresh.anchor == ANCHOR


def test_changes_are_reread_by_id_and_deletions_dropped() -> None:
    changes = [
        HEAD,
        change(11, "dcim.interface", 7),
        change(12, "dcim.interface", 8, "delete"),
        change(13, "ipam.ipaddress", 3, "create"),
        change(14, "ipam.ipaddress", 3, "delete"),
        change(15, "extras.journalentry", 99, "create"),  # not in tbwan's records
    ]
    refresh = plan_refresh(changes, ANCHOR, filtered=False, now=0.0)
    assert refresh.full is None
    assert refresh.ids == {"interfaces": frozenset({7})}
    assert refresh.deleted == {"interfaces": frozenset({8}), "ips": frozenset({3})}
    assert refresh.anchor == Anchor(15, time="t15")
    assert refresh.changes == 5


def test_pruned_or_replaced_change_log_reloads_everything() -> None:
    pruned = plan_refresh([change(11, "dcim.device", 1)], ANCHOR, filtered=False, now=0.0)
    assert pruned.full is not None
    assert "no longer holds change 10" in pruned.full
    assert plan_refresh([], ANCHOR, filtered=False, now=0.0).full is not None
    other_db = {**HEAD, "time": "2030-01-01T00:00:00+00:00"}  # same id, another database
    assert plan_refresh([other_db], ANCHOR, filtered=False, now=0.0).full is not None


def test_embedded_types_reload_everything() -> None:
    changes = [HEAD, change(11, "dcim.devicerole", 2)]
    refresh = plan_refresh(changes, ANCHOR, filtered=False, now=0.0)
    assert refresh.full is not None
    assert "dcim.devicerole" in refresh.full


def test_embedded_objects_count_only_when_used() -> None:
    refs = {"dcim.devicerole": [2], "extras.tag": [1]}
    used = [HEAD, change(11, "dcim.devicerole", 2)]
    assert plan_refresh(used, ANCHOR, filtered=False, now=0.0, refs=refs).full is not None
    unused = [HEAD, change(11, "dcim.devicerole", 3), change(12, "extras.tag", 9)]
    assert plan_refresh(unused, ANCHOR, filtered=False, now=0.0, refs=refs).nothing
    fields = [HEAD, change(11, "extras.customfield", 3)]
    assert plan_refresh(fields, ANCHOR, filtered=False, now=0.0, refs=refs).full is not None


def test_referenced_ids_come_from_the_records() -> None:
    records = {
        "regions": [{"id": 1, "tags": [{"id": 7, "slug": "tbwan"}]}],
        "devices": [{"id": 2, "role": {"id": 3}, "platform": None, "device_type": {"id": 4}}],
        "prefixes": [{"id": 5, "role": None}],
    }
    assert referenced(records) == {
        "dcim.devicerole": [3],
        "dcim.devicetype": [4],
        "extras.tag": [7],
    }


def test_site_changes_reload_a_filtered_load_only() -> None:
    changes = [HEAD, change(11, "dcim.site", 5)]
    assert plan_refresh(changes, ANCHOR, filtered=True, now=0.0).full is not None
    unfiltered = plan_refresh(changes, ANCHOR, filtered=False, now=0.0)
    assert unfiltered.ids == {"sites": frozenset({5})}


def test_a_gap_holds_the_anchor_back_until_the_grace_ends() -> None:
    changes = [HEAD, change(11, "dcim.interface", 7), change(13, "dcim.interface", 8)]
    held = plan_refresh(changes, ANCHOR, filtered=False, now=50.0)
    assert held.anchor == Anchor(11, hole_since=50.0, time="t11")
    assert held.ids == {"interfaces": frozenset({7, 8})}
    later = plan_refresh(changes[1:], held.anchor, filtered=False, now=50.0 + HOLE_GRACE + 1)
    assert later.anchor == Anchor(13, time="t13")


def test_empty_change_log_at_the_full_load() -> None:
    refresh = plan_refresh([change(1, "dcim.interface", 7)], Anchor(0), filtered=False, now=0)
    assert refresh.ids == {"interfaces": frozenset({7})}
    assert refresh.anchor.change_id == 1


def test_dependents_hold_nested_copies() -> None:
    records = {
        "devices": [{"id": 1, "primary_ip4": {"id": 30}}, {"id": 2, "primary_ip4": None}],
        "prefixes": [{"id": 5, "vlan": {"id": 40}}],
        "terminations": [
            {"id": 6, "termination_type": "dcim.site", "termination_id": 50},
            {"id": 7, "termination_type": "dcim.location", "termination_id": 50},
        ],
        "sites": [{"id": 50, "region": {"id": 60}}],
        "regions": [{"id": 61, "parent": {"id": 60}}],
    }
    ids = {
        "ips": frozenset({30}),
        "vlans": frozenset({40}),
        "sites": frozenset({50}),
        "regions": frozenset({60}),
    }
    assert with_dependents(ids, records) == {
        **ids,
        "devices": frozenset({1}),
        "prefixes": frozenset({5}),
        "terminations": frozenset({6}),
        "sites": frozenset({50}),
        "regions": frozenset({60, 61}),
    }


def test_merge_replaces_and_drops() -> None:
    old = [{"id": 1, "v": "a"}, {"id": 2, "v": "b"}, {"id": 3, "v": "c"}]
    out = merge(old, frozenset({2, 3}), [{"id": 3, "v": "C"}, {"id": 4, "v": "d"}])
    assert sorted(out, key=lambda r: r["id"]) == [
        {"id": 1, "v": "a"},
        {"id": 3, "v": "C"},
        {"id": 4, "v": "d"},
    ]
