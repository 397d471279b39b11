"""Each writer's content: JSON round trip, HTML escaping, JUnit parse, Prometheus format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markupsafe import escape
from rich.console import Console

from tbwan.errors import ReportError
from tbwan.report import (
    AuditReport,
    from_json,
    summary_table,
    to_html,
    to_json,
    to_junit,
    to_prometheus,
    write_reports,
    write_textfile,
)

SECRET = "Tb!Ro2024"


def test_json_round_trip_and_shape(report: AuditReport) -> None:
    text = to_json(report)
    assert from_json(text) == report
    data = json.loads(text)
    assert data["schema_version"] == "1"
    assert data["started"] == "2025-03-03T02:00:00Z"
    assert data["counts"] == {
        "compliant": 1,
        "drifted": 1,
        "unreachable": 1,
        "failed": 1,
        "pending": 0,
    }
    drifted = next(h for h in data["hosts"] if h["status"] == "drifted")
    features = {f["feature"]: f for f in drifted["drift"]["features"]}
    assert features["routing"]["extra"] == [["ip route 8.8.8.8 255.255.255.255 10.34.160.41"]]
    assert features["management"]["missing"] == [["ntp server 10.34.0.10"]]
    assert SECRET not in text


def test_from_json_rejects_other_schema(report: AuditReport) -> None:
    data = json.loads(to_json(report))
    data["schema_version"] = "2"
    with pytest.raises(ReportError, match=r"old\.json"):
        from_json(json.dumps(data), source="old.json")


def test_html_is_escaped_and_self_contained(report: AuditReport) -> None:
    page = to_html(report)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "tb-r2&lt;&amp;&#34;x" in page
    assert "Sở &#34;TT&amp;TT&#34;" in page
    assert "&lt;10.34.0.9&gt;" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<link" not in page
    assert SECRET not in page


def test_html_structure(report: AuditReport) -> None:
    page = to_html(report)
    summary = page[page.index('id="summary"') : page.index("</div>\n<h2>")]
    assert "<b>1</b>compliant" in summary and "<b>1</b>unreachable" in summary
    assert page.index("<h2>Thành phố Thái Bình") < page.index("<h2>Vũ Thư")
    assert '<span class="add">+ ntp server 10.34.0.10</span>' in page
    assert (
        '<span class="del">- <span class="ctx">interface GigabitEthernet0/1 &gt; </span>'
        "description LAN &lt;script&gt;" in page
    )
    assert "<details><summary>Remediation" in page
    assert "no ip route 8.8.8.8 255.255.255.255 10.34.160.41" in page


def test_junit_parses_with_one_case_per_host(report: AuditReport) -> None:
    root = ET.fromstring(to_junit(report).encode())
    assert root.tag == "testsuite"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "2")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"tb-vuthu-r1", 'tb-r2<&"x', "tb-tp-sw1", "tb-tp-r1"}
    assert list(cases["tb-vuthu-r1"]) == []
    failure = cases['tb-r2<&"x'].find("failure")
    assert failure is not None and failure.text is not None
    assert "+ ntp server 10.34.0.10" in failure.text
    assert "- ip route 8.8.8.8 255.255.255.255 10.34.160.41" in failure.text
    assert "4 lines differ" in (failure.get("message") or "")
    error = cases["tb-tp-sw1"].find("error")
    assert error is not None and error.get("type") == "unreachable"
    assert "<10.34.0.9>" in (error.get("message") or "")


def _series(text: str) -> dict[str, str]:
    return dict(line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))


def test_prometheus_series(report: AuditReport) -> None:
    text = to_prometheus(report)
    series = _series(text)
    r2 = 'host="tb-r2<&\\"x",site="UBND huyện Vũ Thư"'
    assert series[f'tbwan_drift_lines{{{r2},feature="routing"}}'] == "1"
    assert series[f'tbwan_drift_lines{{{r2},feature="total"}}'] == "4"
    r1 = 'host="tb-vuthu-r1",site="UBND huyện Vũ Thư"'
    assert series[f'tbwan_drift_lines{{{r1},feature="total"}}'] == "0"
    assert series['tbwan_audit_hosts{status="unreachable"}'] == "1"
    assert series['tbwan_audit_success{reason="incomplete"}'] == "0"
    assert series["tbwan_audit_exit_status"] == "2"
    assert series["tbwan_audit_duration_seconds"] == "7.500"
    assert float(series["tbwan_audit_last_run_timestamp_seconds"]) == 1740967207.5
    assert 'tbwan_host_compliant{host="tb-tp-sw1",site="Sở \\"TT&TT\\"",' in text
    for name in ("tbwan_drift_lines", "tbwan_host_compliant", "tbwan_audit_success"):
        assert f"# HELP {name} " in text and f"# TYPE {name} gauge" in text


def test_prometheus_label_escaping() -> None:
    from tbwan.report.prometheus import escape_label

    assert escape_label('q"b\\s\nn') == 'q\\"b\\\\s\\nn'


def test_textfile_is_replaced_atomically(tmp_path: Path, report: AuditReport) -> None:
    target = tmp_path / "tbwan.prom"
    target.write_text("old\n")
    write_textfile(to_prometheus(report), target)
    assert target.read_text().startswith("# HELP tbwan_drift_lines")
    assert [p.name for p in tmp_path.iterdir()] == ["tbwan.prom"]


def test_write_reports_never_overwrites(tmp_path: Path, report: AuditReport) -> None:
    first = write_reports(report, tmp_path / "reports")
    assert [p.name for p in first] == [
        "audit-20250303T020000Z.json",
        "audit-20250303T020000Z.html",
        "audit-20250303T020000Z.junit.xml",
    ]
    first[0].write_text("keep me")
    second = write_reports(report, tmp_path / "reports")
    assert second[0].name == "audit-20250303T020000Z-1.json"
    assert first[0].read_text() == "keep me"
    assert from_json(second[0].read_text()) == report
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(
        p.name for p in (*first, *second)
    )


def test_terminal_table(report: AuditReport) -> None:
    console = Console(width=140, record=True, color_system=None)
    console.print(summary_table(report))
    out = console.export_text()
    rows = {line.split("│")[2].strip(): line for line in out.splitlines() if line.count("│") > 6}
    assert re.search(
        r"UBND huyện Vũ Thư\s+│\s+1\s+│\s+1\s+│\s+0\s+│\s+0\s+│\s+0\s+│\s+2",
        rows["UBND huyện Vũ Thư"],
    )
    assert 'Sở "TT&TT"' in rows
    total = next(line for line in out.splitlines() if "Total" in line and "│" in line[:3])
    assert re.search(r"1\s+│\s+1\s+│\s+1\s+│\s+1\s+│\s+0\s+│\s+4", total)


def test_terminal_table_lists_only_problem_sites_when_brief(report: AuditReport) -> None:
    console = Console(width=140, record=True, color_system=None)
    console.print(summary_table(report, max_sites=0))
    out = console.export_text()
    full = Console(width=140, record=True, color_system=None)
    full.print(summary_table(report))
    listed = [s.site for s in report.sites if s.site in out]
    problems = [s.site for s in report.sites if s.counts.compliant != s.counts.total]
    assert set(problems) <= set(listed)
    assert "sites where every host is compliant are not listed" in out
    assert len(out.splitlines()) <= len(full.export_text().splitlines()) + 1


def test_html_puts_problems_first_and_folds_compliant_sites(report: AuditReport) -> None:
    page = to_html(report)
    problems = [h for h in report.hosts if h.status.value != "compliant"]
    attention = page.index("Needs attention")
    first_region = page.index("<h2>", attention + 1)
    listed = page[attention:first_region]
    for h in problems:
        assert f'href="#host-{escape(h.host)}"' in listed
    clean_sites = [s for s in report.sites if s.counts.compliant == s.counts.total]
    if clean_sites:
        assert "sites where every host is compliant</summary>" in page
        folded = page[page.index("sites where every host is compliant</summary>") :]
        assert f"<h3>{escape(clean_sites[0].site)} " in folded
