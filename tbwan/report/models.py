"""The audit report: one :class:`HostAudit` per host, summaries per site and region.

The JSON form of :class:`AuditReport` is the stable schema documented in ``SCHEMA.md``;
``schema_version`` changes when a field is removed or changes meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from tbwan import __version__
from tbwan.diff.models import HostDrift

SCHEMA_VERSION: Literal["1"] = "1"


class HostStatus(StrEnum):
    """Outcome of auditing one host."""

    COMPLIANT = "compliant"
    DRIFTED = "drifted"
    UNREACHABLE = "unreachable"
    FAILED = "failed"
    PENDING = "pending"  # a commit waits for confirmation: the device will revert by itself


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HostAudit(_Frozen):
    """The audit of one host."""

    host: str
    site: str
    region: str = Field(description="District (or city) the site belongs to.")
    role: str
    status: HostStatus
    error: str | None = Field(
        default=None, description="Why the host was not audited, or its pending commit."
    )
    drift: HostDrift | None = Field(
        default=None, description="Absent unless audited (a pending host may have one)."
    )
    started: AwareDatetime
    finished: AwareDatetime
    site_name: str | None = Field(default=None, description="The site's Vietnamese name.")
    region_name: str | None = Field(default=None, description="The district's Vietnamese name.")

    @model_validator(mode="after")
    def _status_matches_content(self) -> Self:
        audited = self.status in (HostStatus.COMPLIANT, HostStatus.DRIFTED)
        if audited and self.drift is None:
            raise ValueError(f"host {self.host}: status {self.status} needs a drift")
        if not audited and not self.error:
            raise ValueError(f"host {self.host}: status {self.status} needs an error message")
        if self.drift is not None and audited:
            expected = HostStatus.COMPLIANT if self.drift.compliant else HostStatus.DRIFTED
            if self.status is not expected:
                raise ValueError(f"host {self.host}: drift says {expected}, not {self.status}")
        return self

    @property
    def duration_seconds(self) -> float:
        """Wall time spent on this host."""
        return (self.finished - self.started).total_seconds()


def audited(
    drift: HostDrift,
    *,
    site: str,
    region: str,
    role: str,
    started: AwareDatetime,
    finished: AwareDatetime,
    site_name: str | None = None,
    region_name: str | None = None,
) -> HostAudit:
    """A :class:`HostAudit` whose status (compliant or drifted) follows from ``drift``."""
    return HostAudit(
        host=drift.host,
        site=site,
        region=region,
        role=role,
        status=HostStatus.COMPLIANT if drift.compliant else HostStatus.DRIFTED,
        drift=drift,
        started=started,
        finished=finished,
        site_name=site_name,
        region_name=region_name,
    )


class StatusCounts(_Frozen):
    """How many hosts ended in each status."""

    compliant: int = 0
    drifted: int = 0
    unreachable: int = 0
    failed: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        """All hosts counted."""
        return self.compliant + self.drifted + self.unreachable + self.failed + self.pending

    @classmethod
    def of(cls, hosts: Iterable[HostAudit]) -> StatusCounts:
        """Count ``hosts`` per status."""
        counts = dict.fromkeys(HostStatus, 0)
        for host in hosts:
            counts[host.status] += 1
        return cls(**{status.value: n for status, n in counts.items()})


class SiteSummary(_Frozen):
    """Counts for one site."""

    site: str
    region: str
    counts: StatusCounts
    name: str | None = None

    @property
    def label(self) -> str:
        """The Vietnamese name and the slug, or the slug alone."""
        return f"{self.name} ({self.site})" if self.name else self.site


class RegionSummary(_Frozen):
    """Counts for one region (district)."""

    region: str
    counts: StatusCounts
    name: str | None = None

    @property
    def label(self) -> str:
        """The Vietnamese name and the slug, or the slug alone."""
        return f"{self.name} ({self.region})" if self.name else self.region


class AuditReport(_Frozen):
    """One audit run over many hosts."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    started: AwareDatetime
    finished: AwareDatetime
    tbwan_version: str = __version__
    hosts: tuple[HostAudit, ...]
    counts: StatusCounts
    sites: tuple[SiteSummary, ...]
    regions: tuple[RegionSummary, ...]

    @model_validator(mode="after")
    def _summaries_match_hosts(self) -> Self:
        if self.counts != StatusCounts.of(self.hosts):
            raise ValueError("counts do not match hosts: build reports with build_report()")
        return self

    @property
    def duration_seconds(self) -> float:
        """Wall time of the whole audit."""
        return (self.finished - self.started).total_seconds()


def _grouped(
    hosts: Iterable[HostAudit], key: Callable[[HostAudit], tuple[str, ...]]
) -> dict[tuple[str, ...], list[HostAudit]]:
    groups: dict[tuple[str, ...], list[HostAudit]] = {}
    for host in hosts:
        groups.setdefault(key(host), []).append(host)
    return dict(sorted(groups.items()))


def build_report(
    hosts: Iterable[HostAudit],
    *,
    started: AwareDatetime,
    finished: AwareDatetime,
    tbwan_version: str = __version__,
) -> AuditReport:
    """Build the report: hosts sorted by region, site, host; counts and summaries computed."""
    ordered = tuple(sorted(hosts, key=lambda h: (h.region, h.site, h.host)))
    by_site = _grouped(ordered, lambda h: (h.region, h.site))
    by_region = _grouped(ordered, lambda h: (h.region,))
    return AuditReport(
        started=started,
        finished=finished,
        tbwan_version=tbwan_version,
        hosts=ordered,
        counts=StatusCounts.of(ordered),
        sites=tuple(
            SiteSummary(
                site=site,
                region=region,
                counts=StatusCounts.of(members),
                name=next((m.site_name for m in members if m.site_name), None),
            )
            for (region, site), members in by_site.items()
        ),
        regions=tuple(
            RegionSummary(
                region=region,
                counts=StatusCounts.of(members),
                name=next((m.region_name for m in members if m.region_name), None),
            )
            for (region,), members in by_region.items()
        ),
    )
