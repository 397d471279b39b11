"""The verify report: checks per host, diagnoses, sites and districts (JSON schema in
``SCHEMA.md``; ``schema_version`` changes when a field is removed or changes meaning)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from tbwan import __version__

VERIFY_SCHEMA_VERSION: Literal["1"] = "1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CheckKind(StrEnum):
    """What a check looks at."""

    LINK = "link"
    LLDP = "lldp"
    OSPF = "ospf"
    ROUTE = "route"
    SERVICE = "service"
    TUNNEL = "tunnel"
    HSRP = "hsrp"


class Check(_Frozen):
    """One expectation of the intended state, held against what the device showed."""

    kind: CheckKind
    subject: str = Field(description="Interface, prefix or 'service address'.")
    ok: bool
    expected: str
    observed: str
    peer: str | None = Field(default=None, description="The host at the other end, if any.")


class VerifyStatus(StrEnum):
    """Outcome for one host."""

    OK = "ok"
    DOWN = "down"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


class Cause(StrEnum):
    """Whose problem a failure is."""

    CARRIER = "carrier"
    MISCONFIGURATION = "misconfiguration"
    DEVICE = "device"
    UPSTREAM = "upstream"
    UNKNOWN = "unknown"


class Diagnosis(_Frozen):
    """Why something the plan expects is down, from what was observed."""

    subject: str = Field(description="Circuit id, 'HOST INTERFACE', or a host.")
    cause: Cause
    hosts: tuple[str, ...]
    sites: tuple[str, ...] = Field(description="Sites this failure cuts off or degrades.")
    message: str


class HostVerify(_Frozen):
    """The checks of one host."""

    host: str
    site: str
    region: str = Field(description="District (or city) the site belongs to.")
    role: str
    status: VerifyStatus
    error: str | None = Field(default=None, description="Why the host could not be asked.")
    checks: tuple[Check, ...] = ()
    started: AwareDatetime
    finished: AwareDatetime

    @model_validator(mode="after")
    def _status_matches_checks(self) -> Self:
        asked = self.status in (VerifyStatus.OK, VerifyStatus.DOWN)
        if not asked and not self.error:
            raise ValueError(f"host {self.host}: status {self.status} needs an error message")
        if asked:
            expected = VerifyStatus.OK if all(c.ok for c in self.checks) else VerifyStatus.DOWN
            if self.status is not expected:
                raise ValueError(f"host {self.host}: checks say {expected}, not {self.status}")
        return self


class SiteVerify(_Frozen):
    """A site: does its router reach every DIC service, and if not, why."""

    site: str
    region: str
    ok: bool | None = Field(description="None when the site's router could not be asked.")
    services: dict[str, bool | None] = Field(
        default_factory=dict, description="Service name -> reached (None: not asked)."
    )
    cause: Cause | None = None
    diagnosis: str | None = None


class Counts(_Frozen):
    """Hosts per status, and sites down."""

    ok: int = 0
    down: int = 0
    unreachable: int = 0
    failed: int = 0
    sites_down: int = 0

    @property
    def total(self) -> int:
        """Hosts counted."""
        return self.ok + self.down + self.unreachable + self.failed

    @classmethod
    def of(cls, hosts: Iterable[HostVerify], sites: Iterable[SiteVerify]) -> Counts:
        """Count ``hosts`` per status and ``sites`` not ok."""
        counts = dict.fromkeys(VerifyStatus, 0)
        for h in hosts:
            counts[h.status] += 1
        down = sum(1 for s in sites if s.ok is not True)
        return cls(**{k.value: v for k, v in counts.items()}, sites_down=down)


class RegionVerify(_Frozen):
    """Counts for one district."""

    region: str
    counts: Counts


class VerifyReport(_Frozen):
    """One verify run."""

    schema_version: Literal["1"] = VERIFY_SCHEMA_VERSION
    started: AwareDatetime
    finished: AwareDatetime
    tbwan_version: str = __version__
    hosts: tuple[HostVerify, ...]
    sites: tuple[SiteVerify, ...]
    diagnoses: tuple[Diagnosis, ...]
    regions: tuple[RegionVerify, ...]
    counts: Counts

    @property
    def duration_seconds(self) -> float:
        """Wall time of the run."""
        return (self.finished - self.started).total_seconds()


def build_verify_report(
    hosts: Iterable[HostVerify],
    sites: Iterable[SiteVerify],
    diagnoses: Iterable[Diagnosis],
    *,
    started: AwareDatetime,
    finished: AwareDatetime,
) -> VerifyReport:
    """The report, hosts and sites sorted by district, counts per district computed."""
    hs = tuple(sorted(hosts, key=lambda h: (h.region, h.site, h.host)))
    ss = tuple(sorted(sites, key=lambda s: (s.region, s.site)))
    regions = sorted({h.region for h in hs} | {s.region for s in ss})
    return VerifyReport(
        started=started,
        finished=finished,
        hosts=hs,
        sites=ss,
        diagnoses=tuple(diagnoses),
        regions=tuple(
            RegionVerify(
                region=r,
                counts=Counts.of(
                    (h for h in hs if h.region == r), (s for s in ss if s.region == r)
                ),
            )
            for r in regions
        ),
        counts=Counts.of(hs, ss),
    )
