"""The verify report: its writers and the schema document."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tbwan.errors import ReportError
from tbwan.report import verify as writers
from tbwan.verify.models import (
    Cause,
    Check,
    CheckKind,
    Diagnosis,
    HostVerify,
    SiteVerify,
    VerifyReport,
    VerifyStatus,
    build_verify_report,
)

DOC = (Path(__file__).parents[2] / "tbwan" / "report" / "VERIFY_SCHEMA.md").read_text("utf-8")
T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _host(name: str, site: str, region: str, checks: tuple[Check, ...], **kw: Any) -> HostVerify:
    status = VerifyStatus.OK if all(c.ok for c in checks) else VerifyStatus.DOWN
    return HostVerify(
        host=name,
        site=site,
        region=region,
        role="commune-router",
        status=kw.pop("status", status),
        checks=checks,
        started=T0,
        finished=T0 + timedelta(seconds=1),
        **kw,
    )


@pytest.fixture
def report() -> VerifyReport:
    up = Check(
        kind=CheckKind.LINK, subject="Gi0/0/0", ok=True, expected="up", observed="up", peer="hub<1>"
    )
    down = Check(
        kind=CheckKind.OSPF,
        subject="Gi0/0/0",
        ok=False,
        expected="FULL",
        observed="no neighbour",
        peer="hub<1>",
    )
    hosts = [
        _host("c1", "s1", "vu-thu", (up, down)),
        _host("c2", "s2", "vu-thu", (up,)),
        _host("c3", "s3", "kien-xuong", (), status=VerifyStatus.UNREACHABLE, error="timed out"),
    ]
    sites = [
        SiteVerify(
            site="s1",
            region="vu-thu",
            ok=False,
            services={"aaa": False},
            cause=Cause.MISCONFIGURATION,
            diagnosis="area <0> vs 344",
        ),
        SiteVerify(site="s2", region="vu-thu", ok=True, services={"aaa": True, "ntp": True}),
        SiteVerify(
            site="s3",
            region="kien-xuong",
            ok=None,
            services={"aaa": None},
            cause=Cause.DEVICE,
            diagnosis="power or device",
        ),
    ]
    diag = Diagnosis(
        subject="c1 Gi0/0/0",
        cause=Cause.MISCONFIGURATION,
        hosts=("c1", "hub"),
        sites=("s1",),
        message="OSPF area mismatch <b>",
    )
    return build_verify_report(hosts, sites, [diag], started=T0, finished=T0 + timedelta(3))


def test_counts_per_region(report: VerifyReport) -> None:
    assert (report.counts.ok, report.counts.down, report.counts.unreachable) == (1, 1, 1)
    assert report.counts.sites_down == 2
    assert [(r.region, r.counts.sites_down) for r in report.regions] == [
        ("kien-xuong", 1),
        ("vu-thu", 1),
    ]


def test_status_must_follow_checks() -> None:
    bad = Check(kind=CheckKind.LINK, subject="x", ok=False, expected="up", observed="down")
    with pytest.raises(ValidationError, match="checks say down"):
        _host("c1", "s1", "r", (bad,), status=VerifyStatus.OK)


def test_json_round_trip_and_bad_input(report: VerifyReport) -> None:
    assert writers.from_json(writers.to_json(report)) == report
    with pytest.raises(ReportError, match=r"old\.json: not a tbwan verify report"):
        writers.from_json('{"schema_version": "2"}', source="old.json")


def test_prometheus(report: VerifyReport) -> None:
    text = writers.to_prometheus(report)
    assert 'tbwan_link_up{host="c1",interface="Gi0/0/0",peer="hub<1>"} 1' in text
    assert 'tbwan_ospf_neighbor_up{host="c1",interface="Gi0/0/0",neighbor="hub<1>"} 0' in text
    assert 'tbwan_site_reachable{site="s1",service="aaa"} 0' in text
    assert 'tbwan_site_reachable{site="s2",service="ntp"} 1' in text
    assert 'site="s3"' not in text  # not asked: no sample rather than a false 0
    assert "tbwan_verify_success 0" in text
    assert 'tbwan_verify_hosts{status="unreachable"} 1' in text


def test_junit(report: VerifyReport) -> None:
    suite = ET.fromstring(writers.to_junit(report))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    failure = suite.find("testcase[@name='c1']/failure")
    assert failure is not None and "expected FULL, got no neighbour" in (failure.text or "")
    out = suite.find("system-out")
    assert out is not None and "misconfiguration: c1 Gi0/0/0" in (out.text or "")


def test_html_escapes(report: VerifyReport) -> None:
    page = writers.to_html(report)
    assert "OSPF area mismatch &lt;b&gt;" in page and "mismatch <b>" not in page
    assert "area &lt;0&gt; vs 344" in page


def test_files_never_overwrite(report: VerifyReport, tmp_path: Path) -> None:
    first = writers.write_verify_reports(report, tmp_path)
    second = writers.write_verify_reports(report, tmp_path)
    assert [p.name for p in first] == [
        "verify-20261201T080000Z.json",
        "verify-20261201T080000Z.html",
        "verify-20261201T080000Z.junit.xml",
    ]
    assert second[0].name == "verify-20261201T080000Z-1.json"


def _doc_sections() -> dict[str, str]:
    parts = re.split(r"^### (\w+)\s*$", DOC, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_schema_doc_matches_the_models() -> None:
    schema = writers.json_schema()
    objects: dict[str, dict[str, Any]] = {schema["title"]: schema, **schema["$defs"]}
    sections = _doc_sections()
    assert set(sections) == set(objects)
    for name, obj in objects.items():
        if "properties" in obj:
            documented = re.findall(r"^\| `(\w+)` \|", sections[name], flags=re.MULTILINE)
            assert documented == list(obj["properties"]), name
        else:
            line = re.search(r"^Values: (.*)$", sections[name], flags=re.MULTILINE)
            assert line is not None, name
            assert re.findall(r"`(\w+)`", line.group(1)) == obj["enum"], name
