"""``tbwan site move``: the 2025 reform as a data change, re-rendering what depends on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.inventory.store import load_inventory


@pytest.fixture
def workdir(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(
        repo / "inventory", tmp_path / "inventory", ignore=shutil.ignore_patterns("source")
    )
    shutil.copy(repo / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(repo / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    return tmp_path


def test_move_a_whole_district_into_a_new_province(workdir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "site",
            "move",
            "--from",
            "vu-thu",
            "--region",
            "hung-yen",
            "--region-name",
            "Tỉnh Hưng Yên",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "moved 31 site(s) to hung-yen" in result.output
    assert "32 config(s), 32 changed" in result.output
    inv = load_inventory(workdir / "inventory")
    assert inv.region("hung-yen").name == "Tỉnh Hưng Yên"
    assert inv.site("tb-ubnd-vuthu").region == "hung-yen"
    assert not [s for s in inv.sites if s.region == "vu-thu"]
    hub = (workdir / "build" / "intended" / "tb-ubnd-vuthu-rt01.cfg").read_text()
    assert "snmp-server location UBND huyen Vu Thu, Tinh Hung Yen" in hub


def test_move_to_an_unknown_region_needs_a_name(workdir: Path) -> None:
    result = CliRunner().invoke(
        app, ["site", "move", "tb-sonv", "--region", "hung-yen"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 3
    assert "region 'hung-yen' does not exist: pass --region-name" in result.output
    assert load_inventory(workdir / "inventory").site("tb-sonv").region == "tp-thai-binh"
