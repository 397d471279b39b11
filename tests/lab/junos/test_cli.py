"""The lab SRX's CLI as a session object (no SSH): modes, prompts, locks, messages."""

from __future__ import annotations

from tbwan.lab import LabDevice
from tbwan.lab.junos.cli import JunosCli
from tbwan.lab.junos.state import JunosState
from tbwan.lab.seed import empty_config


def srx() -> JunosState:
    return JunosState.boot(LabDevice("fw1", seed_config=empty_config("fw1", "junos")))


def test_modes_and_prompts() -> None:
    cli = JunosCli(srx(), "ops")
    assert cli.prompt == "\nops@fw1> "
    assert cli.feed("configure") == "Entering configuration mode"
    assert cli.prompt == "\n[edit]\nops@fw1# "
    assert cli.feed("edit system ntp") == ""
    assert cli.prompt.startswith("\n[edit system ntp]\n")
    cli.feed("set server 10.0.0.1")
    cli.feed("up")
    assert cli.prompt.startswith("\n[edit system]\n")
    cli.feed("top")
    assert cli.feed("edit sytem") == " " * len("ops@fw1# edit ") + "^\nsyntax error."
    assert cli.prompt.startswith("\n[edit]\n")
    assert cli.feed("show | compare") == "[edit system]\n+   ntp {\n+       server 10.0.0.1;\n+   }"
    assert cli.feed("commit and-quit").splitlines() == [
        "configuration check succeeds",
        "commit complete",
        "Exiting configuration mode",
    ]
    assert cli.prompt == "\nops@fw1> "
    assert cli.feed("show configuration system ntp") == "server 10.0.0.1;"
    assert cli.feed("quit") == "" and cli.closed


def test_exclusive_edit_locks_out_others_and_is_discarded_on_exit() -> None:
    state = srx()
    first, second = JunosCli(state, "a"), JunosCli(state, "b")
    first.feed("configure exclusive")
    first.feed("set system location one")
    second.feed("configure")
    assert second.feed("set system location two") == (
        "error: configuration database locked by another session"
    )
    assert first.feed("exit") == "Exiting configuration mode"  # no question: discarded
    assert not state.store.modified
    assert second.feed("set system location two") == ""


def test_commit_confirmed_messages_and_show_system_commit() -> None:
    state = srx()
    cli = JunosCli(state, "ops")
    cli.feed("configure")
    cli.feed("set snmp location lab")
    out = cli.feed('commit confirmed 3 comment "try it"')
    assert "commit confirmed will be automatically rolled back in 3 minutes unless confirmed" in out
    assert out.endswith("# commit confirmed will be rolled back in 3 minutes")
    first = cli.feed("run show system commit").splitlines()[0]
    assert first.endswith("by ops via cli commit confirmed, rollback in 3mins")
    assert cli.feed("exit") == "Exiting configuration mode"
    assert state.expire_timer(force=True)
    assert "location" not in state.running_set()
    assert cli.feed("show system commit").splitlines()[0].endswith("by root via other")
