"""``tbwan runbooks``: the procedures in ``runbooks/``, with the first line of each docstring."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


def runbook_summaries(folder: Path) -> dict[str, str]:
    """Script name -> first docstring line, for every ``*.py`` of ``folder`` (sorted).

    Scripts whose name starts with ``_`` are helpers, not runbooks.
    """
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        except (OSError, SyntaxError, UnicodeDecodeError) as exc:
            doc = f"(unreadable: {exc})"
        found[path.stem] = doc.strip().splitlines()[0] if doc.strip() else "(no docstring)"
    return found


def runbooks(
    folder: Annotated[Path, typer.Option(help="Where the runbooks are.")] = Path("runbooks"),
) -> None:
    """List the runbooks (run one with `python runbooks/NAME.py --help`)."""
    if not folder.is_dir():
        Console(stderr=True).print(
            f"{folder}: not found; run tbwan from the repository root or pass --folder",
            markup=False,
        )
        raise typer.Exit(3)
    table = Table("runbook", "what it does")
    for name, line in runbook_summaries(folder).items():
        table.add_row(name, line)
    Console().print(table)
