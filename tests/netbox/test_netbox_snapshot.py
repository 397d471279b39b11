"""The cached load's decisions, replayed against recorded NetBox JSON (no server).

``FakeNetBox`` answers the list queries from the records of one recorded site and the
change log from entries the tests append, as NetBox would (filters ``id``/``device_id``,
``id__gte``, ``ordering``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tbwan.inventory.hostdata import nornir_data
from tbwan.netbox.cache import SnapshotStore, data_from_json, data_to_json
from tbwan.netbox.reader import OBJECT_TYPES, inventory_from_records, list_queries
from tbwan.netbox.snapshot import CHANGES_PATH, Filters, Loaded, load_data

REPO = Path(__file__).resolve().parents[2]
RECORDED = REPO / "tests" / "fixtures" / "netbox" / "site-tb-sonv.json"
TYPE_OF = {name: kind for kind, name in OBJECT_TYPES.items()}
DAY = 86400.0


class FakeNetBox:
    """Just enough of :class:`tbwan.netbox.client.NetBox` for ``load_data``."""

    url = "http://netbox.example"
    workers = 2

    def __init__(self, records: dict[str, list[dict[str, Any]]]) -> None:
        self.records = records
        self.changes: list[dict[str, Any]] = [self._entry("dcim.site", 1, "update")]
        self.requests = 0
        self.version = ""
        self.names = {path: name for name, (path, _) in list_queries().items()}

    def _entry(self, kind: str, oid: int, action: str) -> dict[str, Any]:
        cid = len(getattr(self, "changes", [])) + 1
        return {
            "id": cid,
            "time": f"2026-01-01T00:00:{cid:02d}+00:00",
            "action": {"value": action},
            "changed_object_type": kind,
            "changed_object_id": oid,
        }

    def log(self, name: str, oid: int, action: str = "update") -> None:
        self.changes.append(self._entry(TYPE_OF.get(name, name), oid, action))

    def check(self) -> str:
        self.requests += 1
        self.version = "4.7.3"
        return self.version

    def get_all(self, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        self.requests += 1
        if path == CHANGES_PATH:
            low = int(params.get("id__gte", 0))
            found = [c for c in self.changes if c["id"] >= low]
            return sorted(found, key=lambda c: c["id"], reverse=params["ordering"] == "-id")
        out = self.records[self.names[path]]
        if "id" in params:
            out = [r for r in out if r["id"] in set(params["id"])]
        if "device_id" in params:
            out = [r for r in out if r["device"]["id"] in set(params["device_id"])]
        return copy.deepcopy(out)

    def get_page(self, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self.get_all(path, params)[: int(params["limit"])]

    def get_ids(
        self, path: str, params: Mapping[str, Any], ids: Iterable[int], *, key: str = "id"
    ) -> list[dict[str, Any]]:
        return self.get_all(path, {**params, key: list(ids)})

    def get_many(
        self, todo: Iterable[tuple[str, str, Mapping[str, Any]]]
    ) -> dict[str, list[dict[str, Any]]]:
        return {name: self.get_all(path, params) for name, path, params in todo}


@pytest.fixture
def nb() -> FakeNetBox:
    return FakeNetBox(json.loads(RECORDED.read_text(encoding="utf-8")))


@pytest.fixture
def store(tmp_path: Path) -> SnapshotStore:
    return SnapshotStore(tmp_path, "key")


def load(nb: FakeNetBox, store: SnapshotStore | None, now: float = 1000.0) -> Loaded:
    nb.requests = 0
    # REST: the fake answers REST list queries (GraphQL is checked against the real NetBox)
    return load_data(nb, Filters(), store, max_age=DAY, api="rest", clock=lambda: now)  # type: ignore[arg-type]


def fresh(nb: FakeNetBox) -> Any:
    return nornir_data(inventory_from_records(nb.records))


def test_second_load_is_one_request_and_the_same_data(nb: FakeNetBox, store: SnapshotStore) -> None:
    first = load(nb, store)
    assert first.source == "netbox"
    second = load(nb, store)
    assert (second.source, second.requests) == ("cache", 1)
    assert second.data == first.data == fresh(nb)


def test_snapshot_files_are_private(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store)
    assert store.dir.stat().st_mode & 0o777 == 0o700
    assert {p.name: p.stat().st_mode & 0o777 for p in store.dir.iterdir()} == {
        "state.json": 0o600,
        "records.json": 0o600,
        "model.json": 0o600,
    }


def test_a_changed_record_is_reread(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store)
    itf = nb.records["interfaces"][0]
    itf["description"] = "changed in NetBox"
    nb.log("interfaces", itf["id"])
    nb.log("extras.journalentry", 5, "create")
    loaded = load(nb, store)
    assert loaded.source == "cache+changes"
    assert loaded.requests == 2  # the change log, then that one interface
    assert loaded.data == fresh(nb)
    device = loaded.data.hosts[itf["device"]["name"]].data["device"]
    (got,) = [i for i in device["interfaces"] if i["name"] == itf["name"]]
    assert got["description"] == "changed in NetBox"
    assert load(nb, store).source == "cache"


def test_created_then_deleted_record(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store)
    region = {
        "id": 900,
        "slug": "test-region",
        "name": "Test region",
        "parent": None,
        "custom_fields": {"gso_code": "99", "tbwan_order": 99},
    }
    nb.records["regions"].append(region)
    nb.log("regions", 900, "create")
    assert "region-test-region" in load(nb, store).data.groups
    nb.records["regions"].remove(region)
    nb.log("regions", 900, "delete")
    loaded = load(nb, store)
    assert loaded.requests == 1  # a deletion needs no read
    assert "region-test-region" not in loaded.data.groups
    assert loaded.data == fresh(nb)


def test_nested_copy_follows_its_source(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store)
    device = nb.records["devices"][0]
    ip = next(i for i in nb.records["ips"] if i["id"] == device["primary_ip4"]["id"])
    ip["address"] = "10.34.3.250/32"
    device["primary_ip4"]["address"] = ip["address"]  # NetBox nests the new value
    nb.log("ips", ip["id"])  # the device itself has no change log entry
    loaded = load(nb, store)
    assert loaded.data.hosts[device["name"]].hostname == "10.34.3.250"


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda nb, store: nb.changes.pop(0), "no longer holds"),
        (lambda nb, store: nb.log("dcim.devicerole", 2), "dcim.devicerole"),  # ce-router
        (lambda nb, store: store.clear(), "no snapshot"),
    ],
    ids=["pruned", "embedded-type", "cleared"],
)
def test_full_reload_when_the_snapshot_cannot_follow(
    nb: FakeNetBox, store: SnapshotStore, spoil: Any, why: str
) -> None:
    load(nb, store)
    spoil(nb, store)
    loaded = load(nb, store)
    assert loaded.source == "netbox"
    assert why in loaded.detail
    assert load(nb, store).source == "cache"  # a new snapshot from then on


def test_objects_no_record_uses_are_ignored(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store)
    nb.log("extras.tag", 4242, "create")  # e.g. a lock tag of another workflow
    nb.log("dcim.devicerole", 4243, "create")
    nb.log("dcim.cable", 7, "create")
    assert load(nb, store).source == "cache"


def test_expired_snapshot_is_reloaded(nb: FakeNetBox, store: SnapshotStore) -> None:
    load(nb, store, now=1000.0)
    assert load(nb, store, now=1000.0 + DAY - 1).source == "cache"
    assert load(nb, store, now=1000.0 + DAY + 1).source == "netbox"


def test_cache_off_reads_everything_and_writes_nothing(nb: FakeNetBox, tmp_path: Path) -> None:
    assert load(nb, None).source == "netbox"
    assert load(nb, None).source == "netbox"
    assert not list(tmp_path.iterdir())


def test_model_round_trips_through_json(nb: FakeNetBox) -> None:
    data = fresh(nb)
    assert data_from_json(json.loads(json.dumps(data_to_json(data)))) == data
