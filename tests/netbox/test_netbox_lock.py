"""The machine-wide NetBox lock is held only by modules whose tests talk to NetBox."""

from __future__ import annotations

import pytest

from . import test_netbox_live, test_netbox_mapping
from .conftest import talks_to_netbox


def test_which_modules_talk_to_netbox(request: pytest.FixtureRequest) -> None:
    class Item:
        def __init__(self, module: object, fixtures: tuple[str, ...]) -> None:
            self.module, self.fixturenames = module, fixtures

    items = [Item(test_netbox_live, ("nb", "netbox_api")), Item(test_netbox_mapping, ("files",))]
    assert talks_to_netbox(items, test_netbox_live)  # type: ignore[arg-type]
    assert not talks_to_netbox(items, test_netbox_mapping)  # type: ignore[arg-type]
    # this module is pure: it runs without waiting for another run's NetBox tests
    assert not talks_to_netbox(request.session.items, request.module)
