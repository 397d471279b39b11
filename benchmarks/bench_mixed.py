"""Benchmark: deploy and audit of the province, IOS-only against mixed (the DIC firewall an SRX).

Two copies of the repository's inventory, whichever form it has
(``tbwan.inventory.variants.copy_with_firewall``): "ios", the DIC firewall an IOS router
like every other device, and "mixed", the firewall a Juniper SRX1500 (NAPALM ``junos``
over NETCONF, Netmiko ``juniper_junos``). For each, in one run: a fresh lab of every
host (factory configs, cabled as that inventory says), tbwan's ``deploy --commit`` of the
province (backup, stage, diff, commit under the rollback timer, config and state
post-checks, confirm), then ``audit``. The variants alternate over ``--rounds`` (which
goes first swaps each round); the medians and the mixed / IOS ratios are printed, with
the load average. Where the SRX's time goes: its audit time inside the province run, and
the firewall deployed and audited alone in a lab of its own (each variant, each round)
with the NETCONF RPCs the SRX took, counted and timed around ncclient. Exit 1 if a host
failed to deploy or was not audited, if the SRX drifted after its deploy, or if another
host's drift differs between the variants (a merge leaves factory lines on IOS hosts
alike in both).

Run: ``.venv/bin/python benchmarks/bench_mixed.py [--rounds 3] [--workers 50] [--replace]``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree
from ncclient.operations import rpc
from provincerun import REPO, DeployAudit, deploy_and_audit, throwaway_login

from tbwan.credentials import load_secrets
from tbwan.inventory.build import DIC_FIREWALL
from tbwan.inventory.variants import copy_with_firewall
from tbwan.render.engine import Renderer
from tbwan.runbooks.common import Settings
from tbwan.runbooks.unattended import quiet_libraries

VARIANTS = {"ios": "ios", "mixed": "junos"}  # name -> the DIC firewall's platform


class RpcLog:
    """NETCONF RPCs ncclient sends (only the SRX speaks NETCONF): count and seconds per RPC.

    ncclient's session thread sends a queued request only when its 0.1 s ``select`` on
    the channel times out or data arrives, so most of an RPC's time is that tick.
    """

    def __init__(self) -> None:
        self.count: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self._lock = threading.Lock()
        request = rpc.RPC._request

        def timed(op_self: rpc.RPC, op: Any) -> Any:
            start = time.perf_counter()
            try:
                return request(op_self, op)
            finally:
                name = etree.QName(op).localname if op is not None else type(op_self).__name__
                with self._lock:
                    self.count[name] += 1
                    self.seconds[name] += time.perf_counter() - start

        rpc.RPC._request = timed  # type: ignore[method-assign]

    def take(self) -> tuple[int, float, str]:
        """RPCs since the last take: how many, seconds, the list; then start again."""
        with self._lock:
            n, total = self.count.total(), sum(self.seconds.values())
            names = ", ".join(f"{k} x{v}" for k, v in sorted(self.count.items()))
            self.count.clear()
            self.seconds.clear()
        return n, total, names


def host_audit_s(run: DeployAudit, host: str) -> float:
    """Seconds the audit spent on ``host``."""
    return next(h.duration_seconds for h in run.audit.hosts if h.host == host)


def drift_apart(ios: DeployAudit, mixed: DeployAudit) -> list[str]:
    """What the audits after the two deploys found differently.

    A merge leaves the factory config's own lines (IOS ``line vty`` logins), so IOS hosts
    may drift in both variants alike; the firewall must be compliant after its deploy, and
    every other host must drift (or not) the same way in both.
    """
    a, b = ios.drift(), mixed.drift()
    out = []
    if DIC_FIREWALL in b:
        out.append(f"audit {DIC_FIREWALL} (SRX) drifted after deploy: {b[DIC_FIREWALL]}")
    for host in sorted((a.keys() | b.keys()) - {DIC_FIREWALL}):
        if a.get(host) != b.get(host):
            out.append(f"audit {host}: IOS-only {a.get(host)!r}, mixed {b.get(host)!r}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each variant")
    parser.add_argument("--workers", type=int, default=None, help="Nornir workers")
    parser.add_argument("--revert-timer", type=int, default=5, help="minutes (0: none)")
    parser.add_argument("--replace", action="store_true", help="full replace, not merge")
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    creds = throwaway_login()
    renderer = Renderer(REPO / "templates", load_secrets())
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-mixed-"))
    runs: dict[str, list[DeployAudit]] = {name: [] for name in VARIANTS}
    alones: dict[str, list[DeployAudit]] = {name: [] for name in VARIANTS}
    problems: list[str] = []
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f} at the start"
    )
    rpcs = RpcLog()
    for n in range(args.rounds):
        order = list(VARIANTS) if n % 2 == 0 else list(reversed(VARIANTS))
        for name in order:
            work = tmp / f"round{n + 1}-{name}"
            root = copy_with_firewall(REPO / "inventory", work / "inventory", VARIANTS[name])
            settings = Settings(
                workers=args.workers, inventory=None, inventory_root=root, lab_dir=work / "lab"
            )
            options: dict[str, Any] = {"revert_timer": args.revert_timer, "replace": args.replace}
            run = deploy_and_audit(settings, renderer, creds, work, cabled=True, **options)
            runs[name].append(run)
            problems += [f"round {n + 1} {name}: {p}" for p in run.failures()]
            n_rpc, rpc_s, _ = rpcs.take()
            print(
                f"round {n + 1} {name:5}: deploy {run.deploy_s:5.1f} s {run.deploy.counts}; "
                f"audit {run.audit_s:5.1f} s {run.audit.counts.compliant} compliant of "
                f"{run.audit.counts.total} ({DIC_FIREWALL}: "
                f"{host_audit_s(run, DIC_FIREWALL):.2f} s); NETCONF RPCs {n_rpc} "
                f"({rpc_s:.1f} s); load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            # the firewall alone, in a lab of its own: its own cost, not hidden by 392 others
            settings.lab_dir = work / "lab-fw"
            alone = deploy_and_audit(
                settings, renderer, creds, work, hosts=[DIC_FIREWALL], **options
            )
            alones[name].append(alone)
            problems += [f"round {n + 1} {name} alone: {p}" for p in alone.failures()]
            n_rpc, rpc_s, names = rpcs.take()
            print(
                f"  {DIC_FIREWALL} alone: deploy {alone.deploy_s:.2f} s, audit "
                f"{alone.audit_s:.2f} s; NETCONF RPCs {n_rpc} ({rpc_s:.2f} s): {names or '-'}",
                flush=True,
            )
        problems += [f"round {n + 1}: {p}" for p in drift_apart(runs["ios"][-1], runs["mixed"][-1])]
    med = {
        (name, what): statistics.median(getattr(r, f"{what}_s") for r in runs[name])
        for name in VARIANTS
        for what in ("deploy", "audit")
    }
    print(f"medians of {args.rounds} rounds (revert timer {args.revert_timer} min):")
    for what, bar in (("deploy", 30), ("audit", 15)):
        ratio = med["mixed", what] / med["ios", what]
        paired = [
            getattr(m, f"{what}_s") / getattr(i, f"{what}_s")
            for i, m in zip(runs["ios"], runs["mixed"], strict=True)
        ]
        print(
            f"  {what:6}: ios {med['ios', what]:5.1f} s, mixed {med['mixed', what]:5.1f} s, "
            f"mixed/ios {ratio:.2f}; per round {' '.join(f'{r:.2f}' for r in paired)}, "
            f"median {statistics.median(paired):.2f} (bar {bar} s)"
        )
    fw = {name: statistics.median(host_audit_s(r, DIC_FIREWALL) for r in runs[name])
          for name in VARIANTS}  # fmt: skip
    print(f"  {DIC_FIREWALL} in the province audit: ios {fw['ios']:.2f} s, SRX {fw['mixed']:.2f} s")
    for what in ("deploy", "audit"):
        alone = {n: statistics.median(getattr(r, f"{what}_s") for r in alones[n]) for n in VARIANTS}
        print(
            f"  {DIC_FIREWALL} alone, {what}: ios {alone['ios']:.2f} s, SRX {alone['mixed']:.2f} s"
        )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for p in problems:
        print(f"PROBLEM {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
