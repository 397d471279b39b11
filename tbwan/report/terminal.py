"""The terminal summary: a rich table of statuses per region and site, with totals."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from tbwan.report.i18n import translations
from tbwan.report.models import AuditReport, StatusCounts

_COLUMNS = (
    ("compliant", "green"),
    ("drifted", "yellow"),
    ("unreachable", "red"),
    ("failed", "red"),
    ("pending", "magenta"),
)


def _cells(counts: StatusCounts) -> list[str]:
    cells = []
    for name, colour in _COLUMNS:
        value = getattr(counts, name)
        cells.append(f"[{colour}]{value}[/{colour}]" if value else "0")
    return [*cells, str(counts.total)]


def summary_table(report: AuditReport, *, max_sites: int | None = None, lang: str = "en") -> Table:
    """Compliant / drifted / unreachable / failed per region and site, totals last.

    With more than ``max_sites`` sites, only the sites with a host that is not compliant
    are listed (every region keeps its row), so a province-wide audit fits a screen.
    ``lang`` is the language of the texts (``en``, ``vi``).
    """
    _ = translations(lang).gettext
    brief = max_sites is not None and len(report.sites) > max_sites
    when = f"{report.started:%Y-%m-%d %H:%M %Z}"
    table = Table(title=_("Drift audit %(when)s") % {"when": when}, show_footer=False)
    table.add_column(_("Region"))
    table.add_column(_("Site"))
    for name, _colour in _COLUMNS:
        label = _(name)
        table.add_column(label[:1].upper() + label[1:], justify="right")
    table.add_column(_("Total"), justify="right")
    for region in report.regions:
        in_region = [s for s in report.sites if s.region == region.region]
        sites = [
            s
            for s in report.sites
            if s.region == region.region and not (brief and s.counts.compliant == s.counts.total)
        ]
        for site in sites:
            table.add_row(escape(region.label), escape(site.label), *_cells(site.counts))
        table.add_row(
            f"[bold]{escape(region.label)}[/bold]",
            f"[bold]{escape(_('all %(n)d sites') % {'n': len(in_region)})}[/bold]"
            if brief
            else f"[bold]{escape(_('all sites'))}[/bold]",
            *_cells(region.counts),
            end_section=True,
        )
    table.add_row(f"[bold]{escape(_('Total'))}[/bold]", "", *_cells(report.counts))
    if brief:
        table.caption = _("sites where every host is compliant are not listed")
    return table
