"""Nornir host, group and defaults data from an :class:`Inventory`: plain dicts only.

Both inventory plugins (files, NetBox) build their Nornir inventory with this one
function, so the same data gives the same hosts, groups and host data.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from tbwan.inventory.models import Inventory, Region
from tbwan.platforms import get_platform


@dataclass(frozen=True)
class GroupSpec:
    """One Nornir group: its data and parent groups."""

    name: str
    data: dict[str, Any]
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class HostSpec:
    """One Nornir host before credentials and connection options are added."""

    name: str
    hostname: str
    platform: str
    groups: tuple[str, ...]
    data: dict[str, Any]


@dataclass(frozen=True)
class NornirData:
    """Everything a Nornir inventory needs, as plain data."""

    defaults: dict[str, Any]
    groups: dict[str, GroupSpec]
    hosts: dict[str, HostSpec]


def region_chain(inv: Inventory, slug: str) -> list[Region]:
    """The region and its ancestors, nearest first."""
    by_slug = {r.slug: r for r in inv.regions}
    chain: list[Region] = []
    cur: str | None = slug
    while cur is not None and cur in by_slug and len(chain) < 10:
        chain.append(by_slug[cur])
        cur = by_slug[cur].parent
    return chain


def nornir_data(inv: Inventory, only: Collection[str] | None = None) -> NornirData:
    """Hosts grouped per site, region (with parents), role and platform (every host, or
    those named in ``only`` with the groups they need)."""
    groups: dict[str, GroupSpec] = {}
    for r in inv.regions:
        parents = (f"region-{r.parent}",) if r.parent else ()
        groups[f"region-{r.slug}"] = GroupSpec(
            f"region-{r.slug}", {"region_name": r.name, "region_gso_code": r.gso_code}, parents
        )
    hosts: dict[str, HostSpec] = {}
    for s in inv.sites:
        if only is not None and not any(d.name in only for d in s.devices):
            continue
        site = s.model_dump(mode="json", exclude={"devices"})
        site["region_name"] = (
            inv.region(s.region).name if s.region in {r.slug for r in inv.regions} else s.region
        )
        groups[f"site-{s.slug}"] = GroupSpec(
            f"site-{s.slug}", {"site": site}, (f"region-{s.region}",)
        )
        for d in s.devices:
            if only is not None and d.name not in only:
                continue
            role_group, platform_group = f"role-{d.role.value}", f"platform-{d.platform}"
            groups.setdefault(role_group, GroupSpec(role_group, {}))
            groups.setdefault(platform_group, GroupSpec(platform_group, {}))
            hosts[d.name] = HostSpec(
                name=d.name,
                hostname=str(d.primary_ip.ip),
                platform=get_platform(d.platform).napalm_driver,
                groups=(f"site-{s.slug}", role_group, platform_group),
                data={
                    "role": d.role.value,
                    "site_slug": s.slug,
                    "region": s.region,
                    "regions": [r.slug for r in region_chain(inv, s.region)],
                    "model": d.model,
                    "serial": d.serial,
                    "tbwan_platform": d.platform,
                    "device": d.model_dump(mode="json"),
                },
            )
    defaults = {"plan": inv.plan.model_dump(mode="json")}
    return NornirData(defaults=defaults, groups=groups, hosts=hosts)
