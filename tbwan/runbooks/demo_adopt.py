"""Runbook: adopting a running network on the brownfield lab, start to finish.

Lab up with hand-made legacy configs, cabled as the province (LLDP) -> discover every
device from a CSV of management addresses into a fresh source-of-truth folder ->
baseline audit (stages furthest from the standard) -> converge stage by stage, least
risky first -> final audit -> lab down.
Credentials and secrets the environment does not set are random values for this run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tbwan.converge import ORDER
from tbwan.converge.baseline import Baseline, baseline
from tbwan.credentials import load_secrets
from tbwan.inventory.loader import load_inventory
from tbwan.lab import Credentials
from tbwan.lab.inventory_devices import LabSelection, lab_devices
from tbwan.lab.network import cabling_from_inventory
from tbwan.render.engine import Renderer
from tbwan.report import AuditReport
from tbwan.runbooks.audit import PROM_FILE, AuditFiles, audit_hosts, write_audit
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, init_nornir
from tbwan.runbooks.converge import ConvergeReport, converge
from tbwan.runbooks.discover import DiscoverReport, discover
from tbwan.runbooks.labrun import lab_process, throwaway_secrets


@dataclass(frozen=True)
class AdoptReport:
    """Each phase's result and timing."""

    discovered: DiscoverReport
    baseline: Baseline
    stages: tuple[ConvergeReport, ...]
    final: AuditReport
    files: AuditFiles
    generated_secrets: list[str]
    seconds: dict[str, float] = field(default_factory=dict)


def run_adopt_demo(
    *,
    selection: LabSelection | None = None,
    inventory: Path = Path("inventory"),
    templates: Path = Path("templates"),
    reports: Path = Path("reports"),
    backup_dir: Path = Path("build/demo-backups"),
    workers: int | None = None,
    say: Callable[[str], None] = print,
) -> AdoptReport:
    """Run the adoption demo on the devices ``selection`` picks (every device by default)."""
    seconds: dict[str, float] = {}
    generated = throwaway_secrets()
    renderer = Renderer(templates, load_secrets())
    devices = lab_devices(inventory, templates, selection or LabSelection(), "legacy")
    with tempfile.TemporaryDirectory(prefix="tbwan-adopt-") as tmp:
        lab_dir, into = Path(tmp) / "lab", Path(tmp) / "adopted"
        into.mkdir()
        for name in ("plan.yaml", "regions.yaml"):
            shutil.copy(inventory / name, into / name)
        creds = Credentials(*load_secrets().login())
        start = time.perf_counter()
        say(f"lab: {len(devices)} devices with hand-made (legacy) configs")
        cabling = cabling_from_inventory(load_inventory(inventory))
        with lab_process(devices, creds, lab_dir, cabling=cabling):
            seconds["lab up"] = time.perf_counter() - start
            csv = "address\n" + "".join(f"{d.management}\n" for d in devices)
            say(f"discover: {len(devices)} management addresses -> a new source of truth")
            mark = time.perf_counter()
            found = discover(csv, "devices.csv", into=into, commit=True, lab=lab_dir)
            seconds["discover"] = time.perf_counter() - mark
            settings = Settings(
                templates=templates, workers=workers, inventory_root=into, lab_dir=lab_dir
            )
            say("baseline: the discovered records, rendered to the standard, vs running")
            mark = time.perf_counter()
            table = baseline(audit_hosts(init_nornir(settings), renderer))
            seconds["baseline"] = time.perf_counter() - mark
            stages: list[ConvergeReport] = []
            store = BackupStore(backup_dir)
            for stage in ORDER:
                say(f"converge: {stage.value}")
                mark = time.perf_counter()
                nr = init_nornir(settings)
                stages.append(converge(nr, renderer, stage=stage, store=store, commit=True))
                seconds[stage.value] = time.perf_counter() - mark
            say("audit: every device against the standard")
            mark = time.perf_counter()
            final = audit_hosts(init_nornir(settings), renderer)
            seconds["final audit"] = time.perf_counter() - mark
            files = write_audit(final, reports, reports / PROM_FILE)
        seconds["total"] = time.perf_counter() - start
    return AdoptReport(
        discovered=found,
        baseline=table,
        stages=tuple(stages),
        final=final,
        files=files,
        generated_secrets=generated,
        seconds=seconds,
    )
