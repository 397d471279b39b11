"""Deploy never pushes a config whose secrets rendered as <removed>; nothing is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tbwan.credentials import Secrets
from tbwan.errors import DeployError
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy

REPO = Path(__file__).resolve().parents[2]


def test_refuses_before_connecting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_USERNAME", "u")
    monkeypatch.setenv("TBWAN_PASSWORD", "p")
    nr = HostFilter(hosts=["tb-bchqs-sw01"]).apply(init_nornir(Settings()))
    renderer = Renderer(REPO / "templates", Secrets(username="u", password="p"))
    store = BackupStore(tmp_path / "backups")
    with pytest.raises(DeployError, match="TBWAN_TACACS_KEY") as err:
        deploy(nr, renderer, store=store, commit=True)
    # the enable secret defaults to the password: only the unset config secret is named
    assert "TBWAN_ENABLE_SECRET" not in str(err.value)
    assert not store.root.exists()
