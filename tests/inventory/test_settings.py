"""One home for the ``TBWAN_*`` variables, and a run's own lab folder passed explicitly."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from tbwan.credentials import _KEYS
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.settings import EnvSettings, env_settings, variable

# names spelled TBWAN_* that are not settings: a connection plugin's name, the line the
# NetBox setup script prints, and the admin password handed to that script's process
NOT_SETTINGS = {"TBWAN_NAPALM", "TBWAN_TOKEN", "TBWAN_NETBOX_ADMIN_PASSWORD"}
SECRETS = {f"TBWAN_{key.upper()}" for key in _KEYS}


def test_every_tbwan_variable_is_a_setting_or_a_secret(repo: Path) -> None:
    named: dict[str, str] = {}
    for path in sorted((repo / "tbwan").rglob("*.py")):
        for name in re.findall(r"\bTBWAN_[A-Z][A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")):
            named.setdefault(name, str(path.relative_to(repo)))
    settings = {variable(f.name) for f in fields(EnvSettings)}
    unknown = {n: p for n, p in named.items() if n not in settings | SECRETS | NOT_SETTINGS}
    assert unknown == {}, "add these to tbwan/settings.py (or credentials for a secret)"
    assert settings <= set(named)  # no field is left that nothing mentions


def test_settings_read_the_environment_given() -> None:
    env = env_settings({"TBWAN_LAB_DIR": "/srv/lab", "TBWAN_NETBOX_TOKEN": "t0ken", "X": "y"})
    assert (env.lab_dir, env.netbox_token, env.inventory) == ("/srv/lab", "t0ken", None)
    assert "t0ken" not in repr(env)
    with pytest.raises(AttributeError):
        env.lab_dir = "/elsewhere"  # type: ignore[misc]


def _lab(folder: Path, port: int) -> Path:
    folder.mkdir()
    hosts = {"tb-sonv-rt01": {"hostname": "127.0.0.1", "port": port}}
    (folder / "hosts.json").write_text(json.dumps({"pid": 1, "hosts": hosts}))
    return folder


@pytest.mark.parametrize("own_root", [False, True])
def test_a_given_lab_folder_wins_over_the_environment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_root: bool
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(_lab(tmp_path / "env", 40022)))
    mine = _lab(tmp_path / "mine", 40099)
    root = repo / "inventory" if own_root else None
    nr = init_nornir(Settings(inventory_root=root, lab_dir=mine))
    assert nr.inventory.hosts["tb-sonv-rt01"].port == 40099
    assert init_nornir(Settings(inventory_root=root)).inventory.hosts["tb-sonv-rt01"].port == 40022
