"""Prometheus files from the source of truth. Pure: returns file name -> text.

- ``targets/tbwan-snmp.json``: ``file_sd`` targets for snmp_exporter (module ``if_mib``,
  auth ``tbwan_v3``), one per device at its management address.
- ``targets/tbwan-icmp.json``: ``file_sd`` targets for blackbox_exporter (module
  ``icmp``), one per loopback and LAN gateway address (a switch: its management address).
- ``snmp-auth.yml``: the snmp_exporter ``auths`` entry; the passphrases are
  ``${TBWAN_SNMP_AUTH}`` / ``${TBWAN_SNMP_PRIV}``, expanded by snmp_exporter itself
  (``--config.expand-environment-variables``), never written here.
- ``prometheus.yml``: the scrape jobs and the rule file, to include or copy from.
- ``tbwan-rules.yml``: alert rules (WAN port down, WAN port over 80 % of the circuit's
  contracted rate, device unreachable, tbwan audit or verify failed).
- ``tbwan_circuits.prom``: ``tbwan_circuit_rate_bps{host,ifDescr,...}`` for node_exporter's
  textfile collector: the contracted rate as a number the utilisation rule divides by.

Every file is sorted and stable: the same source of truth gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import yaml

from tbwan.monitoring.model import LOOPBACK, MANAGEMENT, MonitoredDevice, unique_probes

SNMP_JOB = "tbwan-snmp"
ICMP_JOB = "tbwan-icmp"
AUTH_NAME = "tbwan_v3"
SNMP_EXPORTER = "127.0.0.1:9116"
BLACKBOX_EXPORTER = "127.0.0.1:9115"
UTILISATION = 0.8
_DUMP: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False}


def snmp_targets(devices: Sequence[MonitoredDevice]) -> list[dict[str, Any]]:
    """One ``file_sd`` entry per device (management address, device labels)."""
    return [
        {"targets": [d.address], "labels": d.labels()}
        for d in sorted(devices, key=lambda d: d.name)
    ]


def icmp_targets(devices: Sequence[MonitoredDevice]) -> list[dict[str, Any]]:
    """One ``file_sd`` entry per loopback and LAN gateway address (each address once)."""
    return [
        {
            "targets": [probe.address],
            "labels": {**device.labels(), "kind": probe.kind, "interface": probe.interface},
        }
        for probe, device in unique_probes(devices)
    ]


def snmp_auth(user: str) -> dict[str, Any]:
    """The snmp_exporter ``auths`` entry for the SNMPv3 user (secrets by reference)."""
    return {
        "auths": {
            AUTH_NAME: {
                "version": 3,
                "username": user,
                "security_level": "authPriv",
                "auth_protocol": "SHA",
                "password": "${TBWAN_SNMP_AUTH}",
                "priv_protocol": "AES",
                "priv_password": "${TBWAN_SNMP_PRIV}",
            }
        }
    }


def _exporter_job(name: str, path: str, params: dict[str, list[str]], exporter: str) -> Any:
    return {
        "job_name": name,
        "metrics_path": path,
        "params": params,
        "file_sd_configs": [{"files": [f"targets/{name}.json"]}],
        "relabel_configs": [
            {"source_labels": ["__address__"], "target_label": "__param_target"},
            {"source_labels": ["__param_target"], "target_label": "instance"},
            {"target_label": "__address__", "replacement": exporter},
        ],
    }


def scrape_config() -> dict[str, Any]:
    """A ``prometheus.yml`` with tbwan's two jobs and rule file."""
    return {
        "global": {"scrape_interval": "1m", "evaluation_interval": "1m"},
        "rule_files": ["tbwan-rules.yml"],
        "scrape_configs": [
            _exporter_job(
                SNMP_JOB, "/snmp", {"module": ["if_mib"], "auth": [AUTH_NAME]}, SNMP_EXPORTER
            ),
            _exporter_job(ICMP_JOB, "/probe", {"module": ["icmp"]}, BLACKBOX_EXPORTER),
        ],
    }


def _alert(name: str, expr: str, duration: str, severity: str, summary: str) -> dict[str, Any]:
    return {
        "alert": name,
        "expr": expr,
        "for": duration,
        "labels": {"severity": severity},
        "annotations": {"summary": summary},
    }


