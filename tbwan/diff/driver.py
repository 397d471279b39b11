"""hier_config drivers with tbwan's extra platform rules (data, and one Junos fix).

hier_config's Cisco IOS driver knows that a new ``description`` replaces the old one.
IOS has more single-valued commands: entering a new value replaces the old one, and a
``no`` of the old value first would be wrong or dangerous (``no username netops`` while
logged in as netops; ``no crypto ipsec transform-set`` while a profile uses it). They are
listed in :data:`IOS_IDEMPOTENT`: a regex's groups (or a prefix) are the identity of the
setting, so a change is one command and the rollback is the old command.
"""

from __future__ import annotations

import re

from hier_config import HConfigChild, MatchRule, Platform, get_hconfig_driver
from hier_config.models import IdempotentCommandsRule
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules
from hier_config.platforms.functions import convert_to_set_commands
from hier_config.platforms.juniper_junos.driver import HConfigDriverJuniperJUNOS


def _top(*patterns: str) -> list[IdempotentCommandsRule]:
    return [IdempotentCommandsRule(match_rules=(MatchRule(re_search=p),)) for p in patterns]


def _under(section: str, *patterns: str) -> list[IdempotentCommandsRule]:
    return [
        IdempotentCommandsRule(
            match_rules=(MatchRule(startswith=section), MatchRule(re_search=p)),
        )
        for p in patterns
    ]


IOS_IDEMPOTENT: tuple[IdempotentCommandsRule, ...] = (
    *_top(
        r"^(hostname) ",
        r"^enable (secret|password) ",
        r"^username (\S+) ",
        r"^ip domain[ -](name) ",
        r"^ip ssh (version) ",
        r"^snmp-server (location|contact) ",
        r"^logging (buffered) ",
        r"^clock (timezone) ",
        r"^crypto ipsec transform-set (\S+) ",
        r"^(banner \S+)",  # a new banner replaces the old one of its kind
    ),
    *_under(
        "interface ",
        r"^(speed) ",
        r"^(duplex) ",
        r"^(mtu) ",
        r"^(bandwidth) ",
        r"^ip access-group \S+ (in|out)$",
        r"^(tunnel source) ",
        r"^(tunnel destination) ",
        r"^(tunnel mode) ",
        r"^(tunnel protection) ",
        r"^(switchport access vlan) ",
        r"^(switchport trunk native vlan) ",
        r"^(service-policy (?:input|output)) ",
    ),
    *_under("router ", r"^(router-id) "),
    *_under("tacacs server ", r"^(address ipv4) ", r"^(key) "),
    *_under("radius server ", r"^(key) "),
    *_under("line ", r"^(access-class) \S+ in", r"^(exec-timeout) ", r"^(transport input) "),
)


class TbwanCiscoIOSDriver(HConfigDriverCiscoIOS):
    """hier_config's Cisco IOS driver plus :data:`IOS_IDEMPOTENT`."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        rules = HConfigDriverCiscoIOS._instantiate_rules()
        rules.idempotent_commands.extend(IOS_IDEMPOTENT)
        return rules


_JUNOS_STATEMENT = re.compile(r"^(?:set|delete|deactivate|activate)\s")


class TbwanJuniperJUNOSDriver(HConfigDriverJuniperJUNOS):
    """hier_config's Junos driver, reading ``show configuration | display set`` as it is.

    hier_config's preprocessor takes every line for the curly-brace form, so a
    ``deactivate X`` line (how set form shows an inactive statement) became ``set
    deactivate X``: set-form text is kept as it is, ``#`` comments dropped, and
    ``deactivate``/``activate`` negate each other.
    """

    @staticmethod
    def config_preprocessor(config_text: str) -> str:
        lines = [
            line.strip()
            for line in config_text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if all(_JUNOS_STATEMENT.match(line) for line in lines):
            return "\n".join(lines)
        return convert_to_set_commands(config_text)

    def swap_negation(self, child: HConfigChild) -> HConfigChild:
        for old, new in (("deactivate ", "activate "), ("activate ", "deactivate ")):
            if child.text.startswith(old):
                child.text = new + child.text.removeprefix(old)
                return child
        return super().swap_negation(child)


def driver_for(platform: Platform = Platform.CISCO_IOS) -> HConfigDriverBase:
    """The hier_config driver tbwan uses for ``platform``.

    >>> type(driver_for(Platform.CISCO_IOS)).__name__
    'TbwanCiscoIOSDriver'
    >>> type(driver_for(Platform.JUNIPER_JUNOS)).__name__
    'TbwanJuniperJUNOSDriver'
    """
    if platform is Platform.CISCO_IOS:
        return TbwanCiscoIOSDriver()
    if platform is Platform.JUNIPER_JUNOS:
        return TbwanJuniperJUNOSDriver()
    return get_hconfig_driver(platform)
