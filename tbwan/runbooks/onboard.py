"""Runbook: onboard a new commune, from source of truth to a verified device.

Steps: validate and allocate, create in the source of truth (as ``planned``), render the
commune's configs and its hub's change, push both through the deploy runbook, verify
(deploy's post-checks, then a drift audit of the touched devices), mark the site
``active``. Dry-run (the default) creates nothing anywhere: the plan and the diffs are
computed in memory. A failure after creation undoes it: the records are removed, the hub
is restored by a replace of its previous intended config, and the error names the step.
A rerun of the same request resumes a site left ``planned`` by a crash (same addresses)
and is a no-op once the site is ``active``.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum

from tbwan.errors import OnboardError, TbwanError
from tbwan.inventory.models import Inventory, SiteStatus
from tbwan.onboard.plan import OnboardPlan, existing, plan_commune, resume_plan
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import SourceOfTruth
from tbwan.render.engine import Renderer, render_inventory
from tbwan.report import AuditReport, HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import HostFilter, Settings, init_nornir
from tbwan.runbooks.deploy import deploy
from tbwan.secrets import load_secrets
from tbwan.tasks.deploy_host import HostDeploy


class Outcome(StrEnum):
    """How an onboarding ended."""

    PLANNED = "planned"  # dry run: nothing created
    ACTIVE = "active"  # created, pushed, verified
    ALREADY_ACTIVE = "already-active"  # rerun of a finished onboarding: nothing to do


@dataclass
class StepLog:
    """Steps run so far, with their durations (for the report and for errors)."""

    steps: list[tuple[str, float]] = field(default_factory=list)
    current: str = "validate"

    def start(self, name: str) -> float:
        self.current = name
        return time.perf_counter()

    def done(self, started: float) -> None:
        self.steps.append((self.current, time.perf_counter() - started))


@dataclass(frozen=True)
class OnboardReport:
    """What an onboarding planned or did."""

    outcome: Outcome
    plan: OnboardPlan | None
    configs: dict[str, str]
    hub_diff: str
    steps: tuple[tuple[str, float], ...]
    resumed: bool = False


# Called with the new host names before the push (the device lab adds them; production
# devices are racked with their day-0 login and reachable at their management address).
PrepareHook = Callable[[list[str]], None]


def _no_prepare(hosts: list[str]) -> None:
    del hosts


def preview(
    inv: Inventory,
    request: CommuneRequest,
    settings: Settings,
) -> tuple[OnboardPlan, dict[str, str], str, bool]:
    """Plan (or the resumable plan), rendered configs and the hub's diff, in memory."""
    resumed = resume_plan(inv, request)
    plan = resumed or plan_commune(inv, request)
    after = plan.apply(inv)
    configs = render_inventory(after, settings.templates, only=plan.touched_hosts)
    hub_diff = ""
    if plan.hub_device:
        base = inv if resumed is None else plan.revert(inv)
        before = render_inventory(base, settings.templates, only=[plan.hub_device])
        hub_diff = "".join(
            difflib.unified_diff(
                before[plan.hub_device].splitlines(keepends=True),
                configs[plan.hub_device].splitlines(keepends=True),
                fromfile=f"{plan.hub_device} (now)",
                tofile=f"{plan.hub_device} (after)",
                n=1,
            )
        )
    return plan, configs, hub_diff, resumed is not None


