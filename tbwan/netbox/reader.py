"""NetBox -> tbwan's :class:`Inventory`: the read half of the mapping in ``schema``.

``fetch`` gets every list it needs in one parallel round (pages in parallel too, only the
fields used, filters applied by NetBox); ``inventory_from_records`` is pure, so tests
can replay recorded JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from tbwan.errors import NetBoxError
from tbwan.inventory.models import Inventory
from tbwan.netbox import schema as s
from tbwan.netbox.client import NetBox

Records = Mapping[str, list[dict[str, Any]]]

FIELDS = {
    "regions": "id,slug,name,parent,custom_fields,tags",
    "sites": "id,slug,name,status,region,group,custom_fields",
    "vlans": "id,site,vid,name,role,custom_fields",
    "prefixes": "id,prefix,scope_id,role,vlan,description,custom_fields",
    "circuits": "id,cid,provider,type,commit_rate,description,custom_fields",
    "terminations": "id,circuit,term_side,termination_type,termination_id,termination",
    "devices": "id,name,role,platform,device_type,serial,site,primary_ip4,custom_fields",
    "interfaces": "id,device,name,description,enabled,speed,custom_fields",
    "ips": "id,address,assigned_object_id",
    "plan": "id,name,data",
}


# NetBox object type (the change log's ``changed_object_type``) -> the list holding it
OBJECT_TYPES = {
    "dcim.region": "regions",
    "dcim.site": "sites",
    "ipam.vlan": "vlans",
    "ipam.prefix": "prefixes",
    "circuits.circuit": "circuits",
    "circuits.circuittermination": "terminations",
    "dcim.device": "devices",
    "dcim.interface": "interfaces",
    "ipam.ipaddress": "ips",
    "extras.configcontext": "plan",
}


def list_queries(
    *, sites: Sequence[str] = (), roles: Sequence[str] = (), regions: Sequence[str] = ()
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every list the inventory needs: name -> (REST path, query parameters), with the
    site/role/region filters NetBox applies and only the fields used."""
    tag = {"tag": s.MANAGED_TAG}
    where: dict[str, Any] = {}
    if sites:
        where["site"] = list(sites)
    if regions:
        where["region"] = list(regions)
    site_filter = {"slug": list(sites)} if sites else {}
    if regions:
        site_filter["region"] = list(regions)
    device_filter = {**where, **({"role": list(roles)} if roles else {})}
    wanted: dict[str, tuple[str, dict[str, Any]]] = {
        "regions": (s.REGIONS.path, dict(tag)),
        "sites": (s.SITES.path, {**tag, **site_filter}),
        "vlans": (s.VLANS.path, {**tag, **where}),
        "prefixes": (s.PREFIXES.path, {**tag, **where}),
        "circuits": (s.CIRCUITS.path, dict(tag)),
        "terminations": (s.TERMINATIONS.path, {}),
        "devices": (s.DEVICES.path, {**tag, **device_filter}),
        "interfaces": (s.INTERFACES.path, {**tag, **where}),
        "ips": (s.IP_ADDRESSES.path, dict(tag)),
        "plan": (s.CONFIG_CONTEXTS.path, {"name": s.PLAN_CONTEXT}),
    }
    return {
        name: (path, {**params, "fields": FIELDS[name]}) for name, (path, params) in wanted.items()
    }


