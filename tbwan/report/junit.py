"""The JUnit XML report: one testsuite, one testcase per host, for CI systems.

A drifted host is a ``failure`` whose text is the diff; an unreachable or failed host
is an ``error``. Characters XML 1.0 cannot hold (control characters in a banner) are
replaced, so the file always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tbwan.diff.models import HostDrift
from tbwan.report.models import AuditReport, HostAudit, HostStatus

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    r"""Replace characters XML 1.0 forbids.

    >>> xml_text("banner \x03")
    'banner \ufffd'
    """
    return _XML_INVALID.sub("\ufffd", text)


def drift_text(drift: HostDrift) -> str:
    """The drift as unified-diff-like lines: ``+`` missing, ``-`` extra, per feature."""
    lines: list[str] = []
    for feature in drift.features:
        lines.append(f"[{feature.feature}]")
        lines.extend(f"+ {' > '.join(p)}" for p in feature.missing)
        lines.extend(f"- {' > '.join(p)}" for p in feature.extra)
        lines.extend(f"~ {' > '.join(p)} (secret changed)" for p in feature.secret_changed)
    return "\n".join(lines)


def _testcase(suite: ET.Element, host: HostAudit) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=xml_text(host.host),
        classname=xml_text(f"tbwan.audit.{host.region}.{host.site}"),
        time=f"{host.duration_seconds:.3f}",
    )
    if host.status is HostStatus.DRIFTED and host.drift is not None:
        failure = ET.SubElement(
            case,
            "failure",
            type="drift",
            message=xml_text(
                f"{host.drift.line_count} lines differ "
                f"(+{host.drift.missing_count} missing, -{host.drift.extra_count} extra)"
            ),
        )
        failure.text = xml_text(drift_text(host.drift))
    elif host.status in (HostStatus.UNREACHABLE, HostStatus.FAILED, HostStatus.PENDING):
        error = ET.SubElement(
            case, "error", type=host.status.value, message=xml_text(host.error or "")
        )
        error.text = xml_text(host.error or "")


def to_junit(report: AuditReport) -> str:
    """The report as JUnit XML text (UTF-8, with XML declaration)."""
    counts = report.counts
    suite = ET.Element(
        "testsuite",
        name="tbwan drift audit",
        tests=str(counts.total),
        failures=str(counts.drifted),
        errors=str(counts.unreachable + counts.failed + counts.pending),
        skipped="0",
        time=f"{report.duration_seconds:.3f}",
        timestamp=report.started.isoformat(),
    )
    for host in report.hosts:
        _testcase(suite, host)
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
