"""A Junos configuration as a tree of statement words, built from ``set`` statements.

The lab has no Junos schema. A statement is a path of words (``interfaces ge-0/0/0 unit 0
description x``); the tree is the union of the paths, so every form (set, curly text, XML)
is a view of the same tree and a round trip through any of them keeps the statements. A
few word lists stand in for the schema where the views need it: which keywords name list
entries (``unit 0``), which hold several values (``authentication-order [ a b ]``), and
which top-level hierarchies exist (anything else is a ``syntax error``, as on a device).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LIST_KEYWORDS = frozenset(
    [
        "unit",
        "family",
        "area",
        "interface",
        "user",
        "host",
        "server",
        "tacplus-server",
        "radius-server",
        "proposal",
        "policy",
        "gateway",
        "vpn",
        "security-zone",
        "zone",
        "from-zone",
        "to-zone",
        "prefix-list",
        "term",
        "address",
        "address-set",
        "route",
        "community",
        "view",
        "target-address",
        "target-parameters",
        "notify",
        "group",
        "file",
        "neighbor",
        "policy-statement",
        "routing-instance",
        "instance",
        "filter",
        "vlan",
        "application",
        "application-set",
        "rule",
        "rule-set",
        "pool",
        "static-nat-rule",
        "trap-group",
        "client",
        "local-engine",
        "remote-engine",
        "security-name",
        "access",
        "security-to-group",
    ]
)
"""Keywords whose next word names an entry (``unit 0``, ``user netadmin``)."""

BRACKETED = frozenset(
    [
        "authentication-order",
        "proposals",
        "members",
        "source-address",
        "destination-address",
        "application",
        "tag-list",
        "domain-search",
        "apply-groups",
        "protocol",
        "destination-port",
        "source-port",
        "port",
        "icmp-type",
        "next-hop",
        "dscp",
    ]
)
"""Keywords printed with their values in brackets (``authentication-order [ a b ]``)."""

MULTI_VALUE = BRACKETED | frozenset(
    [
        "next-hop",
        "name-server",
        "protocols",
        "system-services",
        "host-inbound-traffic",
        "interfaces",
        "destination-port",
        "source-port",
        "port",
        "protocol",  # a firewall term's "from protocol" (an IPsec proposal's is single)
        "icmp-type",
        "source-prefix-list",
        "destination-prefix-list",
        "dscp",
    ]
)
"""Keywords that hold several values: a new one is added, it does not replace the last.

