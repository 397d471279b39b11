"""``tbwan backup``: running configs into a git repository, secrets masked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tbwan.cli.options import (
    DistrictOpt,
    HostOpt,
    RoleOpt,
    SiteOpt,
    WorkersOpt,
    console,
    err_console,
    errors_to_exit,
    host_filter,
)
from tbwan.runbooks.backup import BackupStore, backup_configs
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts

BackupDirOpt = Annotated[
    Path, typer.Option("--backup-dir", help="Git repository of masked running configs.")
]
SessionTimeoutOpt = Annotated[
    float, typer.Option("--session-timeout", min=1, help="Seconds per device login/command.")
]


def backup(
    host: HostOpt = None,
    site: SiteOpt = None,
    role: RoleOpt = None,
    district: DistrictOpt = None,
    workers: WorkersOpt = None,
    backup_dir: BackupDirOpt = Path("backups"),
    session_timeout: SessionTimeoutOpt = 30,
) -> None:
    """Back up running configs (secrets masked) into BACKUP_DIR, one git commit per run.

    A device that cannot be read keeps its last good backup. Exit 1 if any device failed.
    """
    quiet_libraries()
    with errors_to_exit():
        nr = host_filter(host, site, role, district).apply(init_nornir(Settings(workers=workers)))
        set_session_timeouts(nr, session_timeout)
        report = backup_configs(nr, BackupStore(backup_dir))
    console.print(
        f"backup: {len(report.saved)} saved, {len(report.changed)} changed, "
        f"{len(report.failed)} failed in {report.seconds:.1f} s -> {report.root}/",
        highlight=False,
    )
    for name in report.changed[:20]:
        console.print(f"  changed {name}", highlight=False)
    if len(report.changed) > 20:
        console.print(f"  ... and {len(report.changed) - 20} more (see `git log` in {report.root})")
    for name, state in report.pending.items():
        err_console.print(
            f"[bold magenta]pending[/] {escape(name)}: {escape(state)}; backed up as it runs now "
            f"(`tbwan deploy --host {escape(name)} --commit` confirms it if it is the intended "
            "config)",
            highlight=False,
        )
    for name, why in report.failed.items():
        err_console.print(
            f"[red]failed[/] {name}: {escape(why)} (last good backup kept)", highlight=False
        )
    if report.failed:
        raise typer.Exit(1)
