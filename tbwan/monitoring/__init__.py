"""Monitoring fed from the source of truth: Prometheus, Zabbix and LibreNMS files.

Pure generation: :func:`monitoring_files` turns :class:`MonitoredDevice` records (built
from the Nornir inventory by :func:`tbwan.runbooks.monitoring.monitored_devices`) into
file name -> text for one monitoring system. No secret is ever written: the SNMPv3
passphrases are referenced (environment variables, Zabbix secret macros).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from tbwan.monitoring.librenms import librenms_files
from tbwan.monitoring.model import MonitoredDevice, Probe, monitored_device, unique_probes
from tbwan.monitoring.prometheus import prometheus_files
from tbwan.monitoring.zabbix import zabbix_files


class Format(StrEnum):
    """The monitoring systems tbwan writes for."""

    PROMETHEUS = "prometheus"
    ZABBIX = "zabbix"
    LIBRENMS = "librenms"


def monitoring_files(
    devices: Sequence[MonitoredDevice], fmt: Format, *, snmp_user: str
) -> dict[str, str]:
    """Relative file name -> text for ``fmt``."""
    writer = {
        Format.PROMETHEUS: prometheus_files,
        Format.ZABBIX: zabbix_files,
        Format.LIBRENMS: librenms_files,
    }[fmt]
    return writer(devices, snmp_user=snmp_user)


__all__ = [
    "Format",
    "MonitoredDevice",
    "Probe",
    "monitored_device",
    "monitoring_files",
    "unique_probes",
]
