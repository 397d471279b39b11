"""The Junos operational replies of a lab SRX, from the network model.

:func:`rpc_reply` answers the RPCs NAPALM's ``junos`` getters and PyEZ tables send
(``get-interface-information``, ``get-lldp-neighbors-information``,
``get-arp-table-information``, ``get-route-information``,
``get-ospf-neighbor-information``, ``get-ospf-interface-information``,
``get-ike-security-associations-information``,
``get-security-associations-information``, ``ping`` and ``traceroute``, also as
``<command>ping ...</command>``); :func:`cli_text` the CLI text of the same state in the
layout ntc-templates' ``juniper_junos`` templates parse. Both return None for what they
do not know, so the caller can answer the rest. The XML is built in
:mod:`~tbwan.lab.network.junos_xml` and :mod:`~tbwan.lab.network.junos_probe`.

``state`` is the lab device's state: ``device.name``, ``network`` (the lab's
:class:`~tbwan.lab.network.model.Network`, or None without cabling) and ``running_set()``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from tbwan.lab.network.junos_probe import ping_results, probe_command, traceroute_results
from tbwan.lab.network.junos_vpn import (
    ike_security_associations,
    ike_text,
    ipsec_security_associations,
    ipsec_text,
)
from tbwan.lab.network.junos_xml import (
    arp_table,
    interface_information,
    lldp_neighbors,
    ospf_interfaces,
    ospf_neighbors,
    route_information,
)


def rpc_reply(state: Any, rpc: etree._Element) -> etree._Element | None:
    """The reply element to one RPC (without ``<rpc-reply>``), None when not an operational
    RPC of this module."""
    tag = etree.QName(rpc).localname
    arg = {etree.QName(c).localname: (c.text or "").strip() for c in rpc}
    if tag == "get-interface-information":
        pattern = arg.get("interface-name") or "*"
        return interface_information(state, pattern, "terse" in arg)
    if tag == "get-lldp-neighbors-information":
        return lldp_neighbors(state)
    if tag in ("get-lldp-interface-neighbors", "get-lldp-interface-neighbors-information"):
        return lldp_neighbors(state, arg.get("interface-device") or arg.get("interface-name"))
    if tag == "get-arp-table-information":
        return arp_table(state)
    if tag == "get-route-information":
        return route_information(state, arg.get("destination", ""), arg.get("protocol", ""))
    if tag == "get-ospf-neighbor-information":
        return ospf_neighbors(state)
    if tag == "get-ospf-interface-information":
        return ospf_interfaces(state)
    if tag == "get-ike-security-associations-information":
        return ike_security_associations(state)
    if tag == "get-security-associations-information":
        return ipsec_security_associations(state)
    if tag == "traceroute":
        return traceroute_results(state, arg.get("host", ""), arg.get("source"))
    if tag == "ping":
        count = int(arg["count"]) if arg.get("count", "").isdigit() else 5
        return ping_results(state, arg.get("host", ""), count, arg.get("source"))
    if tag == "command" and (rpc.text or "").strip().startswith(("ping ", "traceroute ")):
        return probe_command(state, (rpc.text or "").strip())
    return None


def cli_text(state: Any, command: str) -> str | None:
    """The CLI output of an operational command, None when not one of this module's."""
    words = command.split("|", maxsplit=1)[0].split()
    if words[:4] == ["show", "security", "ike", "security-associations"]:
        return ike_text(state)
    if words[:4] == ["show", "security", "ipsec", "security-associations"]:
        return ipsec_text(state)
    if words[:3] == ["show", "ospf", "neighbor"]:
        return _ospf_text(state)
    if words[:3] == ["show", "ospf", "interface"]:
        return _ospf_interface_text(state)
    if words[:3] == ["show", "interfaces", "terse"]:
        return _terse_text(state)
    if words[:3] == ["show", "lldp", "neighbors"]:
        return _lldp_text(state)
    if words[:2] == ["show", "arp"]:
        return _arp_text(state)
    if words[:2] == ["show", "route"] and words[2:3] != ["summary"]:
        return _route_text(state, words[2] if len(words) > 2 else "")
    return None


