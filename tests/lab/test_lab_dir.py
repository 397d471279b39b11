"""One resolver for the lab directory: a command-line path, then TBWAN_LAB_DIR, then the
configured default (nornir.yaml's ``transform_function_options.lab_dir``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nornir import InitNornir

from tbwan.lab.hostsfile import lab_dir, write_hosts

REPO = Path(__file__).resolve().parents[2]


def test_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TBWAN_LAB_DIR", raising=False)
    assert lab_dir() == Path(".lab")
    assert lab_dir(default="conf") == Path("conf")
    monkeypatch.setenv("TBWAN_LAB_DIR", "env")
    assert lab_dir(default="conf") == Path("env")
    assert lab_dir("cli", default="conf") == Path("cli")


def test_the_inventory_follows_the_variable_over_nornir_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = "tb-sonv-rt01"
    write_hosts(tmp_path / "env-lab", {host: 40022})
    write_hosts(tmp_path / "conf-lab", {host: 50022})
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "env-lab"))
    inv = InitNornir(
        config_file=str(REPO / "nornir.yaml"),
        inventory={
            "options": {"root": str(REPO / "inventory")},
            "transform_function_options": {"lab_dir": str(tmp_path / "conf-lab")},
        },
    ).inventory
    assert (inv.hosts[host].hostname, inv.hosts[host].port) == ("127.0.0.1", 40022)
    assert json.loads((tmp_path / "conf-lab" / "hosts.json").read_text())["hosts"][host]
