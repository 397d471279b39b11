"""Turn :class:`NornirData` into Nornir inventory objects, with credentials and lab ports.

Shared by the file and NetBox inventory plugins. Credentials come from
:mod:`tbwan.secrets` (never from the inventory); when the device lab runs, its
``hosts.json`` moves each host to 127.0.0.1 and its own port.
"""

from __future__ import annotations

import json
import os
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

from tbwan.errors import LabError
from tbwan.inventory.hostdata import NornirData
from tbwan.platforms import NAPALM_CONNECTIONS, get_platform
from tbwan.secrets import load_secrets


def lab_dir(default: str | Path = ".lab") -> Path:
    """The lab directory: ``TBWAN_LAB_DIR`` or ``default``."""
    return Path(os.environ.get("TBWAN_LAB_DIR") or default)


def read_lab_hosts(directory: Path) -> dict[str, tuple[str, int]]:
    """Host -> (address, port) from a running lab's ``hosts.json`` (empty when no lab)."""
    path = directory / "hosts.json"
    if not path.exists():
        return {}
    try:
        hosts = json.loads(path.read_text(encoding="utf-8"))["hosts"]
        return {name: (str(h["hostname"]), int(h["port"])) for name, h in hosts.items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise LabError(
            f"{path}: unreadable lab connection file ({exc}); run `tbwan lab down` "
            "then `tbwan lab up`"
        ) from None


def build_inventory(data: NornirData, *, lab: Path | None = None) -> Inventory:
    """A Nornir :class:`Inventory` from plain data."""
    secrets = load_secrets()
    overrides = read_lab_hosts(lab) if lab is not None else {}
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
                        extras={"optional_args": {"secret": enable} if enable else {}},
                    )
                    for name in NAPALM_CONNECTIONS
                },
                "netmiko": ConnectionOptions(
                    platform=platform.netmiko_device_type,
                    extras={"secret": enable} if enable else {},
                ),
            },
        )
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)
