"""``tbwan inventory check`` checks the source of truth TBWAN_INVENTORY selects."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for var in ("TBWAN_INVENTORY", "TBWAN_NETBOX_URL", "TBWAN_NETBOX_TOKEN"):
        monkeypatch.delenv(var, raising=False)


def test_files_by_default() -> None:
    done = CliRunner().invoke(app, ["inventory", "check"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert "inventory OK (inventory/," in done.output


def test_netbox_is_asked_not_the_files() -> None:
    # a port nothing listens on: the files are fine, so only asking NetBox can fail
    env = {
        "TBWAN_INVENTORY": "netbox",
        "TBWAN_NETBOX_URL": "http://127.0.0.1:9",
        "TBWAN_NETBOX_TOKEN": "0" * 40,
        "COLUMNS": "200",
    }
    done = CliRunner().invoke(app, ["inventory", "check"], env=env)
    assert done.exit_code == 3, done.output
    assert "cannot reach NetBox at http://127.0.0.1:9" in done.output
    assert "inventory OK" not in done.output


def test_an_unknown_backend_is_refused() -> None:
    done = CliRunner().invoke(app, ["inventory", "check"], env={"TBWAN_INVENTORY": "ldap"})
    assert done.exit_code == 3
    assert "TBWAN_INVENTORY='ldap': use one of files, netbox" in done.output
