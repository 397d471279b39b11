"""``tbwan discover`` exit statuses: 3 on bad input, 1 when a row was not imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    monkeypatch.setenv("TBWAN_USERNAME", "tbwan")
    monkeypatch.setenv("TBWAN_PASSWORD", "not-used-anywhere")
    monkeypatch.delenv("TBWAN_SECRETS_FILE", raising=False)
    into = tmp_path / "sot"
    into.mkdir()
    for name in ("plan.yaml", "regions.yaml"):
        shutil.copy(REPO / "inventory" / name, into / name)
    return into


def _run(*args: str) -> tuple[int, str]:
    """Exit code and output without blanks or table borders (rich folds long cells)."""
    result = CliRunner().invoke(app, ["discover", *args])
    return result.exit_code, "".join(c for c in result.output if not c.isspace() and c not in "│┃")


def test_unreachable_row_is_a_row_result_exit_1(sot: Path, tmp_path: Path) -> None:
    csv = tmp_path / "devices.csv"
    csv.write_text("address\n127.0.0.1:1\n")
    code, out = _run("--from-csv", str(csv), "--into", str(sot))
    assert code == 1
    assert "failed" in out and "Cannotconnect" in out and "not-used-anywhere" not in out
    assert not list((sot / "sites").glob("*.yaml"))


def test_bad_input_exit_3(sot: Path, tmp_path: Path) -> None:
    csv = tmp_path / "devices.csv"
    csv.write_text("ip\n10.34.0.7\n")
    code, out = _run("--from-csv", str(csv), "--into", str(sot))
    assert code == 3 and "no'address'column" in out
    code, out = _run("--from-csv", str(csv), "--into", str(tmp_path))
    assert code == 3 and "needsplan.yamlandregions.yaml" in out
    code, out = _run("--from-csv", str(csv), "--into", str(sot), "--netbox")
    assert code == 3 and "chooseonesourceoftruth" in out