When unsure, a keyword belongs here: tbwan's remediation deletes the old value of a
single-valued statement before setting the new one, so adding never loses a statement,
while replacing a value that was one of several would."""

FLAG_CONTAINERS = frozenset(
    [
        "netconf",
        "ssh",
        "services",
        "dynamic",
        "then",
        "match",
        "interface-type",
        "protocols",
        "system-services",
        "host-inbound-traffic",
    ]
)
"""Containers of flags: a new word is added to them, it does not replace the last one."""

TOP_LEVEL = frozenset(
    [
        "version",
        "groups",
        "apply-groups",
        "system",
        "chassis",
        "security",
        "interfaces",
        "snmp",
        "forwarding-options",
        "routing-options",
        "protocols",
        "policy-options",
        "class-of-service",
        "firewall",
        "routing-instances",
        "applications",
        "vlans",
        "access",
        "access-profile",
        "services",
        "event-options",
        "accounting-options",
        "bridge-domains",
        "switch-options",
        "poe",
        "logical-systems",
        "multi-chassis",
        "ethernet-switching-options",
        "virtual-chassis",
        "dynamic-profiles",
        "schedulers",
        "tenants",
        "smtp",
        "jsrc",
        "fabric",
        "diameter",
    ]
)
"""The hierarchies an SRX accepts at the top."""

_SAFE = re.compile(r"^[A-Za-z0-9._/:\-+@,*=]+$")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


class JunosSyntaxError(ValueError):
    """A statement Junos would refuse: ``syntax error`` at ``word``."""

    def __init__(self, word: str, message: str = "syntax error") -> None:
        super().__init__(message)
        self.word, self.message = word, message


def quote(word: str) -> str:
    """A word as Junos prints it: quoted when it holds spaces or special characters.

    >>> quote("ge-0/0/0"), quote("Router ID"), quote("$9$abc")
    ('ge-0/0/0', '"Router ID"', '"$9$abc"')
    """
    if _SAFE.match(word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_words(text: str) -> list[str]:
    """Words of a statement, quotes removed.

    >>> split_words('set interfaces lo0 description "Router ID"')
    ['set', 'interfaces', 'lo0', 'description', 'Router ID']
    """
    words: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group(1) is not None:
            words.append(re.sub(r"\\(.)", r"\1", match.group(1)))
        else:
            words.append(match.group(2))
    return words


@dataclass
class Node:
    """One word of the hierarchy; a node without children ends a statement."""

    children: dict[str, Node] = field(default_factory=dict)

    def copy(self) -> Node:
        """A deep copy."""
        return Node({k: v.copy() for k, v in self.children.items()})

    def find(self, path: list[str]) -> Node | None:
        """The node at ``path``, or None."""
        node: Node | None = self
        for word in path:
            node = node.children.get(word) if node is not None else None
        return node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and self.children == other.children

    __hash__ = None  # type: ignore[assignment]


def _is_identifier(path: list[str], i: int) -> bool:
    """Whether ``path[i]`` names an entry rather than being a keyword."""
    if i == 1 and path[0] == "interfaces":
        return True
    return i > 0 and path[i - 1] in LIST_KEYWORDS and not _is_identifier(path, i - 1)


def check_path(path: list[str]) -> None:
    """Refuse what no SRX accepts: an empty statement or an unknown hierarchy."""
    if not path:
        raise JunosSyntaxError("", "missing argument.")
    if path[0] not in TOP_LEVEL:
        raise JunosSyntaxError(path[0])


def set_path(root: Node, path: list[str]) -> bool:
    """``set PATH``; return whether the tree changed.

    A single-valued keyword takes the new value in place of the old one, as on Junos.

    >>> root = Node()
    >>> set_path(root, "system host-name a".split()), set_path(root, "system host-name b".split())
    (True, True)
    >>> to_set(root)
    ['set system host-name b']
    """
    check_path(path)
    if len(path) >= 3:
        parent = root.find(path[:-1])
        kw = path[-2]
        if (
            parent is not None
            and path[-1] not in parent.children
            and kw not in LIST_KEYWORDS | MULTI_VALUE | FLAG_CONTAINERS
            and not _is_identifier(path, len(path) - 2)
            and parent.children
            and all(not c.children for c in parent.children.values())
        ):
            parent.children.clear()
    node, changed = root, False
    for word in path:
        nxt = node.children.get(word)
        if nxt is None:
            nxt = node.children[word] = Node()
            changed = True
        node = nxt
    return changed


def delete_path(root: Node, path: list[str]) -> bool:
    """``delete PATH`` (the statement and all below it); False if there was none."""
    if not path:
        had = bool(root.children)
        root.children.clear()
        return had
    chain = [root]
    for word in path:
        nxt = chain[-1].children.get(word)
        if nxt is None:
            return False
        chain.append(nxt)
    for i in range(len(path) - 1, -1, -1):
        parent = chain[i]
        del parent.children[path[i]]
        if parent.children or i == 0:
            break
    return True


def statements(root: Node, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every statement (path to a leaf), in order."""
    out: list[list[str]] = []
    for word, child in root.children.items():
        path = (*prefix, word)
        if child.children:
            out.extend(statements(child, path))
        else:
            out.append(list(path))
    return out


def to_set(root: Node, verb: str = "set") -> list[str]:
    """The tree as ``show configuration | display set`` prints it."""
    return [" ".join([verb, *(quote(w) for w in path)]) for path in statements(root)]
