"""District and site names in their Vietnamese form in the terminal and HTML reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from tbwan.diff.models import HostDrift
from tbwan.inventory.nornir_files import TbwanInventory
from tbwan.report import audited, build_report, summary_table
from tbwan.report.html import to_html
from tbwan.tasks.audit import site_names

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_names_come_from_the_source_of_truth() -> None:
    inv = TbwanInventory(root=str(REPO / "inventory")).load()
    assert site_names(inv.hosts["tb-13195-hong-ly-rt01"]) == {
        "site_name": "Xã Hồng Lý",
        "region_name": "Huyện Vũ Thư",
    }


def test_terminal_and_html_show_them_with_the_slug() -> None:
    host = audited(
        HostDrift(host="tb-13195-hong-ly-rt01"),
        site="tb-13195-hong-ly",
        region="vu-thu",
        role="commune-router",
        started=NOW,
        finished=NOW,
        site_name="Xã Hồng Lý",
        region_name="Huyện Vũ Thư",
    )
    report = build_report([host], started=NOW, finished=NOW)
    console = Console(record=True, width=200)
    console.print(summary_table(report))
    text = console.export_text()
    assert "Xã Hồng Lý (tb-13195-hong-ly)" in text and "Huyện Vũ Thư (vu-thu)" in text
    page = to_html(report)
    assert "Xã Hồng Lý (tb-13195-hong-ly)" in page and "Huyện Vũ Thư (vu-thu)" in page


def test_without_names_the_slugs_stay() -> None:
    host = audited(
        HostDrift(host="r1"), site="s1", region="d1", role="ce-router", started=NOW, finished=NOW
    )
    report = build_report([host], started=NOW, finished=NOW)
    assert (report.sites[0].label, report.regions[0].label) == ("s1", "d1")
