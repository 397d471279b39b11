"""The demo's network faults: a cut copper circuit (the carrier's) and a hub downlink in
the wrong OSPF area (a misconfiguration), chosen from the intended state, and whether
``verify`` told each for what it is and found nothing else."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from tbwan.verify.intended import IntendedState
from tbwan.verify.models import Cause, VerifyReport


@dataclass(frozen=True)
class NetworkFaults:
    """What the demo breaks in the network, and what verify must say about it."""

    circuit: str | None = None  # copper circuit cut at the carrier
    circuit_site: str | None = None
    area_host: str | None = None  # hub whose downlink goes into area 0
    area_interface: str | None = None
    area_lines: tuple[str, ...] = ()

    @property
    def expected(self) -> set[tuple[Cause, str]]:
        """The (cause, subject) of every diagnosis verify must give, and no other."""
        found: set[tuple[Cause, str]] = set()
        if self.circuit:
            found.add((Cause.CARRIER, f"circuit {self.circuit}"))
        if self.area_host:
            found.add((Cause.MISCONFIGURATION, f"{self.area_host} {self.area_interface}"))
        return found


def pick_network_faults(
    state: IntendedState, hosts: Collection[str], avoid: Collection[str]
) -> NetworkFaults:
    """A copper commune line and a hub downlink among ``hosts``, away from ``avoid``
    (hosts changed by hand) and from each other: each fault is then the only thing wrong
    with its site, so verify's diagnosis of it is unambiguous."""
    chosen, busy = set(hosts), set(avoid)
    area = next(
        (
            a
            for a in state.adjacencies
            if state.host_role.get(a.host) == "hub-router"
            and a.area != 0
            and not {a.host, a.neighbor_host} & busy
            and {a.host, a.neighbor_host} <= chosen
        ),
        None,
    )
    if area is not None:
        busy |= {area.host, area.neighbor_host}
    cut = next(
        (
            s.uplink
            for s in sorted(state.sites.values(), key=lambda s: s.site)
            if s.uplink is not None
            and s.uplink.media == "copper"
            and s.hub_site is not None
            and {s.uplink.host, s.uplink.peer_host} <= chosen
            and not {s.uplink.host, s.uplink.peer_host} & busy
        ),
        None,
    )
    return NetworkFaults(
        circuit=cut.circuit if cut else None,
        circuit_site=state.host_site[cut.host] if cut else None,
        area_host=area.host if area else None,
        area_interface=area.interface if area else None,
        area_lines=(
            (f"interface {area.interface}", f" no ip ospf 1 area {area.area}", " ip ospf 1 area 0")
            if area
            else ()
        ),
    )


def verdict(report: VerifyReport, faults: NetworkFaults) -> tuple[bool, str]:
    """Whether verify found exactly the planted faults, each with the right cause."""
    found = {(d.cause, d.subject) for d in report.diagnoses}
    if found == faults.expected:
        return True, f"verify told the {len(found)} planted network faults apart, nothing else"
    missing = sorted(f"{c.value} {s}" for c, s in faults.expected - found)
    extra = sorted(f"{c.value} {s}" for c, s in found - faults.expected)
    return False, f"verify missed {missing or 'nothing'}, and also found {extra or 'nothing'}"