def alert_rules() -> dict[str, Any]:
    """The alert rules (WAN ports are those ``tbwan_circuit_rate_bps`` names)."""
    # the snmp series carry the device's labels (circuit, site, ...) from the targets file
    util = f"on(host, ifDescr) group_left() ({UTILISATION} * tbwan_circuit_rate_bps)"
    return {
        "groups": [
            {
                "name": "tbwan-wan",
                "rules": [
                    _alert(
                        "TbwanWanPortDown",
                        f'ifOperStatus{{job="{SNMP_JOB}"}} != 1'
                        " and on(host, ifDescr) tbwan_circuit_rate_bps",
                        "5m",
                        "critical",
                        "{{ $labels.host }} WAN port {{ $labels.ifDescr }} "
                        "(circuit {{ $labels.circuit }}) is down",
                    ),
                    _alert(
                        "TbwanWanUtilisationHigh",
                        f'rate(ifHCInOctets{{job="{SNMP_JOB}"}}[5m]) * 8 > {util}'
                        f' or rate(ifHCOutOctets{{job="{SNMP_JOB}"}}[5m]) * 8 > {util}',
                        "15m",
                        "warning",
                        "{{ $labels.host }} {{ $labels.ifDescr }} above 80 % of circuit "
                        "{{ $labels.circuit }}'s contracted rate",
                    ),
                    _alert(
                        "TbwanDeviceUnreachable",
                        f'probe_success{{job="{ICMP_JOB}", kind=~"{LOOPBACK}|{MANAGEMENT}"}} == 0',
                        "5m",
                        "critical",
                        "{{ $labels.host }} ({{ $labels.site }}) does not answer ping",
                    ),
                    _alert(
                        "TbwanSnmpPollFailed",
                        f'up{{job="{SNMP_JOB}"}} == 0',
                        "15m",
                        "warning",
                        "{{ $labels.host }} cannot be polled over SNMPv3",
                    ),
                ],
            },
            {
                "name": "tbwan-automation",
                "rules": [
                    _alert(
                        "TbwanAuditFailed",
                        "tbwan_audit_success == 0",
                        "0m",
                        "warning",
                        "the last tbwan audit found drift or could not audit every host",
                    ),
                    _alert(
                        "TbwanVerifyFailed",
                        "tbwan_verify_success == 0",
                        "0m",
                        "warning",
                        "the last tbwan verification failed",
                    ),
                ],
            },
        ]
    }


def _label_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def circuits_textfile(devices: Sequence[MonitoredDevice]) -> str:
    """``tbwan_circuit_rate_bps`` per WAN port (node_exporter textfile format)."""
    lines = [
        "# HELP tbwan_circuit_rate_bps Contracted rate of the circuit on a WAN port (bit/s).",
        "# TYPE tbwan_circuit_rate_bps gauge",
    ]
    for d in sorted(devices, key=lambda d: d.name):
        if not d.wan_interface or not d.rate_kbps:
            continue
        labels = {
            "host": d.name,
            "ifDescr": d.wan_interface,
            "circuit": d.circuit,
            "medium": d.medium,
            "site": d.site,
        }
        text = ",".join(f'{k}="{_label_text(v)}"' for k, v in labels.items())
        lines.append(f"tbwan_circuit_rate_bps{{{text}}} {d.rate_kbps * 1000}")
    return "\n".join(lines) + "\n"


def prometheus_files(devices: Sequence[MonitoredDevice], *, snmp_user: str) -> dict[str, str]:
    """Every Prometheus file, name -> text."""
    return {
        f"targets/{SNMP_JOB}.json": json.dumps(snmp_targets(devices), indent=2, ensure_ascii=False)
        + "\n",
        f"targets/{ICMP_JOB}.json": json.dumps(icmp_targets(devices), indent=2, ensure_ascii=False)
        + "\n",
        "snmp-auth.yml": yaml.safe_dump(snmp_auth(snmp_user), **_DUMP),
        "prometheus.yml": yaml.safe_dump(scrape_config(), **_DUMP),
        "tbwan-rules.yml": yaml.safe_dump(alert_rules(), **_DUMP),
        "tbwan_circuits.prom": circuits_textfile(devices),
    }
