"""Benchmark: onboarding communes end to end (allocate, create, render, push, verify).

Against the device lab (the district hubs booted with their intended configs; new
routers racked on the fly) and a copy of the file inventory; with ``--netbox`` also one
commune with NetBox as the source of truth (needs ``scripts/netbox up``).

Run: ``.venv/bin/python benchmarks/bench_onboard.py [--count 20] [--netbox]``
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

from tbwan.credentials import load_secrets
from tbwan.inventory.models import Role
from tbwan.inventory.store import load_inventory
from tbwan.lab import Credentials, LabDevice
from tbwan.onboard.plan import OnboardPlan
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth, SourceOfTruth
from tbwan.render.engine import render_inventory
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings
from tbwan.runbooks.labrun import THROWAWAY_VARS, lab_process
from tbwan.runbooks.onboard import Outcome, onboard_commune, onboard_many
from tbwan.runbooks.onboard_lab import lab_prepare
from tbwan.runbooks.unattended import quiet_libraries

REPO = Path(__file__).resolve().parents[1]
DISTRICTS = (
    "vu-thu",
    "kien-xuong",
    "tien-hai",
    "thai-thuy",
    "dong-hung",
    "hung-ha",
    "quynh-phu",
    "tp-thai-binh",
)


def requests(count: int, first: int) -> list[CommuneRequest]:
    return [
        CommuneRequest(
            district=DISTRICTS[i % len(DISTRICTS)],
            code=f"{first + i:05d}",
            name=f"Xã Đo Tốc Độ {first + i}",
            uplink="copper" if i % 2 else "fiber",
        )
        for i in range(count)
    ]


def timed(
    sot: SourceOfTruth, reqs: list[CommuneRequest], settings: Settings, store: BackupStore
) -> tuple[float, list[OnboardPlan]]:
    start = time.perf_counter()
    plans = []
    for req in reqs:
        report = onboard_commune(sot, req, settings, commit=True, store=store, prepare=lab_prepare)
        assert report.outcome is Outcome.ACTIVE and report.plan is not None
        plans.append(report.plan)
        print("  steps: " + ", ".join(f"{name} {sec:.1f} s" for name, sec in report.steps))
    return time.perf_counter() - start, plans


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--netbox", action="store_true")
    args = parser.parse_args()
    quiet_libraries()
    os.chdir(REPO)
    for var in THROWAWAY_VARS:
        os.environ.setdefault(var, "tbwan" if var == "TBWAN_USERNAME" else secrets.token_hex(8))
    tmp = Path(tempfile.mkdtemp(prefix="tbwan-bench-onboard-"))
    os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab")
    root = tmp / "inventory"
    shutil.copytree(REPO / "inventory", root, ignore=shutil.ignore_patterns("source"))
    inv = load_inventory(root)
    hubs = [d.name for d in inv.devices if d.role is Role.HUB_ROUTER]
    configs = render_inventory(inv, REPO / "templates", load_secrets(), only=hubs)
    devices = [LabDevice(name=h, seed_config=configs[h]) for h in hubs]
    settings = Settings(inventory_root=root, inventory="files")
    store = BackupStore(tmp / "backups")
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
        f", {load()}"
    )
    with lab_process(devices, Credentials(*load_secrets().login()), tmp / "lab"):
        one, _ = timed(FileSourceOfTruth(root), requests(1, 99500), settings, store)
        print(f"one commune, files + lab: {one:.1f} s")
        start = time.perf_counter()
        reports = onboard_many(
            FileSourceOfTruth(root),
            requests(args.count, 99600),
            settings,
            commit=True,
            store=store,
            prepare=lab_prepare,
            workers=4,
        )
        many = time.perf_counter() - start
        assert all(not isinstance(r, Exception) and r.outcome is Outcome.ACTIVE for r in reports), (
            reports
        )
        print(f"{args.count} communes from one list, 4 at a time, files + lab: {many:.1f} s")
    if args.netbox:
        # a lab of its own: the hubs above now carry the file-onboarded communes
        os.environ["TBWAN_LAB_DIR"] = str(tmp / "lab-netbox")
        with lab_process(devices, Credentials(*load_secrets().login()), tmp / "lab-netbox"):
            from tbwan.netbox.onboard import NetBoxSourceOfTruth

            os.environ["TBWAN_INVENTORY"] = "netbox"
            sot = NetBoxSourceOfTruth.from_settings()
            nb_one, plans = timed(sot, requests(1, 99700), Settings(inventory="netbox"), store)
            print(f"one commune, NetBox + lab: {nb_one:.1f} s")
            for plan in plans:
                sot.remove(plan)  # leave NetBox as the files describe it
    print(f"end: {load()}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
