"""The verify report's writers: JSON (schema in ``VERIFY_SCHEMA.md``), HTML, JUnit XML,
Prometheus textfile and the terminal summary, as the audit's are."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from pydantic import ValidationError
from rich.markup import escape
from rich.table import Table

from tbwan.errors import ReportError
from tbwan.report.files import write_new
from tbwan.report.junit import xml_text
from tbwan.report.prometheus import metric_head, metric_labels
from tbwan.verify.models import CheckKind, Counts, VerifyReport, VerifyStatus


def to_json(report: VerifyReport) -> str:
    """The report as indented JSON text."""
    return report.model_dump_json(indent=2) + "\n"


def from_json(text: str, *, source: str = "report") -> VerifyReport:
    """Read a report written by :func:`to_json` (``ReportError`` naming ``source``)."""
    try:
        return VerifyReport.model_validate_json(text)
    except ValidationError as err:
        raise ReportError(
            f"{source}: not a tbwan verify report of schema version 1 ({err.error_count()} "
            f"errors, first: {err.errors()[0]['msg']}); re-run verify to regenerate it"
        ) from err


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report as written by :func:`to_json`."""
    schema: dict[str, Any] = VerifyReport.model_json_schema(mode="serialization")
    return schema


def json_schema_text() -> str:
    """:func:`json_schema` as indented JSON text."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def to_junit(report: VerifyReport) -> str:
    """One testcase per host: a failing check is a ``failure``, a host not asked an
    ``error``; the diagnoses are the suite's ``system-out``."""
    c = report.counts
    suite = ET.Element(
        "testsuite",
        name="tbwan verify",
        tests=str(c.total),
        failures=str(c.down),
        errors=str(c.unreachable + c.failed),
        skipped="0",
        time=f"{report.duration_seconds:.3f}",
        timestamp=report.started.isoformat(),
    )
    for h in report.hosts:
        case = ET.SubElement(
            suite,
            "testcase",
            name=xml_text(h.host),
            classname=xml_text(f"tbwan.verify.{h.region}.{h.site}"),
            time=f"{(h.finished - h.started).total_seconds():.3f}",
        )
        bad = [x for x in h.checks if not x.ok]
        if h.status is VerifyStatus.DOWN:
            failure = ET.SubElement(case, "failure", type="down", message=f"{len(bad)} checks fail")
            failure.text = xml_text(
                "\n".join(
                    f"[{x.kind}] {x.subject}: expected {x.expected}, got {x.observed}" for x in bad
                )
            )
        elif h.error:
            error = ET.SubElement(case, "error", type=h.status.value, message=xml_text(h.error))
            error.text = xml_text(h.error)
    out = ET.SubElement(suite, "system-out")
    out.text = xml_text("\n".join(f"{d.cause}: {d.subject}: {d.message}" for d in report.diagnoses))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def _series(report: VerifyReport) -> Iterator[str]:
    for name, kind, help_text, label in (
        ("tbwan_link_up", CheckKind.LINK, "1 if the planned link is up as planned.", "peer"),
        (
            "tbwan_ospf_neighbor_up",
            CheckKind.OSPF,
            "1 if the planned OSPF neighbour is FULL.",
            "neighbor",
        ),
        ("tbwan_tunnel_up", CheckKind.TUNNEL, "1 if the planned tunnel is up.", "peer"),
    ):
        yield from metric_head(name, "gauge", help_text)
        for h in report.hosts:
            for c in h.checks:
                if c.kind is kind:
                    labels = metric_labels(
                        host=h.host, interface=c.subject, **{label: c.peer or ""}
                    )
                    yield f"{name}{{{labels}}} {int(c.ok)}"
    yield from metric_head(
        "tbwan_site_reachable", "gauge", "1 if the site reaches the DIC service."
    )
    for s in report.sites:
        for service, ok in sorted(s.services.items()):
            if ok is not None:
                labels = metric_labels(site=s.site, service=service)
                yield f"tbwan_site_reachable{{{labels}}} {int(ok)}"


