"""Inventory files: no silent acceptance of wrong data, no traceback for bad bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tbwan.cli import app
from tbwan.errors import (
    DuplicateKeyError,
    FileEncodingError,
    FileTooLargeError,
    InventoryError,
    TbwanError,
)
from tbwan.inventory.store import load_inventory
from tbwan.textfile import MAX_FILE_BYTES

COMMUNE = "tb-12886-thuy-luong"  # a copper commune, shaped to 4 Mbit/s


def _edit(root: Path, slug: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    path = root / "sites" / f"{slug}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _error(root: Path, kind: type[TbwanError] = InventoryError) -> str:
    with pytest.raises(kind) as err:
        load_inventory(root)
    return str(err.value)


def _check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["inventory", "check", "--inventory", str(root)], env={"COLUMNS": "400"}
    )
    return result.exit_code, " ".join(result.output.split())


# --- duplicate keys -------------------------------------------------------------------


def test_a_duplicate_key_in_a_site_file_names_file_and_lines(inventory_copy: Path) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("region: tp-thai-binh\n", "region: tp-thai-binh\nregion: vu-thu\n")
    )
    msg = _error(inventory_copy, DuplicateKeyError)
    assert f"{path}: line 6: key 'region' is already set on line 5" in msg


def test_a_duplicate_key_in_plan_yaml_names_file_and_lines(inventory_copy: Path) -> None:
    path = inventory_copy / "plan.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("vpn_peer:"))
    lines.insert(n + 1, lines[n].replace("203.0.113.2", "198.51.100.99"))
    path.write_text("".join(lines), encoding="utf-8")
    code, out = _check(inventory_copy)
    assert code == 3
    assert f"{path}: line {n + 2}: key 'vpn_peer' is already set on line {n + 1}" in out


# --- addresses against every prefix and pool ------------------------------------------


def _first_prefix(value: str) -> Callable[[dict[str, Any]], None]:
    def edit(d: dict[str, Any]) -> None:
        d["prefixes"][0]["prefix"] = value

    return edit


def test_a_commune_lan_covering_loopbacks_is_refused(inventory_copy: Path) -> None:
    path = _edit(inventory_copy, COMMUNE, _first_prefix("10.34.1.64/27"))
    msg = _error(inventory_copy)
    assert f"{path}: prefix 10.34.1.64/27 overlaps the loopback pool 10.34.0.0/22" in msg
    assert "Loopback0' field ipv4: 10.34.1.64 lies in prefix 10.34.1.64/27 of site" in msg


@pytest.mark.parametrize(
    ("prefix", "pool"), [("10.34.20.0/27", "dic"), ("10.34.120.0/27", "site_lan")]
)
def test_a_commune_lan_comes_from_the_commune_pool(
    inventory_copy: Path, prefix: str, pool: str
) -> None:
    path = _edit(inventory_copy, COMMUNE, _first_prefix(prefix))
    msg = _error(inventory_copy)
    assert f"{path}: prefix {prefix} is a commune's prefix taken from the {pool} pool" in msg


def test_a_site_lan_from_the_commune_pool_is_refused(inventory_copy: Path) -> None:
    path = _edit(inventory_copy, "tb-sonv", _first_prefix("10.34.250.0/25"))
    assert f"{path}: prefix 10.34.250.0/25 is taken from the commune_lan pool" in _error(
        inventory_copy
    )


def test_an_address_in_another_sites_prefix_is_refused(inventory_copy: Path) -> None:
    def edit(d: dict[str, Any]) -> None:  # tb-sonv's router given an address of tb-sotp's LAN
        d["devices"][0]["interfaces"][0]["ipv4"] = "10.34.68.5/32"
        d["devices"][0]["primary_ip"] = "10.34.68.5/32"

    path = _edit(inventory_copy, "tb-sonv", edit)
    msg = _error(inventory_copy)
    assert f"{path}: device 'tb-sonv-rt01' interface 'Loopback0' field ipv4: 10.34.68.5" in msg
    assert "of site 'tb-sotp'" in msg


def test_overlapping_pools_are_refused(inventory_copy: Path) -> None:
    path = inventory_copy / "plan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["pools"]["extra"] = "10.34.0.0/23"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert "pools 'extra' 10.34.0.0/23 and 'loopback' 10.34.0.0/22 overlap" in _error(
        inventory_copy
    )


# --- shaping ----------------------------------------------------------------------------


def _uplink(d: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in d["devices"][0]["interfaces"] if i.get("shape_kbps"))


def test_shaping_above_the_circuit_rate_is_refused(inventory_copy: Path) -> None:
    path = _edit(inventory_copy, COMMUNE, lambda d: _uplink(d).update(shape_kbps=999999999999))
    msg = _error(inventory_copy)
    assert f"{path}: device '{COMMUNE}-rt01' interface" in msg
    assert "field shape_kbps: 999999999999 is above the rate of circuit" in msg
    assert "(4000 kbit/s)" in msg


def test_shaping_without_a_circuit_is_refused(inventory_copy: Path) -> None:
    path = _edit(inventory_copy, COMMUNE, lambda d: _uplink(d).pop("circuit"))
    assert "field shape_kbps: set without a circuit" in _error(inventory_copy)
    assert str(path) in _error(inventory_copy)


# --- site files -------------------------------------------------------------------------


def test_a_duplicate_site_slug_names_the_file_that_holds_it(inventory_copy: Path) -> None:
    path = _edit(inventory_copy, "tb-sotp", lambda d: d.update(slug="tb-sonv"))
    msg = _error(inventory_copy)
    assert f"{path}: holds site 'tb-sonv', but a site file is named after its slug" in msg
    assert (
        f"duplicate site slug 'tb-sonv' in {inventory_copy / 'sites' / 'tb-sonv.yaml'} and {path}"
        in msg
    )


# --- bytes: encoding and size -----------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expect"),
    [
        ("latin-1", "line 2 is not UTF-8"),
        ("utf-16", "is UTF-16 text; save it as UTF-8"),
        ("cp1258", "line 2 is not UTF-8"),
    ],
)
def test_a_file_that_is_not_utf8_is_named(inventory_copy: Path, encoding: str, expect: str) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    text = path.read_text(encoding="utf-8").replace("Sở Nội vụ", "So Noi vu è")
    path.write_bytes(text.encode(encoding))
    code, out = _check(inventory_copy)
    assert code == 3
    assert f"{path}: {expect}" in out
    assert "Traceback" not in out and "UnicodeDecodeError" not in out


def test_a_utf8_bom_is_accepted(inventory_copy: Path) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_inventory(inventory_copy).site("tb-sonv").name == "Sở Nội vụ"


def test_an_oversized_file_is_refused_quickly(inventory_copy: Path) -> None:
    path = inventory_copy / "sites" / "tb-sonv.yaml"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("#" * 1000 + "\n")
        fh.truncate(MAX_FILE_BYTES + 1)  # a sparse tail: the file is never read whole
    msg = _error(inventory_copy, FileTooLargeError)
    assert f"{path}: larger than 5 MB" in msg


def test_encoding_errors_are_their_own_type(inventory_copy: Path) -> None:
    path = inventory_copy / "regions.yaml"
    path.write_bytes(b"regions: \xff\n")
    assert f"{path}: line 1 is not UTF-8" in _error(inventory_copy, FileEncodingError)
