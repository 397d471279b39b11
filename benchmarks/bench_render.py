"""Benchmark: render the whole province, tbwan vs a naive nornir_jinja2 run.

Both render the same templates for every host with the same context. tbwan keeps one
Jinja2 environment (templates compiled once) and renders serially; the naive run calls
``nornir_jinja2``'s ``template_file`` per host on Nornir's threaded runner, which builds
a new environment (and recompiles the templates) for every host.

Run: ``.venv/bin/python benchmarks/bench_render.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.task import Result, Task
from nornir_jinja2.plugins.tasks import template_file

from tbwan.credentials import Secrets
from tbwan.render.engine import Renderer, host_context, management_source, template_name
from tbwan.render.filters import filters
from tbwan.runbooks.render import render_configs

REPO = Path(__file__).resolve().parents[1]


def naive_task(task: Task) -> Result:
    """Per-host nornir_jinja2 render (new environment every call)."""
    h = task.host
    device = h["device"]
    secrets = Secrets()
    r = task.run(
        task=template_file,
        template=template_name(device["platform"], device["role"]),
        path=str(REPO / "templates"),
        jinja_filters=filters(),
        **host_context(device, h["site"], h["plan"]),
        local_user=h["plan"]["local_user"],
        management_source=management_source(device),
        secret=secrets.config_value,
    )
    return Result(host=h, result=r[0].result)


def timed_tbwan(nr: Nornir) -> float:
    start = time.perf_counter()
    configs, failed = render_configs(nr, Renderer(REPO / "templates"))
    assert not failed and len(configs) == len(nr.inventory.hosts)
    return time.perf_counter() - start


def timed_naive(nr: Nornir) -> float:
    start = time.perf_counter()
    result = nr.run(task=naive_task)
    assert not result.failed
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.chdir(REPO)
    t0 = time.perf_counter()
    nr = InitNornir(
        config_file="nornir.yaml",
        inventory={
            "plugin": "TbwanInventory",
            "options": {"root": "inventory"},
            "transform_function_options": {"lab_dir": "/nonexistent"},
        },
    )
    load = time.perf_counter() - t0
    hosts = len(nr.inventory.hosts)
    ours = [timed_tbwan(nr) for _ in range(args.repeat)]
    naive = [timed_naive(nr) for _ in range(args.repeat)]
    a, b = statistics.median(ours), statistics.median(naive)
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"hosts: {hosts}; inventory load + Nornir init: {load:.2f} s")
    print(f"tbwan render (median of {args.repeat}):  {a:.3f} s  ({hosts / a:.0f} hosts/s)")
    print(f"naive nornir_jinja2 (median of {args.repeat}): {b:.3f} s  ({hosts / b:.0f} hosts/s)")
    print(f"ratio naive / tbwan: {b / a:.1f}x")


if __name__ == "__main__":
    main()
