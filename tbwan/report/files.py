"""Write the reports to disk with timestamped names, never overwriting a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from tbwan.errors import ReportError
from tbwan.report.html import to_html
from tbwan.report.json_report import to_json
from tbwan.report.junit import to_junit
from tbwan.report.models import AuditReport

WRITERS: tuple[tuple[str, Callable[[AuditReport], str]], ...] = (
    ("json", to_json),
    ("html", to_html),
    ("junit.xml", to_junit),
)


def report_stem(report: AuditReport) -> str:
    """``audit-<start in UTC, basic ISO 8601>``: sortable and safe in any file system."""
    return f"audit-{report.started.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def write_new(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` only if it does not exist; whole file or nothing.

    The text goes to a temp file that is then hard-linked to ``path``: the link fails if
    ``path`` exists, so an existing file is never replaced, and a reader never sees half
    a file.

    Raises:
        FileExistsError: ``path`` already exists.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).chmod(0o644)
        os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def _free_stem(out_dir: Path, stem: str) -> str:
    for n in range(1000):
        candidate = stem if n == 0 else f"{stem}-{n}"
        if not any((out_dir / f"{candidate}.{sfx}").exists() for sfx, _ in WRITERS):
            return candidate
    raise ReportError(f"{out_dir}: too many reports named {stem}*; move old reports away")


def write_reports(report: AuditReport, out_dir: Path, lang: str = "en") -> tuple[Path, ...]:
    """Write the JSON, HTML (texts in ``lang``) and JUnit reports into ``out_dir``; return
    their paths.

    Names are ``audit-<timestamp>.json``, ``.html`` and ``.junit.xml``; if one is taken,
    ``-1``, ``-2``... is added to the stem, and a file created meanwhile by another run
    is never replaced (the write fails instead). The Prometheus textfile
    has a fixed name and is replaced on purpose: see ``prometheus.write_textfile``.

    Raises:
        ReportError: ``out_dir`` cannot be created or written.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = _free_stem(out_dir, report_stem(report))
        return tuple(
            write_new(
                out_dir / f"{stem}.{sfx}",
                to_html(report, lang) if write is to_html else write(report),
            )
            for sfx, write in WRITERS
        )
    except OSError as err:
        raise ReportError(f"{out_dir}: cannot write reports ({err.strerror or err})") from err
