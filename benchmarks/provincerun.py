"""What the province benchmarks share: a throwaway login, and deploy then audit on a lab.

:func:`deploy_and_audit` starts the lab for every host of an inventory (factory-fresh
configs, one child process on 127.0.0.1, optionally cabled as the inventory says), runs
tbwan's ``deploy --commit`` of the province (render with real secrets, pre-change backup,
stage, diff, commit under the rollback timer, post-checks, confirm) and then ``audit``,
each timed, and stops the lab.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from nornir.core import Nornir

from tbwan.credentials import load_secrets
from tbwan.inventory.store import load_inventory
from tbwan.lab import Credentials
from tbwan.lab.network import cabling_from_inventory
from tbwan.render.engine import Renderer
from tbwan.report.models import AuditReport, HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import DeployReport, deploy
from tbwan.runbooks.labrun import THROWAWAY_VARS, inventory_devices, lab_process, throwaway_value
from tbwan.runbooks.statecheck import StateGuard
from tbwan.verify.intended import intended_state

REPO = Path(__file__).resolve().parents[1]


def throwaway_login() -> Credentials:
    """Random values for every ``TBWAN_*`` secret of this process; the lab's login."""
    for var in THROWAWAY_VARS:  # in order: the password's hash follows the password
        os.environ[var] = throwaway_value(var, os.environ)
    return Credentials(*load_secrets().login())


@dataclass(frozen=True)
class DeployAudit:
    """One deploy then audit of the province, with their wall times."""

    deploy: DeployReport
    audit: AuditReport
    deploy_s: float
    audit_s: float

    def failures(self) -> list[str]:
        """Each host that failed to deploy, or was not audited, with why."""
        out = [f"deploy {h.host}: {h.status.value}: {h.error}" for h in self.deploy.failed]
        out += [
            f"audit {h.host}: {h.status.value}: {h.error}"
            for h in self.audit.hosts
            if h.status not in (HostStatus.COMPLIANT, HostStatus.DRIFTED)
        ]
        return out

    def drift(self) -> dict[str, str]:
        """Host -> its remediation, for each host the audit found drifted."""
        return {
            h.host: h.drift.remediation
            for h in self.audit.hosts
            if h.status is HostStatus.DRIFTED and h.drift is not None
        }


def pick(nr: Nornir, hosts: list[str] | None) -> Nornir:
    """``nr`` narrowed to ``hosts`` (all when None)."""
    return nr if hosts is None else HostFilter(hosts=hosts).apply(nr)


def deploy_and_audit(
    settings: Settings,
    renderer: Renderer,
    creds: Credentials,
    workdir: Path,
    *,
    revert_timer: int = 5,
    cabled: bool = False,
    replace: bool = False,
    hosts: list[str] | None = None,
) -> DeployAudit:
    """Lab up for every host of ``settings``' inventory, deploy --commit, audit, lab down.

    ``settings.lab_dir`` is the lab's folder; backups go to ``workdir/backups``. A merge
    (``replace`` false) leaves the factory config's own lines, which the audit reports.
    ``hosts``: only these, in a lab of their own (no cabling: their peers are not there).
    ``cabled``: the lab forms the network (links, OSPF, routes) and the deploy runs with
    its state post-checks, as ``tbwan deploy --commit`` does by default; the interfaces-up
    post-check is left out then (a link's far end may not be configured yet).
    """
    if settings.lab_dir is None:
        raise ValueError("settings.lab_dir: a benchmark's lab needs a folder of its own")
    nr = pick(init_nornir(settings), hosts)
    cabling = state = None
    if cabled:
        inventory = load_inventory(settings.inventory_root or REPO / "inventory")
        cabling = cabling_from_inventory(inventory)
        state = intended_state(inventory)
    with lab_process(inventory_devices(nr), creds, settings.lab_dir, cabling=cabling):
        nr = pick(init_nornir(settings), hosts)  # again: the hosts' ports on the lab
        start = time.perf_counter()
        dep = deploy(
            nr,
            renderer,
            store=BackupStore(workdir / "backups"),
            commit=True,
            replace=replace,
            revert_in=revert_timer * 60 or None,
            check_interfaces=not cabled,
            state=None if state is None else StateGuard(state=state, nornir=nr),
        )
        deploy_s = time.perf_counter() - start
        start = time.perf_counter()
        aud = audit_hosts(nr, renderer)
        audit_s = time.perf_counter() - start
    return DeployAudit(dep, aud, deploy_s, audit_s)
