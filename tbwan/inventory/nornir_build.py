"""Turn :class:`NornirData` into Nornir inventory objects.

Shared by the file and NetBox inventory plugins. The hosts hold what the source of truth
says (address, platform, data) and nothing else: the device login and a running lab's
ports are added by the transform function ``nornir.yaml`` names (:mod:`tbwan.transform`),
so the inventory neither reads secrets nor knows the lab.
"""

from __future__ import annotations

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)

from tbwan.inventory.hostdata import NornirData
from tbwan.platforms import NAPALM_CONNECTIONS, get_platform


def build_inventory(data: NornirData) -> Inventory:
    """A Nornir :class:`Inventory` from plain data (no login, no lab: see the module)."""
    defaults = Defaults(data=dict(data.defaults))
    groups = Groups()
    for spec in data.groups.values():
        groups[spec.name] = Group(name=spec.name, data=dict(spec.data), defaults=defaults)
    for spec in data.groups.values():
        groups[spec.name].groups = ParentGroups(groups[p] for p in spec.parents if p in groups)
    hosts = Hosts()
    for hspec in data.hosts.values():
        platform = get_platform(hspec.data["tbwan_platform"])
        hosts[hspec.name] = Host(
            name=hspec.name,
            hostname=hspec.hostname,
            port=22,
            platform=hspec.platform,
            groups=ParentGroups(groups[g] for g in hspec.groups),
            data=dict(hspec.data),
            defaults=defaults,
            connection_options={
                # nornir_napalm's plugin and tbwan's (see tbwan.tasks.napalm_connection)
                **{
                    name: ConnectionOptions(
                        platform=platform.napalm_driver,
                        extras={"optional_args": {}},
                    )
                    for name in NAPALM_CONNECTIONS
                },
                "netmiko": ConnectionOptions(
                    platform=platform.netmiko_device_type,
                    extras={},
                ),
            },
        )
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)
