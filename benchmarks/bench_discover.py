"""Benchmark: discovery of the whole brownfield province, its rerun, and the baseline audit.

The lab serves every inventory device (393) with its hand-made legacy config
(``--seed-config legacy``), cabled as the province (LLDP), from one child process on
127.0.0.1; the clients run in the
benchmark process on the same cores. tbwan: ``discover`` from a CSV of the 393 management
addresses into an empty source-of-truth folder (NAPALM getters, running config, records,
links, merge, validation, files written), the same discovery again (nothing changes), and
the baseline (audit of the discovered records against the running configs, then the
stages table). Naive: one host after another, NAPALM open + the same getters + close, on
``--naive-hosts`` hosts, extrapolated to the province.

Run: ``.venv/bin/python benchmarks/bench_discover.py [--workers 50] [--naive-hosts 20]``
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from napalm import get_network_driver

from tbwan.converge.baseline import baseline
from tbwan.credentials import load_secrets
from tbwan.inventory.loader import load_inventory
from tbwan.inventory.models import Device, Interface
from tbwan.lab import Credentials
from tbwan.lab.inventory_devices import LabSelection, lab_devices
from tbwan.lab.network import cabling_from_inventory
from tbwan.render.engine import Renderer
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.discover import discover
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[1]


def naive(hosts: list[tuple[str, int]], creds: Credentials) -> float:
    """Sequential NAPALM reads of ``hosts``; seconds."""
    driver = get_network_driver("ios")
    start = time.perf_counter()
    for address, port in hosts:
        dev = driver(
            address,
            creds.username,
            creds.password,
            optional_args={"port": port, "secret": creds.enable_secret},
        )
        dev.open()
        dev.get_facts()
        dev.get_interfaces()
        dev.get_interfaces_ip()
        dev.get_vlans()
        dev.get_config(retrieve="running")
        dev.close()
    return time.perf_counter() - start


def _same(want: Device, have: Device) -> bool:
    """Equal but for descriptions (the legacy ones) and the order of a trunk's VLANs."""

    def view(i: Interface) -> dict[str, object]:
        data = i.model_dump(exclude={"description"})
        data["vlans"] = sorted(i.vlans)
        return data

    return want.model_dump(exclude={"interfaces"}) == have.model_dump(exclude={"interfaces"}) and {
        i.name: view(i) for i in want.interfaces
    } == {i.name: view(i) for i in have.interfaces}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=50, help="Nornir workers")
    parser.add_argument("--naive-hosts", type=int, default=20, help="hosts for the naive loop")
    args = parser.parse_args()
    os.chdir(REPO)
    quiet_libraries()
    for var in THROWAWAY_VARS:
        os.environ[var] = "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(10)
    creds = Credentials(*load_secrets().login())
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-"))
    os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab")
    inv = load_inventory(REPO / "inventory")
    into = tmp / "sot"
    into.mkdir()
    for name in ("plan.yaml", "regions.yaml"):
        shutil.copy(REPO / "inventory" / name, into / name)
    csv = "address\n" + "".join(f"{d.primary_ip.ip}\n" for d in inv.devices)
    devices = lab_devices(REPO / "inventory", REPO / "templates", LabSelection(), "legacy")
    cabling = cabling_from_inventory(inv)
    with lab_process(devices, creds, tmp / "lab", cabling=cabling) as addresses:
        start = time.perf_counter()
        first = discover(
            csv, "bench.csv", into=into, commit=True, lab=tmp / "lab", workers=args.workers
        )
        t_first = time.perf_counter() - start
        start = time.perf_counter()
        again = discover(
            csv, "bench.csv", into=into, commit=True, lab=tmp / "lab", workers=args.workers
        )
        t_again = time.perf_counter() - start
        start = time.perf_counter()
        nr = init_nornir(Settings(workers=args.workers, inventory_root=into))
        report = audit_hosts(nr, Renderer(REPO / "templates", load_secrets()))
        table = baseline(report)
        t_base = time.perf_counter() - start
        names = sorted(addresses)
        sample = names[:: max(1, len(names) // args.naive_hosts)][: args.naive_hosts]
        t_naive = naive([addresses[h] for h in sample], creds) * len(names) / len(sample)
    imported = sum(r.status == "imported" for r in first.rows)
    found = {d.name: d for d in first.inventory.devices}
    same = sum(d.name in found and _same(d, found[d.name]) for d in inv.devices)
    changed = sum(c.action != "unchanged" for c in again.changes)
    cores = os.cpu_count()
    print(f"machine: {platform.platform()}, {cores} cores, Python {platform.python_version()}")
    print(f"discover: {imported}/{len(first.rows)} imported, {len(first.written)} site files")
    print(f"  {t_first:.1f} s; {same}/{len(inv.devices)} devices equal to the inventory's")
    print(f"rerun: {changed} sites changed, {t_again:.1f} s")
    print(f"baseline: {table.audited} devices audited, {len(table.rows)} stages, {t_base:.1f} s")
    print(f"naive sequential NAPALM reads ({len(sample)} hosts, extrapolated): {t_naive:.1f} s")
    print(f"ratio naive / tbwan discover: {t_naive / t_first:.1f}x")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
