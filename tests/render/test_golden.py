"""Golden files: representative hosts per role render exactly as recorded.

Cases are files: ``tests/fixtures/render/<platform>/<host>.cfg`` (``.set`` for Junos set
form); adding a case is adding a file. After an intended template change, regenerate them with
``TBWAN_UPDATE_GOLDEN=1 pytest tests/render/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tbwan.inventory.store import load_inventory
from tbwan.render.engine import render_inventory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "render"
CASES = sorted([*FIXTURES.glob("*/*.cfg"), *FIXTURES.glob("*/*.set")])  # .set: Junos set form


@pytest.fixture(scope="module")
def rendered(repo: Path) -> dict[str, str]:
    return render_inventory(load_inventory(repo / "inventory"), repo / "templates")


def test_every_role_has_a_golden_case(rendered: dict[str, str], repo: Path) -> None:
    inv = load_inventory(repo / "inventory")
    roles_with_case = {next(d.role for d in inv.devices if d.name == c.stem) for c in CASES}
    assert roles_with_case == {d.role for d in inv.devices}


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, rendered: dict[str, str]) -> None:
    if os.environ.get("TBWAN_UPDATE_GOLDEN"):
        case.write_text(rendered[case.stem], encoding="utf-8")
    assert rendered[case.stem] == case.read_text(encoding="utf-8")
