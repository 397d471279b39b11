"""State directory: private files, reused secrets, the record of what up started."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tbwan.errors import NetBoxError
from tbwan.netbox.services import parse_clusters
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.state import (
    Home,
    StartRecord,
    default_home,
    load_or_create_secrets,
    load_record,
    read_pid,
    save_record,
    write_private,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_private_is_0600(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "token"
    write_private(target, "secret\n")
    assert target.read_text() == "secret\n"
    assert _mode(target) == 0o600


def test_secrets_created_once_then_reused(tmp_path: Path) -> None:
    home = Home(tmp_path)
    first = load_or_create_secrets(home)
    assert _mode(home.secrets_file) == 0o600
    assert load_or_create_secrets(home) == first
    assert len(first.pepper) >= 50 and first.db_password.isalnum()


def test_broken_secrets_file_is_a_clear_error(tmp_path: Path) -> None:
    home = Home(tmp_path)
    home.secrets_file.write_text("{not json")
    with pytest.raises(NetBoxError, match=r"secrets\.json"):
        load_or_create_secrets(home)


def test_record_round_trip(tmp_path: Path) -> None:
    home = Home(tmp_path)
    assert load_record(home) == StartRecord()
    save_record(home, StartRecord(postgres_cluster="15/main", redis_port=6379))
    assert load_record(home).postgres_cluster == "15/main"
    assert load_record(home).redis_port == 6379


def test_read_pid(tmp_path: Path) -> None:
    pid_file = tmp_path / "x.pid"
    assert read_pid(pid_file) is None
    pid_file.write_text(f"{os.getpid()}\n")
    assert read_pid(pid_file) == os.getpid()
    pid_file.write_text("999999999\n")
    assert read_pid(pid_file) is None


def test_home_override() -> None:
    assert default_home({"TBWAN_NETBOX_HOME": "/srv/nb"}) == Path("/srv/nb")
    assert default_home({}).name == ".netbox"


def test_parse_clusters_online_and_down() -> None:
    text = (
        "15  main    5432 online postgres /var/lib/postgresql/15/main log\n"
        "16  other   5433 down   postgres /var/lib/postgresql/16/other log\n"
    )
    online, down = parse_clusters(text)
    assert (online.label, online.port, online.online) == ("15/main", 5432, True)
    assert (down.label, down.online) == ("16/other", False)


def test_settings_env_wins_over_files(tmp_path: Path) -> None:
    home = Home(tmp_path)
    write_private(home.url_file, "http://127.0.0.1:9/\n")
    write_private(home.token_file, "from-file\n")
    assert netbox_settings({}, home=tmp_path) == ("http://127.0.0.1:9", "from-file")
    env = {"TBWAN_NETBOX_TOKEN": "from-env"}
    assert netbox_settings(env, home=tmp_path) == ("http://127.0.0.1:9", "from-env")


def test_settings_missing_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NetBoxError, match="scripts/netbox up") as err:
        netbox_settings({}, home=tmp_path)
    assert "TBWAN_NETBOX_URL" in str(err.value)
