"""Runbook: deploy intended configs (render, stage, diff, commit, post-check, rollback).

Dry-run is the default: each host's candidate is staged and compared, then discarded.
With ``commit=True`` a host's change is committed under the device's rollback timer,
checked, and confirmed, or restored to its pre-change backup when a step fails.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from nornir.core import Nornir

from tbwan.diff.secrets import MASK
from tbwan.errors import DeployError
from tbwan.platforms import IOS, Platform, platform_of
from tbwan.render.engine import Renderer
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import ProgressProcessor, progress_bar, require_login
from tbwan.runbooks.render import render_configs
from tbwan.runbooks.statecheck import (
    StateGuard,
    core_checks,
    core_intent,
    host_intents,
    settle_pending,
    watched_sites,
)
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy, deploy_host
from tbwan.tasks.failures import reason


def missing_secrets(
    configs: dict[str, str], platforms: Mapping[str, Platform] | None = None
) -> dict[str, list[str]]:
    """Variable -> hosts whose config holds the mask where that variable's value belongs.

    ``platforms`` gives each host's profile (whose ``secret_variables`` name the variable);
    a host not in it is IOS.

    >>> missing_secrets({"r1": "enable secret <removed>\\nhostname r1\\n"})
    {'TBWAN_ENABLE_SECRET': ['r1']}
    """
    found: dict[str, list[str]] = {}
    for host, text in sorted(configs.items()):
        table = (platforms or {}).get(host, IOS).secret_variables
        for line in text.splitlines():
            if MASK not in line:
                continue
            var = next((v for p, v in table if p.search(line)), "a TBWAN_* secret")
            hosts = found.setdefault(var, [])
            if host not in hosts:
                hosts.append(host)
    return found


def refuse_masked(configs: dict[str, str], nr: Nornir | None = None) -> None:
    """Raise :class:`DeployError` if any config still holds ``<removed>``.

    ``nr`` (the hosts of ``configs``) gives each host's platform; without it, IOS.
    """
    platforms = None
    if nr is not None:
        platforms = {h: platform_of(nr.inventory.hosts[h]) for h in configs}
    missing = missing_secrets(configs, platforms)
    if missing:
        parts = [f"{var} (e.g. {hosts[0]}, {len(hosts)} hosts)" for var, hosts in missing.items()]
        raise DeployError(
            f"refusing to push configs with {MASK} in place of secrets: set "
            + "; ".join(parts)
            + " in the environment or TBWAN_SECRETS_FILE, then run again"
        )


@dataclass(frozen=True)
class DeployReport:
    """One deploy run: per-host outcomes, render failures, the backup commit."""

    hosts: tuple[HostDeploy, ...]
    committed: bool
    replace: bool
    seconds: float
    backed_up: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Hosts per status."""
        return dict(Counter(h.status.value for h in self.hosts))

    @property
    def failed(self) -> tuple[HostDeploy, ...]:
        """Hosts that failed (rolled back or not)."""
        return tuple(h for h in self.hosts if h.failed)


def deploy(
    nr: Nornir,
    renderer: Renderer,
    *,
    store: BackupStore,
    commit: bool = False,
    replace: bool = False,
    revert_in: int | None = 300,
    check_interfaces: bool = True,
    configs: dict[str, str] | None = None,
    renew_snmp_users: bool = False,
    state: StateGuard | None = None,
) -> DeployReport:
    """Deploy to every host of ``nr`` (see the module docstring).

    ``configs`` (host -> intended, real secrets) skips rendering when already done.
    ``renew_snmp_users`` sends the SNMPv3 users even where ``show snmp user`` finds them.
    ``state`` turns on the state post-checks (:mod:`tbwan.runbooks.statecheck`) of a
    commit: a host whose change loses a link, adjacency, tunnel, HSRP role or a DIC
    route the plan still expects is rolled back within its rollback timer.

    Raises:
        DeployError: A config would be pushed with a secret missing (nothing is touched).
    """
    require_login(nr)
    start = time.perf_counter()
    nr.data.reset_failed_hosts()  # a previous run in this process must not hide hosts
    render_failed: dict[str, str] = {}
    if configs is None:
        configs, render_failed = render_configs(nr, renderer)
    refuse_masked(configs, nr)
    store.init()
    outcomes = [HostDeploy(h, DeployStatus.FAILED, error=e) for h, e in render_failed.items()]
    todo = nr.filter(filter_func=lambda h: h.name in configs)
    guard = state if commit else None
    intents = core = before = None
    if guard is not None and todo.inventory.hosts:
        intents = host_intents(guard.state, list(todo.inventory.hosts))
        core = core_intent(guard.state, watched_sites(guard.state, list(todo.inventory.hosts)))
        before = core_checks(guard, core)
    if todo.inventory.hosts:
        label = "deploy" if commit else "deploy (dry run)"
        with progress_bar() as progress:
            proc = ProgressProcessor(progress, label, len(todo.inventory.hosts))
            result = todo.with_processors([proc]).run(
                on_failed=True,
                task=deploy_host,
                name="deploy",
                configs=configs,
                replace=replace,
                dry_run=not commit,
                revert_in=revert_in,
                # A link comes up only once both ends are configured: with state
                # post-checks, "what was up stays up" replaces "every interface is up".
                check_interfaces=check_interfaces and guard is None,
                save_backup=store.save,
                renew_write_only=renew_snmp_users,
                state=intents,
                confirm=guard is None,
                settle=guard.settle if guard else 0.0,
            )
        for host, multi in result.items():
            if isinstance(multi[0].result, HostDeploy):
                outcomes.append(multi[0].result)
            else:
                outcomes.append(
                    HostDeploy(host, DeployStatus.FAILED, error=reason(multi[0].exception))
                )
        if guard is not None:
            outcomes = settle_pending(todo, guard, outcomes, core, before)
        nr.close_connections(on_failed=True)
    backed_up = store.commit("pre-deploy backup")
    return DeployReport(
        hosts=tuple(sorted(outcomes, key=lambda h: h.host)),
        committed=commit,
        replace=replace,
        seconds=time.perf_counter() - start,
        backed_up=tuple(backed_up),
    )
