"""Pure config-tree and config-mode rules (no sockets)."""

from __future__ import annotations

from tbwan.lab.archive_diff import contextual_diff, incremental_diff
from tbwan.lab.config_tree import Node, add_line, parse_config, render_lines
from tbwan.lab.editor import INVALID, ConfigEditor, apply_text


def load(text: str) -> Node:
    root = Node()
    apply_text(root, text.splitlines())
    return root


BASE = """hostname r1
interface Gi0/0
 description old
 ip address 10.0.0.1 255.255.255.0
 shutdown
line vty 0 4
 login local
"""


def test_single_value_commands_replace() -> None:
    root = load(BASE)
    apply_text(root, ["interface Gi0/0", "description new", "ip address 10.0.0.2 255.255.255.0"])
    apply_text(root, ["hostname r2"])
    assert render_lines(root)[:5] == [
        "hostname r2",
        "!",
        "interface Gi0/0",
        " description new",
        " ip address 10.0.0.2 255.255.255.0",
    ]


def test_no_removes_and_no_shutdown() -> None:
    root = load(BASE)
    apply_text(root, ["interface Gi0/0", "no shutdown", "no description"])
    assert [c.text for c in root.children[1].children] == ["ip address 10.0.0.1 255.255.255.0"]
    apply_text(root, ["no interface Gi0/0"])
    assert root.find("interface Gi0/0") is None


def test_no_form_shown_for_defaults() -> None:
    root = load("hostname r1\nno ip domain lookup\ninterface Gi0/1\n no ip address\n no shutdown\n")
    assert root.find("no ip domain lookup") is not None
    assert [c.text for c in root.children[-1].children] == ["no ip address"]
    apply_text(root, ["ip domain lookup"])
    assert root.find("no ip domain lookup") is None


def test_global_keyword_in_submode_falls_back() -> None:
    root = load(BASE)
    editor = ConfigEditor(root)
    editor.apply("interface Gi0/0")
    assert editor.mode == "config-if"
    editor.apply("ntp server 10.0.0.9")
    assert editor.mode == "config"
    assert root.find("ntp server 10.0.0.9") is not None
    editor.apply("line vty 0 4")
    editor.apply("logging synchronous")
    assert editor.mode == "config-line"
    assert root.find("line vty 0 4").children[-1].text == "logging synchronous"  # type: ignore[union-attr]


def test_nested_sections_and_exit() -> None:
    root = Node()
    editor = ConfigEditor(root)
    for line in ["policy-map WAN", "class VOICE", "priority 512", "class class-default"]:
        editor.apply(line)
    assert editor.mode == "config-pmap-c"
    editor.apply("exit")
    assert editor.mode == "config-pmap"
    assert editor.apply("end") is None
    assert render_lines(root) == [
        "policy-map WAN",
        " class VOICE",
        "  priority 512",
        " class class-default",
        "!",
    ]


def test_invalid_line() -> None:
    effect = ConfigEditor(Node()).apply("hostnme r1")
    assert effect is not None and effect.error == INVALID


def test_ordering_follows_ios() -> None:
    root = load("interface Lo0\n ip address 1.1.1.1 255.255.255.255\nline vty 0 4\n login\n")
    apply_text(root, ["hostname r9", "ip route 0.0.0.0 0.0.0.0 10.0.0.1", "ntp server 1.1.1.1"])
    tops = [n.text.split()[0] for n in root.children]
    assert tops == ["hostname", "interface", "ip", "line", "ntp"]


def test_roundtrip_render_parse() -> None:
    root = load(BASE + "banner motd ^C\nAuthorised use only\n^C\n")
    again = parse_config("\n".join(render_lines(root)))
    assert render_lines(again) == render_lines(root)


def test_contextual_and_incremental_diffs() -> None:
    running = load(BASE)
    candidate = load(BASE.replace("description old", "description new") + "ntp server 1.1.1.1\n")
    assert contextual_diff(running, candidate) == (
        "!Contextual Config Diffs:\ninterface Gi0/0\n +description new\n -description old\n"
        "+ntp server 1.1.1.1"
    )
    inc = incremental_diff(running, "interface Gi0/0\n description old\n no shutdown\n", None)
    assert inc == "!List of Commands:\ninterface Gi0/0\n no shutdown\nend"
    none = incremental_diff(running, "hostname r1\n", None)
    assert none.endswith("!No changes were found")


def test_a_server_key_is_replaced_a_key_chain_key_is_not() -> None:
    root = parse_config(
        "key chain K\n key 1\n  key-string a\ntacacs server A\n address ipv4 10.0.0.1\n key old\n"
    )
    chain, server = root.find("key chain K"), root.find("tacacs server A")
    assert chain is not None and server is not None
    add_line(server, "key new")
    add_line(chain, "key 2")
    assert [c.text for c in server.children] == ["address ipv4 10.0.0.1", "key new"]
    assert [c.text for c in chain.children] == ["key 1", "key 2"]
