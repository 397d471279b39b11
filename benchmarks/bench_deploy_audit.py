"""Benchmark: whole-province deploy (merge, commit) and drift audit vs a naive Netmiko loop.

Both sides drive the same lab (every inventory host, factory-fresh, served by one child
process on 127.0.0.1) with the real clients. tbwan: ``deploy`` (render with real secrets,
pre-change backup, stage, diff, commit under a rollback timer, post-checks: matches
intended and interfaces up, confirm and write memory) then ``audit`` (render, show
running-config, hier_config drift per feature, report). Naive: one host after another,
Netmiko ``ConnectHandler`` -> ``send_config_set(intended)`` -> ``save_config`` for the
deploy, and ``show running-config`` + the same drift comparison for the audit, with no
backup, no diff, no checks. The naive loops run on ``--naive-hosts`` hosts (a fresh lab)
and the per-host time is extrapolated to the province; the ratio is from one run.

Run: ``.venv/bin/python benchmarks/bench_deploy_audit.py [--workers 50] [--naive-hosts 40]
[--inventory DIR]`` (``DIR``: another inventory, e.g. the province with an IOS firewall)
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import tempfile
import time
from pathlib import Path

from netmiko import ConnectHandler

from tbwan.credentials import load_secrets
from tbwan.diff import diff_configs
from tbwan.lab import Credentials
from tbwan.platforms import IOS, platform_of
from tbwan.render.engine import Renderer
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.tasks.backup import clean_running

REPO = Path(__file__).resolve().parents[1]


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
    parser.add_argument(
        "--inventory", type=Path, default=None, help="inventory folder (default: the repository's)"
    )
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    for var in THROWAWAY_VARS:
        os.environ[var] = "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10)
    creds = Credentials(*load_secrets().login())
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-"))
    os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab")
    settings = Settings(workers=args.workers, inventory_root=args.inventory)
    nr = init_nornir(settings)
    names = sorted(nr.inventory.hosts)
    renderer = Renderer(REPO / "templates", load_secrets())
    with lab_process(inventory_devices(nr), creds, tmp / "lab"):
        nr = init_nornir(settings)
        start = time.perf_counter()
        dep = deploy(
            nr,
            renderer,
            store=BackupStore(tmp / "backups"),
            commit=True,
            revert_in=args.revert_timer * 60 or None,
        )
        t_deploy = time.perf_counter() - start
        start = time.perf_counter()
        aud = audit_hosts(nr, renderer)
        t_audit = time.perf_counter() - start
    # the naive loop speaks IOS (Netmiko cisco_ios): the SRX is left out of its sample
    ios = [n for n in names if platform_of(nr.inventory.hosts[n]) is IOS]
    sample = ios[:: max(1, len(ios) // args.naive_hosts)][: args.naive_hosts]
    configs, _ = render_configs(HostFilter(hosts=sample).apply(nr), renderer)
    os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab2")
    sub = HostFilter(hosts=sample).apply(init_nornir(settings))
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
