"""Runbook: onboard a new commune, from source of truth to a verified device.

Steps: validate and allocate, create in the source of truth (as ``planned``), render the
commune's configs and its hub's change, push both through the deploy runbook (side by
side: the new router and its hub are different devices), verify (deploy's post-checks,
then a drift audit of the touched devices), mark the site ``active``. Only the touched
devices are read back from the source of truth, never the whole province. Dry-run (the
default) creates nothing anywhere: the plan and the diffs are computed in memory. A
failure after creation undoes it: the records are removed, the hub is restored by a
replace of its previous intended config, and the error names the step. A rerun of the
same request resumes a site left ``planned`` by a crash (same addresses) and is a no-op
once the site is ``active``.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from nornir.core import Nornir

from tbwan.credentials import load_secrets
from tbwan.diff.secrets import RUN_DIGEST, mask_secrets
from tbwan.errors import OnboardError, TbwanError
from tbwan.inventory.models import Inventory, SiteStatus
from tbwan.onboard.plan import OnboardPlan, existing, plan_commune, resume_plan, same_name
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import SourceOfTruth
from tbwan.onboard.units import check_unit, load_units
from tbwan.render.engine import Renderer, render_inventory
from tbwan.report import AuditReport, HostAudit, HostStatus
from tbwan.runbooks.audit import audit_hosts
from tbwan.runbooks.backup import BackupStore
from tbwan.runbooks.common import Settings, nornir_for
from tbwan.runbooks.connected import ConnectedCheck, wait_connected
from tbwan.runbooks.deploy import deploy
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
                # masked by digest: a changed secret shows as a changed line, never its value
                mask_secrets(before[plan.hub_device], RUN_DIGEST).splitlines(keepends=True),
                mask_secrets(configs[plan.hub_device], RUN_DIGEST).splitlines(keepends=True),
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
    connected: ConnectedCheck | None = None,
) -> OnboardReport:
    """Onboard one commune (see the module docstring).

    With ``connected``, the site is activated only once its adjacency is FULL and its
    router reaches the DIC services (:mod:`tbwan.runbooks.connected`); otherwise undone.
    """
    log = StepLog()
    t = log.start("validate")
    inv = sot.load_for(request)
    current = existing(inv, request)
    if (
        current is not None
        and current.status is SiteStatus.ACTIVE
        and same_name(current.name) == same_name(request.name)
        and current.region == request.district
    ):
        log.done(t)
        return OnboardReport(Outcome.ALREADY_ACTIVE, None, {}, "", tuple(log.steps))
    check_unit(inv, request, load_units(settings.inventory_root or Path("inventory")))
    plan, configs, hub_diff, resumed = preview(inv, request, settings)
    log.done(t)
    if not commit:
        return OnboardReport(Outcome.PLANNED, plan, configs, hub_diff, tuple(log.steps), resumed)
    secrets = load_secrets()
    secrets.login()
    t = log.start("create")
    plan = sot.reserve(request)
    log.done(t)
    pushes = _Pushes(sot, plan, settings, store, Renderer(settings.templates, secrets), log)
    try:
        t = log.start("prepare")
        prepare(plan.new_hosts)
        log.done(t)
        # Only the new site and the hub: a Nornir inventory of the touched hosts alone.
        site_only = inv.model_copy(update={"sites": (plan.site,)})
        pushes.run(site_only)
        if connected is not None:
            t = log.start("connected")
            wait_connected(sot, plan, settings, connected)
            log.done(t)
        t = log.start("activate")
        sot.set_status(plan, SiteStatus.ACTIVE)
        log.done(t)
    except (TbwanError, OSError) as exc:
        undone = _undo(sot, plan, settings, store, pushes.hub_pushed)
        step = log.current
        message = exc.message if isinstance(exc, TbwanError) else str(exc)
        raise OnboardError(
            f"{message if message.startswith('step ') else f'step {step} failed: {message}'}"
            f"; {undone}; fix the cause and rerun the same command"
        ) from exc
    return OnboardReport(Outcome.ACTIVE, plan, configs, hub_diff, tuple(log.steps), resumed)


class _Pushes:
    """The new devices' day-0 push and the hub's change, side by side, each verified.

    The new devices get a replace (their factory config goes whole); the hub gets a
    merge, one onboarding at a time per hub (NAPALM stages its candidate in one file per
    device), with its intended config read afresh under the lock so that it holds every
    downlink created so far. When either side fails, the other is let finish before the
    error is raised, so that the undo sees the hub as it is.
    """

    def __init__(
        self,
        sot: SourceOfTruth,
        plan: OnboardPlan,
        settings: Settings,
        store: BackupStore,
        renderer: Renderer,
        log: StepLog,
    ) -> None:
        self.sot, self.plan, self.settings, self.store = sot, plan, settings, store
        self.renderer, self.log = renderer, log
        self.hub_pushed = False

    def _step(self, name: str, label: str, work: Callable[[], None]) -> None:
        """Run one step of one side, timed; its errors name the step."""
        t = time.perf_counter()
        try:
            work()
        except (TbwanError, OSError) as exc:
            message = exc.message if isinstance(exc, TbwanError) else str(exc)
            if message.startswith("step "):
                raise
            raise OnboardError(f"step {name} failed: {message}") from exc
        self.log.steps.append((f"{label}{name}", time.perf_counter() - t))

    def _push_and_verify(self, build: Callable[[], Nornir], *, hub: bool) -> None:
        nr: list[Nornir] = []
        label = "hub " if hub else ""
        replace = not hub  # day-0: the new devices' factory config goes whole

        def push() -> None:
            nr.append(build())
            if hub:
                self.hub_pushed = True  # from here on, an undo restores the hub
            report = deploy(nr[0], self.renderer, store=self.store, commit=True, replace=replace)
            if report.failed:
                raise OnboardError(f"step push failed: {_failures(list(report.failed))}")

        self._step("push", label, push)
        self._step("verify", label, lambda: _verify(audit_hosts(nr[0], self.renderer)))

    def new_devices(self, site_only: Inventory) -> None:
        self._push_and_verify(
            lambda: nornir_for(site_only, self.plan.new_hosts, self.settings), hub=False
        )

    def hub(self) -> None:
        hub = self.plan.hub_device
        assert hub is not None
        with hub_lock(hub):
            self._push_and_verify(
                lambda: nornir_for(self.sot.scope([self.plan.hub_site]), [hub], self.settings),
                hub=True,
            )

    def run(self, site_only: Inventory) -> None:
        self.log.current = "push"
        errors: list[BaseException] = []
        with ThreadPoolExecutor(1) as pool:
            hub = pool.submit(self.hub) if self.plan.hub_device else None
            try:
                self.new_devices(site_only)
            except BaseException as exc:  # re-raised below, once the hub's side is done
                errors.append(exc)
            hub_error = hub.exception() if hub is not None else None
            if hub_error is not None:
                errors.append(hub_error)
        unexpected = [e for e in errors if not isinstance(e, TbwanError | OSError)]
        if unexpected:
            raise unexpected[0]
        if len(errors) == 1:
            raise errors[0]
        if errors:
            text = [e.message if isinstance(e, TbwanError) else str(e) for e in errors]
            raise OnboardError("; ".join(text)) from errors[0]


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
    connected: ConnectedCheck | None = None,
) -> list[OnboardReport | TbwanError]:
    """Onboard many communes, ``workers`` at a time; one result per request, in order.

    Allocation and creation are serialised by the source of truth's lock and each hub by
    its own lock; pushes and checks of different communes run side by side. A failed
    request does not stop the others.
    """

    def one(req: CommuneRequest) -> OnboardReport | TbwanError:
        try:
            return onboard_commune(
                sot, req, settings, commit=commit, store=store, prepare=prepare, connected=connected
            )
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


def _first_drift(host: HostAudit) -> str:
    """One drifted line of ``host`` (masked), so the error says what differs."""
    if host.drift is None:
        return ""
    for feature in host.drift.features:
        for side, paths in (("missing", feature.missing), ("extra", feature.extra)):
            if paths:
                return f"({host.drift.line_count} lines, e.g. {side}: {' > '.join(paths[0])})"
    return ""


def _verify(audit: AuditReport) -> None:
    bad = [h for h in audit.hosts if h.status is not HostStatus.COMPLIANT]
    if bad:
        detail = "; ".join(
            f"{h.host}: {h.status.value} {h.error or _first_drift(h)}".strip() for h in bad
        )
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
            nr = nornir_for(sot.scope([plan.hub_site]), [plan.hub_device], settings)
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
