"""The platform table: one row per platform, every library's name for it.

A platform is one slug in the inventory (``ios``). Everything else tbwan needs to drive
it (Netmiko device type, NAPALM driver, hier_config platform, the command that shows
the running config, the template folder) comes from netutils' mapping tables, so a
second vendor is a new row plus templates and a lab dialect, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass

from netutils.lib_mapper import (
    HIERCONFIG_LIB_MAPPER_REVERSE,
    NAPALM_LIB_MAPPER_REVERSE,
    NETMIKO_LIB_MAPPER_REVERSE,
    RUNNING_CONFIG_MAPPER,
)

from tbwan.errors import InventoryError
from tbwan.pending_commit import PARSERS, PendingCommit

ROLLBACK_TIMER_COMMANDS = {"cisco_ios": "show archive config rollback timer"}
"""netutils has no table for it: the command that shows a pending rollback timer."""

TBWAN_NAPALM = "tbwan_napalm"
"""tbwan's NAPALM connection plugin (:mod:`tbwan.tasks.napalm_connection`)."""
NAPALM_CONNECTIONS = ("napalm", TBWAN_NAPALM)
"""Connection names a host carries NAPALM options under: nornir_napalm's and tbwan's."""


@dataclass(frozen=True, slots=True)
class Platform:
    """How each library names one platform."""

    slug: str
    network_driver: str
    name: str
    manufacturer: str

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
        """hier_config's platform name."""
        return HIERCONFIG_LIB_MAPPER_REVERSE[self.network_driver]

    @property
    def running_config_command(self) -> str:
        """The exec command that prints the running configuration."""
        return RUNNING_CONFIG_MAPPER[self.network_driver]

    @property
    def rollback_timer_command(self) -> str:
        """The exec command that shows a commit waiting for confirmation."""
        return ROLLBACK_TIMER_COMMANDS[self.network_driver]

    def pending_commit(self, output: str) -> PendingCommit | None:
        """The pending commit in ``output`` of :attr:`rollback_timer_command`, if any."""
        return PARSERS[self.network_driver](output)

    @property
    def template_dir(self) -> str:
        """Folder under ``templates/`` holding this platform's templates."""
        return self.slug


PLATFORMS: dict[str, Platform] = {
    "ios": Platform(
        slug="ios", network_driver="cisco_ios", name="Cisco IOS / IOS-XE", manufacturer="Cisco"
    ),
}


def get_platform(slug: str) -> Platform:
    """Return the platform row for ``slug``.

    >>> get_platform("ios").napalm_driver
    'ios'
    >>> get_platform("ios").netmiko_device_type
    'cisco_ios'
    """
    try:
        return PLATFORMS[slug]
    except KeyError:
        known = ", ".join(sorted(PLATFORMS))
        raise InventoryError(
            f"unknown platform {slug!r}: use one of {known} or add a row to tbwan/platforms.py"
        ) from None
