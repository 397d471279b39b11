"""SCHEMA.md lists exactly the fields and enum values of the report's JSON Schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tbwan.report import json_schema
from tbwan.report.json_report import json_schema_text

DOC = (Path(__file__).parents[2] / "tbwan" / "report" / "SCHEMA.md").read_text(encoding="utf-8")


def _doc_sections() -> dict[str, str]:
    parts = re.split(r"^### (\w+)\s*$", DOC, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _schema_objects() -> dict[str, dict[str, Any]]:
    schema = json_schema()
    objects: dict[str, dict[str, Any]] = {schema["title"]: schema}
    objects.update(schema["$defs"])
    return objects


def test_every_object_documented_with_exact_fields() -> None:
    sections = _doc_sections()
    for name, obj in _schema_objects().items():
        assert name in sections, f"SCHEMA.md lacks a section for {name}"
        if "properties" in obj:
            documented = re.findall(r"^\| `(\w+)` \|", sections[name], flags=re.MULTILINE)
            assert documented == list(obj["properties"]), name
        else:
            line = re.search(r"^Values: (.*)$", sections[name], flags=re.MULTILINE)
            assert line is not None, f"SCHEMA.md lacks the values of {name}"
            values = re.findall(r"`([\w-]+)`", line.group(1))
            assert values == obj["enum"], name


def test_no_stale_sections() -> None:
    assert set(_doc_sections()) == set(_schema_objects())


def test_schema_text_is_valid_json_schema_shape() -> None:
    text = json_schema_text()
    assert '"title": "AuditReport"' in text
    assert json_schema()["properties"]["schema_version"]["const"] == "1"
