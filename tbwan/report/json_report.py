"""The JSON report: ``AuditReport`` as JSON, schema in ``SCHEMA.md``."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from tbwan.errors import ReportError
from tbwan.report.models import AuditReport


def to_json(report: AuditReport) -> str:
    """The report as indented JSON text (ISO 8601 timestamps, UTF-8, newline at the end)."""
    return report.model_dump_json(indent=2) + "\n"


def from_json(text: str, *, source: str = "report") -> AuditReport:
    """Read a report written by :func:`to_json`.

    Raises:
        ReportError: The text is not a valid report of this schema version; ``source``
            (a file name) is named in the message.
    """
    try:
        return AuditReport.model_validate_json(text)
    except ValidationError as err:
        raise ReportError(
            f"{source}: not a tbwan audit report of schema version 1 ({err.error_count()} "
            f"errors, first: {err.errors()[0]['msg']}); re-run the audit to regenerate it"
        ) from err


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report as written by :func:`to_json`."""
    schema: dict[str, Any] = AuditReport.model_json_schema(mode="serialization")
    return schema


def json_schema_text() -> str:
    """:func:`json_schema` as indented JSON text."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
