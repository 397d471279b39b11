"""Device records from what one device answered (NAPALM getters and its running config).

Pure. Links come from LLDP/CDP neighbours when the devices report them, else from the
point-to-point subnets two discovered interfaces share; both ends are filled either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from ipaddress import IPv4Interface
from typing import Any

from netutils.interface import canonical_interface_name
from pydantic import ValidationError

from tbwan.discover.ios_config import ConfigInterface, read_config
from tbwan.discover.rules import DiscoverRules
from tbwan.discover.targets import RowError, Target
from tbwan.inventory.models import Device, Interface, InterfaceMode, Role

_DEFAULT_VLANS = {1, 1002, 1003, 1004, 1005}


@dataclass(frozen=True)
class Collected:
    """What one target answered: NAPALM getter results and the running config."""

    target: Target
    facts: dict[str, Any]
    interfaces: dict[str, Any]
    interfaces_ip: dict[str, Any]
    vlans: dict[str, Any]
    lldp: dict[str, list[dict[str, Any]]] | None
    config: str


@dataclass(frozen=True)
class Discovered:
    """One discovered device, ready to be merged into its site."""

    row: int
    address: str
    site: str
    hostname: str
    device: Device
    vlans: dict[int, str]
    location: str | None
    notes: tuple[str, ...] = field(default=())


def _role(
    target: Target,
    name: str,
    model: str,
    ifs: Sequence[ConfigInterface],
    rules: DiscoverRules,
) -> Role:
    if target.role is not None:
        return target.role
    by_name = rules.role_by_name(name)
    if by_name is not None:
        return by_name
    if any(model.startswith(m) for m in rules.commune_models):
        return Role.COMMUNE_ROUTER
    if len({i.ospf_area for i in ifs if i.ospf_area is not None}) > 1:
        return Role.HUB_ROUTER
    if any(i.mode is InterfaceMode.TUNNEL for i in ifs):
        return Role.BACKUP_ROUTER
    return Role.CE_ROUTER


def _site(target: Target, name: str, location: str | None, rules: DiscoverRules) -> str | None:
    for source in rules.site_from:
        if source == "csv" and target.site:
            return target.site
        if source == "location" and location:
            found = rules.site_from_location(location)
            if found:
                return found
        if source == "hostname":
            found = rules.site_from_hostname(name)
            if found:
                return found
    return None


def _primary(target: Target, interfaces: Sequence[Interface]) -> IPv4Interface | None:
    addressed = [i for i in interfaces if i.ipv4 is not None]
    for i in addressed:
        if str(i.ipv4.ip) == target.host:  # type: ignore[union-attr]
            return i.ipv4
    for kind in (InterfaceMode.LOOPBACK, InterfaceMode.SVI):
        for i in addressed:
            if i.mode is kind:
                return i.ipv4
    return addressed[0].ipv4 if addressed else None


def _getter_ipv4(data: dict[str, Any], name: str) -> set[str]:
    return {f"{a}/{v['prefix_length']}" for a, v in data.get(name, {}).get("ipv4", {}).items()}


def build_device(c: Collected, rules: DiscoverRules) -> Discovered:
    """The records of one device (peers not yet filled: see :func:`link`).

    Raises:
        ValueError: The device's answers do not make a valid record (message says why).
    """
    cfg = read_config(c.config)
    hostname = str(c.facts.get("hostname") or "")
    if not hostname:
        raise ValueError("the device reported no hostname")
    name = rules.device_name(hostname)
    site = _site(c.target, name, cfg.location, rules)
    if site is None:
        raise ValueError(
            f"no site for {hostname!r}: give the CSV column site, or adapt the rules' "
            "location_pattern / hostname_pattern"
        )
    model = str(c.facts.get("model") or "")
    interfaces: list[Interface] = []
    notes: list[str] = []
    for ci in cfg.interfaces:
        got = c.interfaces.get(ci.name, {})
        # NAPALM's description when it reports the interface, else the config's
        description = str(got.get("description") or "").strip() or None if got else ci.description
        ipv4 = ci.ipv4
        getter = _getter_ipv4(c.interfaces_ip, ci.name)
        if ipv4 is not None and getter and str(ipv4) not in getter:
            notes.append(f"{ci.name}: config has {ipv4}, the device reports {sorted(getter)}")
        interfaces.append(
            Interface(
                name=ci.name,
                mode=ci.mode,
                description=description,
                enabled=bool(got.get("is_enabled", ci.enabled)),
                ipv4=ipv4,
                unnumbered=ci.unnumbered,
                dhcp=ci.dhcp,
                vlan=ci.vlan,
                vlans=ci.vlans,
                speed_mbps=ci.speed_mbps,
                circuit=rules.circuit(description),
                ospf_area=ci.ospf_area,
                shape_kbps=ci.shape_kbps,
                tunnel_destination=ci.tunnel_destination,
                tunnel_source=ci.tunnel_source,
                hsrp_vip=ci.hsrp_vip,
                hsrp_priority=ci.hsrp_priority,
                zone=ci.zone,
            )
        )
    primary = _primary(c.target, interfaces)
    if primary is None:
        raise ValueError(f"{hostname}: no interface has an IPv4 address")
    vlans = {int(v): str(d.get("name") or "") for v, d in c.vlans.items() if str(v).isdigit()}
    vlans.update(cfg.vlans)
    try:
        device = Device(
            name=name,
            role=_role(c.target, name, model, cfg.interfaces, rules),
            platform=c.target.platform,
            model=model,
            serial=str(c.facts.get("serial_number") or ""),
            primary_ip=primary,
            interfaces=tuple(interfaces),
            default_gateway=cfg.default_gateway,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ValueError(f"{hostname}: field {where}: {err['msg']}") from None
    return Discovered(
        row=c.target.row,
        address=c.target.address,
        site=site,
        hostname=hostname,
        device=device,
        vlans={v: n for v, n in vlans.items() if v not in _DEFAULT_VLANS},
        location=cfg.location,
        notes=tuple(notes),
    )


def dedupe(found: Sequence[Discovered]) -> tuple[list[Discovered], list[RowError]]:
    """Drop a device seen twice (same serial and name) or a serial two devices claim."""
    kept: dict[str, Discovered] = {}
    errors: list[RowError] = []
    names: dict[str, Discovered] = {}
    for d in found:
        first = kept.get(d.device.serial)
        if first is not None and first.device.name == d.device.name:
            errors.append(
                RowError(
                    d.row,
                    d.address,
                    f"same device as row {first.row} ({first.address}, "
                    f"serial {d.device.serial}): recorded once",
                )
            )
        elif first is not None:
            errors.append(
                RowError(
                    d.row,
                    d.address,
                    f"serial {d.device.serial} of {d.device.name} is also "
                    f"the serial of {first.device.name} (row {first.row}): check both "
                    "devices; this one is not imported",
                )
            )
        elif d.device.name in names:
            other = names[d.device.name]
            errors.append(
                RowError(
                    d.row,
                    d.address,
                    f"host name {d.device.name} is also the name of row "
                    f"{other.row} ({other.address}, another serial): rename one device",
                )
            )
        else:
            kept[d.device.serial] = d
            names[d.device.name] = d
    return list(kept.values()), errors


def _port(name: str, ports: dict[str, str]) -> str | None:
    """The device's own name for ``name`` (``Vl10``, ``VLAN10`` -> ``Vlan10``), if it has it."""
    return ports.get(canonical_interface_name(name).lower())


