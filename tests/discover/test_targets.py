"""The discovery CSV: every bad row is a row error, the good rows are targets."""

from __future__ import annotations

import pytest

from tbwan.discover.targets import parse_targets
from tbwan.errors import InventoryError
from tbwan.inventory.models import Role


def test_good_and_bad_rows() -> None:
    text = (
        "address,site,role,platform\n"
        "10.34.0.7,tb-sonv,ce-router,ios\n"
        "127.0.0.1:2201,,,\n"
        "10.34.0.999,,,\n"
        "10.34.0.8,Bad Site,,\n"
        "10.34.0.9,,router,\n"
        "10.34.0.10,,,junos\n"
        "127.0.0.1:70000,,,\n"
        "10.34.0.7,,,\n"
        ",,,\n"
        ",tb-x,,\n"
        "10.34.0.11,,,vrp\n"
    )
    targets, errors = parse_targets(text, "devices.csv")
    assert [(t.row, t.host, t.port, t.site, t.role) for t in targets] == [
        (2, "10.34.0.7", 22, "tb-sonv", Role.CE_ROUTER),
        (3, "127.0.0.1", 2201, None, None),
    ]
    by_row = {e.row: e.message for e in errors}
    assert "not an IPv4 address" in by_row[4]
    assert "not a slug" in by_row[5]
    assert "role 'router' is unknown" in by_row[6]
    assert "platform 'junos' cannot be discovered yet: use ios" in by_row[7]
    assert "port '70000'" in by_row[8]
    assert by_row[9] == "same address as row 2"
    assert by_row[11] == "field address is empty"
    assert "platform 'vrp' is unknown: use one of ios, junos" in by_row[12]
    assert 10 not in by_row  # an empty line is no row


@pytest.mark.parametrize(
    ("header", "expected"),
    [("site,role\n", "no 'address' column"), ("address,vendor\n", r"unknown column\(s\) vendor")],
)
def test_bad_header_names_the_file(header: str, expected: str) -> None:
    with pytest.raises(InventoryError, match=expected) as exc:
        parse_targets(header + "x,y\n", "devices.csv")
    assert "devices.csv" in str(exc.value)
