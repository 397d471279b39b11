"""Runbook: verify the network's state against the intended state, diagnose, report.

The selected hosts are asked everything their part of the intended state needs; the far
ends of their links are asked just enough (interfaces, OSPF) to tell which end failed.
Hosts involved in a failure are then audited (intended vs running config), so a
diagnosis can say "config compliant" or name the drift. Exit status as the audit's:
0 everything up, 1 something down, 2 some host could not be asked.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import IntEnum

from nornir.core import Nornir
from nornir.core.task import Result, Task

from tbwan.inventory.models import Inventory
from tbwan.render.engine import Renderer
from tbwan.report import HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.common import ProgressProcessor, progress_bar
from tbwan.tasks.failures import is_unreachable, reason
from tbwan.tasks.verify import observe_duplex, observe_host
from tbwan.transform import LAB_MISSING
from tbwan.verify.checks import check_host
from tbwan.verify.diagnose import Evidence, diagnoses
from tbwan.verify.intended import (
    ExpectedAdjacency,
    ExpectedLink,
    ExpectedTunnel,
    HostIntent,
    IntendedState,
    intended_state,
)
from tbwan.verify.models import (
    Check,
    HostVerify,
    VerifyReport,
    VerifyStatus,
    build_verify_report,
)
from tbwan.verify.observed import Observation, if_key
from tbwan.verify.sites import site_results

PROM_FILE = "tbwan_verify.prom"
"""The Prometheus textfile verify writes next to the audit's."""


class VerifyExit(IntEnum):
    """Process exit status of ``tbwan verify``; a higher value wins."""

    OK = 0
    DOWN = 1
    INCOMPLETE = 2


def verify_exit(report: VerifyReport) -> VerifyExit:
    """2 if a host could not be asked, else 1 if anything is down, else 0."""
    c = report.counts
    if c.unreachable or c.failed:
        return VerifyExit.INCOMPLETE
    if c.down or c.sites_down:
        return VerifyExit.DOWN
    return VerifyExit.OK


def evidence_intents(state: IntendedState, selected: Collection[str]) -> dict[str, HostIntent]:
    """Intents for the selected hosts, plus the far ends of their links (links,
    adjacencies and tunnels towards the selection only)."""
    chosen = set(selected)
    intents = {h: state.for_host(h) for h in chosen}
    links: dict[str, list[ExpectedLink]] = {}
    adjacencies: dict[str, list[ExpectedAdjacency]] = {}
    tunnels: dict[str, list[ExpectedTunnel]] = {}
    for link in state.links:
        if link.host not in chosen and link.peer_host in chosen:
            links.setdefault(link.host, []).append(link)
    for adj in state.adjacencies:
        if adj.host not in chosen and adj.neighbor_host in chosen:
            adjacencies.setdefault(adj.host, []).append(adj)
    for tun in state.tunnels:
        if tun.host not in chosen and tun.peer_host in chosen:
            tunnels.setdefault(tun.host, []).append(tun)
    for host in links.keys() | adjacencies.keys() | tunnels.keys():
        intents[host] = HostIntent(
            host=host,
            links=tuple(links.get(host, ())),
            adjacencies=tuple(adjacencies.get(host, ())),
            tunnels=tuple(tunnels.get(host, ())),
        )
    return intents


@dataclass
class Observed:
    """What a round of asking gave: observations and the hosts that could not be asked."""

    observations: dict[str, Observation] = field(default_factory=dict)
    not_asked: dict[str, tuple[VerifyStatus, str]] = field(default_factory=dict)
    started: dict[str, datetime] = field(default_factory=dict)
    finished: dict[str, datetime] = field(default_factory=dict)


def observe(nr: Nornir, intents: Mapping[str, HostIntent], *, label: str = "verify") -> Observed:
    """Run :func:`observe_host` on every host of ``intents`` that ``nr`` holds."""
    out = Observed()
    todo = nr.filter(filter_func=lambda h: h.name in intents and not h.data.get(LAB_MISSING))
    for name in intents:
        if name not in todo.inventory.hosts:
            out.not_asked[name] = (VerifyStatus.FAILED, "not in the inventory or the lab")
    if not todo.inventory.hosts:
        return out
    start = datetime.now(UTC)
    with progress_bar() as progress:
        proc = ProgressProcessor(progress, label, len(todo.inventory.hosts))
        result = todo.with_processors([proc]).run(
            on_failed=True,
            task=_observe,
            name=label,
            intents=intents,
        )
    todo.close_connections(on_failed=True)
    for host, multi in result.items():
        out.started[host], out.finished[host] = start, datetime.now(UTC)
        if not multi.failed:
            out.observations[host] = multi[0].result
            continue
        exc = multi[0].exception
        status = VerifyStatus.UNREACHABLE if is_unreachable(exc) else VerifyStatus.FAILED
        out.not_asked[host] = (status, reason(exc))
    return out


