"""Backups: masked, one commit per run naming the hosts, a failed host keeps its last file."""

from __future__ import annotations

from pathlib import Path

import pytest
from nornir.core.task import Result, Task

from tbwan.runbooks import backup as backup_mod
from tbwan.runbooks.backup import BackupStore, backup_configs
from tbwan.runbooks.common import HostFilter, Settings, init_nornir

REPO = Path(__file__).resolve().parents[2]
HOSTS = ("tb-baothaibinh-sw01", "tb-bchqs-sw01", "tb-bhxh-sw01")
CONFIG = """Building configuration...

Current configuration : 120 bytes
! Last configuration change at {stamp}
!
hostname {host}
enable secret 9 $9$s3cr3t
snmp-server community public RO
end
"""


def test_save_masks_and_ignores_volatile_lines(tmp_path: Path) -> None:
    store = BackupStore(tmp_path / "b").init()
    assert store.save("r1", CONFIG.format(host="r1", stamp="10:00"))
    text = store.read("r1")
    assert text is not None and "$9$s3cr3t" not in text and "public" not in text
    assert "enable secret 9 <removed>" in text and "Last configuration" not in text
    assert not store.save("r1", CONFIG.format(host="r1", stamp="11:00"))
    assert store.commit("backup") == ["r1"]
    assert store.commit("backup") == []
    assert store.log() == ["backup: 1 host changed"]


def test_failed_host_keeps_its_last_good_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")  # backups refuse to start without a login
    monkeypatch.setenv("TBWAN_PASSWORD", "not-used")
    store = BackupStore(tmp_path / "backups")
    down: set[str] = set()
    stamp = ["10:00"]

    def fake_fetch(task: Task) -> Result:
        if task.host.name in down:
            raise ConnectionRefusedError(f"{task.host.name} refused")
        return Result(host=task.host, result=CONFIG.format(host=task.host.name, stamp=stamp[0]))

    monkeypatch.setattr(backup_mod, "fetch_running", fake_fetch)
    monkeypatch.setattr(backup_mod, "pending_commit", lambda task: Result(host=task.host))
    nr = HostFilter(hosts=HOSTS).apply(init_nornir(Settings()))
    first = backup_configs(nr, store)
    assert first.changed == tuple(sorted(HOSTS)) and not first.failed
    kept = store.read(HOSTS[0])

    down.add(HOSTS[0])
    stamp[0] = "12:00"
    second = backup_configs(nr, store)
    assert HOSTS[0] in second.failed and "refused" in second.failed[HOSTS[0]]
    assert second.changed == () and store.read(HOSTS[0]) == kept
    assert store.log() == ["backup: 3 hosts changed"]
