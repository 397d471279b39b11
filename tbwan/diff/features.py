"""Which feature a config line belongs to: one ordered table, first match wins.

A line is classified by its top-level section (the first element of its path), so
``interface Gi0/1 > ip access-group X in`` is an interface line. Access lists used by
``line vty ... access-class`` are management, every other access list is security: the
names come from the configs themselves (:func:`vty_acl_names`) and become rules placed
ahead of the static table (:func:`feature_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Feature(StrEnum):
    """The feature groups a drift report is split into, in report order."""

    INTERFACES = "interfaces"
    ROUTING = "routing"
    AAA = "aaa"
    MANAGEMENT = "management"
    SNMPV3_USER = "snmpv3-user"  # from ``show snmp user``, not the running config
    VPN = "vpn"
    VLANS = "vlans"
    SECURITY = "security"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class FeatureRule:
    """Lines whose top-level text matches ``pattern`` belong to ``feature``."""

    pattern: re.Pattern[str]
    feature: Feature


def _rules(*rows: tuple[str, Feature]) -> tuple[FeatureRule, ...]:
    return tuple(FeatureRule(re.compile(p), f) for p, f in rows)


STATIC_RULES: tuple[FeatureRule, ...] = _rules(
    (r"^interface\s+(?:Tunnel|Virtual-Template|Virtual-Access)", Feature.VPN),
    (r"^crypto\s", Feature.VPN),
    (r"^interface\s", Feature.INTERFACES),
    (r"^router\s", Feature.ROUTING),
    (r"^ip(?:v6)?\s+route\s", Feature.ROUTING),
    (r"^ip(?:v6)?\s+prefix-list\s", Feature.ROUTING),
    (r"^route-map\s", Feature.ROUTING),
    (r"^ip\s+routing\b", Feature.ROUTING),
    (r"^aaa\s", Feature.AAA),
    (r"^username\s", Feature.AAA),
    (r"^enable\s+(?:secret|password)\s", Feature.AAA),
    (r"^(?:tacacs|radius)(?:-server|\s+server)\s", Feature.AAA),
    (r"^ip\s+(?:tacacs|radius)\s", Feature.AAA),
    (r"^snmp-server\s", Feature.MANAGEMENT),
    (r"^logging\s", Feature.MANAGEMENT),
    (r"^ntp\s", Feature.MANAGEMENT),
    (r"^line\s", Feature.MANAGEMENT),
    (r"^ip\s+ssh\s", Feature.MANAGEMENT),
    (r"^ip\s+scp\s", Feature.MANAGEMENT),
    (r"^ip\s+http\s", Feature.MANAGEMENT),
    (r"^banner\s", Feature.MANAGEMENT),
    (r"^hostname\s", Feature.MANAGEMENT),
    (r"^ip\s+domain[\s-]", Feature.MANAGEMENT),
    (r"^ip\s+name-server\s", Feature.MANAGEMENT),
    (r"^clock\s", Feature.MANAGEMENT),
    (r"^service\s+timestamps\s", Feature.MANAGEMENT),
    (r"^archive$", Feature.MANAGEMENT),
    (r"^vlan\s+\d", Feature.VLANS),
    (r"^(?:ip(?:v6)?\s+)?access-list\s", Feature.SECURITY),
    (r"^zone(?:-pair)?\s+security\s", Feature.SECURITY),
    (r"^(?:class-map|policy-map|parameter-map)\s+type\s+inspect\s", Feature.SECURITY),
)

_ACCESS_CLASS = re.compile(r"^(?:ipv6\s+)?access-class\s+(?P<name>\S+)")


def vty_acl_names(configs: Iterable[Iterable[tuple[str, ...]]]) -> frozenset[str]:
    """Names of access lists that any ``line vty`` applies with ``access-class``.

    Args:
        configs: Each config as the paths of its lines.

    >>> vty_acl_names([[("line vty 0 4",), ("line vty 0 4", "access-class 10 in")]])
    frozenset({'10'})
    """
    names: set[str] = set()
    for paths in configs:
        for path in paths:
            if len(path) == 2 and path[0].startswith("line vty"):
                match = _ACCESS_CLASS.match(path[1])
                if match:
                    names.add(match.group("name"))
    return frozenset(names)


def feature_rules(vty_acls: Iterable[str] = ()) -> tuple[FeatureRule, ...]:
    """The classification table: rules for the VTY access lists, then :data:`STATIC_RULES`."""
    vty = tuple(
        FeatureRule(
            re.compile(
                rf"^(?:ip(?:v6)?\s+access-list\s+(?:standard\s+|extended\s+)?|access-list\s+)"
                rf"{re.escape(name)}(?:\s|$)"
            ),
            Feature.MANAGEMENT,
        )
        for name in sorted(vty_acls)
    )
    return vty + STATIC_RULES


def classify(path: Sequence[str], rules: Sequence[FeatureRule] = STATIC_RULES) -> Feature:
    """Return the feature of the line at ``path`` (top-level section first).

    >>> classify(("interface Tunnel10", "tunnel source Gi0/0"))
    <Feature.VPN: 'vpn'>
    >>> classify(("ip route 0.0.0.0 0.0.0.0 10.34.1.1",))
    <Feature.ROUTING: 'routing'>
    >>> classify(("access-list 10 permit any",), feature_rules({"10"}))
    <Feature.MANAGEMENT: 'management'>
    >>> classify(("no ip http server",))
    <Feature.MANAGEMENT: 'management'>
    >>> classify(("spanning-tree mode rapid-pvst",))
    <Feature.OTHER: 'other'>
    """
    top = path[0].removeprefix("no ")  # "no ip http server" is still management
    for rule in rules:
        if rule.pattern.search(top):
            return rule.feature
    return Feature.OTHER
