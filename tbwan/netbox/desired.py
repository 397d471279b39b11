"""What NetBox should hold for an inventory: records with unresolved references (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from tbwan.inventory.models import Device, Interface, Inventory, Site
from tbwan.netbox import schema as s
from tbwan.platforms import get_platform


@dataclass(frozen=True)
class Ref:
    """A reference to another record, by its kind and natural key; resolved to an id."""

    kind: s.Kind
    key: tuple[Any, ...]


@dataclass(frozen=True)
class Want:
    """One record NetBox should hold. ``fields`` may contain :class:`Ref` values."""

    kind: s.Kind
    fields: dict[str, Any]
    custom: dict[str, Any] = field(default_factory=dict)

    def label(self) -> str:
        keys = [self.fields[k] for k in self.kind.key if k in self.fields]
        shown = [v.key[-1] if isinstance(v, Ref) else v for v in keys]
        return f"{self.kind.endpoint} {'/'.join(map(str, shown))}"


def _none_if_empty(value: str | None) -> str:
    return value or ""


def _regions(inv: Inventory) -> list[Want]:
    by_slug = {r.slug: r for r in inv.regions}

    def depth(slug: str) -> int:
        parent = by_slug[slug].parent
        return 0 if parent is None or parent not in by_slug else 1 + depth(parent)

    order = {r.slug: i for i, r in enumerate(inv.regions)}
    wants = []
    for r in sorted(inv.regions, key=lambda r: (depth(r.slug), order[r.slug])):
        fields: dict[str, Any] = {"name": r.name, "slug": r.slug}
        fields["parent"] = Ref(s.REGIONS, (r.parent,)) if r.parent else None
        wants.append(
            Want(s.REGIONS, fields, {"gso_code": r.gso_code, "tbwan_order": order[r.slug]})
        )
    return wants


def _site(site: Site, unique_name: str) -> Want:
    fields = {
        "name": unique_name,
        "slug": site.slug,
        "status": site.status.value,
        "region": Ref(s.REGIONS, (site.region,)),
        "group": Ref(s.SITE_GROUPS, (site.kind,)),
    }
    custom = {cf: getattr(site, attr) for attr, cf in s.SITE_CF.items()}
    return Want(s.SITES, fields, custom)


def _interface(device: Device, index: int, itf: Interface) -> Want:
    fields: dict[str, Any] = {
        "device": Ref(s.DEVICES, (device.name,)),
        "name": itf.name,
        "type": s.interface_type(itf.name, itf.mode.value),
        "enabled": itf.enabled,
        "description": _none_if_empty(itf.description),
        "mode": s.netbox_interface_mode(itf.mode.value),
        "speed": itf.speed_mbps * 1000 if itf.speed_mbps else None,
    }
    dumped = itf.model_dump(mode="json")
    custom: dict[str, Any] = {cf: dumped[attr] for attr, cf in s.INTERFACE_CF.items()}
    custom["vlan_ids"] = list(itf.vlans) or None
    custom["tbwan_order"] = index
    return Want(s.INTERFACES, fields, custom)


def _device(site: Site, index: int, device: Device) -> list[Want]:
    platform = get_platform(device.platform)
    wants = [
        Want(
            s.MANUFACTURERS,
            {"name": platform.manufacturer, "slug": s.slugify(platform.manufacturer)},
        ),
        Want(
            s.DEVICE_TYPES,
            {
                "manufacturer": Ref(s.MANUFACTURERS, (s.slugify(platform.manufacturer),)),
                "model": device.model,
                "slug": s.slugify(device.model),
            },
        ),
        Want(s.DEVICE_ROLES, {"name": device.role.value, "slug": device.role.value}),
        Want(s.PLATFORMS, {"name": platform.name, "slug": platform.slug}),
        Want(
            s.DEVICES,
            {
                "name": device.name,
                "role": Ref(s.DEVICE_ROLES, (device.role.value,)),
                "device_type": Ref(s.DEVICE_TYPES, (s.slugify(device.model),)),
                "platform": Ref(s.PLATFORMS, (platform.slug,)),
                "site": Ref(s.SITES, (site.slug,)),
                "serial": device.serial,
                "status": "active",
            },
            {
                "tbwan_order": index,
                "default_gateway": None
                if device.default_gateway is None
                else str(device.default_gateway),
            },
        ),
    ]
    for i, itf in enumerate(device.interfaces):
        wants.append(_interface(device, i, itf))
        if itf.ipv4 is not None:
            wants.append(
                Want(
                    s.IP_ADDRESSES,
                    {
                        "address": str(itf.ipv4),
                        "assigned_object_type": "dcim.interface",
                        "assigned_object_id": Ref(
                            s.INTERFACES, (Ref(s.DEVICES, (device.name,)), itf.name)
                        ),
                        "status": "active",
                    },
                )
            )
    return wants


def site_names(inv: Inventory) -> dict[str, str]:
    """NetBox site names, unique as NetBox requires: communes in different districts share
    names, so a repeated name gets its slug (the exact name stays in ``name_vi``)."""
    seen = Counter(site.name for site in inv.sites)
    return {
        site.slug: site.name if seen[site.name] == 1 else f"{site.name} ({site.slug})"
        for site in inv.sites
    }


def _site_records(site: Site, unique_name: str) -> list[Want]:
    wants = [Want(s.SITE_GROUPS, {"name": site.kind, "slug": site.kind}), _site(site, unique_name)]
    site_ref = Ref(s.SITES, (site.slug,))
    for i, vlan in enumerate(site.vlans):
        wants.append(Want(s.IPAM_ROLES, {"name": vlan.role, "slug": vlan.role}))
        fields = {
            "site": site_ref,
            "vid": vlan.vid,
            "name": vlan.name,
            "role": Ref(s.IPAM_ROLES, (vlan.role,)),
        }
        wants.append(Want(s.VLANS, fields, {"tbwan_order": i}))
    for i, prefix in enumerate(site.prefixes):
        wants.append(Want(s.IPAM_ROLES, {"name": prefix.role, "slug": prefix.role}))
        fields = {
            "prefix": str(prefix.prefix),
            "scope_type": "dcim.site",
            "scope_id": site_ref,
            "role": Ref(s.IPAM_ROLES, (prefix.role,)),
            "vlan": Ref(s.VLANS, (site_ref, prefix.vlan)) if prefix.vlan else None,
            "description": _none_if_empty(prefix.description),
            "status": "active",
        }
        wants.append(Want(s.PREFIXES, fields, {"tbwan_order": i}))
    for i, circuit in enumerate(site.circuits):
        wants.append(Want(s.PROVIDERS, {"name": circuit.provider, "slug": circuit.provider}))
        media = circuit.media.value
        wants.append(Want(s.CIRCUIT_TYPES, {"name": media, "slug": media}))
        fields = {
            "cid": circuit.cid,
            "provider": Ref(s.PROVIDERS, (circuit.provider,)),
            "type": Ref(s.CIRCUIT_TYPES, (media,)),
            "commit_rate": circuit.rate_kbps,
            "description": _none_if_empty(circuit.description),
            "status": "active",
        }
        wants.append(Want(s.CIRCUITS, fields, {"tbwan_order": i}))
        for side, slug in (("A", site.slug), ("Z", circuit.termination_z)):
            term = {
                "circuit": Ref(s.CIRCUITS, (circuit.cid,)),
                "term_side": side,
                "termination_type": "dcim.site",
                "termination_id": Ref(s.SITES, (slug,)),
            }
            wants.append(Want(s.TERMINATIONS, term))
    for i, device in enumerate(site.devices):
        wants.extend(_device(site, i, device))
    return wants


def primary_ips(inv: Inventory, only_sites: Collection[str] | None = None) -> list[Want]:
    """Second pass: each device's primary IPv4, once its addresses exist."""
    wants = []
    devices = [
        d
        for site in inv.sites
        if only_sites is None or site.slug in only_sites
        for d in site.devices
    ]
    for device in devices:
        itf = next(i for i in device.interfaces if i.ipv4 == device.primary_ip)
        ref = Ref(s.IP_ADDRESSES, (Ref(s.INTERFACES, (Ref(s.DEVICES, (device.name,)), itf.name)),))
        wants.append(Want(s.DEVICES, {"name": device.name, "primary_ip4": ref}))
    return wants


def desired(inv: Inventory, only_sites: Collection[str] | None = None) -> dict[s.Kind, list[Want]]:
    """Every record, grouped by kind in creation order, duplicates (shared types) merged.

    ``only_sites`` narrows the site records to those sites (regions and the plan are
    always included); names stay those of the whole inventory.
    """
    out: dict[s.Kind, dict[tuple[Any, ...], Want]] = {kind: {} for kind in s.ORDER}
    names = site_names(inv)
    records = _regions(inv)
    for site in inv.sites:
        if only_sites is not None and site.slug not in only_sites:
            continue
        records.extend(_site_records(site, names[site.slug]))
    plan = inv.plan.model_dump(mode="json")
    records.append(Want(s.CONFIG_CONTEXTS, {"name": s.PLAN_CONTEXT, "weight": 1000, "data": plan}))
    for want in records:
        key = tuple(want.fields[k] for k in want.kind.key)
        out[want.kind].setdefault(key, want)
    return {kind: list(wants.values()) for kind, wants in out.items()}
