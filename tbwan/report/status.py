"""The audit's exit status: 0 all compliant, 1 drift found, 2 some hosts not audited
(unreachable, failed, or with a commit pending confirmation)."""

from __future__ import annotations

from enum import IntEnum

from tbwan.report.models import AuditReport, StatusCounts


class ExitStatus(IntEnum):
    """Process exit status of ``tbwan audit``; a higher value wins."""

    COMPLIANT = 0
    DRIFT = 1
    INCOMPLETE = 2


def exit_status_for(counts: StatusCounts) -> ExitStatus:
    """Exit status for these counts: unreachable/failed (2) wins over drift (1).

    >>> exit_status_for(StatusCounts(compliant=3))
    <ExitStatus.COMPLIANT: 0>
    >>> exit_status_for(StatusCounts(compliant=3, drifted=1))
    <ExitStatus.DRIFT: 1>
    >>> exit_status_for(StatusCounts(drifted=1, unreachable=1))
    <ExitStatus.INCOMPLETE: 2>
    >>> exit_status_for(StatusCounts(compliant=1, pending=1))
    <ExitStatus.INCOMPLETE: 2>
    """
    if counts.unreachable or counts.failed or counts.pending:
        return ExitStatus.INCOMPLETE
    if counts.drifted:
        return ExitStatus.DRIFT
    return ExitStatus.COMPLIANT


def exit_status(report: AuditReport) -> ExitStatus:
    """Exit status for ``report`` (see :func:`exit_status_for`)."""
    return exit_status_for(report.counts)