def to_prometheus(report: VerifyReport) -> str:
    """The report's metrics in the Prometheus text exposition format."""
    lines = list(_series(report))
    lines += metric_head("tbwan_verify_hosts", "gauge", "Hosts per verify status in the last run.")
    for status in VerifyStatus:
        value = getattr(report.counts, status.value)
        lines.append(f'tbwan_verify_hosts{{status="{status.value}"}} {value}')
    lines += metric_head(
        "tbwan_verify_sites_down", "gauge", "Sites not reaching every DIC service."
    )
    lines.append(f"tbwan_verify_sites_down {report.counts.sites_down}")
    lines += metric_head("tbwan_verify_success", "gauge", "1 if the last verify asked every host.")
    success = int(not (report.counts.unreachable or report.counts.failed))
    lines.append(f"tbwan_verify_success {success}")
    lines += metric_head(
        "tbwan_verify_last_run_timestamp_seconds", "gauge", "When verify finished."
    )
    lines.append(f"tbwan_verify_last_run_timestamp_seconds {report.finished.timestamp():.3f}")
    lines += metric_head("tbwan_verify_duration_seconds", "gauge", "How long the last verify took.")
    lines.append(f"tbwan_verify_duration_seconds {report.duration_seconds:.3f}")
    return "\n".join(lines) + "\n"


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>tbwan verify {{ r.started.isoformat() }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2433}
.ok{color:#1a7f37}.down,.carrier,.misconfiguration,.device,.upstream,.unknown{color:#cf222e}
.unreachable,.failed{color:#bc4c00}table{border-collapse:collapse}
td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left}
</style></head><body>
<h1>tbwan verify</h1>
<p>Started {{ r.started.isoformat() }} ({{ '%.1f' % r.duration_seconds }} s), tbwan
{{ r.tbwan_version }}: {{ r.counts.total }} hosts, {{ r.counts.ok }} ok,
{{ r.counts.down }} down, {{ r.counts.unreachable }} unreachable, {{ r.counts.failed }} failed;
{{ r.counts.sites_down }} sites down.</p>
<h2>Diagnoses</h2>
{% if not r.diagnoses %}<p class="ok">Nothing down.</p>{% endif %}
<table>{% for d in r.diagnoses %}
<tr><td class="{{ d.cause }}">{{ d.cause }}</td><td>{{ d.subject }}</td><td>{{ d.message }}</td>
<td>{{ d.sites | join(", ") }}</td></tr>{% endfor %}</table>
{% for g in r.regions %}
<h2>{{ g.region }} <small>{{ g.counts.ok }} ok / {{ g.counts.total }} hosts,
{{ g.counts.sites_down }} sites down</small></h2>
{% for s in r.sites if s.region == g.region and s.ok is not true %}
<p><b>{{ s.site }}</b> <span class="{{ s.cause }}">{{ s.cause }}</span>: {{ s.diagnosis }}</p>
{% endfor %}
<table>{% for h in r.hosts if h.region == g.region and h.status != "ok" %}
<tr><td class="{{ h.status }}">{{ h.status }}</td><td>{{ h.host }}</td><td>
{% if h.error %}{{ h.error }}{% endif %}
{% for c in h.checks if not c.ok %}[{{ c.kind }}] {{ c.subject }}: expected {{ c.expected }},
got {{ c.observed }}<br>{% endfor %}</td></tr>{% endfor %}</table>
{% endfor %}
</body></html>
"""


def to_html(report: VerifyReport) -> str:
    """One self-contained HTML page (values escaped)."""
    env = Environment(autoescape=True, undefined=StrictUndefined)
    return env.from_string(_HTML).render(r=report)


def _cells(c: Counts) -> list[str]:
    cells = [
        f"[{colour}]{v}[/{colour}]" if v else "0"
        for v, colour in (
            (c.ok, "green"),
            (c.down, "red"),
            (c.unreachable, "yellow"),
            (c.failed, "yellow"),
            (c.sites_down, "red"),
        )
    ]
    return [*cells, str(c.total)]


def summary_table(report: VerifyReport) -> Table:
    """Hosts ok / down / unreachable / failed and sites down per district, totals last."""
    table = Table(title=f"Network verify {report.started:%Y-%m-%d %H:%M %Z}")
    for name in ("District", "Ok", "Down", "Unreachable", "Failed", "Sites down", "Hosts"):
        table.add_column(name, justify="left" if name == "District" else "right")
    for g in report.regions:
        table.add_row(escape(g.region), *_cells(g.counts))
    table.add_row("[bold]Total[/bold]", *_cells(report.counts), end_section=True)
    return table


WRITERS: tuple[tuple[str, Callable[[VerifyReport], str]], ...] = (
    ("json", to_json),
    ("html", to_html),
    ("junit.xml", to_junit),
)


def write_verify_reports(report: VerifyReport, out_dir: Path) -> tuple[Path, ...]:
    """Write ``verify-<timestamp>.json``, ``.html`` and ``.junit.xml`` into ``out_dir``
    (a taken stem gets ``-1``, ``-2``...; an existing file is never replaced)."""
    stem = f"verify-{report.started.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for n in range(1000):
            candidate = stem if n == 0 else f"{stem}-{n}"
            if not any((out_dir / f"{candidate}.{sfx}").exists() for sfx, _ in WRITERS):
                break
        return tuple(
            write_new(out_dir / f"{candidate}.{sfx}", write(report)) for sfx, write in WRITERS
        )
    except OSError as err:
        raise ReportError(f"{out_dir}: cannot write reports ({err.strerror or err})") from err
