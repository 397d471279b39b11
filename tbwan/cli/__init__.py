"""The ``tbwan`` command line: parses arguments, calls a runbook, sets the exit status."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="tbwan",
    help="Network automation for the Thái Bình provincial WAN.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Entry point of the console script."""
    app()
