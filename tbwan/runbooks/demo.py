"""Runbook: the whole story on the embedded inventory, start to finish, in under a minute.

Lab up (every inventory host, factory-fresh, cabled as the inventory says) -> deploy
every intended config (replace, commit) -> unplanned manual changes on a few devices
(through the lab, out of band), one of them a hub downlink put in the wrong OSPF area ->
a copper circuit cut at the carrier -> drift audit -> network verify -> reports -> lab
down. Credentials the environment does not set are random
throwaway values for this run only.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tbwan.credentials import load_secrets
from tbwan.errors import RenderError
from tbwan.inventory.loader import load_inventory
from tbwan.lab import Credentials, control
from tbwan.lab.network import cabling_from_inventory, control_ops
from tbwan.platforms import platform_of
from tbwan.render.engine import Renderer
from tbwan.report import AuditReport, exit_status
from tbwan.report.prometheus import write_textfile
from tbwan.report.status import ExitStatus
from tbwan.report.verify import to_prometheus as verify_prometheus
from tbwan.report.verify import write_verify_reports
from tbwan.runbooks.audit import PROM_FILE, AuditFiles, audit_hosts, write_audit
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.demo_network import NetworkFaults, pick_network_faults, verdict
from tbwan.runbooks.deploy import DeployReport, deploy
from tbwan.runbooks.labrun import inventory_devices, lab_process, throwaway_secrets
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.statecheck import StateGuard
from tbwan.runbooks.verify import PROM_FILE as VERIFY_PROM_FILE
from tbwan.runbooks.verify import verify_network
from tbwan.verify.intended import intended_state
from tbwan.verify.models import VerifyReport

ManualChange = tuple[str, str, tuple[str, ...]]
"""What an engineer typed by hand: a role and platform to pick a device of, and config
lines in that platform's syntax."""

MANUAL_CHANGES: tuple[ManualChange, ...] = (
    ("commune-router", "ios", ("interface Loopback0", " description changed by hand")),
    ("hub-router", "ios", ("ip route 10.99.0.0 255.255.0.0 Null0",)),
    ("ce-router", "ios", ("logging host 10.34.250.250", "no logging trap informational")),
    ("access-switch", "ios", ("no aaa accounting exec default start-stop group TBWAN-AAA",)),
    # the DIC firewall when it is an SRX: a syslog host added by hand (management)
    ("dic-firewall", "junos", ("set system syslog host 10.34.250.250 any any",)),
)


@dataclass(frozen=True)
class DemoReport:
    """Each phase's result and timing."""

    deploy: DeployReport
    drift: dict[str, tuple[str, ...]]
    audit: AuditReport
    files: AuditFiles
    generated_secrets: list[str]
    network: NetworkFaults
    verify: VerifyReport | None  # None when only part of the province was selected
    verify_files: tuple[Path, ...]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def drift_found(self) -> set[str]:
        """Hosts the audit found drifted."""
        return {a.host for a in self.audit.hosts if a.drift is not None and not a.drift.compliant}

    @property
    def network_verdict(self) -> tuple[bool, str]:
        """Whether verify told the planted network faults apart, and what to say."""
        if self.verify is None:
            return True, "verify not run (part of the province: the network needs all of it)"
        return verdict(self.verify, self.network)

    @property
    def as_planned(self) -> bool:
        """Every deploy succeeded, the audit found drift on exactly the hosts changed by
        hand (and nothing unreachable), and verify told the cut circuit (carrier) and the
        wrong OSPF area (misconfiguration) apart and found nothing else."""
        return (
            not self.deploy.failed
            and self.drift_found == set(self.drift)
            and exit_status(self.audit) == ExitStatus.DRIFT
            and self.network_verdict[0]
        )

    @property
    def exit_status(self) -> int:
        """0 when :attr:`as_planned`, else the audit's own exit status (at least 1)."""
        return 0 if self.as_planned else max(1, int(exit_status(self.audit)))