def onboard_commune(
    sot: SourceOfTruth,
    request: CommuneRequest,
    settings: Settings,
    *,
    commit: bool = False,
    store: BackupStore,
    prepare: PrepareHook = _no_prepare,
) -> OnboardReport:
    """Onboard one commune (see the module docstring)."""
    log = StepLog()
    t = log.start("validate")
    inv = sot.load()
    current = existing(inv, request)
    if (
        current is not None
        and current.status is SiteStatus.ACTIVE
        and current.name == request.name
        and current.region == request.district
    ):
        log.done(t)
        return OnboardReport(Outcome.ALREADY_ACTIVE, None, {}, "", tuple(log.steps))
    plan, configs, hub_diff, resumed = preview(inv, request, settings)
    log.done(t)
    if not commit:
        return OnboardReport(Outcome.PLANNED, plan, configs, hub_diff, tuple(log.steps), resumed)
    secrets = load_secrets()
    secrets.login()
    t = log.start("create")
    plan = sot.reserve(request)
    log.done(t)
    hub_pushed = False
    try:
        t = log.start("prepare")
        prepare(plan.new_hosts)
        log.done(t)
        t = log.start("push")
        renderer = Renderer(settings.templates, secrets)
        # Day-0: the new devices' factory config is replaced whole.
        new = HostFilter(hosts=plan.new_hosts).apply(init_nornir(settings))
        failed = list(deploy(new, renderer, store=store, commit=True, replace=True).failed)
        if failed:
            raise OnboardError(f"step push failed: {_failures(failed)}")
        log.done(t)
        t = log.start("verify")
        _verify(audit_hosts(new, renderer))
        log.done(t)
        if plan.hub_device:
            # The hub gets a merge. One onboarding at a time per hub: NAPALM stages its
            # candidate in one file per device, and the hub's intended config is read
            # afresh under the lock so it holds every downlink created so far.
            with hub_lock(plan.hub_device):
                t = log.start("push")
                hub = HostFilter(hosts=[plan.hub_device]).apply(init_nornir(settings))
                hub_pushed = True
                failed = list(deploy(hub, renderer, store=store, commit=True).failed)
                if failed:
                    raise OnboardError(f"step push failed: {_failures(failed)}")
                log.done(t)
                t = log.start("verify")
                _verify(audit_hosts(hub, renderer))
                log.done(t)
        t = log.start("activate")
        sot.set_status(plan, SiteStatus.ACTIVE)
        log.done(t)
    except (TbwanError, OSError) as exc:
        undone = _undo(sot, plan, settings, store, hub_pushed)
        step = log.current
        message = exc.message if isinstance(exc, TbwanError) else str(exc)
        raise OnboardError(
            f"{message if message.startswith('step ') else f'step {step} failed: {message}'}"
            f"; {undone}; fix the cause and rerun the same command"
        ) from exc
    return OnboardReport(Outcome.ACTIVE, plan, configs, hub_diff, tuple(log.steps), resumed)


def onboard_many(
    sot: SourceOfTruth,
    requests: Sequence[CommuneRequest],
    settings: Settings,
    *,
    commit: bool,
    store: BackupStore,
    prepare: PrepareHook = _no_prepare,
    workers: int = 4,
    done: Callable[[], None] = lambda: None,
) -> list[OnboardReport | TbwanError]:
    """Onboard many communes, ``workers`` at a time; one result per request, in order.

    Allocation and creation are serialised by the source of truth's lock and each hub by
    its own lock; pushes and checks of different communes run side by side. A failed
    request does not stop the others.
    """

    def one(req: CommuneRequest) -> OnboardReport | TbwanError:
        try:
            return onboard_commune(sot, req, settings, commit=commit, store=store, prepare=prepare)
        except TbwanError as exc:
            return exc
        finally:
            done()

    with ThreadPoolExecutor(max(1, workers)) as pool:
        return list(pool.map(one, requests))


_HUB_LOCKS: dict[str, threading.Lock] = {}
_HUB_LOCKS_GUARD = threading.Lock()


def hub_lock(device: str) -> threading.Lock:
    """The lock serialising changes to one hub within this process."""
    with _HUB_LOCKS_GUARD:
        return _HUB_LOCKS.setdefault(device, threading.Lock())


def _failures(failed: list[HostDeploy]) -> str:
    return "; ".join(f"{h.host}: {h.error}" for h in failed)


def _verify(audit: AuditReport) -> None:
    bad = [h for h in audit.hosts if h.status is not HostStatus.COMPLIANT]
    if bad:
        detail = "; ".join(f"{h.host}: {h.status.value} {h.error or ''}".strip() for h in bad)
        raise OnboardError(f"step verify failed: {detail}")


def _undo(
    sot: SourceOfTruth, plan: OnboardPlan, settings: Settings, store: BackupStore, hub_pushed: bool
) -> str:
    """Remove the records and restore the hub; say what was undone."""
    done: list[str] = []
    try:
        sot.remove(plan)
        done.append(f"site {plan.site.slug} removed from the {sot.name} source of truth")
    except (TbwanError, OSError) as exc:
        sot.set_status(plan, SiteStatus.FAILED)
        done.append(f"site {plan.site.slug} could not be removed ({exc}) and is marked failed")
    if hub_pushed and plan.hub_device:
        with hub_lock(plan.hub_device):
            nr = HostFilter(hosts=[plan.hub_device]).apply(init_nornir(settings))
            renderer = Renderer(settings.templates, load_secrets())
            restored = deploy(nr, renderer, store=store, commit=True, replace=True)
        if restored.failed:
            done.append(
                f"hub {plan.hub_device} could NOT be restored: "
                f"{restored.failed[0].error}; restore it from backups/"
            )
        else:
            done.append(f"hub {plan.hub_device} restored to its previous config")
    return ", ".join(done) or "nothing had been created"
