"""The baseline: how far each stage of an adopted network is from the standard.

Pure: an audit report in, one row per stage out (hosts drifted, lines missing and extra),
furthest first. The audit of the discovered records against the running network is the
baseline itself; this is its province-wide summary, in the order to converge.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict

from tbwan.converge.stages import ORDER, Stage, management_stage
from tbwan.diff import Feature
from tbwan.report import AuditReport


class StageDistance(BaseModel):
    """How far one stage (or an unstaged feature) is from the standard."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: str
    hosts: int
    missing: int
    extra: int

    @property
    def lines(self) -> int:
        """Lines to add or remove."""
        return self.missing + self.extra


class Baseline(BaseModel):
    """The province-wide table: every stage with drift, furthest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    audited: int
    rows: tuple[StageDistance, ...]


def _stage(feature: Feature, top: str) -> str:
    # the report's lines are already classified: only management is split further
    if feature is Feature.MANAGEMENT:
        return management_stage(top).value
    if feature is Feature.SNMPV3_USER:  # `snmp-server user` lines: the SNMP stage sends them
        return Stage.SNMP.value
    staged = {s.value for s in ORDER}
    return feature.value if feature.value in staged else f"{feature.value} (not staged)"


def baseline(report: AuditReport) -> Baseline:
    """Per stage: hosts with drift there, lines missing and extra; furthest first."""
    hosts: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    audited = 0
    for h in report.hosts:
        if h.drift is None:
            continue
        audited += 1
        seen: set[str] = set()
        for f in h.drift.features:
            for side, paths in ((missing, f.missing), (extra, f.extra)):
                for path in paths:
                    stage = _stage(f.feature, path[0])
                    side[stage] += 1
                    seen.add(stage)
        hosts.update(seen)
    rows = [
        StageDistance(stage=s, hosts=hosts[s], missing=missing[s], extra=extra[s]) for s in hosts
    ]
    rows.sort(key=lambda r: (-r.hosts, -r.lines, r.stage))
    return Baseline(audited=audited, rows=tuple(rows))
