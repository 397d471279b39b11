"""Benchmark: province verify and deploy with state post-checks vs a naive Netmiko loop.

All sides drive the same lab (every inventory host, factory-fresh, cabled as the
inventory says, one child process on 127.0.0.1) with the real clients. tbwan: ``deploy
--commit`` of the province with state post-checks (each changed host's links,
adjacencies, tunnels and HSRP before and after its commit; the DIC core's routes before
and after the run), then the same deploy without them on a second fresh lab (the
overhead, side by side), then ``verify`` of the healthy province (intended state,
observation of every host, checks, diagnosis, reports in memory). Naive: one host after
another, Netmiko ``ConnectHandler`` -> ``show ip ospf neighbor`` -> ``ping`` each DIC
service from the loopback, on ``--naive-hosts`` hosts, per host time extrapolated to the
province.

Run: ``.venv/bin/python benchmarks/bench_verify.py [--workers 50] [--naive-hosts 40]``
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
from tbwan.inventory.loader import load_inventory
from tbwan.lab import Credentials
from tbwan.lab.network import cabling_from_inventory
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process
from tbwan.runbooks.statecheck import StateGuard
from tbwan.runbooks.unattended import quiet_libraries
from tbwan.runbooks.verify import verify_exit, verify_network
from tbwan.verify.intended import intended_state

REPO = Path(__file__).resolve().parents[1]


def naive(
    hosts: list[str],
    addresses: dict[str, tuple[str, int]],
    creds: Credentials,
    services: list[str],
) -> float:
    """Sequential Netmiko ``show ip ospf neighbor`` + pings over ``hosts``; seconds."""
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
            conn.send_command("show ip ospf neighbor", use_textfsm=True)
            for target in services:
                conn.send_command(f"ping {target} source Loopback0")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="Nornir workers")
    parser.add_argument("--naive-hosts", type=int, default=40, help="hosts for the naive loop")
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    for var in THROWAWAY_VARS:
        os.environ[var] = "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10)
    creds = Credentials(*load_secrets().login())
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-"))
    inventory = load_inventory(REPO / "inventory")
    start = time.perf_counter()
    state = intended_state(inventory)
    t_intended = time.perf_counter() - start
    renderer = Renderer(REPO / "templates", load_secrets())
    cabling = cabling_from_inventory(inventory)
    timings: dict[str, float] = {}
    for label, guarded in (("deploy, state checks", True), ("deploy, no state checks", False)):
        os.environ["TBWAN_LAB_DIR"] = str(tmp / label.replace(" ", "_"))
        nr = init_nornir(Settings(workers=args.workers))
        names = sorted(nr.inventory.hosts)
        lab = tmp / label.replace(" ", "_")
        with lab_process(inventory_devices(nr), creds, lab, cabling=cabling):
            nr = init_nornir(Settings(workers=args.workers))
            guard = StateGuard(state=state, nornir=nr) if guarded else None
            start = time.perf_counter()
            # Without state checks only the config post-check: the interfaces-up check
            # cannot pass while a link's far end is not configured yet.
            dep = deploy(
                nr,
                renderer,
                store=BackupStore(tmp / "backups"),
                commit=True,
                state=guard,
                check_interfaces=False,
            )
            timings[label] = time.perf_counter() - start
            print(f"{label}: {timings[label]:.1f} s, outcomes {dep.counts}")
            if guarded:
                start = time.perf_counter()
                report = verify_network(nr, inventory, names, renderer=renderer, state=state)
                timings["verify"] = time.perf_counter() - start
                print(
                    f"verify: {timings['verify']:.1f} s, exit {int(verify_exit(report))}, "
                    f"{report.counts}, {len(report.diagnoses)} diagnoses"
                )
                for d in report.diagnoses[:5]:
                    print(f"  {d.cause.value} {d.subject}: {d.message}")
            else:
                sample = names[:: max(1, len(names) // args.naive_hosts)][: args.naive_hosts]
                addresses = {
                    h: (nr.inventory.hosts[h].hostname or "", nr.inventory.hosts[h].port or 22)
                    for h in sample
                }
                services = [str(getattr(inventory.plan.services, s)[0]) for s in
                            ("aaa", "syslog", "ntp", "snmp")]  # fmt: skip
                timings["naive"] = naive(sample, addresses, creds, services)
                timings["naive_scale"] = len(names) / len(sample)
    scale = timings["naive_scale"]
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"hosts: {len(names)}; intended state computed in {t_intended * 1000:.0f} ms")
    print(
        f"deploy --commit with state post-checks: {timings['deploy, state checks']:.1f} s "
        f"(without: {timings['deploy, no state checks']:.1f} s)"
    )
    print(
        f"tbwan verify: {timings['verify']:.1f} s; naive loop: {timings['naive']:.1f} s for "
        f"{len(names) / scale:.0f} hosts -> {timings['naive'] * scale:.0f} s for {len(names)} "
        f"(x{timings['naive'] * scale / timings['verify']:.1f})"
    )


if __name__ == "__main__":
    main()