def _lldp_peer(
    entry: dict[str, Any], rules: DiscoverRules, ports: dict[str, dict[str, str]]
) -> tuple[str, str] | None:
    system = str(entry.get("remote_system_name") or entry.get("hostname") or "").split(".")[0]
    name = rules.device_name(system) if system else ""
    port = _port(str(entry.get("remote_port") or entry.get("port") or ""), ports.get(name, {}))
    return (name, port) if port else None


def link(
    found: Sequence[Discovered],
    lldp: dict[str, dict[str, list[dict[str, Any]]] | None],
    rules: DiscoverRules,
) -> list[Discovered]:
    """Fill ``peer_device``/``peer_interface`` on both ends of every link found.

    Point-to-point subnets two discovered interfaces share come first: they name the
    exact (sub)interfaces. LLDP/CDP (``lldp``: device name -> neighbours, None when it
    reports none) adds the links between devices not already linked, such as a trunk to
    a switch; over a carrier the neighbour is seen on the physical port, while the link
    is a subinterface's.
    """
    ends: dict[tuple[str, str], tuple[str, str]] = {}
    subnets: dict[object, list[tuple[str, str]]] = {}
    for d in found:
        for i in d.device.interfaces:
            if i.ipv4 is not None and i.ipv4.network.prefixlen in (30, 31):
                subnets.setdefault(i.ipv4.network, []).append((d.device.name, i.name))
    for pair in subnets.values():
        if len(pair) == 2:
            ends[pair[0]], ends[pair[1]] = pair[1], pair[0]
    linked = {frozenset((a[0], b[0])) for a, b in ends.items()}
    ports = {
        d.device.name: {
            canonical_interface_name(i.name).lower(): i.name for i in d.device.interfaces
        }
        for d in found
    }
    unseen: dict[str, list[str]] = {}
    for d in found:
        for local, entries in (lldp.get(d.device.name) or {}).items():
            local_name = _port(local, ports[d.device.name])
            for entry in entries:
                peer = _lldp_peer(entry, rules, ports)
                if peer is None and local_name:
                    system = str(entry.get("remote_system_name") or "?").split(".")[0]
                    unseen.setdefault(d.device.name, []).append(f"{local_name} ({system})")
                    continue
                here = (d.device.name, local_name) if local_name else None
                if peer is None or here is None or frozenset((here[0], peer[0])) in linked:
                    continue
                if here not in ends and peer not in ends:
                    ends[here], ends[peer] = peer, here
    out: list[Discovered] = []
    for d in found:
        ifs = tuple(
            i.model_copy(
                update={
                    "peer_device": ends[(d.device.name, i.name)][0],
                    "peer_interface": ends[(d.device.name, i.name)][1],
                }
            )
            if (d.device.name, i.name) in ends
            else i
            for i in d.device.interfaces
        )
        notes = d.notes
        if d.device.name in unseen:
            far = ", ".join(unseen[d.device.name][:5])
            notes = (*notes, f"LLDP/CDP neighbours not discovered (no link recorded): {far}")
        out.append(replace(d, device=d.device.model_copy(update={"interfaces": ifs}), notes=notes))
    return out
