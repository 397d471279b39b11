"""A small audit report with every status and hostile characters in names and lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tbwan.diff import diff_configs
from tbwan.platforms import IOS
from tbwan.report import AuditReport, HostAudit, HostStatus, audited, build_report

T0 = datetime(2025, 3, 3, 2, 0, 0, tzinfo=UTC)
INTENDED = """\
hostname tb-r2
snmp-server community Tb!Ro2024 RO 10
interface GigabitEthernet0/1
 description LAN <staff> & "guests"
ntp server 10.34.0.10
"""
RUNNING = """\
hostname tb-r2
snmp-server community Tb!Ro2024 RO 10
interface GigabitEthernet0/1
 description LAN <script>alert(1)</script>
ip route 8.8.8.8 255.255.255.255 10.34.160.41
"""


def _times(i: int) -> dict[str, datetime]:
    return {"started": T0 + timedelta(seconds=i), "finished": T0 + timedelta(seconds=i + 2)}


@pytest.fixture
def report() -> AuditReport:
    hosts = [
        audited(
            diff_configs("tb-vuthu-r1", INTENDED, INTENDED, platform=IOS),
            site="UBND huyện Vũ Thư",
            region="Vũ Thư",
            role="ce-router",
            **_times(0),
        ),
        audited(
            diff_configs('tb-r2<&"x', INTENDED, RUNNING, platform=IOS),
            site="UBND huyện Vũ Thư",
            region="Vũ Thư",
            role="ce-router",
            **_times(1),
        ),
        HostAudit(
            host="tb-tp-sw1",
            site='Sở "TT&TT"',
            region="Thành phố Thái Bình",
            role="access-switch",
            status=HostStatus.UNREACHABLE,
            error="TCP timeout after 10 s <10.34.0.9>\nsecond line \\ end",
            **_times(2),
        ),
        HostAudit(
            host="tb-tp-r1",
            site='Sở "TT&TT"',
            region="Thành phố Thái Bình",
            role="ce-router",
            status=HostStatus.FAILED,
            error="authentication refused",
            **_times(3),
        ),
    ]
    return build_report(hosts, started=T0, finished=T0 + timedelta(seconds=7.5))