def fetch(
    nb: NetBox,
    *,
    sites: Sequence[str] = (),
    roles: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> dict[str, list[dict[str, Any]]]:
    """Every record the inventory needs, filtered by NetBox (site, role, region slugs)."""
    queries = list_queries(sites=sites, roles=roles, regions=regions)
    return nb.get_many((name, path, params) for name, (path, params) in queries.items())


def _cf(record: Mapping[str, Any], name: str) -> Any:
    return (record.get("custom_fields") or {}).get(name)


def _order(record: Mapping[str, Any]) -> tuple[int, str]:
    return (_cf(record, "tbwan_order") or 0, str(record.get("name") or record.get("id")))


def _slug(nested: Mapping[str, Any] | None) -> str | None:
    return None if nested is None else str(nested["slug"])


def _value(choice: Any) -> Any:
    return choice["value"] if isinstance(choice, dict) else choice


def _interface(record: Mapping[str, Any], ips: Mapping[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": record["name"],
        "description": record.get("description") or None,
        "enabled": record["enabled"],
        "ipv4": ips.get(record["id"]),
        "speed_mbps": record["speed"] // 1000 if record.get("speed") else None,
    }
    for attr, cf in s.INTERFACE_CF.items():
        out[attr] = _cf(record, cf)
    out["dhcp"] = bool(out["dhcp"])
    out["vlans"] = tuple(out["vlans"] or ())
    return out


def inventory_from_records(records: Records) -> Inventory:
    """Rebuild the inventory from NetBox records (the JSON of the REST API)."""
    if not records.get("plan"):
        raise NetBoxError(
            f"NetBox has no config context {s.PLAN_CONTEXT!r}: run `tbwan netbox sync` first"
        )
    ips = {ip["assigned_object_id"]: ip["address"] for ip in records["ips"]}
    interfaces: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for itf in sorted(records["interfaces"], key=_order):
        interfaces[itf["device"]["id"]].append(_interface(itf, ips))
    by_site: dict[str, dict[int, list[dict[str, Any]]]] = {
        name: defaultdict(list) for name in ("devices", "vlans", "prefixes", "circuits")
    }
    for dev in sorted(records["devices"], key=_order):
        by_site["devices"][dev["site"]["id"]].append(
            {
                "name": dev["name"],
                "role": _slug(dev["role"]),
                "platform": _slug(dev["platform"]),
                "model": dev["device_type"]["model"],
                "serial": dev["serial"],
                "primary_ip": (dev.get("primary_ip4") or {}).get("address"),
                "interfaces": interfaces.get(dev["id"], []),
                "default_gateway": _cf(dev, "default_gateway"),
            }
        )
    for vlan in sorted(records["vlans"], key=_order):
        vlan_item = {"vid": vlan["vid"], "name": vlan["name"], "role": _slug(vlan["role"])}
        by_site["vlans"][vlan["site"]["id"]].append(vlan_item)
    for prefix in sorted(records["prefixes"], key=_order):
        by_site["prefixes"][prefix["scope_id"]].append(
            {
                "prefix": prefix["prefix"],
                "role": _slug(prefix["role"]),
                "vlan": (prefix.get("vlan") or {}).get("vid"),
                "description": prefix.get("description") or None,
            }
        )
    ends: dict[tuple[int, str], Mapping[str, Any]] = {
        (t["circuit"]["id"], t["term_side"]): t for t in records["terminations"]
    }
    for circuit in sorted(records["circuits"], key=_order):
        a, z = ends.get((circuit["id"], "A")), ends.get((circuit["id"], "Z"))
        if a is None or z is None:
            continue  # not a tbwan circuit (tbwan writes both ends)
        by_site["circuits"][a["termination_id"]].append(
            {
                "cid": circuit["cid"],
                "provider": _slug(circuit["provider"]),
                "media": _slug(circuit["type"]),
                "rate_kbps": circuit["commit_rate"],
                "termination_z": z["termination"]["slug"],
                "description": circuit.get("description") or None,
            }
        )
    sites = []
    for site in sorted(records["sites"], key=lambda r: str(r["slug"])):
        item: dict[str, Any] = {
            "slug": site["slug"],
            "kind": _slug(site["group"]),
            "region": _slug(site["region"]),
            "status": _value(site["status"]),
        }
        item.update({attr: _cf(site, cf) for attr, cf in s.SITE_CF.items()})
        item["name"] = item["name"] or site["name"]
        for name, grouped in by_site.items():
            item[name] = grouped.get(site["id"], [])
        sites.append(item)
    regions = [
        {
            "slug": r["slug"],
            "name": r["name"],
            "parent": _slug(r.get("parent")),
            "gso_code": _cf(r, "gso_code"),
        }
        for r in sorted(records["regions"], key=_order)
    ]
    try:
        return Inventory.model_validate(
            {"plan": records["plan"][0]["data"], "regions": regions, "sites": sites}
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise NetBoxError(
            f"NetBox data does not fit tbwan's inventory at {where}: {first['msg']} "
            f"({exc.error_count()} problems); fix it in NetBox or re-run `tbwan netbox sync`"
        ) from None


def load_from_netbox(
    nb: NetBox,
    *,
    sites: Sequence[str] = (),
    roles: Sequence[str] = (),
    regions: Sequence[str] = (),
) -> Inventory:
    """Fetch and rebuild the inventory (filters applied by NetBox)."""
    return inventory_from_records(fetch(nb, sites=sites, roles=roles, regions=regions))
