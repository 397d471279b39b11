"""Against the real NetBox (scripts/netbox up): reachable, version 4+, token accepted."""

from __future__ import annotations

import pynetbox
import pytest

# one worker for everything that writes to the shared NetBox (pytest -n, --dist loadgroup)
pytestmark = [pytest.mark.netbox, pytest.mark.xdist_group("netbox")]


def test_status_reports_netbox_4(netbox_api: pynetbox.api) -> None:
    status = netbox_api.status()
    major = int(str(status["netbox-version"]).split(".")[0])
    assert major >= 4


def test_token_can_read_and_write(netbox_api: pynetbox.api) -> None:
    tag = netbox_api.extras.tags.get(slug="tbwan-smoke") or netbox_api.extras.tags.create(
        name="tbwan-smoke", slug="tbwan-smoke"
    )
    assert tag.id
    assert netbox_api.extras.tags.get(slug="tbwan-smoke").name == "tbwan-smoke"
