"""``tbwan remediate --feature F``: converge one stage of the selected devices."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.syntax import Syntax

from tbwan.cli.options import console, err_console, errors_to_exit
from tbwan.converge import ORDER, Stage
from tbwan.credentials import load_secrets
from tbwan.errors import DeployError
from tbwan.render.engine import Renderer
from tbwan.report import summary_table
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.converge import converge
from tbwan.runbooks.unattended import quiet_libraries, set_session_timeouts
from tbwan.tasks.deploy_host import DeployStatus

STAGES = "|".join(s.value for s in ORDER)


def run_stage(
    feature: str,
    hosts: HostFilter,
    *,
    commit: bool,
    inventory: Path | None,
    templates: Path,
    backup_dir: Path,
    session_timeout: float,
) -> None:
    """Converge ``feature`` on the hosts of ``hosts``; exit 1 if a host failed."""
    quiet_libraries()
    with errors_to_exit():
        try:
            stage = Stage(feature)
        except ValueError:
            raise DeployError(f"--feature {feature!r}: use one of {STAGES}") from None
        nr = hosts.apply(init_nornir(Settings(inventory_root=inventory)))
        set_session_timeouts(nr, session_timeout)
        result = converge(
            nr,
            Renderer(templates, load_secrets()),
            stage=stage,
            store=BackupStore(backup_dir),
            commit=commit,
        )
    for h in result.hosts:
        console.rule(f"{h.host}: {h.status.value}")
        if h.diff:
            console.print(Syntax(h.diff, "diff", theme="ansi_dark", word_wrap=True))
        if h.error:
            err_console.print(f"[red]{h.status.value}[/] {escape(h.error)}")
    counts: dict[str, int] = {}
    for h in result.hosts:
        counts[h.status.value] = counts.get(h.status.value, 0) + 1
    console.print(f"stage {stage.value}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if not commit and any(h.status is DeployStatus.WOULD_CHANGE for h in result.hosts):
        console.print("dry run: nothing was changed; add --commit to apply")
    if result.after is not None:
        console.print(summary_table(result.after))
    nxt = ORDER.index(stage) + 1
    if commit and not result.failed and nxt < len(ORDER):
        console.print(f"next stage: --feature {ORDER[nxt].value} (the same other options)")
    if result.failed:
        raise typer.Exit(1)
