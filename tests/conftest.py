"""Shared fixtures: the repository's paths, a writable copy of the inventory, the lab of a
few devices (``lab_env``, in ``lab_env.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# the shared lab fixture (lab_env): a plugin module, so test modules can import its types
pytest_plugins = ["lab_env"]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture
def inventory_copy(tmp_path: Path) -> Path:
    """A writable copy of ``inventory/`` (without the source CSVs)."""
    dest = tmp_path / "inventory"
    shutil.copytree(REPO / "inventory", dest, ignore=shutil.ignore_patterns("source"))
    return dest


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each lab module on one xdist worker: its tests share a module-scoped lab and
    build on each other's device state (deploy, then drift, then remediation)."""
    for item in items:
        if item.get_closest_marker("lab") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else "lab"))


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures start a lab
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a grouped test of a ``--dist loadgroup`` run whose group did not take.

    The scheduler reads a test's group from an ``@group`` suffix xdist adds to its id;
    a pytest/xdist pair that loses the suffix (pytest-dev/pytest-xdist#1386) spreads a
    lab module over workers, each with its own lab, and its tests fail far from the cause.
    """
    lost = "@" not in item.nodeid and item.get_closest_marker("xdist_group") is not None
    if lost and getattr(item.config.option, "loadgroup", False):  # set on xdist workers
        pytest.fail(
            "--dist loadgroup lost this test's xdist_group: this pytest/pytest-xdist pair does "
            "not group tests; install the versions pyproject.toml pins (bash scripts/bootstrap)",
            pytrace=False,
        )
