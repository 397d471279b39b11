"""The shape of a platform profile: the data every path reads instead of vendor syntax.

A profile (:class:`Platform`) is data, in the spirit of hier_config's per-platform
drivers: the names each library gives the platform, the command that prints the running
config, the secret kinds masked in it, the feature each top-level line belongs to, the
lines that are not config, and how the platform names and enables its interfaces. One
module per platform (:mod:`tbwan.platforms.ios`, :mod:`tbwan.platforms.junos`) builds one.

This module imports only leaf modules of tbwan (none of the diff engine), so the diff
engine and the platform modules can both use its types.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from netutils.lib_mapper import (
    HIERCONFIG_LIB_MAPPER_REVERSE,
    NAPALM_LIB_MAPPER_REVERSE,
    NETMIKO_LIB_MAPPER_REVERSE,
    RUNNING_CONFIG_MAPPER,
)

from tbwan.pending_commit import PARSERS, PendingCommit


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


def feature_table(*rows: tuple[str, Feature]) -> tuple[FeatureRule, ...]:
    """Feature rules from ``(regex, feature)`` rows, in order (first match wins)."""
    return tuple(FeatureRule(re.compile(p), f) for p, f in rows)


@dataclass(frozen=True, slots=True)
class SecretRule:
    """Replace the ``secret`` group of ``line`` (inside ``section``, if given)."""

    kind: str
    hint: str
    line: re.Pattern[str]
    section: re.Pattern[str] | None = None
    fallback: bool = False
    """Tried only when no other rule matched the line."""


def secret_rule(
    kind: str, hint: str, line: str, section: str | None = None, *, fallback: bool = False
) -> SecretRule:
    """A :class:`SecretRule` from regex strings."""
    return SecretRule(
        kind, hint, re.compile(line), re.compile(section) if section else None, fallback
    )


@dataclass(frozen=True, slots=True)
class ShowCommands:
    """The exec commands verify reads state with (ntc-templates parses each), per platform.

    None: the platform has no such state or no template for it (``routes`` None: the
    routes come from NAPALM's ``get_route_to`` instead).
    """

    ospf_neighbors: str | None = "show ip ospf neighbor"
    ospf_interfaces: str | None = "show ip ospf interface brief"
    routes: str | None = "show ip route"
    hsrp: str | None = "show standby brief"
    interface: str | None = "show interfaces {name}"
    """One interface's detail (its duplex), ``{name}`` filled in."""


EnabledInterfaces = Callable[[str], list[str]]
"""Config text -> names of the interfaces it defines and does not shut down."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Platform:
    """One platform: how each library names it and the vendor syntax tbwan needs.

    Profiles are singletons compared by identity (``eq=False``): hashing one is cheap, so
    the masking's per-platform caches cost nothing per line.
    """

    slug: str
    """The inventory's name for it (``ios``); also the folder under ``templates/``."""
    network_driver: str
    """netutils' normalised name (``cisco_ios``): the key to its mapping tables."""
    name: str
    manufacturer: str
    hier_config_driver: str
    """Member of ``hier_config.Platform`` (``CISCO_IOS``)."""
    secret_rules: tuple[SecretRule, ...]
    """Every secret kind masked in this platform's configs, tried in order on each line."""
    feature_rules: tuple[FeatureRule, ...]
    """Top-level line -> feature, first match wins; unmatched lines are ``other``."""
    volatile_lines: re.Pattern[str]
    """Lines a device or client prints that change on their own (dropped from backups)."""
    session_lines: tuple[str, ...]
    """Lines NAPALM's driver configures for its session only (never drift)."""
    config_end: str
    """Text a complete running config holds (a cut-off read lacks it)."""
    command_error: str
    """Text the CLI prints for a command it refuses."""
    interface_name: re.Pattern[str]
    """Full interface names of this platform (``GigabitEthernet0/0/1``, ``ge-0/0/0.0``)."""
    interface_example: str
    """One or two names that show the pattern, for error messages."""
    loopback: str
    """The loopback that sources management traffic when no interface holds the primary
    address."""
    enabled_interfaces: EnabledInterfaces
    """Interfaces a config defines and does not shut down (the post-deploy check)."""
    secret_variables: tuple[tuple[re.Pattern[str], str], ...]
    """Line -> the ``TBWAN_*`` variable whose value fills the secret masked in it."""
    roles: frozenset[str]
    """Device roles this platform has templates for."""
    rollback_timer_command: str
    """The exec command that shows a commit waiting for confirmation."""
    secret_identity: Callable[[str], str] | None = None
    """A secret value as compared (Junos shows ``$9$`` encodings of the clear values a
    template writes: both are the same secret), if the platform needs it."""
    discoverable: bool = False
    """Whether ``tbwan discover`` can read a device of this platform into the inventory."""
    diff_ignore: re.Pattern[str] | None = None
    """Lines the diff drops beyond the engine's own list (comments, version), if any."""
    stored_spellings: tuple[tuple[re.Pattern[str], str], ...] = ()
    """``(pattern, replacement)``: a statement as the device stores it, back to how a
    template writes it (Junos stores an SNMPv3 ``authentication-password`` as its
    localised ``authentication-key``); applied to both sides before a comparison, and a
    merge leaves out what the device already holds so (:func:`tbwan.diff.writeonly.drop_stored`)."""
    diff_rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()
    """``(pattern, replacement)`` applied to both sides before a comparison: two spellings
    of one statement (Junos: a quoted word and the bare word)."""
    napalm_config_format: str = "text"
    """The format NAPALM's ``get_config`` reads the running config in (Junos: ``set``)."""
    replace_prefix: str | None = None
    """Set: a full replace is loaded as a merge of this text and the config (Junos set form
    has no replace action; ``delete`` empties the candidate and the set lines rebuild it).
    None: NAPALM's ``load_replace_candidate``."""
    enable_secret: bool = True
    """Whether the drivers take an enable secret (Junos has no enable mode: never sent)."""
    commit_timer_step: int = 1
    """The rollback timer's unit in seconds (Junos ``commit confirmed`` counts minutes)."""
    show: ShowCommands = ShowCommands()
    """The commands verify reads state with."""

    def __repr__(self) -> str:
        return f"Platform({self.slug!r})"

    @property
    def netmiko_device_type(self) -> str:
        """Netmiko's ``device_type``."""
        return NETMIKO_LIB_MAPPER_REVERSE[self.network_driver]

    @property
    def napalm_driver(self) -> str:
        """NAPALM's driver name."""
        return NAPALM_LIB_MAPPER_REVERSE[self.network_driver]

    @property
    def hier_config_platform(self) -> str:
        """hier_config's platform name (netutils' spelling)."""
        return HIERCONFIG_LIB_MAPPER_REVERSE[self.network_driver]

    @property
    def running_config_command(self) -> str:
        """The exec command that prints the running configuration."""
        return RUNNING_CONFIG_MAPPER[self.network_driver]

    @property
    def template_dir(self) -> str:
        """Folder under ``templates/`` holding this platform's templates."""
        return self.slug

    def rewrite(self, text: str) -> str:
        """``text`` as compared: :attr:`stored_spellings`, then :attr:`diff_rewrites`."""
        for pattern, replacement in (*self.stored_spellings, *self.diff_rewrites):
            text = pattern.sub(replacement, text)
        return text

    def unstore(self, text: str) -> str:
        """``text`` with only :attr:`stored_spellings` applied."""
        for pattern, replacement in self.stored_spellings:
            text = pattern.sub(replacement, text)
        return text

    def revert_seconds(self, seconds: int) -> int:
        """``seconds`` rounded up to what the rollback timer can count.

        >>> from tbwan.platforms import IOS, JUNOS
        >>> IOS.revert_seconds(90), JUNOS.revert_seconds(90), JUNOS.revert_seconds(300)
        (90, 120, 300)
        """
        step = self.commit_timer_step
        return -(-seconds // step) * step

    def replace_load(self, config: str) -> tuple[str, bool]:
        """What to load for a full replace by ``config``, and whether as a merge.

        >>> from tbwan.platforms import IOS, JUNOS
        >>> IOS.replace_load("hostname r1\\n"), JUNOS.replace_load("set system host-name r1\\n")
        (('hostname r1\\n', False), ('delete \\nset system host-name r1\\n', True))
        """
        if self.replace_prefix is None:
            return config, False
        return self.replace_prefix + config, True

    def pending_commit(self, output: str) -> PendingCommit | None:
        """The pending commit in ``output`` of :attr:`rollback_timer_command`, if any."""
        try:
            parse = PARSERS[self.network_driver]
        except KeyError:
            raise NotImplementedError(
                f"platform {self.slug!r}: no parser for `{self.rollback_timer_command}` "
                "in tbwan/pending_commit.py (PARSERS)"
            ) from None
        return parse(output)

    def is_complete(self, output: str) -> bool:
        """Tell whether ``output`` of :attr:`running_config_command` is a whole config."""
        return self.config_end in f"\n{output}" and self.command_error not in output
