"""The rule for tests that need a real NetBox.

``netbox_api`` connects with ``netbox_settings()`` (env first, then ``.netbox/`` files).
When NetBox is not available: under CI (``CI=true``) the test fails, because CI starts
NetBox with ``scripts/ci-netbox.sh``; elsewhere it skips and says how to start one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pynetbox
import pytest
import requests
from nornir.core.inventory import Inventory as NornirInventory

from tbwan.errors import NetBoxError
from tbwan.inventory.models import Inventory
from tbwan.inventory.store import load_inventory
from tbwan.netbox.client import NetBox
from tbwan.netbox.settings import netbox_settings
from tbwan.netbox.sync import sync

REPO = Path(__file__).resolve().parents[2]
HOW = "run scripts/netbox up (needs root for apt) or set TBWAN_NETBOX_URL/TBWAN_NETBOX_TOKEN"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"NetBox is required in CI but {reason}: .ci/run must start it ({HOW})")
    pytest.skip(f"NetBox not running: {HOW} ({reason})")


@pytest.fixture(scope="session")
def netbox_api() -> pynetbox.api:
    """A pynetbox API for the NetBox that ``scripts/netbox up`` started (or the env names)."""
    try:
        url, token = netbox_settings()
    except NetBoxError as exc:
        _unavailable(str(exc))
    api = pynetbox.api(url, token=token)
    try:
        api.status()
    except (requests.RequestException, pynetbox.RequestError) as exc:
        _unavailable(f"{url} did not answer /api/status/ ({exc.__class__.__name__})")
    return api


@pytest.fixture(scope="session", autouse=True)
def _snapshot_cache_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cached NetBox loads (TbwanNetBoxInventory) keep their snapshots in a temporary
    folder, never in the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TBWAN_NETBOX_CACHE_DIR", str(tmp_path_factory.mktemp("netbox-cache")))
        yield


def talks_to_netbox(items: list[pytest.Item], module: object) -> bool:
    """Whether a test of ``module`` uses a real NetBox (``netbox_api``, even through
    other fixtures such as ``nb``)."""
    return any(
        getattr(i, "module", None) is module and "netbox_api" in getattr(i, "fixturenames", ())
        for i in items
    )


@pytest.fixture(scope="module", autouse=True)
def _one_netbox_module_at_a_time(request: pytest.FixtureRequest) -> Iterator[None]:
    """Hold a lock for the whole module: the NetBox tests share one NetBox, and a module
    that syncs or onboards must not run beside another on a second xdist worker. Modules
    of pure tests (no ``netbox_api``) do not wait for it."""
    if not talks_to_netbox(request.session.items, request.module):
        yield
        return
    path = Path(tempfile.gettempdir()) / f"tbwan-netbox-tests-{os.getuid()}.lock"
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def nornir_view(inv: NornirInventory) -> dict[str, Any]:
    """What an inventory plugin produced, as plain data to compare two plugins by."""
    return {
        "hosts": {
            name: (h.hostname, h.port, h.platform, [g.name for g in h.groups], dict(h.data))
            for name, h in inv.hosts.items()
        },
        "groups": {
            name: ([p.name for p in g.groups], dict(g.data)) for name, g in inv.groups.items()
        },
        "defaults": dict(inv.defaults.data),
    }


@pytest.fixture(scope="module")
def files() -> Inventory:
    """The repository's inventory."""
    return load_inventory(REPO / "inventory")


@pytest.fixture(scope="module")
def nb(netbox_api: pynetbox.api, files: Inventory) -> NetBox:
    """A NetBox holding exactly the repository's inventory (synced once per module).

    Pruned, since other tests (onboarding) add tbwan records to the same NetBox and an
    interrupted run may leave some behind; the module lock keeps them from running at once.
    """
    client = NetBox(*netbox_settings())
    sync(client, files, prune=True)
    return client
