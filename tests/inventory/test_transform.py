"""The transform function ``nornir.yaml`` names: the device login and the lab's ports.

The inventory plugins hold the source of truth only; every way tbwan builds a Nornir
object (``InitNornir``, :func:`init_nornir`, :func:`nornir_for`, discovery) goes through
:mod:`tbwan.transform`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from nornir.core.inventory import ConnectionOptions, Defaults, Host

from tbwan.discover.collect import nornir_for_targets
from tbwan.discover.targets import Target
from tbwan.errors import InventoryError, LabError
from tbwan.inventory.nornir_files import TbwanInventory
from tbwan.inventory.store import load_inventory
from tbwan.runbooks.common import Settings, init_nornir, nornir_for
from tbwan.transform import credentials, lab_hosts, tbwan_hosts

HOST = "tb-sonv-rt01"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TBWAN_LAB_DIR", "TBWAN_SECRETS_FILE", "TBWAN_ENABLE_SECRET", "TBWAN_INVENTORY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TBWAN_USERNAME", "ops")
    monkeypatch.setenv("TBWAN_PASSWORD", "s3cret-pw")


def _lab(folder: Path, hosts: dict[str, object]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "hosts.json").write_text(json.dumps({"pid": 1, "hosts": hosts}))
    (folder / "hosts.json").chmod(0o644)
    return folder


def _host(**options: ConnectionOptions) -> Host:
    return Host(
        name=HOST, hostname="10.34.0.7", port=22, defaults=Defaults(), connection_options=options
    )


def test_the_inventory_and_netbox_packages_import_neither_the_lab_nor_the_secrets() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import tbwan.inventory, tbwan.netbox\n"
        "for pkg in (tbwan.inventory, tbwan.netbox):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "assert 'tbwan.inventory.nornir_files' in sys.modules\n"
        "away = ('tbwan.lab', 'tbwan.credentials', 'tbwan.transform')\n"
        "bad = sorted(m for m in sys.modules if m.startswith(away))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_plugin_alone_holds_no_login_and_no_lab(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = _lab(tmp_path, {HOST: {"hostname": "127.0.0.1", "port": 4}})
    monkeypatch.setenv("TBWAN_LAB_DIR", str(lab))
    host = TbwanInventory(root=str(repo / "inventory")).load().hosts[HOST]
    assert (host.hostname, host.port, host.username, host.password) == ("10.34.0.7", 22, None, None)
    assert host.get_connection_parameters("napalm").extras == {"optional_args": {}}
    assert host.get_connection_parameters("netmiko").extras == {}


def test_lab_ports_follow_the_file_as_it_changes(tmp_path: Path) -> None:
    lab = _lab(tmp_path, {HOST: {"hostname": "127.0.0.1", "port": 40022}})
    host = _host()
    lab_hosts(host, lab_dir=str(lab))
    assert (host.hostname, host.port) == ("127.0.0.1", 40022)
    _lab(tmp_path, {HOST: {"hostname": "127.0.0.1", "port": 40023}})
    os.utime(lab / "hosts.json", ns=(1, 1))  # same size, older stamp: still read again
    lab_hosts(host := _host(), lab_dir=str(lab))
    assert host.port == 40023
    other = Host(name="tb-sotp-rt01", hostname="10.34.0.8", defaults=Defaults())
    lab_hosts(other, lab_dir=str(lab))
    assert (other.hostname, other.data) == ("10.34.0.8", {"lab_missing": True})


def test_no_lab_changes_nothing(tmp_path: Path) -> None:
    host = _host()
    lab_hosts(host, lab_dir=str(tmp_path / "none"))
    assert (host.hostname, host.port, dict(host.data)) == ("10.34.0.7", 22, {})


def test_the_lab_option_wins_over_the_environment_and_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _lab(tmp_path / "folder", {HOST: {"hostname": "127.0.0.1", "port": 1001}})
    env = _lab(tmp_path / "env", {HOST: {"hostname": "127.0.0.1", "port": 1002}})
    given = _lab(tmp_path / "given", {HOST: {"hostname": "127.0.0.1", "port": 1003}})
    lab_hosts(host := _host(), lab_dir=str(folder))
    assert host.port == 1001
    monkeypatch.setenv("TBWAN_LAB_DIR", str(env))
    lab_hosts(host := _host(), lab_dir=str(folder))
    assert host.port == 1002
    lab_hosts(host := _host(), lab_dir=str(folder), lab=str(given))
    assert host.port == 1003


def test_a_hosts_file_others_may_write_is_refused(tmp_path: Path) -> None:
    lab = _lab(tmp_path, {HOST: {"hostname": "127.0.0.1", "port": 40022}})
    (lab / "hosts.json").chmod(0o666)
    with pytest.raises(LabError, match=r"mode 666.*only a file this user's lab wrote"):
        lab_hosts(_host(), lab_dir=str(lab))


def test_a_hosts_file_pointing_away_from_loopback_is_refused(tmp_path: Path) -> None:
    lab = _lab(tmp_path, {HOST: {"hostname": "192.0.2.1", "port": 22}})
    with pytest.raises(LabError, match=f"host {HOST} points at 192.0.2.1:22.*127.0.0.1"):
        lab_hosts(_host(), lab_dir=str(lab))


def test_credentials_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials(host := _host())
    assert (host.username, host.password) == ("ops", "s3cret-pw")
    monkeypatch.setenv("TBWAN_USERNAME", "netadmin")
    monkeypatch.setenv("TBWAN_ENABLE_SECRET", "en-able")
    credentials(host := _host())
    assert host.username == "netadmin"
    assert host.get_connection_parameters("tbwan_napalm").extras == {
        "optional_args": {"secret": "en-able"}
    }


def test_credentials_keep_the_extras_the_host_had() -> None:
    host = _host(napalm=ConnectionOptions(platform="ios", extras={"timeout": 30}))
    host.defaults.connection_options["netmiko"] = ConnectionOptions(extras={"fast_cli": False})
    credentials(host)
    napalm = host.get_connection_parameters("napalm")
    assert (napalm.platform, napalm.extras) == (
        "ios",
        {"timeout": 30, "optional_args": {"secret": "s3cret-pw"}},
    )
    assert host.get_connection_parameters("netmiko").extras == {
        "fast_cli": False,
        "secret": "s3cret-pw",
    }


def test_no_login_set_leaves_the_host_without_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TBWAN_USERNAME")
    monkeypatch.delenv("TBWAN_PASSWORD")
    tbwan_hosts(host := _host(), lab_dir="/nonexistent")
    assert (host.username, host.password, host.connection_options) == (None, None, {})


def test_tbwan_refuses_a_nornir_yaml_without_the_transform(repo: Path, tmp_path: Path) -> None:
    text = (repo / "nornir.yaml").read_text(encoding="utf-8")
    config = tmp_path / "nornir.yaml"
    config.write_text(text.replace("transform_function: tbwan_hosts", ""), encoding="utf-8")
    settings = Settings(config_file=config, inventory_root=repo / "inventory")
    with pytest.raises(InventoryError, match=r"nornir.yaml: inventory.transform_function"):
        init_nornir(settings)
    with pytest.raises(InventoryError, match="transform_function: tbwan_hosts"):
        nornir_for(load_inventory(repo / "inventory"), [HOST], settings)


def test_nornir_for_goes_through_the_transform(repo: Path, tmp_path: Path) -> None:
    lab = _lab(tmp_path, {HOST: {"hostname": "127.0.0.1", "port": 40022}})
    settings = Settings(config_file=repo / "nornir.yaml", lab_dir=lab)
    host = nornir_for(load_inventory(repo / "inventory"), [HOST], settings).inventory.hosts[HOST]
    assert (host.hostname, host.port, host.username) == ("127.0.0.1", 40022, "ops")
    assert host.get_connection_parameters("netmiko").extras == {"secret": "s3cret-pw"}


def test_discovery_hosts_get_the_same_login() -> None:
    nr = nornir_for_targets([Target(3, "127.0.0.1:2222", "127.0.0.1", 2222)], workers=1)
    host = nr.inventory.hosts["row3"]
    assert (host.username, host.password, host.port) == ("ops", "s3cret-pw", 2222)
    assert host.get_connection_parameters("napalm").extras == {
        "optional_args": {"secret": "s3cret-pw"},
        "timeout": 30,
    }
