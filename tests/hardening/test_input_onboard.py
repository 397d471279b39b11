"""Onboarding requests: codes of the district, names as people type them, CSVs as
spreadsheets save them."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tbwan.cli import app

REPO = Path(__file__).resolve().parents[2]
HEADER = "district,code,name,uplink,rate,new_unit\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "inventory", tmp_path / "inventory")  # with source/
    shutil.copy(REPO / "nornir.yaml", tmp_path / "nornir.yaml")
    (tmp_path / "templates").symlink_to(REPO / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TBWAN_INVENTORY", raising=False)
    monkeypatch.setenv("TBWAN_LAB_DIR", str(tmp_path / "no-lab"))
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, " ".join(result.output.split())


def _commune(code: str, name: str, *extra: str) -> tuple[int, str]:
    return _run(
        "onboard",
        "commune",
        "--district",
        "vu-thu",
        "--code",
        code,
        "--name",
        name,
        "--uplink",
        "copper",
        "--rate",
        "4M",
        *extra,
    )


# --- GSO codes ------------------------------------------------------------------------


def test_a_code_of_another_province_is_refused(workdir: Path) -> None:
    code, out = _commune("00001", "Xã Tân Lập Mới")
    assert code == 3, out
    assert "code 00001 is not a unit of the province in inventory/source/thaibinh_units.csv" in out
    assert "--new-unit" in out


def test_a_code_of_another_district_is_refused_even_as_new(workdir: Path) -> None:
    code, out = _commune("12433", "Xã Tân Lập Mới", "--new-unit")
    assert code == 3, out
    assert "code 12433 is Phường Lê Hồng Phong of Thành phố Thái Bình" in out
    assert "not of Huyện Vũ Thư (vu-thu)" in out


def test_a_new_unit_must_be_asked_for(workdir: Path) -> None:
    assert _commune("13290", "Xã Tân Lập Mới")[0] == 3
    code, out = _commune("13290", "Xã Tân Lập Mới", "--new-unit")
    assert code == 0, out
    assert "dry run: nothing was created" in out


def test_a_listed_unit_of_the_district_needs_no_flag(workdir: Path) -> None:
    (workdir / "inventory" / "sites" / "tb-13240-tan-lap.yaml").unlink()
    hub = workdir / "inventory" / "sites" / "tb-ubnd-vuthu.yaml"
    text = hub.read_text(encoding="utf-8")
    # the hub's downlink to the removed commune goes with it
    from tbwan.inventory.store import read_site, write_site

    site = read_site(hub)
    devices = tuple(
        d.model_copy(
            update={
                "interfaces": tuple(
                    i for i in d.interfaces if i.peer_device != "tb-13240-tan-lap-rt01"
                )
            }
        )
        for d in site.devices
    )
    write_site(workdir / "inventory", site.model_copy(update={"devices": devices}))
    assert hub.read_text(encoding="utf-8") != text
    code, out = _commune("13240", "Xã Tân Lập")
    assert code == 0, out
    code, out = _commune("13240", "Xã Tân Lập", "--new-unit")
    assert code == 3
    assert "already in" in out and "drop --new-unit" in out


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        unicodedata.normalize("NFD", "Xã Tân Lập"),
        "XÃ TÂN LẬP",
        unicodedata.normalize("NFD", "xã tân lập"),
        "  Xã Tân Lập ",
    ],
)
def test_a_name_taken_in_the_district_is_seen_however_typed(workdir: Path, name: str) -> None:
    code, out = _commune("13290", name, "--new-unit")
    assert code == 3, out
    assert "is already taken in vu-thu by site 'tb-13240-tan-lap'" in out


# --- CSV --------------------------------------------------------------------------------


def _csv(workdir: Path, text: str | bytes) -> tuple[int, str]:
    path = workdir / "communes.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return _run("onboard", "--from-csv", str(path))


ROW_A = "vu-thu,13290,Xã Tân Lập Mới,copper,4M,yes\n"
ROW_B = "vu-thu,13291,Xã Tân Hòa Mới,copper,4M,yes\n"


def test_csv_without_a_header_is_refused(workdir: Path) -> None:
    code, out = _csv(workdir, ROW_A + ROW_B)
    assert code == 3, out
    assert "row 1 is not a header (no column district, code, name, uplink)" in out


def test_csv_with_a_bom_is_read(workdir: Path) -> None:
    code, out = _csv(workdir, ("\ufeff" + HEADER + ROW_A).encode("utf-8"))
    assert code == 0, out
    assert "planned tb-13290-tan-lap-moi" in out


def test_csv_with_semicolons_is_read(workdir: Path) -> None:
    code, out = _csv(workdir, (HEADER + ROW_A + ROW_B).replace(",", ";"))
    assert code == 0, out
    assert "planned tb-13290-tan-lap-moi" in out and "planned tb-13291-tan-hoa-moi" in out


def test_csv_duplicate_rows_are_each_an_error(workdir: Path) -> None:
    nfd = unicodedata.normalize("NFD", ROW_A.replace("13290", "13292"))
    code, out = _csv(workdir, HEADER + ROW_A + ROW_A + nfd)
    assert code == 1, out
    assert "planned tb-13290-tan-lap-moi" in out
    assert "row 3: failed repeats row 2 (code 13290" in out
    assert "row 4: failed repeats row 2" in out


def test_csv_empty_cells_are_a_per_row_error(workdir: Path) -> None:
    code, out = _csv(workdir, HEADER + "vu-thu,13293,,copper,4M,yes\n" + ROW_B + "vu-thu,13294\n")
    assert code == 1, out
    assert "row 2: failed empty name: fill it in" in out
    assert "planned tb-13291-tan-hoa-moi" in out
    assert "row 4: failed 2 field(s) where the header has 6" in out


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("", "empty; the first row is the header"),
        (HEADER, "a header and no commune"),
        ("district,code,name,uplink,colour\n", "unknown column(s) colour"),
    ],
)
def test_csv_that_cannot_be_used_at_all(workdir: Path, text: str, expect: str) -> None:
    code, out = _csv(workdir, text)
    assert code == 3, out
    assert expect in out


def test_csv_in_utf16_is_named(workdir: Path) -> None:
    code, out = _csv(workdir, (HEADER + ROW_A).encode("utf-16"))
    assert code == 3, out
    assert "is UTF-16 text; save it as UTF-8" in out


def test_an_unknown_district_is_named_with_the_closest(workdir: Path) -> None:
    code, out = _run(
        "onboard",
        "commune",
        "--district",
        "vu-th",
        "--code",
        "13290",
        "--name",
        "Xã Tân Lập Mới",
        "--uplink",
        "copper",
        "--rate",
        "4M",
        "--new-unit",
    )
    assert code == 3, out
    assert "district 'vu-th' does not exist; did you mean 'vu-thu'?" in out


def test_brackets_in_a_name_are_shown_as_written(workdir: Path) -> None:
    code, out = _commune("13290", "Xã Tân Lập [b]", "--new-unit")
    assert code == 0, out
    assert "Onboarding plan: Xã Tân Lập [b]" in out
