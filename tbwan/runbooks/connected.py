"""An onboarding is done only when the new commune is on the network: its adjacency to
the hub is FULL and its router reaches every DIC service.

Polled, since a real OSPF adjacency needs a few hello intervals after the push; what
still fails at the deadline is the step's error, diagnosed as ``tbwan verify`` does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tbwan.errors import OnboardError
from tbwan.inventory.build import DIC_FIREWALL, DIC_SITE
from tbwan.onboard.plan import OnboardPlan
from tbwan.onboard.sot import SourceOfTruth
from tbwan.runbooks.common import Settings, nornir_for
from tbwan.runbooks.verify import verify_network
from tbwan.verify.intended import intended_state
from tbwan.verify.models import CheckKind, VerifyReport


@dataclass(frozen=True)
class ConnectedCheck:
    """How long to wait for the new commune to come up, and how often to look."""

    timeout: float = 60.0
    interval: float = 2.0


def _missing(report: VerifyReport, hosts: list[str]) -> list[str]:
    out: list[str] = []
    for h in report.hosts:
        if h.host not in hosts:
            continue
        if h.error:
            out.append(f"{h.host}: {h.error}")
        out.extend(
            f"{h.host} {c.kind.value} {c.subject}: {c.observed}"
            for c in h.checks
            if not c.ok and c.kind in (CheckKind.OSPF, CheckKind.SERVICE, CheckKind.LINK)
        )
    return out


def connected_scope(plan: OnboardPlan) -> list[str]:
    """The sites the check reads: the commune's, its district hub's (the site names it as
    its hub even when its uplink does not end there) and, for an IPsec commune, the DIC,
    whose firewall is the far end of its tunnel and of its OSPF adjacency."""
    sites = [plan.site.slug]
    if plan.hub_site:
        sites.append(plan.hub_site)
    peers = {i.peer_device for d in plan.site.devices for i in d.interfaces}
    if DIC_FIREWALL in peers and DIC_SITE not in sites:
        sites.append(DIC_SITE)
    return sites


def wait_connected(
    sot: SourceOfTruth, plan: OnboardPlan, settings: Settings, check: ConnectedCheck
) -> VerifyReport:
    """Verify the new commune until its adjacency is FULL and it reaches the DIC services.

    Raises:
        OnboardError: Still not connected after ``check.timeout`` seconds (what is
            missing and the diagnosis are named).
    """
    inventory = sot.scope(connected_scope(plan))
    state = intended_state(inventory)
    hosts = [*plan.new_hosts, *([plan.hub_device] if plan.hub_device else [])]
    nr = nornir_for(inventory, hosts, settings)
    deadline = time.monotonic() + check.timeout
    while True:
        report = verify_network(nr, inventory, plan.new_hosts, state=state)
        missing = _missing(report, plan.new_hosts)
        if not missing:
            return report
        if time.monotonic() >= deadline:
            why = "; ".join(d.message for d in report.diagnoses) or "no diagnosis"
            raise OnboardError(
                f"step connected failed: after {check.timeout:g} s {', '.join(missing[:4])} ({why})"
            )
        time.sleep(check.interval)
