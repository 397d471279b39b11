"""Report models: counts, summaries, status rules, exit status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tbwan.diff import diff_configs
from tbwan.platforms import IOS
from tbwan.report import (
    AuditReport,
    ExitStatus,
    HostAudit,
    HostStatus,
    StatusCounts,
    build_report,
    exit_status,
)

NOW = datetime(2025, 3, 3, tzinfo=UTC)


def test_counts_and_summaries(report: AuditReport) -> None:
    assert report.counts == StatusCounts(compliant=1, drifted=1, unreachable=1, failed=1)
    assert report.counts.total == 4
    assert [r.region for r in report.regions] == ["Thành phố Thái Bình", "Vũ Thư"]
    vu_thu = next(r for r in report.regions if r.region == "Vũ Thư")
    assert vu_thu.counts == StatusCounts(compliant=1, drifted=1)
    assert [(s.region, s.site) for s in report.sites] == [
        ("Thành phố Thái Bình", 'Sở "TT&TT"'),
        ("Vũ Thư", "UBND huyện Vũ Thư"),
    ]
    assert [h.host for h in report.hosts][:2] == ["tb-tp-r1", "tb-tp-sw1"]
    assert report.duration_seconds == 7.5
    assert report.schema_version == "1"


def test_exit_status(report: AuditReport) -> None:
    assert exit_status(report) is ExitStatus.INCOMPLETE
    only_audited = build_report(
        [h for h in report.hosts if h.drift is not None], started=NOW, finished=NOW
    )
    assert exit_status(only_audited) is ExitStatus.DRIFT
    compliant = build_report(
        [h for h in report.hosts if h.status is HostStatus.COMPLIANT], started=NOW, finished=NOW
    )
    assert exit_status(compliant) == 0


def test_status_must_match_drift() -> None:
    drift = diff_configs("r", "hostname a\n", "hostname b\n", platform=IOS)
    with pytest.raises(ValidationError, match="drift says drifted"):
        HostAudit(
            host="r", site="s", region="d", role="x", status=HostStatus.COMPLIANT,
            drift=drift, started=NOW, finished=NOW,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="needs an error message"):
        HostAudit(
            host="r", site="s", region="d", role="x", status=HostStatus.UNREACHABLE,
            started=NOW, finished=NOW,
        )  # fmt: skip


def test_naive_timestamps_and_wrong_counts_are_rejected(report: AuditReport) -> None:
    with pytest.raises(ValidationError):
        build_report([], started=datetime(2025, 1, 1), finished=NOW)
    data = report.model_dump()
    data["counts"]["compliant"] = 9
    with pytest.raises(ValidationError, match="counts do not match"):
        AuditReport.model_validate(data)
