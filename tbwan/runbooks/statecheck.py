"""State post-checks around a change: what the plan expects must still hold after it.

Each changed host reads its own links, adjacencies, tunnels and HSRP before its commit
and after (in the deploy task, on the session it already has). Around the whole run the
DIC core's routing table is read once before and once after, for the touched sites and
everything behind a touched hub (or the whole province when a DIC device changes): a
prefix lost there rolls back, within the rollback timer, the changed hosts that carry
it. Hosts whose change lost nothing are confirmed only then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, replace

from nornir.core import Nornir
from nornir.core.task import Result, Task

from tbwan.inventory.models import Role
from tbwan.tasks.deploy_host import DeployStatus, HostDeploy, describe_lost, lost_checks
from tbwan.tasks.failures import reason
from tbwan.tasks.napalm_deploy import napalm_confirm, napalm_restore
from tbwan.verify.checks import check_host
from tbwan.verify.intended import HostIntent, IntendedState
from tbwan.verify.models import Check

log = logging.getLogger("tbwan")

DIC_ROLES = (Role.DIC_CORE.value, Role.DIC_EDGE.value, Role.DIC_FIREWALL.value)


@dataclass(frozen=True)
class StateGuard:
    """What the deploy runbook needs for state post-checks."""

    state: IntendedState
    nornir: Nornir  # every host (the DIC core may be outside the deploy's selection)
    settle: float = 0.0  # seconds for the network to converge after a commit


def host_intents(state: IntendedState, hosts: Collection[str]) -> dict[str, HostIntent]:
    """Each host's own links, adjacencies, tunnels and HSRP (no pings, no routes)."""
    out: dict[str, HostIntent] = {}
    for h in hosts:
        mine = state.for_host(h)
        out[h] = HostIntent(
            host=h,
            links=mine.links,
            adjacencies=mine.adjacencies,
            tunnels=mine.tunnels,
            hsrp=mine.hsrp,
        )
    return out


def watched_sites(state: IntendedState, hosts: Collection[str]) -> set[str]:
    """The touched sites and every site behind a touched hub (all, if the DIC changes)."""
    if any(state.host_role.get(h) in DIC_ROLES for h in hosts):
        return set(state.sites)
    touched = {state.host_site[h] for h in hosts if h in state.host_site}
    return touched | {s.site for s in state.sites.values() if s.hub_site in touched}


def core_intent(state: IntendedState, sites: Collection[str]) -> HostIntent | None:
    """The first DIC core's routes for ``sites`` (None without a core or a route)."""
    cores = sorted(h for h, r in state.host_role.items() if r == Role.DIC_CORE.value)
    if not cores:
        return None
    wanted = set(sites)
    routes = tuple(r for r in state.routes if r.host == cores[0] and r.site in wanted)
    return HostIntent(host=cores[0], routes=routes) if routes else None


def culprits(
    state: IntendedState, lost: list[Check], changed: Collection[str]
) -> dict[str, list[Check]]:
    """Which changed hosts a lost route is blamed on: the site's own changed devices, else
    its hub's, else the changed DIC devices, else every changed host."""
    prefix_site = {r.prefix: r.site for r in state.routes}
    blamed: dict[str, list[Check]] = {}
    for check in lost:
        site = prefix_site.get(check.subject, "")
        hub = state.sites[site].hub_site if site in state.sites else None
        for candidates in (
            [h for h in changed if state.host_site.get(h) == site],
            [h for h in changed if hub and state.host_site.get(h) == hub],
            [h for h in changed if state.host_role.get(h) in DIC_ROLES],
            list(changed),
        ):
            if candidates:
                for h in candidates:
                    blamed.setdefault(h, []).append(check)
                break
    return blamed


def core_checks(guard: StateGuard, intent: HostIntent | None) -> tuple[Check, ...] | None:
    """The core's route checks now (None when there is nothing to read or it fails)."""
    from tbwan.runbooks.verify import observe  # the verify runbook imports deploy's tasks

    if intent is None:
        return None
    seen = observe(guard.nornir, {intent.host: intent}, label="state: DIC core routes")
    obs = seen.observations.get(intent.host)
    if obs is None:
        log.warning("state post-check: %s could not be read; routes not compared", intent.host)
        return None
    return check_host(intent, obs)


def _finish(task: Task, *, outcomes: dict[str, HostDeploy], undo: dict[str, str]) -> Result:
    """Roll back (``undo``: host -> why) or confirm one changed host."""
    host = task.host.name
    done = outcomes[host]
    if host in undo:
        task.run(task=napalm_restore, name="rollback", before=done.before)
        return Result(
            host=task.host,
            result=replace(
                done,
                status=DeployStatus.ROLLED_BACK,
                pending=False,
                error=f"{undo[host]}; rolled back to the pre-change config",
            ),
        )
    if done.pending:
        task.run(task=napalm_confirm, name="confirm")
    return Result(host=task.host, result=replace(done, pending=False))


def settle_pending(
    nr: Nornir,
    guard: StateGuard,
    outcomes: list[HostDeploy],
    core: HostIntent | None,
    before: tuple[Check, ...] | None,
) -> list[HostDeploy]:
    """After every host committed: compare the core's routes, roll back the hosts that
    lost some (within the rollback timer, or by restoring the pre-change config when the
    deploy runs without one), confirm the others. Returns the outcomes, final."""
    pending = {o.host: o for o in outcomes if o.status is DeployStatus.CHANGED and o.before}
    if not pending:
        return outcomes
    undo: dict[str, str] = {}
    if before is not None and any(c.ok for c in before):  # else nothing to lose
        time.sleep(guard.settle)
        after = core_checks(guard, core)
        if after is not None:
            for host, lost in culprits(guard.state, lost_checks(before, after), pending).items():
                assert core is not None
                undo[host] = f"the change lost at {core.host}: {describe_lost(lost)}"
    todo = nr.filter(filter_func=lambda h: h.name in pending)
    result = todo.run(on_failed=True, task=_finish, name="confirm", outcomes=pending, undo=undo)
    final = {o.host: o for o in outcomes}
    for host, multi in result.items():
        if multi.failed:
            why = undo.get(host, "confirm failed")
            final[host] = replace(
                pending[host],
                status=DeployStatus.ROLLBACK_FAILED if host in undo else DeployStatus.FAILED,
                pending=False,
                error=f"{why}; {reason(multi[0].exception)}: check {host} by hand (the "
                "device's rollback timer reverts an unconfirmed change by itself)",
            )
        else:
            final[host] = multi[0].result
    return list(final.values())
