"""Arguments that name hosts, sites, roles and regions must name something."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.inventory.store import load_inventory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(
        REPO / "inventory", tmp_path / "inventory", ignore=shutil.ignore_patterns("source")
    )
    shutil.copy(REPO / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "300"})
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (
            ["--site", "tb-sonv", "--site", "tb-snov"],
            "--site tb-snov: no such site; did you mean 'tb-sonv'?",
        ),
        (
            ["--site", "tb-sonv", "--role", "ce-routr"],
            "--role ce-routr: no such role; did you mean 'ce-router'?",
        ),
        (
            ["--role", "ce-router", "--district", "vu-th"],
            "--district vu-th: no such district or region; did you mean 'vu-thu'?",
        ),
        (
            ["--host", "tb-sonv-rt1"],
            "--host tb-sonv-rt1: no such host; did you mean 'tb-sonv-rt01'?",
        ),
        (["--district", "vu-thu", "--site", "nope"], "--site nope: no such site"),
    ],
)
def test_render_refuses_an_unknown_filter_value(
    workdir: Path, args: list[str], expect: str
) -> None:
    code, out = _run("render", *args)
    assert code == 3, out
    assert expect in out
    assert not (workdir / "build").exists()


@pytest.mark.parametrize("command", ["deploy", "audit", "backup"])
def test_commands_that_connect_refuse_an_unknown_site(workdir: Path, command: str) -> None:
    code, out = _run(command, "--site", "tb-sonv", "--site", "nope")
    assert code == 3, out
    assert "--site nope: no such site" in out


def test_site_move_refuses_a_site_not_in_from(workdir: Path) -> None:
    before = (workdir / "inventory" / "sites" / "tb-sonv.yaml").read_text()
    code, out = _run(
        "site",
        "move",
        "tb-sonv",
        "--from",
        "vu-thu",
        "--region",
        "hung-yen",
        "--region-name",
        "Tỉnh Hưng Yên",
    )
    assert code == 3, out
    assert "site tb-sonv is not in --from vu-thu (it is in tp-thai-binh)" in out
    assert (workdir / "inventory" / "sites" / "tb-sonv.yaml").read_text() == before
    assert "hung-yen" not in (workdir / "inventory" / "regions.yaml").read_text()


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["tb-snov", "--region", "vu-thu"], "site tb-snov: no such site; did you mean 'tb-sonv'?"),
        (
            ["--from", "vu-th", "--region", "vu-thu"],
            "--from vu-th: no such region; did you mean 'vu-thu'?",
        ),
        (
            ["--from", "tinh-thai-binh", "--region", "vu-thu"],
            "--from tinh-thai-binh: no site is in this region",
        ),
        (
            [
                "tb-sonv",
                "--region",
                "hung-yen",
                "--region-name",
                "Hưng Yên",
                "--parent",
                "tinh-thai-bin",
            ],
            "--parent tinh-thai-bin: no such region; did you mean 'tinh-thai-binh'?",
        ),
        (
            ["tb-sonv", "--region", "vu-th"],
            "region 'vu-th' does not exist: pass --region-name to create it, or use an "
            "existing one (did you mean 'vu-thu'?",
        ),
    ],
)
def test_site_move_refuses_arguments_that_name_nothing(
    workdir: Path, args: list[str], expect: str
) -> None:
    code, out = _run("site", "move", *args)
    assert code == 3, out
    assert expect in out
    assert "Traceback" not in out


def test_site_move_with_sites_of_from_moves_only_those(workdir: Path) -> None:
    code, out = _run(
        "site", "move", "tb-ubnd-vuthu", "--from", "vu-thu", "--region", "tp-thai-binh"
    )
    assert code == 0, out
    inv = load_inventory(workdir / "inventory")
    assert inv.site("tb-ubnd-vuthu").region == "tp-thai-binh"
    assert len([s for s in inv.sites if s.region == "vu-thu"]) == 30


def test_site_move_into_an_unwritable_build_dir_says_so(workdir: Path) -> None:
    (workdir / "build").write_text("a file where the folder should be")
    code, out = _run("site", "move", "tb-sonv", "--region", "vu-thu")

    assert code == 3, out
    assert "cannot write the re-rendered config" in out


def test_lab_up_refuses_an_unknown_site(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TBWAN_USERNAME", "netadmin")
    monkeypatch.setenv("TBWAN_PASSWORD", "not-a-real-password")
    code, out = _run("lab", "up", "--site", "tb-sonv", "--site", "tb-snov")
    assert code != 0
    assert "--site tb-snov: no such site; did you mean 'tb-sonv'?" in out
