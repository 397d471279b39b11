"""Benchmark: what reading the rollback timer adds to an audit (every host, side by side).

Every audit asks each device for a commit pending confirmation (``show archive config
rollback timer``) besides its running config. This runs the province's audit against one
lab with and without that read (after a warm-up audit, alternating which goes first), so
both see the same load; the difference is the read's cost.

Run: ``.venv/bin/python benchmarks/bench_pending_check.py [--rounds 4] [--workers 50]``
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from nornir.core.task import Result, Task

import tbwan.tasks.audit as audit_task
from tbwan.credentials import load_secrets
from tbwan.lab import Credentials
from tbwan.render.engine import Renderer
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.tasks.pending import pending_commit

REPO = Path(__file__).resolve().parents[1]


def no_read(task: Task) -> Result:
    """The audit as it was before: no rollback timer read."""
    return Result(host=task.host, result=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="Nornir workers")
    parser.add_argument("--rounds", type=int, default=4, help="audits of each kind")
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    for var in THROWAWAY_VARS:
        os.environ[var] = "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10)
    creds = Credentials(*load_secrets().login())
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-"))
    os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab")
    nr = init_nornir(Settings(workers=args.workers))
    renderer = Renderer(REPO / "templates", load_secrets())
    times: dict[str, list[float]] = {"with the read": [], "without": []}
    with lab_process(inventory_devices(nr), creds, tmp / "lab"):
        nr = init_nornir(Settings(workers=args.workers))
        intended, _ = render_configs(nr, renderer)
        audit_hosts(nr, renderer, intended=intended)  # warm-up, not counted
        kinds = [("with the read", pending_commit), ("without", no_read)]
        for n in range(args.rounds):
            for label, task in kinds if n % 2 == 0 else kinds[::-1]:  # alternate the order
                audit_task.pending_commit = task
                start = time.perf_counter()
                report = audit_hosts(nr, renderer, intended=intended)
                times[label].append(time.perf_counter() - start)
                assert report.counts.unreachable == report.counts.failed == 0, report.counts
    audit_task.pending_commit = pending_commit
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}"
    )
    for label, values in times.items():
        shown = ", ".join(f"{v:.1f}" for v in values)
        print(
            f"audit {len(intended)} hosts {label}: {shown} s (median "
            f"{statistics.median(values):.1f} s)"
        )
    ratio = statistics.median(times["with the read"]) / statistics.median(times["without"])
    print(f"with / without: {ratio:.2f}")


if __name__ == "__main__":
    main()
