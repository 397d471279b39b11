"""Benchmark: load a 2,000-device inventory from NetBox into Nornir.

Compares, on the same NetBox and data, in one run:
1. tbwan's ``TbwanNetBoxInventory`` with its snapshot off (``cache: false``): the full
   read, through REST (``--api rest``) or GraphQL (``--api graphql``), both timed;
2. the same plugin with its snapshot: first load (full read + snapshot written), a load
   with nothing changed in NetBox, a load after ``--changes`` interfaces changed;
3. a naive pynetbox load: ``.all()`` per object type, one after the other, as Records,
4. nornir_netbox 0.3.0's ``NetBoxInventory2``, run from a throwaway venv given by
   ``--nornir-netbox-python`` (it cannot share tbwan's venv: it pins nornir < 4).

The inventory is the province's, repeated with fresh names and addresses until it holds
``--devices`` devices, and synced first (timed, then timed again: the idempotent re-run).

It writes the data it syncs, so point it at a NetBox of its own, never the test one:
    export TBWAN_NETBOX_HOME=/tmp/nb-bench TBWAN_NETBOX_DB=tbwan_bench TBWAN_NETBOX_PORT=8002
    scripts/netbox up
    .venv/bin/python benchmarks/bench_netbox.py [--devices 2000] [--nornir-netbox-python PY]

``--skip-sync`` trusts that NetBox already holds the data (a second sync takes ~30 s).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pynetbox

from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.nornir_plugin import TbwanNetBoxInventory
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.snapshot import describe
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


def naive_pynetbox(url: str, token: str) -> str:
    """What a first script does: every object type with ``.all()``, one after the other."""
    api = pynetbox.api(url, token=token)
    endpoints = [
        api.dcim.regions, api.dcim.sites, api.dcim.devices, api.dcim.interfaces,
        api.ipam.ip_addresses, api.ipam.vlans, api.ipam.prefixes, api.circuits.circuits,
        api.circuits.circuit_terminations,
    ]  # fmt: skip
    records = {ep.name: list(ep.all()) for ep in endpoints}
    return f"({len(records['devices'])} devices, {sum(map(len, records.values()))} records)"


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


def change_interfaces(url: str, token: str, count: int, stamp: str) -> None:
    """Change the description of ``count`` interfaces (what an engineer's edits do)."""
    api = pynetbox.api(url, token=token)
    for itf in list(api.dcim.interfaces.filter(tag="tbwan", name="Loopback0", limit=count))[:count]:
        itf.description = f"Router ID ({stamp})"
        itf.save()


def tbwan_load(cache_dir: str, **options: Any) -> str:
    plugin = TbwanNetBoxInventory(cache_dir=cache_dir, **options)
    hosts = len(plugin.load().hosts)
    assert plugin.last_load is not None
    return f"({hosts} hosts) {describe(plugin.last_load)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--nornir-netbox-python", default=None)
    parser.add_argument("--skip-sync", action="store_true", help="NetBox holds the data already")
    parser.add_argument("--changes", type=int, default=10, help="interfaces changed")
    parser.add_argument("--skip-pynetbox", action="store_true", help="skip the slow naive load")
    parser.add_argument("--rounds", type=int, default=2, help="full reads of each API")
    args = parser.parse_args()
    os.environ.setdefault("TBWAN_USERNAME", "bench")
    os.environ.setdefault("TBWAN_PASSWORD", "bench-not-a-secret")
    url, token = netbox_settings()
    if not args.skip_sync:
        inv = scaled(load_inventory(REPO / "inventory"), args.devices)
        nb = NetBox(url, token)
        first, report = timed(sync, nb, inv)
        print(f"sync {len(inv.devices)} devices: {first:.1f} s ({report.summary()})", flush=True)
        again, report = timed(sync, nb, inv)
        print(f"sync again: {again:.1f} s ({report.summary()})", flush=True)
    print(f"load average before: {os.getloadavg()}", flush=True)
    results: dict[str, float] = {}
    scratch = tempfile.TemporaryDirectory(prefix="tbwan-bench-netbox-cache-")
    cache = scratch.name  # snapshots of 2,000 devices: ~27 MB, removed at exit
    nothing = None

    def edit() -> None:  # not timed: what an engineer did in NetBox since the last load
        change_interfaces(url, token, args.changes, str(time.time()))

    # the full reads alternate over --rounds (NetBox warms up on the first), best kept
    steps: list[tuple[str, Any, Any]] = []
    for _ in range(args.rounds):
        steps += [
            ("tbwan, no snapshot, GraphQL", nothing, lambda: tbwan_load(cache, cache=False)),
            (
                "tbwan, no snapshot, REST",
                nothing,
                lambda: tbwan_load(cache, cache=False, api="rest"),
            ),
        ]
    steps += [
        ("tbwan, first load (snapshot written)", nothing, lambda: tbwan_load(cache)),
        ("tbwan, nothing changed", nothing, lambda: tbwan_load(cache)),
        (f"tbwan, {args.changes} interfaces changed", edit, lambda: tbwan_load(cache)),
    ]
    if not args.skip_pynetbox:
        steps.append(("pynetbox .all() per type", nothing, lambda: naive_pynetbox(url, token)))
    for name, setup, fn in steps:
        if setup is not None:
            setup()
        seconds, outcome = timed(fn)
        results[name] = min(seconds, results.get(name, seconds))
        print(f"{name}: {seconds:.2f} s {outcome}", flush=True)
    if args.nornir_netbox_python:
        outcome = run_nornir_netbox(args.nornir_netbox_python, url, token)
        print(f"nornir_netbox NetBoxInventory2: {outcome}", flush=True)
        if not outcome.startswith("fails"):
            results["nornir_netbox NetBoxInventory2 (devices only)"] = float(outcome.split()[0])
    scratch.cleanup()
    print(f"load average after: {os.getloadavg()}", flush=True)
    base = results["tbwan, nothing changed"]
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.2f} | {seconds / base:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
