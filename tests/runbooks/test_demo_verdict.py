"""The demo's verdict is the runbook's: exactly the planted drift, no failed deploy."""

from __future__ import annotations

from datetime import UTC, datetime

from tbwan.diff import diff_configs
from tbwan.platforms import IOS
from tbwan.report import audited, build_report
from tbwan.runbooks.audit import AuditFiles
from tbwan.runbooks.demo import DemoReport
from tbwan.runbooks.demo_network import NetworkFaults
from tbwan.runbooks.deploy import DeployReport
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def demo(drifted: str, planted: str, deploy_failed: bool = False) -> DemoReport:
    hosts = [
        audited(
            diff_configs(
                h,
                "hostname x\n",
                "hostname x\n" if h != drifted else "hostname y\n",
                platform=IOS,
            ),
            site="s",
            region="r",
            role="ce-router",
            started=NOW,
            finished=NOW,
        )
        for h in ("a", "b")
    ]
    status = DeployStatus.FAILED if deploy_failed else DeployStatus.CHANGED
    return DemoReport(
        deploy=DeployReport(
            hosts=(HostDeploy("a", status),), committed=True, replace=True, seconds=0
        ),
        drift={planted: ("ip route 10.99.0.0 255.255.0.0 Null0",)},
        audit=build_report(hosts, started=NOW, finished=NOW),
        files=AuditFiles(reports=(), prometheus=None),
        generated_secrets=[],
        network=NetworkFaults(),
        verify=None,  # the network part is judged by its own tests (demo_network)
        verify_files=(),
    )


def test_exactly_the_planted_drift_is_success() -> None:
    report = demo(drifted="a", planted="a")
    assert report.drift_found == {"a"} and report.as_planned and report.exit_status == 0


def test_other_drift_or_a_failed_deploy_is_not() -> None:
    assert demo(drifted="b", planted="a").exit_status == 1
    assert demo(drifted="a", planted="a", deploy_failed=True).exit_status == 1
