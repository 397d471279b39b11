"""Pure config-tree and config-mode rules (no sockets)."""

from __future__ import annotations

import re

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


def lines_of(root: Node) -> list[str]:
    return [x for x in render_lines(root) if x != "!"]


def test_banner_replaces_the_old_one() -> None:
    root = load("hostname r1\nbanner login ^C\nold text\n^C\n")
    apply_text(root, ["banner login ^CNew text^C"])
    banners = [n.text for n in root.children if n.text.startswith("banner login")]
    assert banners == ["banner login ^CNew text^C"]


def test_tacacs_key_replaced_but_key_chain_keys_kept() -> None:
    root = load("tacacs server AAA1\n address ipv4 10.0.0.1\n key 7 0822455D0A16\n")
    apply_text(root, ["tacacs server AAA1", "key 7 1511021F0725"])
    assert [c.text for c in root.children[0].children] == [
        "address ipv4 10.0.0.1",
        "key 7 1511021F0725",
    ]
    root = load("key chain K\n key 1\n  key-string 7 05080F1C2243\n")
    apply_text(root, ["key chain K", "key 2", "key-string 7 00071A150754"])
    assert [c.text for c in root.children[0].children] == ["key 1", "key 2"]


def test_sequenced_acl_entries_insert_remove_resequence() -> None:
    root = load("ip access-list extended WAN\n 10 permit tcp any any eq 22\n 20 deny ip any any\n")
    effects = apply_text(root, ["ip access-list extended WAN", "15 permit udp any any eq 123"])
    assert effects[-1].error is None
    acl = root.children[0]
    assert [c.text.split()[0] for c in acl.children] == ["10", "15", "20"]
    dup = apply_text(root, ["ip access-list extended WAN", "15 permit icmp any any"])
    assert dup[-1].error == "% Duplicate sequence number"
    apply_text(root, ["ip access-list extended WAN", "no 10", "permit icmp any any"])
    assert [c.text for c in acl.children] == [
        "15 permit udp any any eq 123",
        "20 deny ip any any",
        "30 permit icmp any any",
    ]
    apply_text(root, ["ip access-list extended WAN", "no permit udp any any eq 123"])
    apply_text(root, ["ip access-list resequence WAN 100 5"])
    assert [c.text for c in acl.children] == ["100 deny ip any any", "105 permit icmp any any"]
    assert ConfigEditor(Node()).apply("10 permit ip any any").error == INVALID  # type: ignore[union-attr]


def test_top_level_negations_kept_as_ios_shows_them() -> None:
    root = load("hostname r1\nno aaa new-model\nno ip icmp rate-limit unreachable\n")
    assert lines_of(root) == [
        "hostname r1",
        "no aaa new-model",
        "no ip icmp rate-limit unreachable",
    ]
    apply_text(root, ["aaa new-model"])
    assert "no aaa new-model" not in lines_of(root) and "aaa new-model" in lines_of(root)
    apply_text(root, ["no ntp server 10.9.9.9", "interface Gi0/0", "no shutdown"])
    assert not any("ntp" in x or "shutdown" in x for x in lines_of(root))


def test_three_levels_and_certificates_by_indentation() -> None:
    text = (
        "control-plane\n service-policy input CoPP\n!\n"
        "interface Dialer1\n ip address negotiated\n dialer pool 1\n"
        "interface ATM0/0.32 point-to-point\n ip accounting access-violations\n"
        " pvc 0/32\n  vbr-nrt 704 704\n  dialer pool-member 1\n !\n"
        "crypto pki certificate chain TP-1\n certificate self-signed 01\n"
        "  3082022B 30820194\n  A0030201 02\n  \tquit\n"
        "policy-map WAN\n class VOICE\n  police 8000 conform-action transmit\n"
        "   exceed-action drop\n"
    )
    root = Node()
    assert not any(e.error for e in apply_text(root, text.splitlines()))
    rendered = "\n".join(render_lines(root))
    for block in (
        "interface ATM0/0.32 point-to-point\n ip accounting access-violations\n pvc 0/32\n"
        "  vbr-nrt 704 704\n  dialer pool-member 1\n!",
        "interface Dialer1\n ip address negotiated\n dialer pool 1\n!",
        " certificate self-signed 01\n  3082022B 30820194\n  A0030201 02\n  \tquit\n!",
        " class VOICE\n  police 8000 conform-action transmit\n   exceed-action drop\n!",
        "control-plane\n service-policy input CoPP\n!",
    ):
        assert block in rendered


def test_typed_certificate_until_quit() -> None:
    root = Node()
    editor = ConfigEditor(root)
    for line in ["crypto pki certificate chain TP-1", "certificate ca 01", "3082 0194", "quit"]:
        effect = editor.apply(line)
        assert effect is not None and effect.error is None
    assert editor.mode == "config-cert-chain"
    assert lines_of(root) == [
        "crypto pki certificate chain TP-1",
        " certificate ca 01",
        "  3082 0194",
        "  quit",
    ]


def test_unnumbered_acl_entries_carry_the_numbers_ios_gave_them() -> None:
    # entries typed without numbers are 10, 20, ...: a numbered entry goes between them,
    # `no 10` removes the first, and the numbers stay once given
    root = load("ip access-list extended WAN\n permit tcp any any eq 22\n deny ip any any\n")
    acl = root.children[0]
    apply_text(root, ["ip access-list extended WAN", "5 remark ssh", "15 permit icmp any any"])
    assert [c.text for c in acl.children] == [
        "5 remark ssh",
        "10 permit tcp any any eq 22",
        "15 permit icmp any any",
        "20 deny ip any any",
    ]
    dup = apply_text(root, ["ip access-list extended WAN", "20 permit udp any any"])
    assert dup[-1].error == "% Duplicate sequence number"
    plain = load("ip access-list standard MGMT\n permit 10.0.0.1\n permit 10.0.0.2\n")
    apply_text(plain, ["ip access-list standard MGMT", "no 10"])
    assert [c.text for c in plain.children[0].children] == ["20 permit 10.0.0.2"]


def test_enable_password_replaces_the_old_one() -> None:
    root = load("enable password old\n")
    apply_text(root, ["enable password new"])
    assert [c.text for c in root.children] == ["enable password new"]


def test_reject_fault_also_refuses_sequenced_entries() -> None:
    root = load("ip access-list extended WAN\n 10 permit tcp any any eq 22\n")
    editor = ConfigEditor(root, re.compile(r"^15 "))
    editor.apply("ip access-list extended WAN")
    effect = editor.apply("15 permit udp any any eq 123")
    assert effect is not None and effect.error == INVALID
    assert [c.text for c in root.children[0].children] == ["10 permit tcp any any eq 22"]


def test_acl_keeps_every_remark_but_one_copy_of_an_entry() -> None:
    # IOS ignores an entry given again under another number, but not a remark: the same
    # remark may head several entries
    root = load(
        "ip access-list extended WAN\n 10 remark ====\n 20 permit tcp any any eq 22\n"
        " 30 remark ====\n 40 permit tcp any any eq 22\n"
    )
    apply_text(root, ["ip access-list extended WAN", "remark ====", "remark ===="])
    assert [c.text for c in root.children[0].children] == [
        "10 remark ====",
        "20 permit tcp any any eq 22",
        "30 remark ====",
        "40 remark ====",
        "50 remark ====",
    ]
    apply_text(root, ["ip access-list extended WAN", "10 remark ===="])  # that very line
    assert len(root.children[0].children) == 5


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
