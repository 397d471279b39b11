"""Without root, `up` fails early and says how to get a NetBox (no apt, no pg start)."""

from __future__ import annotations

import pytest

from tbwan.errors import NetBoxError
from tbwan.netbox import services
from tbwan.netbox.services import Cluster


@pytest.fixture
def not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "is_root", lambda: False)


@pytest.mark.usefixtures("not_root")
def test_missing_packages_need_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "missing_packages", lambda: ["postgresql", "redis-server"])
    with pytest.raises(NetBoxError, match=r"sudo scripts/netbox up") as err:
        services.ensure_packages(print)
    assert "postgresql, redis-server" in str(err.value)


@pytest.mark.usefixtures("not_root")
def test_stopped_postgres_needs_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "find_cluster", lambda: Cluster("15", "main", 5432, False))
    with pytest.raises(NetBoxError, match=r"15/main is down: run `sudo scripts/netbox up`"):
        services.ensure_postgres(print)


@pytest.mark.usefixtures("not_root")
def test_no_postgres_at_all_needs_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "find_cluster", lambda: None)
    with pytest.raises(NetBoxError, match="PostgreSQL is not installed"):
        services.ensure_postgres(print)


def test_database_names_are_checked() -> None:
    with pytest.raises(NetBoxError, match="invalid PostgreSQL name"):
        services.ensure_database(Cluster("15", "main", 5432, True), "x; drop", "u", "pw")