def duplex_wanted(
    intents: Mapping[str, HostIntent], observations: Mapping[str, Observation]
) -> dict[str, list[str]]:
    """Host -> interfaces whose duplex to read: both ends of every link where input
    errors count at either end."""
    wanted: dict[str, list[str]] = {}
    for intent in intents.values():
        for link in intent.links:
            ends = ((link.host, link.interface), (link.peer_host, link.peer_interface))
            errors = any(
                (st := observations[h].interface(i)) is not None and st.rx_errors
                for h, i in ends
                if h in observations
            )
            if errors:
                for h, i in ends:
                    if h in observations and i not in wanted.get(h, []):
                        wanted.setdefault(h, []).append(i)
    return wanted


def add_duplex(nr: Nornir, seen: Observed, intents: Mapping[str, HostIntent]) -> None:
    """Read the duplex :func:`duplex_wanted` names and put it into the observations."""
    wanted = duplex_wanted(intents, seen.observations)
    if not wanted:
        return
    todo = nr.filter(filter_func=lambda h: h.name in wanted)
    result = todo.run(on_failed=True, task=observe_duplex, name="duplex", interfaces=wanted)
    todo.close_connections(on_failed=True)
    for host, multi in result.items():
        if multi.failed:
            continue
        obs = seen.observations[host]
        ifs = dict(obs.interfaces)
        for name, duplex in multi[0].result.items():
            key = if_key(name)
            if key in ifs:
                ifs[key] = replace(ifs[key], duplex=duplex)
        seen.observations[host] = replace(obs, interfaces=ifs)


def _observe(task: Task, *, intents: Mapping[str, HostIntent]) -> Result:
    """:func:`observe_host` with this host's own intent."""
    return observe_host(task, intent=intents[task.host.name])


def _drifted(nr: Nornir, hosts: Collection[str], renderer: Renderer | None) -> dict[str, bool]:
    """Audit ``hosts`` (those involved in a failure); host -> drifted."""
    if renderer is None or not hosts:
        return {}
    sub = nr.filter(filter_func=lambda h: h.name in hosts)
    if not sub.inventory.hosts:
        return {}
    report = audit_hosts(sub, renderer)
    return {
        h.host: h.status is HostStatus.DRIFTED
        for h in report.hosts
        if h.status in (HostStatus.COMPLIANT, HostStatus.DRIFTED)
    }


def _involved(checks: Mapping[str, tuple[Check, ...]]) -> set[str]:
    hosts: set[str] = set()
    for host, cs in checks.items():
        for c in cs:
            if not c.ok and c.kind.value in ("link", "ospf", "tunnel"):
                hosts.add(host)
                if c.peer:
                    hosts.add(c.peer)
    return hosts


def verify_network(
    nr: Nornir,
    inventory: Inventory,
    selected: Collection[str],
    *,
    renderer: Renderer | None = None,
    state: IntendedState | None = None,
) -> VerifyReport:
    """Verify ``selected`` hosts of ``nr`` (``nr`` holds every host that may be asked)."""
    started = datetime.now(UTC)
    state = state or intended_state(inventory)
    intents = evidence_intents(state, selected)
    seen = observe(nr, intents)
    add_duplex(nr, seen, intents)
    checks = {h: check_host(intents[h], o) for h, o in seen.observations.items()}
    drifted = _drifted(nr, _involved(checks) & set(seen.observations), renderer)
    ev = Evidence(
        state=state,
        observed=seen.observations,
        not_asked={h: why for h, (_, why) in seen.not_asked.items()},
        checks=checks,
        drifted=drifted,
    )
    found = diagnoses(ev)
    chosen = set(selected)
    chosen_sites = {state.host_site[h] for h in chosen if h in state.host_site}
    hosts = [_host_verify(state, h, seen, checks, started) for h in sorted(chosen)]
    sites = [s for s in site_results(ev, found) if s.site in chosen_sites]
    shown = [d for d in found if chosen & set(d.hosts) or chosen_sites & set(d.sites)]
    return build_verify_report(hosts, sites, shown, started=started, finished=datetime.now(UTC))


def _host_verify(
    state: IntendedState,
    host: str,
    seen: Observed,
    checks: Mapping[str, tuple[Check, ...]],
    started: datetime,
) -> HostVerify:
    site = state.host_site.get(host, "")
    region = state.sites[site].region if site in state.sites else ""
    role = state.host_role.get(host, "")
    begin, end = seen.started.get(host, started), seen.finished.get(host, datetime.now(UTC))
    if host in seen.not_asked:
        status, error = seen.not_asked[host]
        return HostVerify(
            host=host,
            site=site,
            region=region,
            role=role,
            status=status,
            error=error,
            started=begin,
            finished=end,
        )
    cs = checks.get(host, ())
    return HostVerify(
        host=host,
        site=site,
        region=region,
        role=role,
        status=VerifyStatus.OK if all(c.ok for c in cs) else VerifyStatus.DOWN,
        checks=cs,
        started=begin,
        finished=end,
    )
