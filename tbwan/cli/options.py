"""Options shared by the subcommands, and the error handling around them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tbwan.errors import Exit, TbwanError
from tbwan.runbooks.common import HostFilter

console = Console()
err_console = Console(stderr=True)

HostOpt = Annotated[list[str] | None, typer.Option("--host", help="Only this host (repeatable).")]
SiteOpt = Annotated[
    list[str] | None, typer.Option("--site", help="Only this site slug (repeatable).")
]
RoleOpt = Annotated[list[str] | None, typer.Option("--role", help="Only this role (repeatable).")]
DistrictOpt = Annotated[
    list[str] | None,
    typer.Option("--district", help="Only this district/region slug (repeatable)."),
]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=1, max=500, help="Parallel sessions.")
]
# the unattended runs (audit, verify): a bound on the whole run and a log file
RunTimeoutOpt = Annotated[
    float | None,
    typer.Option("--timeout", min=1, help="Stop the whole run after N s (exit 5)."),
]
LogFileOpt = Annotated[Path | None, typer.Option("--log-file", help="Append a log here.")]


def host_filter(
    host: list[str] | None,
    site: list[str] | None,
    role: list[str] | None,
    district: list[str] | None,
) -> HostFilter:
    """A :class:`HostFilter` from the CLI options."""
    return HostFilter(
        hosts=host or (), sites=site or (), roles=role or (), districts=district or ()
    )


@contextmanager
def errors_to_exit(code: int = Exit.BAD_INPUT) -> Iterator[None]:
    """Print a tbwan error for people and exit with ``code`` (no traceback).

    The message is escaped (a ``[a-z0-9]`` in it is text, not rich markup) and not
    wrapped, so a path in it can be copied whole.
    """
    try:
        yield
    except TbwanError as exc:
        err_console.print(
            f"[bold red]error[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True
        )
        raise typer.Exit(code) from None


def run_guarded[T](fn: Callable[[], T], code: int = Exit.BAD_INPUT) -> T:
    """Call ``fn`` under :func:`errors_to_exit`."""
    with errors_to_exit(code):
        return fn()