def pick_drift_hosts(
    roles: dict[str, str], platforms: dict[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Host -> manual change lines: the first host (by name) of each role and platform in
    MANUAL_CHANGES (a host not in ``platforms`` is IOS).

    >>> pick_drift_hosts({"b": "hub-router", "a": "hub-router"})
    {'a': ('ip route 10.99.0.0 255.255.0.0 Null0',)}
    >>> pick_drift_hosts({"fw": "dic-firewall"}), pick_drift_hosts({"fw": "dic-firewall"},
    ...                                                           {"fw": "junos"})
    ({}, {'fw': ('set system syslog host 10.34.250.250 any any',)})
    """
    platforms = platforms or {}
    picked: dict[str, tuple[str, ...]] = {}
    for role, platform, lines in MANUAL_CHANGES:
        hosts = sorted(
            h
            for h, r in roles.items()
            if r == role and platforms.get(h, "ios") == platform and h not in picked
        )
        if hosts:
            picked[hosts[0]] = lines
    return picked


def run_demo(
    *,
    hosts: HostFilter | None = None,
    templates: Path = Path("templates"),
    reports: Path = Path("reports"),
    backup_dir: Path = Path("build/demo-backups"),
    workers: int | None = None,
    say: Callable[[str], None] = print,
    inventory_root: Path = Path("inventory"),
) -> DemoReport:
    """Run the demo (see the module docstring); the lab always stops at the end."""
    seconds: dict[str, float] = {}
    generated = throwaway_secrets()
    with tempfile.TemporaryDirectory(prefix="tbwan-demo-lab-") as tmp:
        lab_dir = Path(tmp)
        nr = init_nornir(Settings(templates=templates, workers=workers, lab_dir=lab_dir))
        if hosts is not None:
            nr = hosts.apply(nr)
        names = sorted(nr.inventory.hosts)
        creds = Credentials(*load_secrets().login())
        inventory = load_inventory(inventory_root)
        state = intended_state(inventory)
        start = time.perf_counter()
        say(f"lab: starting {len(names)} simulated devices on 127.0.0.1")
        cabling = cabling_from_inventory(inventory) if hosts is None else None
        with lab_process(inventory_devices(nr), creds, lab_dir, cabling=cabling) as addresses:
            seconds["lab up"] = time.perf_counter() - start
            for name, (address, port) in addresses.items():
                nr.inventory.hosts[name].hostname = address
                nr.inventory.hosts[name].port = port
            renderer = Renderer(templates, load_secrets())
            configs, failed = render_configs(nr, renderer)
            if failed:
                host, error = next(iter(failed.items()))
                raise RenderError(f"{len(failed)} hosts failed to render, e.g. {host}: {error}")
            say("deploy: every intended config (replace, commit, config and state post-checks)")
            mark = time.perf_counter()
            deployed = deploy(
                nr,
                renderer,
                store=BackupStore(backup_dir),
                commit=True,
                replace=True,
                configs=configs,
                state=StateGuard(state=state, nornir=nr) if hosts is None else None,
            )
            seconds["deploy"] = time.perf_counter() - mark
            drift = pick_drift_hosts(
                {h: str(nr.inventory.hosts[h]["role"]) for h in names},
                {h: platform_of(nr.inventory.hosts[h]).slug for h in names},
            )
            # The network part needs the whole network: a partial lab is cut where the
            # selection ends, which verify would rightly report.
            whole = hosts is None
            faults = pick_network_faults(state, names, drift) if whole else NetworkFaults()
            if faults.area_host:
                drift[faults.area_host] = faults.area_lines
            for host, lines in drift.items():
                say(f"manual change on {host}: {' / '.join(s.strip() for s in lines)}")
                control.apply_config(lab_dir, host, list(lines))
            if faults.circuit:
                say(f"carrier: circuit {faults.circuit} ({faults.circuit_site}) cut")
                control_ops.circuit(lab_dir, faults.circuit, "down")
            say("audit: intended vs running on every device")
            mark = time.perf_counter()
            report = audit_hosts(nr, renderer, intended=configs)
            seconds["audit"] = time.perf_counter() - mark
            files = write_audit(report, reports, reports / PROM_FILE)
            checked: VerifyReport | None = None
            verify_files: tuple[Path, ...] = ()
            if whole:
                say("verify: the network's state against the intended state, diagnosed")
                mark = time.perf_counter()
                checked = verify_network(nr, inventory, names, renderer=renderer, state=state)
                seconds["verify"] = time.perf_counter() - mark
                verify_files = write_verify_reports(checked, reports)
                write_textfile(verify_prometheus(checked), reports / VERIFY_PROM_FILE)
        seconds["total"] = time.perf_counter() - start
    return DemoReport(
        deploy=deployed,
        drift=drift,
        audit=report,
        files=files,
        generated_secrets=generated,
        network=faults,
        verify=checked,
        verify_files=verify_files,
        seconds=seconds,
    )
