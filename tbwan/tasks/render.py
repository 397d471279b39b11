"""Nornir task: render a host's intended config."""

from __future__ import annotations

from nornir.core.task import Result, Task

from tbwan.render.engine import Renderer, host_context


def render_config(task: Task, *, renderer: Renderer) -> Result:
    """Render ``task.host``'s intended config from its inventory data."""
    host = task.host
    text = renderer.render(host.name, host_context(host["device"], host["site"], host["plan"]))
    return Result(host=host, result=text)
