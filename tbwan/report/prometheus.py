"""The Prometheus textfile for node_exporter's textfile collector.

Series: ``tbwan_drift_lines{host,site,feature}`` (one per host and feature with drift,
plus ``feature="total"`` for every audited host, 0 when compliant),
``tbwan_host_compliant{host,site,region}``, ``tbwan_audit_hosts{status}``,
``tbwan_audit_success`` (0 with a ``reason`` label when the run failed: ``incomplete``,
``error``, ``locked``, ``timeout``, ``crashed``), ``tbwan_audit_exit_status``,
``tbwan_audit_last_run_timestamp_seconds``, ``tbwan_audit_duration_seconds``. A run that
ends without a report writes only the run's series (:func:`failed_run`; a failed
``tbwan verify`` the same as ``tbwan_verify_*``). The collector
reads the file at any moment, so it is written to a temporary file and renamed over the
old one (:func:`write_textfile`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from tbwan.report.models import AuditReport, HostStatus
from tbwan.report.status import ExitStatus, exit_status


def escape_label(value: str) -> str:
    r"""Escape a label value per the exposition format: backslash, quote, newline.

    >>> escape_label('a"b\\c\nd')
    'a\\"b\\\\c\\nd'
    """
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def metric_labels(**labels: str) -> str:
    """``k="v",...`` with the values escaped (the audit's and verify's series)."""
    return ",".join(f'{k}="{escape_label(v)}"' for k, v in labels.items())


def metric_head(name: str, kind: str, help_text: str) -> Iterator[str]:
    """The ``# HELP`` and ``# TYPE`` lines of a metric."""
    yield f"# HELP {name} {help_text}"
    yield f"# TYPE {name} {kind}"


def _drift_lines(report: AuditReport) -> Iterator[str]:
    yield from metric_head(
        "tbwan_drift_lines", "gauge", "Config lines missing or extra per feature."
    )
    for host in report.hosts:
        if host.drift is None:
            continue
        for feature in host.drift.features:
            labels = metric_labels(host=host.host, site=host.site, feature=feature.feature.value)
            yield f"tbwan_drift_lines{{{labels}}} {feature.line_count}"
        labels = metric_labels(host=host.host, site=host.site, feature="total")
        yield f"tbwan_drift_lines{{{labels}}} {host.drift.line_count}"


def _host_compliant(report: AuditReport) -> Iterator[str]:
    yield from metric_head(
        "tbwan_host_compliant", "gauge", "1 if the running config matches intended, else 0."
    )
    for host in report.hosts:
        labels = metric_labels(host=host.host, site=host.site, region=host.region)
        value = int(host.status is HostStatus.COMPLIANT)
        yield f"tbwan_host_compliant{{{labels}}} {value}"


def _audit(report: AuditReport) -> Iterator[str]:
    yield from metric_head(
        "tbwan_audit_hosts", "gauge", "Hosts per audit status in the last audit."
    )
    for status in HostStatus:
        yield f'tbwan_audit_hosts{{status="{status.value}"}} {getattr(report.counts, status)}'
    code = exit_status(report)
    reason = "incomplete" if code is ExitStatus.INCOMPLETE else ""
    yield from _run_series(int(code), reason, report.finished, report.duration_seconds)


def _run_series(
    status: int, reason: str, finished: datetime, seconds: float, run: str = "audit"
) -> Iterator[str]:
    name = f"tbwan_{run}"
    yield from metric_head(
        f"{name}_success",
        "gauge",
        f"1 if the last {run} reached every host, else 0 (label reason says why).",
    )
    # no label on success: an empty label value is no label in Prometheus
    if reason:
        yield f'{name}_success{{reason="{escape_label(reason)}"}} 0'
    else:
        yield f"{name}_success 1"
    yield from metric_head(f"{name}_exit_status", "gauge", f"Exit status of the last {run} run.")
    yield f"{name}_exit_status {status}"
    yield from metric_head(
        f"{name}_last_run_timestamp_seconds", "gauge", f"When the last {run} finished."
    )
    yield f"{name}_last_run_timestamp_seconds {finished.timestamp():.3f}"
    yield from metric_head(f"{name}_duration_seconds", "gauge", f"How long the last {run} took.")
    yield f"{name}_duration_seconds {seconds:.3f}"


def failed_run(
    status: int, reason: str, started: datetime, finished: datetime, *, run: str = "audit"
) -> str:
    """The textfile of a run that produced no report (bad input, locked, timed out).

    Only the run's series (``tbwan_<run>_success``, ``_exit_status``,
    ``_last_run_timestamp_seconds``, ``_duration_seconds``): per-host series of an older
    run would read as current. ``run`` is the command, ``audit`` or ``verify``.

    >>> from datetime import UTC
    >>> t = datetime(2025, 3, 3, tzinfo=UTC)
    >>> print(failed_run(4, "locked", t, t).splitlines()[2])
    tbwan_audit_success{reason="locked"} 0
    >>> print(failed_run(5, "timeout", t, t, run="verify").splitlines()[5])
    tbwan_verify_exit_status 5
    """
    seconds = (finished - started).total_seconds()
    return "\n".join(_run_series(status, reason, finished, seconds, run)) + "\n"


def to_prometheus(report: AuditReport) -> str:
    """The report's metrics in the Prometheus text exposition format."""
    lines = [*_drift_lines(report), *_host_compliant(report), *_audit(report)]
    return "\n".join(lines) + "\n"


def write_textfile(text: str, path: Path) -> Path:
    """Write ``text`` to ``path`` atomically: a temp file in the same folder, then rename.

    node_exporter ignores files not ending in ``.prom``, so the temp name does not.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
