"""The onboarding CSV: one commune per row, every problem named by its row.

A spreadsheet saved as CSV comes in many shapes: with a UTF-8 BOM (accepted), with
``;`` between fields as Excel writes in locales with a decimal comma (accepted when the
header uses it), without a header (refused: the columns would be guessed), with rows
given twice or cells left empty (each such row refused, the others go on).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from tbwan.errors import CsvFormatError
from tbwan.onboard.plan import same_name
from tbwan.textfile import read_text

REQUIRED = ("district", "code", "name", "uplink")
OPTIONAL = ("rate", "new_unit")
HEADER = ",".join(REQUIRED) + "[,rate][,new_unit]"
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line in the file and its cells by column."""

    line: int
    cells: dict[str, str]

    def flag(self, column: str) -> bool:
        """A yes/no cell (``new_unit``); anything else is a ``ValueError``."""
        value = self.cells.get(column, "").strip().lower()
        if value not in _YES | _NO:
            raise ValueError(f"{column} {value!r}: write yes or no")
        return value in _YES


@dataclass(frozen=True)
class CsvProblem:
    """A row that cannot be used, and why."""

    line: int
    message: str


def read_rows(path: Path) -> tuple[list[CsvRow], list[CsvProblem]]:
    """The usable rows of ``path`` and the problems of the others.

    Raises :class:`CsvFormatError` when the file as a whole cannot be read (no header,
    unknown columns); encoding and size errors name the file as for inventory files.
    """
    try:
        text = read_text(path, max_bytes=1024 * 1024)
    except OSError as exc:
        raise CsvFormatError(f"{path}: cannot read ({exc.strerror})") from None
    first = text.lstrip().split("\n", 1)[0]
    if not first.strip():
        raise CsvFormatError(f"{path}: empty; the first row is the header {HEADER}")
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text.lstrip()), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvFormatError(
            f"{path}: row 1 is not a header (no column {', '.join(missing)}): the first row "
            f"must name the columns, {HEADER}"
        )
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    doubled = sorted({h for h in header if header.count(h) > 1})
    if unknown or doubled:
        what = f"unknown column(s) {', '.join(unknown)}" if unknown else ""
        what += ("; " if what else "") + (
            f"column(s) {', '.join(doubled)} twice" if doubled else ""
        )
        raise CsvFormatError(f"{path}: row 1: {what}; the columns are {HEADER}")
    rows: list[CsvRow] = []
    problems: list[CsvProblem] = []
    seen_code: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                CsvProblem(
                    line,
                    f"{len(fields)} field(s) where the header has {len(header)}: check the "
                    f"separators ({delimiter!r}) and quotes of this row",
                )
            )
            continue
        cells = {h: f.strip() for h, f in zip(header, fields, strict=True)}
        empty = [c for c in REQUIRED if not cells[c]]
        if empty:
            problems.append(CsvProblem(line, f"empty {', '.join(empty)}: fill it in"))
            continue
        name_key = (cells["district"], same_name(cells["name"]))
        first_line = seen_code.get(cells["code"]) or seen_name.get(name_key)
        if first_line is not None:
            problems.append(
                CsvProblem(
                    line,
                    f"repeats row {first_line} (code {cells['code']}, {cells['name']}): keep one",
                )
            )
            continue
        seen_code[cells["code"]] = line
        seen_name[name_key] = line
        rows.append(CsvRow(line, cells))
    if not rows and not problems:
        raise CsvFormatError(f"{path}: a header and no commune: add one row per commune")
    return rows, problems
