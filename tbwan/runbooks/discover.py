"""Runbook: discover running devices from a CSV of addresses into the source of truth.

The source of truth is a folder of site files, or NetBox. Dry run by default (what
would be created or changed, per site); with ``commit`` the changed site files are
written under the inventory lock (review them with ``git diff``), or NetBox is brought
to the merged records through the sync (:func:`tbwan.netbox.sync.sync`: idempotent,
nothing deleted without ``prune``). Every CSV row gets a result; bad rows never stop the
good ones.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tbwan.discover.collect import collect, resolve
from tbwan.discover.merge import MergeResult, SiteChange, merge
from tbwan.discover.records import Discovered, build_device, dedupe, link
from tbwan.discover.rules import DiscoverRules
from tbwan.discover.targets import RowError, parse_targets
from tbwan.errors import InventoryError
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import inventory_lock, load_inventory, write_site

if TYPE_CHECKING:
    from tbwan.netbox.client import NetBox
    from tbwan.netbox.sync import SyncReport

RowStatus = Literal["imported", "failed", "duplicate"]


@dataclass(frozen=True)
class RowResult:
    """The result of one CSV row."""

    row: int
    address: str
    status: RowStatus
    device: str = ""
    site: str = ""
    message: str = ""


@dataclass(frozen=True)
class DiscoverReport:
    """Per-row results, per-site changes, and whether the changes were written."""

    source: str
    rows: tuple[RowResult, ...]
    changes: tuple[SiteChange, ...]
    committed: bool
    written: tuple[Path, ...]
    inventory: Inventory
    seconds: float
    netbox: SyncReport | None = None

    @property
    def failed(self) -> tuple[RowResult, ...]:
        """The rows that were not imported (duplicates are not failures)."""
        return tuple(r for r in self.rows if r.status == "failed")


def _rows(found: list[Discovered], errors: list[RowError], result: MergeResult) -> list[RowResult]:
    refused = {e.row for e in result.errors}
    rows = [
        RowResult(
            e.row,
            e.address,
            "duplicate" if e.message.startswith("same device as row") else "failed",
            message=e.message,
        )
        for e in [*errors, *result.errors]
    ]
    for d in found:
        if d.row not in refused:
            notes = "; ".join(result.notes.get(d.row, ()))
            rows.append(RowResult(d.row, d.address, "imported", d.device.name, d.site, notes))
    return sorted(rows, key=lambda r: r.row)


def _found(
    csv_text: str, source: str, rules: DiscoverRules, lab: Path | None, workers: int
) -> tuple[list[Discovered], list[RowError]]:
    """Read the CSV's devices and build their linked records; row errors for the rest."""
    targets, errors = parse_targets(csv_text, source)
    targets, unresolved = resolve(targets, lab)
    errors += unresolved
    collected, failed = collect(targets, workers=workers)
    errors += failed
    built: list[Discovered] = []
    for c in collected:
        try:
            built.append(build_device(c, rules))
        except ValueError as exc:
            errors.append(RowError(c.target.row, c.target.address, str(exc)))
    found, dup = dedupe(built)
    errors += dup
    lldp = {d.device.name: c.lldp for c in collected for d in found if d.row == c.target.row}
    return link(found, lldp, rules), errors


def discover(
    csv_text: str,
    source: str,
    *,
    into: Path,
    rules: DiscoverRules | None = None,
    commit: bool = False,
    lab: Path | None = None,
    workers: int = 50,
) -> DiscoverReport:
    """Discover the devices the CSV lists and merge them into the folder ``into``."""
    start = time.perf_counter()
    rules = rules or DiscoverRules()
    if not (into / "plan.yaml").is_file() or not (into / "regions.yaml").is_file():
        raise InventoryError(
            f"{into}: needs plan.yaml and regions.yaml (the addressing plan and the regions; "
            "copy them from inventory/) before devices can be discovered into it"
        )
    (into / "sites").mkdir(exist_ok=True)
    found, errors = _found(csv_text, source, rules, lab, workers)
    with inventory_lock(into, exclusive=commit):
        inv = load_inventory(into, lock=False)
        result = merge(inv, found, rules, into)
        written: list[Path] = []
        if commit:
            for change in result.changed:
                written.append(write_site(into, result.inventory.site(change.slug)))
    return DiscoverReport(
        source=source,
        rows=tuple(_rows(found, errors, result)),
        changes=result.changes,
        committed=commit,
        written=tuple(written),
        inventory=result.inventory,
        seconds=time.perf_counter() - start,
    )


def discover_into_netbox(
    csv_text: str,
    source: str,
    *,
    nb: NetBox,
    rules: DiscoverRules | None = None,
    commit: bool = False,
    prune: bool = False,
    lab: Path | None = None,
    workers: int = 50,
) -> DiscoverReport:
    """As :func:`discover`, with NetBox as the source of truth (read, merge, sync)."""
    from tbwan.netbox.reader import load_from_netbox
    from tbwan.netbox.sync import sync

    start = time.perf_counter()
    rules = rules or DiscoverRules()
    found, errors = _found(csv_text, source, rules, lab, workers)
    result = merge(load_from_netbox(nb), found, rules, Path("netbox"))
    changed = [c.slug for c in result.changed]
    report = sync(
        nb,
        result.inventory,
        dry_run=not commit,
        prune=prune,
        only_sites=None if prune else changed,
    )
    return DiscoverReport(
        source=source,
        rows=tuple(_rows(found, errors, result)),
        changes=result.changes,
        committed=commit,
        written=(),
        inventory=result.inventory,
        seconds=time.perf_counter() - start,
        netbox=report,
    )
