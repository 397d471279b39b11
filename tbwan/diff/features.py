"""Which feature a config line belongs to: one ordered table per platform, first match wins.

A line is classified by its top-level section (the first element of its path), so
``interface Gi0/1 > ip access-group X in`` is an interface line. Access lists used by
``line vty ... access-class`` are management, every other access list is security: the
names come from the configs themselves (:func:`vty_acl_names`) and become rules placed
ahead of the static table (:func:`feature_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tbwan.platforms import IOS, Feature, FeatureRule, Platform

__all__ = ["STATIC_RULES", "Feature", "FeatureRule", "classify", "feature_rules", "vty_acl_names"]


STATIC_RULES: tuple[FeatureRule, ...] = IOS.feature_rules
"""IOS's table (it lives in :mod:`tbwan.platforms.ios`)."""

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


def feature_rules(
    vty_acls: Iterable[str] = (), platform: Platform = IOS
) -> tuple[FeatureRule, ...]:
    """The classification table: rules for the VTY access lists, then the platform's."""
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
    return vty + platform.feature_rules


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
