"""Turn :class:`NornirData` into Nornir inventory objects, with credentials and lab ports.

Shared by the file and NetBox inventory plugins. Credentials come from
:mod:`tbwan.credentials` (never from the inventory); when the device lab runs, its
``hosts.json`` moves each host to 127.0.0.1 and its own port.
"""

from __future__ import annotations

from pathlib import Path

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

from tbwan.credentials import load_secrets
from tbwan.inventory.hostdata import NornirData
from tbwan.lab.hostsfile import read_hosts
from tbwan.platforms import NAPALM_CONNECTIONS, get_platform


def build_inventory(data: NornirData, *, lab: Path | None = None) -> Inventory:
    """A Nornir :class:`Inventory` from plain data."""
    secrets = load_secrets()
    overrides = read_hosts(lab, missing_ok=True) if lab is not None else {}
    enable = secrets.enable_secret or secrets.password
    defaults = Defaults(
        data=dict(data.defaults), username=secrets.username, password=secrets.password
    )
    groups = Groups()
    for spec in data.groups.values():
        groups[spec.name] = Group(name=spec.name, data=dict(spec.data), defaults=defaults)
    for spec in data.groups.values():
        groups[spec.name].groups = ParentGroups(groups[p] for p in spec.parents if p in groups)
    hosts = Hosts()
    for hspec in data.hosts.values():
        platform = get_platform(hspec.data["tbwan_platform"])
        # an enable secret goes only to drivers that use one (Junos has no enable mode)
        secret = {"secret": enable} if enable and platform.enable_secret else {}
        address, port = overrides.get(hspec.name, (hspec.hostname, 22))
        host_data = dict(hspec.data)
        if overrides and hspec.name not in overrides:
            # a lab runs, but not for this host: never fall through to its real address
            host_data["lab_missing"] = True
        hosts[hspec.name] = Host(
            name=hspec.name,
            hostname=address,
            port=port,
            platform=hspec.platform,
            groups=ParentGroups(groups[g] for g in hspec.groups),
            data=host_data,
            defaults=defaults,
            connection_options={
                # nornir_napalm's plugin and tbwan's (see tbwan.tasks.napalm_connection)
                **{
                    name: ConnectionOptions(
                        platform=platform.napalm_driver,
                        extras={"optional_args": dict(secret)},
                    )
                    for name in NAPALM_CONNECTIONS
                },
                "netmiko": ConnectionOptions(
                    platform=platform.netmiko_device_type,
                    extras=dict(secret),
                ),
            },
        )
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)
