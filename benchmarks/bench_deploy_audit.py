"""Benchmark: whole-province deploy (merge, commit) and drift audit vs a naive Netmiko loop.

Both sides drive the same lab (every inventory host, factory-fresh, served by one child
process on 127.0.0.1) with the real clients. tbwan: ``deploy`` (render with real secrets,
pre-change backup, stage, diff, commit under a rollback timer, post-checks: matches
intended and interfaces up, confirm and write memory) then ``audit`` (render, show
running-config, hier_config drift per feature, report). Naive: one host after another,
Netmiko ``ConnectHandler`` -> ``send_config_set(intended)`` -> ``save_config`` for the
deploy, and ``show running-config`` + the same drift comparison for the audit, with no
backup, no diff, no checks. The naive loops run on ``--naive-hosts`` IOS hosts (a fresh lab)
and the per-host time is extrapolated to the province; the ratio is from one run.

Run: ``.venv/bin/python benchmarks/bench_deploy_audit.py [--workers 50] [--naive-hosts 40]``
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from netmiko import ConnectHandler
from provincerun import REPO, deploy_and_audit, throwaway_login

from tbwan.credentials import load_secrets
from tbwan.diff import diff_configs
from tbwan.lab import Credentials
from tbwan.platforms import IOS, platform_of
from tbwan.render.engine import Renderer
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.labrun import inventory_devices, lab_process
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.tasks.backup import clean_running


def naive(
    hosts: list[str],
    configs: dict[str, str],
    addresses: dict[str, tuple[str, int]],
    creds: Credentials,
) -> tuple[float, float]:
    """Sequential Netmiko deploy then audit over ``hosts``; seconds of each."""
    params = {
        "device_type": "cisco_ios",
        "username": creds.username,
        "password": creds.password,
        "secret": creds.enable_secret,
    }
    start = time.perf_counter()
    for host in hosts:
        address, port = addresses[host]
        with ConnectHandler(host=address, port=port, **params) as conn:
            conn.enable()
            conn.send_config_set(configs[host].splitlines())
            conn.save_config()
    deployed = time.perf_counter() - start
    start = time.perf_counter()
    for host in hosts:
        address, port = addresses[host]
        with ConnectHandler(host=address, port=port, **params) as conn:
            conn.enable()
            running = conn.send_command("show running-config")
        diff_configs(host, configs[host], clean_running(running), platform=IOS)
    return deployed, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="Nornir workers")
    parser.add_argument("--revert-timer", type=int, default=5, help="minutes (0: none)")
    parser.add_argument("--naive-hosts", type=int, default=40, help="hosts for naive loops")
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    creds = throwaway_login()
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-"))
    settings = Settings(workers=args.workers, lab_dir=tmp / "lab")
    nr = init_nornir(settings)
    names = sorted(nr.inventory.hosts)
    renderer = Renderer(REPO / "templates", load_secrets())
    run = deploy_and_audit(settings, renderer, creds, tmp, revert_timer=args.revert_timer)
    dep, aud, t_deploy, t_audit = run.deploy, run.audit, run.deploy_s, run.audit_s
    ios = [h for h in names if platform_of(nr.inventory.hosts[h]) is IOS]  # naive is cisco_ios
    sample = ios[:: max(1, len(ios) // args.naive_hosts)][: args.naive_hosts]
    configs, _ = render_configs(HostFilter(hosts=sample).apply(nr), renderer)
    sub = HostFilter(hosts=sample).apply(init_nornir(Settings(lab_dir=tmp / "lab2")))
    with lab_process(inventory_devices(sub), creds, tmp / "lab2") as addresses:
        n_deploy, n_audit = naive(sample, configs, addresses, creds)
    scale = len(names) / len(sample)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}"
    )
    print(f"hosts: {len(names)}; deploy outcomes {dep.counts}; audit {aud.counts}")
    print(
        f"tbwan deploy (merge, commit, checks, revert timer {args.revert_timer} min): "
        f"{t_deploy:.1f} s"
    )
    print(f"tbwan audit: {t_audit:.1f} s")
    print(
        f"naive deploy: {n_deploy:.1f} s for {len(sample)} hosts -> "
        f"{n_deploy * scale:.0f} s for {len(names)} (x{n_deploy * scale / t_deploy:.1f})"
    )
    print(
        f"naive audit: {n_audit:.1f} s for {len(sample)} hosts -> "
        f"{n_audit * scale:.0f} s for {len(names)} (x{n_audit * scale / t_audit:.1f})"
    )


if __name__ == "__main__":
    main()
