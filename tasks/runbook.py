"""What every runbook script shares: the filters, Nornir from ``nornir.yaml``, exit codes.

Exit codes: 0 done (or nothing to do), 1 some host failed a check or a step, 3 bad input
(a tbwan error: unknown host, missing secret, invalid inventory).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from nornir.core import Nornir
from rich.console import Console

from tbwan.errors import Exit, InventoryError, TbwanError
from tbwan.runbooks.common import HostFilter, Settings, init_nornir, require_login
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.settings import env_settings

console = Console()


def parser(doc: str | None, *, commit: bool = False) -> argparse.ArgumentParser:
    """An argument parser with ``--host/--site/--role/--district`` (repeatable)."""
    p = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0])
    for flag in ("host", "site", "role", "district"):
        p.add_argument(f"--{flag}", action="append", default=[], help=f"only this {flag}")
    p.add_argument("--config", type=Path, default=Path("nornir.yaml"), help="nornir.yaml")
    if commit:
        p.add_argument("--commit", action="store_true", help="apply (default: dry run)")
    return p


def open_nornir(args: argparse.Namespace, *, login: bool = True) -> Nornir:
    """Nornir from ``nornir.yaml`` narrowed to the filters of ``args``."""
    quiet_libraries()  # failures reach people through the runbook's table, not tracebacks
    nr = init_nornir(Settings(config_file=args.config))
    nr = HostFilter(args.host, args.site, args.role, args.district).apply(nr)
    if login:
        require_login(nr)
    return nr


def main(run: Callable[[], int]) -> None:
    """Run a runbook's body and exit with its status; a tbwan error is exit 3."""
    try:
        status = run()
    except TbwanError as exc:
        console.print(f"error: {exc}", markup=False, highlight=False)
        status = Exit.BAD_INPUT
    sys.exit(status)


def files_inventory() -> Path:
    """The inventory folder, for runbooks that edit the YAML source of truth."""
    if env_settings().inventory not in (None, "files"):
        raise InventoryError(
            "this runbook edits the YAML files under inventory/; with TBWAN_INVENTORY=netbox "
            "make the change in NetBox instead, then deploy with `tbwan deploy`"
        )
    return Path("inventory")


def render_diff(before: dict[str, str], after: dict[str, str]) -> str:
    """Unified diff of two renders (host -> config), host by host.

    >>> print(render_diff({"r1": "a\\nb\\n"}, {"r1": "a\\nc\\n"}), end="")
    --- r1 now
    +++ r1 after
    @@ -2 +2 @@
    -b
    +c
    """
    out: list[str] = []
    for host in sorted(before):
        out += difflib.unified_diff(
            before[host].splitlines(True),
            after[host].splitlines(True),
            f"{host} now",
            f"{host} after",
            n=0,
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)
