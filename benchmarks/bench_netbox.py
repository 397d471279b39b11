"""Benchmark: load a 2,000-device inventory from NetBox into Nornir.

Compares, on the same NetBox and data:
1. tbwan's ``TbwanNetBoxInventory`` (one parallel round of paginated REST reads, only the
   fields used),
2. a naive pynetbox load: ``.all()`` per object type, one after the other, as Records,
3. nornir_netbox 0.3.0's ``NetBoxInventory2``, run from a throwaway venv given by
   ``--nornir-netbox-python`` (it cannot share tbwan's venv: it pins nornir < 4).

The inventory is the province's, repeated with fresh names and addresses until it holds
``--devices`` devices, and synced first (timed, then timed again: the idempotent re-run).

It writes the data it syncs, so point it at a NetBox of its own, never the test one:
    export TBWAN_NETBOX_HOME=/tmp/nb-bench TBWAN_NETBOX_DB=tbwan_bench TBWAN_NETBOX_PORT=8002
    scripts/netbox up
    .venv/bin/python benchmarks/bench_netbox.py [--devices 2000] [--nornir-netbox-python PY]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pynetbox

from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.nornir_plugin import TbwanNetBoxInventory
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.sync import sync

REPO = Path(__file__).resolve().parents[1]

NORNIR_NETBOX = """
import os, time
from nornir_netbox.plugins.inventory.netbox import NetBoxInventory2
t = time.perf_counter()
inv = NetBoxInventory2(nb_url=os.environ["NB_URL"], nb_token=os.environ["NB_TOKEN"]).load()
print(time.perf_counter() - t, len(inv.hosts))
"""


def scaled(files: Inventory, devices: int) -> Inventory:
    """The inventory repeated with fresh slugs, names and addresses (10.(34+k).x.x)."""
    base = files.model_dump(mode="json")
    text = json.dumps(base["sites"], ensure_ascii=False)
    sites = list(base["sites"])
    k = 0
    while sum(len(s["devices"]) for s in sites) < devices:
        k += 1
        copy = text.replace('"tb-', f'"c{k}-tb-').replace('"tbcl-', f'"c{k}-tbcl-')
        copy = copy.replace('"10.34.', f'"10.{34 + k}.')
        # public (documentation) addresses of the internet uplinks: unique per copy too
        copy = copy.replace('"198.51.100.', f'"198.51.{100 + k}.')
        sites += json.loads(copy.replace('"203.0.113.', f'"203.0.{113 + k}.'))
    total = 0
    kept = []
    for site in sites:  # whole sites, stop once enough devices
        if total >= devices:
            break
        kept.append(site)
        total += len(site["devices"])
    # carrier sites are termination_z of circuits: keep them whatever the cut
    kept_slugs = {s["slug"] for s in kept}
    needed = {c["termination_z"] for s in kept for c in s["circuits"]}
    kept += [s for s in sites if s["slug"] in needed - kept_slugs]
    kept.sort(key=lambda s: s["slug"])
    return Inventory.model_validate({**base, "sites": kept})


def naive_pynetbox(url: str, token: str) -> int:
    """What a first script does: every object type with ``.all()``, one after the other."""
    api = pynetbox.api(url, token=token)
    endpoints = [
        api.dcim.regions, api.dcim.sites, api.dcim.devices, api.dcim.interfaces,
        api.ipam.ip_addresses, api.ipam.vlans, api.ipam.prefixes, api.circuits.circuits,
        api.circuits.circuit_terminations,
    ]  # fmt: skip
    records = {ep.name: list(ep.all()) for ep in endpoints}
    return len(records["devices"])


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def run_nornir_netbox(python: str, url: str, token: str) -> str:
    env = {**os.environ, "NB_URL": url, "NB_TOKEN": token}  # not in argv: ps shows argv
    proc = subprocess.run(
        [python, "-c", NORNIR_NETBOX], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"fails: {last[:160]}"
    seconds, hosts = proc.stdout.split()
    return f"{float(seconds):.2f} s ({hosts} hosts)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--nornir-netbox-python", default=None)
    args = parser.parse_args()
    os.environ.setdefault("TBWAN_USERNAME", "bench")
    os.environ.setdefault("TBWAN_PASSWORD", "bench-not-a-secret")
    url, token = netbox_settings()
    inv = scaled(load_inventory(REPO / "inventory"), args.devices)
    nb = NetBox(url, token)
    first, report = timed(sync, nb, inv)
    print(f"sync {len(inv.devices)} devices: {first:.1f} s ({report.summary()})", flush=True)
    again, report = timed(sync, nb, inv)
    print(f"sync again: {again:.1f} s ({report.summary()})", flush=True)
    results: dict[str, float] = {}
    for name, fn in (
        ("tbwan TbwanNetBoxInventory", lambda: len(TbwanNetBoxInventory().load().hosts)),
        ("pynetbox .all() per type", lambda: naive_pynetbox(url, token)),
    ):
        seconds, hosts = timed(fn)
        results[name] = seconds
        print(f"{name}: {seconds:.2f} s ({hosts} hosts)", flush=True)
    fastest = min(results.values())
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} s | {seconds / fastest:.1f}x |")
    if args.nornir_netbox_python:
        outcome = run_nornir_netbox(args.nornir_netbox_python, url, token)
        print(f"| nornir_netbox NetBoxInventory2 | {outcome} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
