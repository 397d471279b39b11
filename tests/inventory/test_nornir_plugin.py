"""The file inventory plugin through ``nornir.yaml``: hosts, groups, data, credentials, lab
ports (the last two from the transform function, see test_transform.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.filter import F

from tbwan.errors import LabError


@pytest.fixture(scope="module")
def nr_all(repo: Path):  # type: ignore[no-untyped-def]
    return InitNornir(
        config_file=str(repo / "nornir.yaml"),
        inventory={
            "plugin": "TbwanInventory",
            "options": {"root": str(repo / "inventory")},
            "transform_function_options": {"lab_dir": "/nonexistent"},
        },
    )


def test_hosts_groups_and_data(nr_all) -> None:  # type: ignore[no-untyped-def]
    hosts = nr_all.inventory.hosts
    assert len(hosts) == 393
    h = hosts["tb-ubnd-vuthu-rt01"]
    assert h.platform == "ios"
    assert h["role"] == "hub-router"
    assert h["site"]["name"] == "UBND huyện Vũ Thư"
    assert h["regions"] == ["vu-thu", "tinh-thai-binh"]
    assert h["plan"]["services"]["ntp"] == ["10.34.16.12"]
    assert {g.name for g in h.groups} == {"site-tb-ubnd-vuthu", "role-hub-router", "platform-ios"}
    assert h.get_connection_parameters("netmiko").platform == "cisco_ios"
    assert h.get_connection_parameters("napalm").platform == "ios"
    vu_thu = nr_all.filter(F(regions__contains="vu-thu")).inventory.hosts
    assert len(vu_thu) == 32


def test_host_data_is_plain(nr_all) -> None:  # type: ignore[no-untyped-def]
    json.dumps(dict(nr_all.inventory.hosts["tb-sonv-sw01"].data))


def _nornir(repo: Path, lab: Path) -> Nornir:
    return InitNornir(
        config_file=str(repo / "nornir.yaml"),
        inventory={
            "plugin": "TbwanInventory",
            "options": {"root": str(repo / "inventory")},
            "transform_function_options": {"lab_dir": str(lab)},
        },
    )


def test_credentials_from_environment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TBWAN_USERNAME", "ops")
    monkeypatch.setenv("TBWAN_PASSWORD", "s3cret-pw")
    monkeypatch.delenv("TBWAN_ENABLE_SECRET", raising=False)
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    monkeypatch.delenv("TBWAN_LAB_DIR", raising=False)
    host = _nornir(repo, tmp_path).inventory.hosts["tb-sonv-rt01"]
    assert (host.username, host.password) == ("ops", "s3cret-pw")
    assert host.get_connection_parameters("napalm").extras == {
        "optional_args": {"secret": "s3cret-pw"}
    }
    assert host.get_connection_parameters("netmiko").extras == {"secret": "s3cret-pw"}


def test_lab_ports_override_addresses(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TBWAN_LAB_DIR", raising=False)
    (tmp_path / "hosts.json").write_text(
        json.dumps({"pid": 1, "hosts": {"tb-sonv-rt01": {"hostname": "127.0.0.1", "port": 40022}}})
    )
    hosts = _nornir(repo, tmp_path).inventory.hosts
    assert (hosts["tb-sonv-rt01"].hostname, hosts["tb-sonv-rt01"].port) == ("127.0.0.1", 40022)
    assert hosts["tb-sotp-rt01"].hostname == "10.34.0.8"


def test_corrupt_lab_file_is_a_clear_error(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TBWAN_LAB_DIR", raising=False)
    (tmp_path / "hosts.json").write_text("{not json")
    with pytest.raises(LabError, match=r"not valid JSON.*tbwan lab down"):
        _nornir(repo, tmp_path)


def test_hosts_outside_a_running_lab_are_refused(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tbwan.errors import InventoryError
    from tbwan.runbooks.common import HostFilter

    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path))
    (tmp_path / "hosts.json").write_text(
        json.dumps({"pid": 1, "hosts": {"tb-sonv-rt01": {"hostname": "127.0.0.1", "port": 40022}}})
    )
    nr = InitNornir(
        config_file=str(repo / "nornir.yaml"),
        inventory={"plugin": "TbwanInventory", "options": {"root": str(repo / "inventory")}},
    )
    assert (
        HostFilter(hosts=["tb-sonv-rt01"]).apply(nr).inventory.hosts["tb-sonv-rt01"].port == 40022
    )
    with pytest.raises(InventoryError, match=r"not in the running device lab \(e.g. tb-sonv-sw01"):
        HostFilter(sites=["tb-sonv"]).apply(nr)
    # rendering never connects: it may act on every host
    assert len(HostFilter(sites=["tb-sonv"]).apply(nr, connect=False).inventory.hosts) == 2
