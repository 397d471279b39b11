"""``tbwan demo --adopt``: the adoption story on the brownfield lab."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from tbwan.cli.options import console, errors_to_exit
from tbwan.lab.inventory_devices import LabSelection
from tbwan.runbooks.demo_adopt import AdoptReport, run_adopt_demo

MAX_ITEMS = 10


def _stages(report: AdoptReport) -> Table:
    table = Table("stage", "changed", "unchanged", "failed", "seconds", title="Convergence")
    for r in report.stages:
        counts = {s: sum(h.status.value == s for h in r.hosts) for s in ("changed", "unchanged")}
        table.add_row(
            r.stage.value,
            str(counts["changed"]),
            str(counts["unchanged"]),
            str(len(r.failed)),
            f"{r.seconds:.1f}",
        )
    return table


def adopt_demo(
    host: list[str] | None,
    site: list[str] | None,
    role: list[str] | None,
    district: list[str] | None,
    workers: int | None,
    reports: Path,
    templates: Path,
    backup_dir: Path,
) -> None:
    """Run the adoption demo; exit 0 when every row was imported and the audit is clean."""
    sel = LabSelection(
        hosts=host or (), sites=site or (), roles=role or (), districts=district or ()
    )
    with errors_to_exit():
        report = run_adopt_demo(
            selection=sel,
            templates=templates,
            reports=reports,
            backup_dir=backup_dir,
            workers=workers,
            say=lambda text: console.print(f"[bold cyan]>[/] {escape(text)}"),
        )
    if report.generated_secrets:
        console.print("throwaway values (never shown) for: " + ", ".join(report.generated_secrets))
    rows = report.discovered.rows
    imported = sum(r.status == "imported" for r in rows)
    console.print(f"discovered: {imported}/{len(rows)} imported")
    base = Table("stage", "devices", "lines missing", "lines extra", title="Baseline")
    for b in report.baseline.rows:
        base.add_row(b.stage, str(b.hosts), str(b.missing), str(b.extra))
    console.print(base)
    console.print(_stages(report))
    failed = [(r.stage.value, h) for r in report.stages for h in r.failed]
    for stage, h in failed[:MAX_ITEMS]:
        console.print(f"[red]{stage}[/] {escape(h.host)}: {escape(h.error or '')}")
    counts = report.final.counts
    console.print(
        f"final audit: {counts.compliant} compliant, {counts.drifted} drifted, "
        f"{counts.unreachable} unreachable, {counts.failed} failed"
    )
    times = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    console.print(f"timings: {times}")
    console.print("reports: " + ", ".join(str(p) for p in report.files.reports), highlight=False)
    clean = counts.compliant == counts.total and imported == len(rows)
    if clean and not failed:
        console.print("[green]as expected[/]: every device discovered and converged, audit clean")
        return
    console.print(
        "[red]not clean[/]: see the failures above (a filtered lab cuts links to devices "
        "outside it, and the routing stage refuses to make live adjacencies passive)"
    )
    raise typer.Exit(1)
