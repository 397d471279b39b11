"""``tbwan diff INTENDED RUNNING``: the drift of two config files, as ``audit`` computes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tbwan.cli.options import console, err_console
from tbwan.diff import HostDrift, diff_configs, path_text
from tbwan.errors import Exit, TbwanError
from tbwan.platforms import get_platform

BAD_INPUT = Exit.BAD_INPUT


def read_config(path: Path) -> str:
    """The text of a config file; a byte that is not UTF-8 reads as U+FFFD.

    Raises:
        typer.Exit: The file cannot be read (status 3, the file named).
    """
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        err_console.print(
            f"[bold red]error[/] {escape(str(path))}: cannot read ({escape(exc.strerror or '')})",
            highlight=False,
        )
        raise typer.Exit(BAD_INPUT) from None


def drift_json(drift: HostDrift) -> str:
    """The ``--json`` document: compliance, per-feature lines, remediation, rollback.

    >>> print(drift_json(HostDrift(host="x")))
    {"compliant": true, "line_count": 0, "features": [], "remediation": "", "rollback": ""}
    """
    return json.dumps(
        {
            "compliant": drift.compliant,
            "line_count": drift.line_count,
            "features": [
                {
                    "name": f.feature.value,
                    "missing": [list(p) for p in f.missing],
                    "extra": [list(p) for p in f.extra],
                }
                for f in drift.features
            ],
            "remediation": drift.remediation,
            "rollback": drift.rollback,
        },
        ensure_ascii=False,
    )


def _print(drift: HostDrift) -> None:
    if drift.compliant:
        console.print("compliant: 0 lines of drift", highlight=False)
        return
    for feature in drift.features:
        console.print(
            f"[bold]{feature.feature.value}[/]: {len(feature.missing)} missing, "
            f"{len(feature.extra)} extra",
            highlight=False,
        )
        for path in feature.missing:
            console.print(f"+ {path_text(path)}", markup=False, highlight=False)
        for path in feature.extra:
            console.print(f"- {path_text(path)}", markup=False, highlight=False)
        for path in feature.secret_changed:
            console.print(f"~ {path_text(path)} (secret changed)", markup=False, highlight=False)
    console.rule("remediation (running -> intended)")
    console.print(drift.remediation, markup=False, highlight=False, end="")
    console.rule("rollback (intended -> running)")
    console.print(drift.rollback, markup=False, highlight=False, end="")
    console.print(f"drift: {drift.line_count} lines", highlight=False)


def diff(
    intended: Annotated[Path, typer.Argument(help="The config the device should run.")],
    running: Annotated[Path, typer.Argument(help="Its running config (or a backup).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
    platform: Annotated[
        str, typer.Option("--platform", help="Platform of both configs: ios or junos.")
    ] = "ios",
) -> None:
    """Compare two config files: drift per feature, remediation and rollback.

    The same comparison as `tbwan audit` for one device; secrets are never printed (a
    changed secret shows as "secret changed"). Exit status: 0 compliant, 1 drift,
    3 bad input (a file missing or not a readable config).
    """
    want, have = read_config(intended), read_config(running)
    try:
        profile = get_platform(platform)
        drift = diff_configs(f"{intended} vs {running}", want, have, platform=profile)
    except TbwanError as exc:
        err_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(BAD_INPUT) from None
    if as_json:
        typer.echo(drift_json(drift))
    else:
        _print(drift)
    raise typer.Exit(0 if drift.compliant else 1)
