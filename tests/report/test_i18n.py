"""--lang vi: the report texts from the gettext catalogue; English stays the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.errors import ReportError
from tbwan.report import AuditReport, summary_table, to_html
from tbwan.report.i18n import LOCALE_DIR, translations
from tbwan.report.models import HostStatus

PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "tbwan.po"
REPORT = Path(__file__).resolve().parents[2] / "tbwan" / "report"
SOURCES = [REPORT / "terminal.py", REPORT / "html.py"]


def catalogue() -> dict[str, str]:
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', PO.read_text(encoding="utf-8"), re.M)
    return dict(pairs)


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    vi = translations("vi")
    for msgid, msgstr in catalogue().items():
        assert msgstr, f"{msgid!r} has no translation"
        assert vi.gettext(msgid) == msgstr, f"tbwan.mo is stale for {msgid!r}: run msgfmt"


def test_every_text_the_reports_translate_is_in_the_catalogue() -> None:
    used = {s.value for s in HostStatus}
    for source in SOURCES:
        used |= set(re.findall(r'_\(\s*"([^"]+)"', source.read_text(encoding="utf-8")))
        used |= set(re.findall(r"_\(\s*'([^']+)'", source.read_text(encoding="utf-8")))
    assert used - set(catalogue()) == set()


def test_terminal_in_vietnamese(report: AuditReport) -> None:
    console = Console(record=True, width=250)
    console.print(summary_table(report, lang="vi"))
    text = console.export_text()
    assert "Kiểm tra lệch cấu hình" in text and "Huyện / thành phố" in text
    assert "Lệch cấu hình" in text and "Tổng" in text
    assert "Drift audit" not in text and "Region" not in text


def test_html_in_vietnamese(report: AuditReport) -> None:
    page = to_html(report, "vi")
    assert "tbwan: kiểm tra lệch cấu hình" in page and "Cần xử lý" in page
    assert "lệch cấu hình" in page and "thiết bị." in page
    assert "Needs attention" not in page
    assert "Needs attention" in to_html(report)  # English stays the default


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ReportError, match="--lang 'fr'"):
        translations("fr")
    done = CliRunner().invoke(app, ["audit", "--lang", "fr"])
    assert done.exit_code == 3 and "--lang 'fr'" in done.output