def _ospf_text(state: Any) -> str:
    lines = ["Address          Interface              State           ID               Pri  Dead"]
    for n in ospf_neighbors(state):
        lines.append(
            f"{n.findtext('neighbor-address'):<17}{n.findtext('interface-name'):<23}"
            f"{n.findtext('ospf-neighbor-state'):<16}{n.findtext('neighbor-id'):<17}"
            f"{n.findtext('neighbor-priority'):>3}  {n.findtext('activity-timer'):>3}"
        )
    return "\n".join(lines) + "\n"


def _ospf_interface_text(state: Any) -> str:
    lines = ["Interface           State   Area            DR ID           BDR ID          Nbrs"]
    for i in ospf_interfaces(state):
        lines.append(
            f"{i.findtext('interface-name'):<20}{i.findtext('ospf-interface-state'):<8}"
            f"{i.findtext('ospf-area'):<16}{i.findtext('dr-id'):<16}{i.findtext('bdr-id'):<16}"
            f"{i.findtext('neighbor-count'):>4}"
        )
    return "\n".join(lines) + "\n"


def _terse_text(state: Any) -> str:
    lines = ["Interface               Admin Link Proto    Local                 Remote"]
    for p in interface_information(state, "*", terse=True):
        lines.append(
            f"{p.findtext('name'):<24}{p.findtext('admin-status'):<6}{p.findtext('oper-status')}"
        )
        for u in p.iter("logical-interface"):
            admin = "up" if u.find("if-config-flags/iff-up") is not None else "down"
            local = u.findtext("address-family/interface-address/ifa-local") or ""
            link = u.findtext("oper-status") or "down"
            proto = "inet" if local else ""
            lines.append(f"{u.findtext('name'):<24}{admin:<6}{link:<5}{proto:<9}{local}")
    return "\n".join(lines) + "\n"


def _lldp_text(state: Any) -> str:
    lines = [
        "Local Interface    Parent Interface    Chassis Id          Port info          System Name"
    ]
    for n in lldp_neighbors(state):
        lines.append(
            f"{n.findtext('lldp-local-port-id'):<19}{'-':<20}"
            f"{n.findtext('lldp-remote-chassis-id'):<20}{n.findtext('lldp-remote-port-id'):<18} "
            f"{n.findtext('lldp-remote-system-name')}"
        )
    return "\n".join(lines) + "\n\n"


def _arp_text(state: Any) -> str:
    rows = arp_table(state).findall("arp-table-entry")
    lines = ["MAC Address       Address         Interface                Flags"]
    for e in rows:
        lines.append(
            f"{e.findtext('mac-address')} {e.findtext('ip-address'):<15} "
            f"{e.findtext('interface-name'):<24} none"
        )
    lines.append(f"Total entries: {len(rows)}")
    return "\n".join(lines) + "\n"


def _route_text(state: Any, destination: str) -> str:
    table = route_information(state, destination).find("route-table")
    assert table is not None
    n = len(table.findall("rt"))
    lines = [
        f"\ninet.0: {n} destinations, {n} routes ({n} active, 0 holddown, 0 hidden)",
        "+ = Active Route, - = Last Active, * = Both",
        "",
    ]
    for rt in table.findall("rt"):
        e = rt.find("rt-entry")
        assert e is not None
        head = f"{rt.findtext('rt-destination')}/{rt.findtext('rt-prefix-length')}"
        proto = f"*[{e.findtext('protocol-name')}/{e.findtext('preference')}] 1w0d 00:00:00"
        metric = f", metric {e.findtext('metric')}" if e.findtext("protocol-name") == "OSPF" else ""
        for k, hop in enumerate(e.findall("nh")):
            to = hop.findtext("to")
            via = f"> to {to} via {hop.findtext('via')}" if to else f"> via {hop.findtext('via')}"
            if k == 0:
                lines.append(f"{head:<19}{proto}{metric}")
            lines.append(f"{'':<22}{via}")
    return "\n".join(lines) + "\n"
