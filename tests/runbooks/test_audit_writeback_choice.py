"""Whether an audit is recorded in NetBox is the runbook's decision, by inventory backend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tbwan.errors import NetBoxError
from tbwan.onboard.sot import FileSourceOfTruth, source_of_truth
from tbwan.report import build_report
from tbwan.runbooks.audit import record_in_netbox

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_files_record_nothing_netbox_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    report = build_report([], started=NOW, finished=NOW)
    assert record_in_netbox(report, None) is None
    assert record_in_netbox(report, "files") is None
    monkeypatch.setenv("TBWAN_NETBOX_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("TBWAN_NETBOX_TOKEN", "0" * 40)
    with pytest.raises(NetBoxError, match=r"127\.0\.0\.1:9"):
        record_in_netbox(report, "netbox")


def test_the_source_of_truth_follows_the_backend() -> None:
    assert isinstance(source_of_truth(None), FileSourceOfTruth)
    assert isinstance(source_of_truth("files"), FileSourceOfTruth)
