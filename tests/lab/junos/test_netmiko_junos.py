"""Netmiko's ``juniper_junos`` driver against the Junos CLI of a lab SRX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from netmiko import ConnectHandler

from tbwan.lab import Credentials, Lab

from .seed import HOST, SEED, clear_secrets

pytestmark = pytest.mark.lab


@pytest.fixture
def conn(lab: Lab, creds: Credentials) -> Iterator[Any]:
    params = {"device_type": "juniper_junos", "host": "127.0.0.1", "port": lab.ports[HOST],
              "username": creds.username, "password": creds.password}  # fmt: skip
    connection = ConnectHandler(**params)
    yield connection
    connection.disconnect()


def test_prompt_and_show_configuration(conn: Any) -> None:
    assert conn.base_prompt == f"netadmin@{HOST}"
    shown = conn.send_command("show configuration | display set")
    assert set(clear_secrets(shown).splitlines()) == {line for line in SEED.splitlines() if line}
    curly = conn.send_command("show configuration system ntp")
    assert curly.splitlines() == ["server 10.34.16.12;", "source-address 10.34.0.1;"]
    version = conn.send_command("show version")
    assert "Model: srx1500" in version
    assert "Junos: 21.4R3" in version


def test_config_set_compare_commit(conn: Any, lab: Lab) -> None:
    conn.send_config_set(
        ["set system ntp server 10.34.16.77", "delete snmp contact"], exit_config_mode=False
    )
    diff = conn.send_command("show | compare")
    assert diff.splitlines() == [
        "[edit system ntp]",
        "+   server 10.34.16.77;",
        "[edit snmp]",
        '-   contact "NOC Trung tam Tich hop du lieu tinh Thai Binh";',
    ]
    assert "set system ntp server 10.34.16.77" not in lab.running_config(HOST)
    out = conn.commit(comment="ntp via netmiko")
    assert "commit complete" in out
    conn.exit_config_mode()
    assert "set system ntp server 10.34.16.77" in lab.running_config(HOST)
    assert "set snmp contact" not in lab.running_config(HOST)
    history = conn.send_command("show system commit").splitlines()
    assert history[0].startswith("0   ") and history[0].endswith("by netadmin via cli")
    assert history[1].strip() == "ntp via netmiko"
    conn.send_config_set(["rollback 1"], exit_config_mode=False)
    conn.commit(and_quit=True)
    assert "set system ntp server 10.34.16.77" not in lab.running_config(HOST)


def test_commit_confirmed_and_check(conn: Any, lab: Lab) -> None:
    conn.send_config_set(["set snmp location Basement"], exit_config_mode=False)
    out = conn.commit(confirm=True, confirm_delay=5)
    assert "commit confirmed will be automatically rolled back in 5 minutes" in out
    pending = conn.send_command("run show system commit").splitlines()[0]
    assert pending.endswith("commit confirmed, rollback in 5mins")
    assert "configuration check succeeds" in conn.commit(check=True)  # confirms it
    assert lab.expire_timers(HOST) is False
    conn.exit_config_mode()
    assert "set snmp location Basement" in lab.running_config(HOST)


def test_bad_input_gets_the_junos_error(conn: Any, lab: Lab) -> None:
    before = lab.running_config(HOST)
    out = conn.send_config_set(["set sytem host-name x"], exit_config_mode=False)
    lines = out.splitlines()
    error = lines.index("syntax error.")
    caret = lines[error - 1]
    assert caret.strip() == "^"
    assert caret.index("^") == len(f"netadmin@{HOST}# set ")  # under "sytem"
    assert conn.send_command("show | compare") == ""
    conn.exit_config_mode()
    assert "syntax error" in conn.send_command("show nothing-here")
    assert lab.running_config(HOST) == before


def test_exit_with_uncommitted_changes_asks(conn: Any, lab: Lab) -> None:
    conn.send_config_set(["set snmp location Attic"], exit_config_mode=False)
    out = conn.exit_config_mode()
    assert "Exit with uncommitted changes? [yes,no] (yes)" in out
    assert not conn.check_config_mode()
    assert "set snmp location Attic" not in lab.running_config(HOST)
    conn.send_config_set(["rollback 0"], exit_config_mode=True)  # the shared candidate


def test_edit_hierarchy_and_display_filters(conn: Any, lab: Lab) -> None:
    out = conn.send_config_set(
        ["edit interfaces ge-0/0/5 unit 0", "set description spare", "top"],
        exit_config_mode=False,
    )
    assert "[edit interfaces ge-0/0/5 unit 0]" in out
    assert conn.send_command("show | compare").splitlines() == [
        "[edit interfaces]",
        "+   ge-0/0/5 {",
        "+       unit 0 {",
        "+           description spare;",
        "+       }",
        "+   }",
    ]
    conn.send_config_set(["rollback 0"], exit_config_mode=True)
    shown = conn.send_command('show configuration | display set | match "system ntp"')
    assert shown.splitlines() == [
        "set system ntp server 10.34.16.12",
        "set system ntp source-address 10.34.0.1",
    ]
    assert conn.send_command("show configuration | display set | count").strip() == (
        f"Count: {len([line for line in SEED.splitlines() if line])} lines"
    )
