"""``tbwan inventory generate`` over an inventory in use never drops what it did not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.inventory.models import Media
from tbwan.inventory.store import load_inventory, read_site, write_site
from tbwan.onboard.request import CommuneRequest
from tbwan.onboard.sot import FileSourceOfTruth

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "inventory", tmp_path / "inventory")
    shutil.copy(REPO / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, " ".join(result.output.split())


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_generate_keeps_onboarded_moved_and_edited_sites(workdir: Path) -> None:
    root = workdir / "inventory"
    sot = FileSourceOfTruth(root)
    for code, name in (("13290", "Xã Tân Lập Mới"), ("13291", "Xã Tân Hòa Mới")):
        # what onboarding's create step writes (the site and the hub's downlink)
        sot.reserve(
            CommuneRequest(
                district="vu-thu",
                code=code,
                name=name,
                uplink=Media.COPPER,
                rate_kbps=4000,
                new_unit=True,
            )
        )
    assert _run("site", "move", "tb-sonv", "--region", "vu-thu")[0] == 0
    site = read_site(root / "sites" / "tb-sotp.yaml")
    write_site(root, site.model_copy(update={"name_en": "Department of Justice (edited)"}))
    (root / "sites" / "tb-soyt.yaml").unlink()  # a generated site lost: generate restores it
    before = _snapshot(root)

    code, out = _run("inventory", "generate")
    assert code == 0, out
    assert "kept 2 not generated (onboarded or added by hand): tb-13290-tan-lap-moi, " in out
    assert (
        "kept 3 changed since generated (moved or edited): tb-sonv, tb-sotp, tb-ubnd-vuthu" in out
    )
    assert "wrote 1 site file(s)" in out
    after = _snapshot(root)
    assert {k: v for k, v in after.items() if k != "sites/tb-soyt.yaml"} == before
    inv = load_inventory(root)
    assert inv.site("tb-13290-tan-lap-moi").region == "vu-thu"
    assert inv.site("tb-sonv").region == "vu-thu"
    assert inv.site("tb-soyt").devices


def test_generate_into_an_empty_folder_writes_the_province(workdir: Path) -> None:
    out_root = workdir / "fresh"
    code, out = _run("inventory", "generate", "--inventory", str(out_root))
    assert code == 0, out
    assert _snapshot(out_root) == {
        k: v for k, v in _snapshot(workdir / "inventory").items() if not k.startswith("source")
    }


def test_generate_refuses_a_merge_that_would_clash(workdir: Path) -> None:
    root = workdir / "inventory"
    # an extra site taking the addresses of a generated site that is missing
    soyt = read_site(root / "sites" / "tb-soyt.yaml")
    (root / "sites" / "tb-soyt.yaml").unlink()
    write_site(root, soyt.model_copy(update={"slug": "tb-soyt-new", "devices": ()}))
    before = _snapshot(root)
    code, out = _run("inventory", "generate")
    assert code == 3, out
    assert "overlaps" in out
    assert _snapshot(root) == before


def test_generate_names_missing_source_files(workdir: Path) -> None:
    code, out = _run("inventory", "generate", "--source", str(workdir / "nowhere"))
    assert code == 3, out
    assert "cannot read the source CSVs" in out
