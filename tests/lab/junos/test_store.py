"""The lab's Junos config store: forms, compare, candidate/commit/rollback, confirmed commits."""

from __future__ import annotations

import pytest
from lxml import etree

from tbwan.lab import LabDevice
from tbwan.lab.junos.compare import compare
from tbwan.lab.junos.forms import parse_set, parse_text, parse_xml, to_xml
from tbwan.lab.junos.state import JunosState
from tbwan.lab.junos.store import ConfigError, ConfigStore
from tbwan.lab.junos.tree import JunosSyntaxError, Node, to_set
from tbwan.lab.junos.view import to_text
from tbwan.lab.models import LabError

from .seed import SEED, clear_secrets


def tree_of(edits: list[tuple[str, list[str]]]) -> Node:
    store = ConfigStore.boot(Node())
    store.apply(edits)
    return store.candidate


@pytest.fixture
def seeded() -> Node:
    return tree_of(parse_set(SEED))


def test_set_form_keeps_every_statement(seeded: Node) -> None:
    assert sorted(clear_secrets(x) for x in to_set(seeded)) == sorted(
        line for line in SEED.splitlines() if line
    )


def test_text_and_xml_round_trips(seeded: Node) -> None:
    assert tree_of(parse_text(to_text(seeded))) == seeded
    xml = etree.tostring(to_xml(seeded))
    assert tree_of(parse_xml(etree.fromstring(xml))) == seeded


def test_text_form_looks_like_junos(seeded: Node) -> None:
    text = clear_secrets(to_text(seeded))
    assert "    authentication-order [ tacplus password ];\n" in text
    assert (
        "    st0 {\n        unit 0 {\n"
        '            description "IPsec from broadband communes (DVTI)";\n'
        "            multipoint;\n"
    ) in text
    assert "        from-zone DIC to-zone WAN {\n" in text
    assert "        route 0.0.0.0/0 next-hop 203.0.113.1;\n" in text
    assert '            pre-shared-key ascii-text "<removed>"; ## SECRET-DATA\n' in text


def test_text_input_with_comments_lists_and_tags() -> None:
    text = """## Last commit: 2026-01-01 00:00:00 UTC by admin
    /* a block
       comment */
    system {
        host-name fw1;
        name-server [ 10.0.0.1 10.0.0.2 ];
        delete: ntp;
    }
    """
    assert parse_text(text) == [
        ("set", ["system", "host-name", "fw1"]),
        ("set", ["system", "name-server", "10.0.0.1"]),
        ("set", ["system", "name-server", "10.0.0.2"]),
        ("delete", ["system", "ntp"]),
    ]
    with pytest.raises(JunosSyntaxError):
        parse_text("system { host-name fw1;")


def test_xml_delete_and_list_entries() -> None:
    xml = etree.fromstring(
        "<configuration><interfaces><interface><name>ge-0/0/1</name>"
        "<unit><name>0</name><description>LAN</description></unit></interface></interfaces>"
        '<system><ntp operation="delete"/></system></configuration>'
    )
    assert parse_xml(xml) == [
        ("set", ["interfaces", "ge-0/0/1", "unit", "0", "description", "LAN"]),
        ("delete", ["system", "ntp"]),
    ]


def test_single_values_replace_and_lists_add() -> None:
    tree = tree_of(
        parse_set(
            "set system host-name a\nset system host-name b\n"
            "set system authentication-order tacplus\nset system authentication-order password\n"
            "set system ntp server 10.0.0.1\nset system ntp server 10.0.0.2\n"
            "set system services netconf ssh\nset system services netconf rfc-compliant"
        )
    )
    assert to_set(tree) == [
        "set system host-name b",
        "set system authentication-order tacplus",
        "set system authentication-order password",
        "set system ntp server 10.0.0.1",
        "set system ntp server 10.0.0.2",
        "set system services netconf ssh",
        "set system services netconf rfc-compliant",
    ]


def test_unknown_hierarchy_is_a_syntax_error_and_nothing_applies() -> None:
    store = ConfigStore.boot(Node())
    with pytest.raises(JunosSyntaxError) as err:
        store.apply(parse_set("set system host-name a\nset sytem location x"))
    assert err.value.word == "sytem"
    assert store.candidate == Node()


