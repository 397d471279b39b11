"""Runbook: render intended configs to ``build/intended/<host>.cfg``."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nornir.core import Nornir
from nornir.plugins.runners import SerialRunner

from tbwan.credentials import Secrets
from tbwan.errors import RenderError
from tbwan.inventory.store import atomic_write
from tbwan.render.engine import Renderer
from tbwan.runbooks.common import ProgressProcessor, progress_bar
from tbwan.tasks.render import render_config


@dataclass(frozen=True)
class RenderReport:
    """What a render run produced."""

    written: dict[str, Path]
    per_role: dict[str, int]
    failed: dict[str, str]
    seconds: float


def render_configs(nr: Nornir, renderer: Renderer) -> tuple[dict[str, str], dict[str, str]]:
    """Host -> config text, and host -> error, for every host of ``nr`` (serially:
    rendering is CPU-bound and threads would only contend for the GIL)."""
    with progress_bar() as progress:
        proc = ProgressProcessor(progress, "render", len(nr.inventory.hosts))
        result = (
            nr.with_runner(SerialRunner())
            .with_processors([proc])
            .run(task=render_config, renderer=renderer, name="render")
        )
    configs: dict[str, str] = {}
    failed: dict[str, str] = {}
    for host, multi in result.items():
        if multi.failed:
            exc = multi[0].exception
            failed[host] = str(exc) if isinstance(exc, RenderError) else repr(exc)
        else:
            configs[host] = str(multi[0].result)
    return configs, failed


def render_intended(
    nr: Nornir, templates: Path, out_dir: Path, secrets: Secrets | None = None
) -> RenderReport:
    """Render every host of ``nr`` and write ``out_dir/<host>.cfg``."""
    start = time.perf_counter()
    configs, failed = render_configs(nr, Renderer(templates, secrets))
    written: dict[str, Path] = {}
    for host, text in configs.items():
        path = out_dir / f"{host}.cfg"
        atomic_write(path, text)
        written[host] = path
    roles = Counter(str(nr.inventory.hosts[h]["role"]) for h in written)
    return RenderReport(
        written=written,
        per_role=dict(sorted(roles.items())),
        failed=failed,
        seconds=time.perf_counter() - start,
    )


def write_changed(configs: dict[str, str], out_dir: Path) -> int:
    """Write ``out_dir/<host>.cfg`` for every config that differs from the file (each file
    replaced whole, never half-written); return how many changed."""
    changed = 0
    for host, text in configs.items():
        path = out_dir / f"{host}.cfg"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text)
            changed += 1
    return changed
