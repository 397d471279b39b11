"""Zabbix host import (YAML, the format of Configuration -> Hosts -> Import). Pure.

One host group per district (``TBWAN/<district>``), one host per device with an SNMPv3
interface at its management address, the template ``Cisco IOS by SNMP``, tags and host
macros (site, circuit, medium, contracted rate, WAN port). The SNMPv3 passphrases are the
macros ``{$TBWAN.SNMP.AUTH}`` and ``{$TBWAN.SNMP.PRIV}``, to be defined once in Zabbix as
global secret macros: no secret value is in the file.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import yaml

from tbwan.monitoring.model import MonitoredDevice

ZABBIX_VERSION = "6.4"
TEMPLATE = "Cisco IOS by SNMP"
_NAMESPACE = uuid.UUID("6f1d3b1e-34a0-4c3e-9a57-7462776e0000")


def _uuid(kind: str, name: str) -> str:
    """A stable UUID (hex, as Zabbix writes them) for an object, so reimports update it."""
    return uuid.uuid5(_NAMESPACE, f"{kind}/{name}").hex


def group_name(device: MonitoredDevice) -> str:
    """The host group of a device: its district."""
    return f"TBWAN/{device.district}"


def _host(d: MonitoredDevice, snmp_user: str) -> dict[str, Any]:
    macros = {
        "{$TBWAN.SITE}": d.site,
        "{$TBWAN.CIRCUIT}": d.circuit,
        "{$TBWAN.MEDIUM}": d.medium,
        "{$TBWAN.RATE_KBPS}": str(d.rate_kbps),
        "{$TBWAN.WAN_IF}": d.wan_interface,
    }
    return {
        "host": d.name,
        "name": d.name,
        "templates": [{"name": TEMPLATE}],
        "groups": [{"name": group_name(d)}],
        "interfaces": [
            {
                "type": "SNMP",
                "ip": d.address,
                "port": "161",
                "details": {
                    "version": "SNMPV3",
                    "securityname": snmp_user,
                    "securitylevel": "AUTHPRIV",
                    "authprotocol": "SHA1",
                    "authpassphrase": "{$TBWAN.SNMP.AUTH}",
                    "privprotocol": "AES128",
                    "privpassphrase": "{$TBWAN.SNMP.PRIV}",
                },
                "interface_ref": "if1",
            }
        ],
        "tags": [
            {"tag": "site", "value": d.site},
            {"tag": "district", "value": d.district},
            {"tag": "role", "value": d.role},
        ],
        "macros": [{"macro": k, "value": v} for k, v in macros.items() if v],
        "inventory_mode": "DISABLED",
    }


def zabbix_export(devices: Sequence[MonitoredDevice], *, snmp_user: str) -> dict[str, Any]:
    """The whole import document."""
    ordered = sorted(devices, key=lambda d: d.name)
    groups = sorted({group_name(d) for d in ordered})
    return {
        "zabbix_export": {
            "version": ZABBIX_VERSION,
            "host_groups": [{"uuid": _uuid("group", g), "name": g} for g in groups],
            "hosts": [_host(d, snmp_user) for d in ordered],
        }
    }


def zabbix_files(devices: Sequence[MonitoredDevice], *, snmp_user: str) -> dict[str, str]:
    """``tbwan-hosts.yaml``."""
    doc = zabbix_export(devices, snmp_user=snmp_user)
    return {
        "tbwan-hosts.yaml": yaml.safe_dump(
            doc, sort_keys=False, allow_unicode=True, default_flow_style=False
        )
    }
