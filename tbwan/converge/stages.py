"""Stages of convergence and the config a device runs after each one.

A stage is a feature of the drift report (:class:`tbwan.diff.Feature`), with the
management plane split three ways (logging, SNMP, NTP, the rest), so that one push
changes one thing an operator can check. The config after a stage is the running config
with that stage's top-level sections taken from the intended config: pushing the
difference converges the stage and leaves every other line as it runs.

:data:`ORDER` goes from least to most risky:

1. ``logging``, 2. ``ntp``, 3. ``snmp``: where a device sends logs, takes time from and
   is polled by; nothing forwards differently and nobody loses access. The SNMP stage
   also sends the SNMPv3 users (the ``snmpv3-user`` feature, read from ``show snmp user``
   since the running config never shows them).
4. ``management``: hostname, banner, SSH, VTY access list, domain, archive; a wrong VTY
   list locks operators out, so it goes after the harmless ones.
5. ``aaa``: the login path (TACACS+ with local fallback, users, enable secret).
6. ``interfaces``: descriptions, per-interface OSPF, link settings; touches forwarding.
7. ``routing``: the OSPF process and static routes; a mistake reroutes traffic.
8. ``vpn``: IKE/IPsec and tunnels; a change re-keys and drops tunnels while it runs.

Lines of other features (VLANs, security, other) are not staged: a device whose drift
includes them is converged with ``tbwan deploy`` once reviewed.
"""

from __future__ import annotations

from enum import StrEnum

from hier_config import HConfig, HConfigChild, Platform

from tbwan.diff import Feature, classify, config_paths, feature_rules, parse_config
from tbwan.diff.features import FeatureRule, vty_acl_names


class Stage(StrEnum):
    """One step of convergence."""

    LOGGING = "logging"
    NTP = "ntp"
    SNMP = "snmp"
    MANAGEMENT = "management"
    AAA = "aaa"
    INTERFACES = "interfaces"
    ROUTING = "routing"
    VPN = "vpn"


ORDER: tuple[Stage, ...] = tuple(Stage)
"""The documented order, least risky first."""

_MANAGEMENT_SPLIT = (("logging ", Stage.LOGGING), ("snmp-server ", Stage.SNMP), ("ntp ", Stage.NTP))
_BY_FEATURE = {
    Feature.MANAGEMENT: Stage.MANAGEMENT,
    Feature.AAA: Stage.AAA,
    Feature.INTERFACES: Stage.INTERFACES,
    Feature.ROUTING: Stage.ROUTING,
    Feature.VPN: Stage.VPN,
}


def management_stage(top: str) -> Stage:
    """The stage of a management line: logging, SNMP, NTP or the rest.

    >>> management_stage("no snmp-server community x RO"), management_stage("line vty 0 4")
    (<Stage.SNMP: 'snmp'>, <Stage.MANAGEMENT: 'management'>)
    """
    bare = top.removeprefix("no ")
    return next((sub for p, sub in _MANAGEMENT_SPLIT if bare.startswith(p)), Stage.MANAGEMENT)


def stage_of(top: str, rules: tuple[FeatureRule, ...] | None = None) -> Stage | None:
    """The stage a top-level line belongs to (None: not staged).

    >>> stage_of("logging host 10.34.16.11"), stage_of("hostname r1")
    (<Stage.LOGGING: 'logging'>, <Stage.MANAGEMENT: 'management'>)
    >>> stage_of("interface Tunnel100"), stage_of("vlan 10") is None
    (<Stage.VPN: 'vpn'>, True)
    """
    feature = classify((top,), rules) if rules is not None else classify((top,))
    stage = _BY_FEATURE.get(feature)
    return management_stage(top) if stage is Stage.MANAGEMENT else stage


def _text(node: HConfig | HConfigChild, depth: int = 0) -> list[str]:
    out: list[str] = []
    for child in node.children:
        out.append(" " * depth + child.text)
        out.extend(_text(child, depth + 1))
    return out


def stage_config(
    intended: str, running: str, stage: Stage, *, platform: Platform = Platform.CISCO_IOS
) -> str:
    """The config after ``stage``: ``running`` with the stage's sections from ``intended``.

    >>> run = "hostname A\\nlogging host 1.1.1.1\\nntp server 2.2.2.2\\n"
    >>> want = "hostname B\\nlogging host 3.3.3.3\\nntp server 2.2.2.2\\n"
    >>> print(stage_config(want, run, Stage.LOGGING), end="")
    hostname A
    ntp server 2.2.2.2
    logging host 3.3.3.3
    """
    want = parse_config(intended, platform, label="intended config")
    have = parse_config(running, platform, label="running config")
    rules = feature_rules(vty_acl_names((config_paths(want), config_paths(have))))
    after = parse_config("", platform)
    for child in have.children:
        if stage_of(child.text, rules) is not stage:
            after.add_deep_copy_of(child)
    for child in want.children:
        if stage_of(child.text, rules) is stage:
            after.add_deep_copy_of(child)
    return "".join(f"{line}\n" for line in _text(after))


def _active(config: str) -> set[str]:
    return {
        line.strip().removeprefix("no passive-interface ")
        for line in config.splitlines()
        if line.strip().startswith("no passive-interface ")
    }


def newly_passive(staged: str, running: str) -> list[str]:
    """Interfaces with an OSPF adjacency in ``running`` that ``staged`` would make passive.

    Discovery records a link only when it finds both ends; an interface whose far end was
    not discovered has no peer, so the templates make it passive, which would drop the
    adjacency. The routing stage refuses such a host instead (IOS syntax: the OSPF
    ``passive-interface default`` / ``no passive-interface`` form tbwan's templates use).

    >>> newly_passive("router ospf 1\\n passive-interface default\\n",
    ...               "router ospf 1\\n no passive-interface Gi0/0/2.102\\n")
    ['Gi0/0/2.102']
    """
    return sorted(_active(running) - _active(staged))