def test_compare_format(seeded: Node) -> None:
    new = seeded.copy()
    edits = parse_set(
        'set interfaces ge-0/0/0 unit 0 description "new text"\n'
        "set system ntp server 10.34.16.99\n"
        "delete protocols ospf area 0.0.0.0 interface st0.100\n"
        "set interfaces ge-0/0/5 unit 0 family inet address 10.9.9.1/30"
    )
    store = ConfigStore.boot(new)
    store.apply(edits)
    assert compare(seeded, store.candidate) == (  # hierarchy order, depth first
        "[edit system ntp]\n"
        "+   server 10.34.16.99;\n"
        "[edit interfaces]\n"
        "+   ge-0/0/5 {\n"
        "+       unit 0 {\n"
        "+           family inet {\n"
        "+               address 10.9.9.1/30;\n"
        "+           }\n"
        "+       }\n"
        "+   }\n"
        "[edit interfaces ge-0/0/0 unit 0]\n"
        '-   description "Outside to tb-ttthdl-edge01";\n'
        '+   description "new text";\n'
        "[edit protocols ospf area 0.0.0.0]\n"
        "-   interface st0.100 {\n"
        "-       interface-type p2p;\n"
        "-   }\n"
    )
    assert compare(seeded, seeded) == ""


def test_rollback_history_keeps_fifty() -> None:
    store = ConfigStore.boot(Node())
    for i in range(60):
        store.apply([("set", ["system", "host-name", f"h{i}"])])
        store.commit("admin", "cli")
    assert len(store.history) == 50
    assert to_set(store.rollback_tree(0)) == ["set system host-name h59"]
    assert to_set(store.rollback_tree(49)) == ["set system host-name h10"]
    with pytest.raises(ConfigError, match="rollback 50"):
        store.rollback_tree(50)


def test_lock_refuses_other_sessions_and_unlock_discards() -> None:
    store = ConfigStore.boot(tree_of(parse_set("set system host-name a")))
    store.lock("s1", "admin")
    with pytest.raises(ConfigError, match="locked"):
        store.apply(parse_set("set system host-name b"), "s2")
    store.apply(parse_set("set system host-name c"), "s1")
    store.unlock("s1")
    assert not store.modified
    store.apply(parse_set("set system host-name d"))
    with pytest.raises(ConfigError, match="modified"):
        store.lock("s3", "admin")


def test_commit_confirmed_reverts_unless_confirmed() -> None:
    store = ConfigStore.boot(tree_of(parse_set("set system host-name a")))
    store.apply(parse_set("set system host-name b"))
    store.commit("admin", "netconf", confirm_minutes=1)
    assert store.pending_comment() == "commit confirmed, rollback in 1mins"
    assert store.expire() is False  # not yet: the minute is not over
    assert store.expire(force=True) is True
    assert to_set(store.committed) == ["set system host-name a"]
    assert [c.user for c in store.history] == ["root", "admin", "root"]
    store.apply(parse_set("set system host-name c"))
    store.commit("admin", "cli", confirm_minutes=1)
    store.commit("admin", "cli")  # a plain commit confirms
    assert store.expire(force=True) is False
    assert to_set(store.committed) == ["set system host-name c"]


def test_out_of_band_change_keeps_an_open_edit() -> None:
    state = JunosState.boot(
        LabDevice("fw", seed_config="set system host-name fw", platform="junos")
    )
    stamp = state.last_change
    state.store.apply(parse_set("set system location lab"))
    assert state.apply_config(["set snmp contact noc"]) == ""
    assert state.running_set() == "set system host-name fw\nset snmp contact noc\n"
    assert "set system location lab" in to_set(state.store.candidate)
    assert state.last_change >= stamp and len(state.store.history) == 2
    assert state.apply_config(["delete snmp location"]) == "statement not found"


def test_seed_that_is_not_junos_names_the_device() -> None:
    with pytest.raises(LabError, match=r"fw: .*sytem"):
        JunosState.boot(LabDevice("fw", seed_config="set sytem host-name fw", platform="junos"))


def test_firewall_terms_keep_every_match_value() -> None:
    term = "set firewall family inet filter F term T from"
    tree = tree_of(
        parse_set(
            f"{term} protocol tcp\n{term} protocol udp\n"
            f"{term} source-prefix-list A\n{term} source-prefix-list B\n"
            f"{term} destination-port ssh\n{term} destination-port 830"
        )
    )
    assert len(to_set(tree)) == 6
    assert (
        "                from {\n"
        "                    protocol [ tcp udp ];\n"
        "                    source-prefix-list {\n"
        "                        A;\n"
        "                        B;\n"
        "                    }\n"
        "                    destination-port [ ssh 830 ];\n"
        "                }\n"
    ) in to_text(tree)
