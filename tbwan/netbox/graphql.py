"""The full read through NetBox's GraphQL API, shaped as the REST records ``reader`` uses.

Measured on 2,000 devices (BENCHMARKS.md): NetBox serves the same lists about twice as
fast through ``/graphql/`` as through REST with ``fields=`` (its REST serializers cost
more per record; custom fields are not the cause). NetBox caps GraphQL lists at 1000
records per request too, so each list is read
in pages of 1000, all pages of all lists in parallel; the page counts come from one cheap
REST count per list.

Only loads without a region filter come here: REST's ``region`` filter includes child
regions, which GraphQL's nested filters cannot say in one query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tbwan.errors import NetBoxError
from tbwan.netbox import schema as s
from tbwan.netbox.client import PAGE, NetBox
from tbwan.netbox.reader import list_queries

Record = dict[str, Any]

# list -> (GraphQL list field, selection)
_SELECT: dict[str, tuple[str, str]] = {
    "regions": (
        "region_list",
        "id slug name parent { id slug } custom_field_data tags { id slug }",
    ),
    "sites": (
        "site_list",
        "id slug name status region { id slug } group { id slug } custom_field_data",
    ),
    "vlans": ("vlan_list", "id site { id } vid name role { id slug } custom_field_data"),
    "prefixes": (
        "prefix_list",
        "id prefix scope { __typename ... on SiteType { id } } role { id slug } "
        "vlan { id vid } description custom_field_data",
    ),
    "circuits": (
        "circuit_list",
        "id cid provider { id slug } type { id slug } commit_rate description custom_field_data",
    ),
    "terminations": (
        "circuit_termination_list",
        "id circuit { id } term_side termination { __typename ... on SiteType { id slug } }",
    ),
    "devices": (
        "device_list",
        "id name role { id slug } platform { id slug } device_type { id model } serial "
        "site { id } primary_ip4 { id address } custom_field_data",
    ),
    "interfaces": (
        "interface_list",
        "id device { id } name description enabled speed custom_field_data",
    ),
    "ips": (
        "ip_address_list",
        "id address assigned_object { __typename ... on InterfaceType { id } }",
    ),
    "plan": ("config_context_list", "id name data"),
}


def _in(values: Sequence[str]) -> str:
    """A GraphQL list of string literals (JSON strings are valid GraphQL strings).

    >>> print(_in(["tb-sonv", 'a"b']))
    ["tb-sonv", "a\\"b"]
    """
    return "[" + ", ".join(json.dumps(str(v)) for v in values) + "]"


def _filters(name: str, sites: Sequence[str], roles: Sequence[str]) -> str:
    """The GraphQL ``filters`` argument matching ``reader.list_queries`` (no regions)."""
    parts: list[str] = []
    if name not in ("terminations", "plan"):
        parts.append(f'tags: {{slug: {{exact: "{s.MANAGED_TAG}"}}}}')
    if name == "plan":
        parts.append(f'name: {{exact: "{s.PLAN_CONTEXT}"}}')
    if sites and name == "sites":
        parts.append(f"slug: {{in_list: {_in(sites)}}}")
    if sites and name in ("vlans", "prefixes", "devices"):
        parts.append(f"site: {{slug: {{in_list: {_in(sites)}}}}}")
    if sites and name == "interfaces":
        parts.append(f"device: {{site: {{slug: {{in_list: {_in(sites)}}}}}}}")
    if roles and name == "devices":
        parts.append(f"role: {{slug: {{in_list: {_in(roles)}}}}}")
    return "{" + ", ".join(parts) + "}"


def _int_ids(value: Any) -> Any:
    """GraphQL gives ids as strings; REST (and the reader) as ints."""
    if isinstance(value, dict):
        return {
            k: (int(v) if k == "id" and v is not None else _int_ids(v)) for k, v in value.items()
        }
    return value


def _custom_fields(record: Record) -> Record:
    record["custom_fields"] = record.pop("custom_field_data", None) or {}
    return record


def _prefix(record: Record) -> Record:
    scope = record.pop("scope")
    record["scope_id"] = scope["id"] if scope and scope["__typename"] == "SiteType" else None
    return record


def _termination(record: Record) -> Record:
    far = record.get("termination") or {}
    is_site = far.get("__typename") == "SiteType"
    record["termination_type"] = "dcim.site" if is_site else None
    record["termination_id"] = far["id"] if is_site else None
    return record


def _ip(record: Record) -> Record:
    assigned = record.pop("assigned_object")
    record["assigned_object_id"] = assigned["id"] if assigned else None
    return record


_SHAPE: dict[str, Callable[[Record], Record]] = {
    "prefixes": lambda r: _custom_fields(_prefix(r)),
    "terminations": _termination,
    "ips": _ip,
    "plan": lambda r: r,
}


def shape(name: str, record: Record) -> Record:
    """A GraphQL record as the REST record ``reader.inventory_from_records`` reads."""
    out = _int_ids(record)
    return _SHAPE.get(name, _custom_fields)(out)


def query(name: str, *, offset: int, sites: Sequence[str] = (), roles: Sequence[str] = ()) -> str:
    """One page of one list."""
    field, selection = _SELECT[name]
    args = (
        f"filters: {_filters(name, sites, roles)}, pagination: {{offset: {offset}, limit: {PAGE}}}"
    )
    return f"{{ {field}({args}) {{ {selection} }} }}"


def _page(nb: NetBox, name: str, text: str) -> list[Record]:
    body = nb.post_json("/graphql/", {"query": text})
    if body.get("errors"):
        raise NetBoxError(f"NetBox GraphQL refused the {name} query: {body['errors'][0]}"[:500])
    field = _SELECT[name][0]
    return [shape(name, r) for r in body["data"][field]]


def fetch_graphql(
    nb: NetBox, *, sites: Sequence[str] = (), roles: Sequence[str] = ()
) -> dict[str, list[Record]]:
    """Every list ``reader.fetch`` reads, through GraphQL (filters: sites and roles)."""
    rest = list_queries(sites=sites, roles=roles)
    names = list(_SELECT)

    def count(name: str) -> int:
        path, params = rest[name]
        return int(nb.get_count(path, {k: v for k, v in params.items() if k != "fields"}))

    with ThreadPoolExecutor(nb.workers) as pool:
        counts = dict(zip(names, pool.map(count, names), strict=True))
        pages = [(n, o) for n in names for o in range(0, max(counts[n], 1), PAGE)]
        got = pool.map(
            lambda p: (p[0], _page(nb, p[0], query(p[0], offset=p[1], sites=sites, roles=roles))),
            pages,
        )
        out: dict[str, list[Record]] = {n: [] for n in names}
        for name, records in got:
            out[name].extend(records)
    for name in names:
        if len(out[name]) != counts[name]:  # a write landed between count and pages
            path, params = rest[name]
            out[name] = nb.get_all(path, params)
    return out
