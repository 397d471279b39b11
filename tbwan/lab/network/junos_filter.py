"""A Junos ``firewall filter`` as the ICMP rules the network model applies. Pure.

The filter on ``lo0`` (``family inet filter input``) sees every packet addressed to the
SRX itself, replies to its own pings included. Each term becomes ACL entries (source x
destination prefixes) for the packets it can match: a term that matches TCP or UDP ports
or a protocol other than ICMP cannot match a ping and is left out. A term without a
terminating action accepts; a packet no term matches is discarded, as on Junos.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tbwan.lab.network.addr import parse_prefix
from tbwan.lab.network.facts import AclEntry

_ICMP_TYPES = {"echo-request": "echo", "echo-reply": "echo-reply"}
_PORT_MATCHES = frozenset({"port", "source-port", "destination-port", "tcp-flags"})


@dataclass
class _Term:
    protocols: set[str] = field(default_factory=set)
    src: list[str] = field(default_factory=list)
    dst: list[str] = field(default_factory=list)
    icmp_types: set[str] = field(default_factory=set)
    ports: bool = False
    action: str = "accept"


def _term_line(term: _Term, t: list[str], prefix_lists: dict[str, list[str]]) -> None:
    if t[:1] == ["then"] and len(t) > 1 and t[1] in ("accept", "discard", "reject"):
        term.action = t[1]
    if t[:1] != ["from"] or len(t) < 3:
        return
    what, value = t[1], t[2]
    if what == "protocol":
        term.protocols.add(value)
    elif what in _PORT_MATCHES:
        term.ports = True
    elif what in ("source-address", "destination-address"):
        (term.src if what.startswith("source") else term.dst).append(value)
    elif what in ("source-prefix-list", "destination-prefix-list"):
        target = term.src if what.startswith("source") else term.dst
        target.extend(prefix_lists.get(value, ["255.255.255.255/32"]))  # undefined: none
    elif what == "icmp-type":
        term.icmp_types.add(_ICMP_TYPES.get(value, value))


def _mask(prefix: str) -> tuple[int, int]:
    net, plen = parse_prefix(prefix)
    return net, (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF


def filter_acl(
    name: str, lines: list[list[str]], prefix_lists: dict[str, list[str]]
) -> tuple[AclEntry, ...]:
    """The ICMP entries of filter ``name`` from the words of its ``firewall`` lines (each
    line from ``filter``: ``["filter", NAME, "term", T, ...]``)."""
    terms: dict[str, _Term] = {}
    for t in lines:
        if len(t) > 4 and t[0] == "filter" and t[1] == name and t[2] == "term":
            _term_line(terms.setdefault(t[3], _Term()), t[4:], prefix_lists)
    out: list[AclEntry] = []
    for term in terms.values():
        if term.ports or (term.protocols and "icmp" not in term.protocols):
            continue  # cannot match an ICMP packet
        proto = "icmp" if term.protocols or term.icmp_types else "ip"
        for src in term.src or ["0.0.0.0/0"]:
            for dst in term.dst or ["0.0.0.0/0"]:
                kinds: list[str | None] = [*sorted(term.icmp_types)] or [None]
                for kind in kinds:
                    out.append(
                        AclEntry(term.action == "accept", proto, _mask(src), _mask(dst), kind)
                    )
    return tuple(out)
