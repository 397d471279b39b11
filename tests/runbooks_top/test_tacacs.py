"""Rotating the TACACS+ key in district stages, against the lab."""

from __future__ import annotations

import re
import secrets

import pytest

from tbwan.lab import Fault

from .conftest import COPPER, FIBER, HUB, OTHER, Corner

pytestmark = pytest.mark.lab
VU_THU = (HUB, COPPER, FIBER)
# filters are ANDed: the lab serves these hosts of their districts
HOSTS = tuple(a for h in (*VU_THU, OTHER) for a in ("--host", h))


def keys(corner: Corner, host: str) -> set[str]:
    return set(re.findall(r"^ key (\S+)$", corner.lab.running_config(host), re.M))


def test_needs_a_new_key(corner: Corner) -> None:
    done = corner.run("rotate_tacacs_key.py", "--host", FIBER)
    assert done.returncode == 3
    assert "TBWAN_NEW_TACACS_KEY" in done.stdout


def test_dry_run_changes_nothing(corner: Corner) -> None:
    old = corner.secrets.tacacs_key
    new = secrets.token_hex(8)
    done = corner.run("rotate_tacacs_key.py", *HOSTS[:6], TBWAN_NEW_TACACS_KEY=new)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "stage 1/1: vu-thu (3 devices)" in done.stdout
    assert "deploy: 3 would-change" in done.stdout
    assert all(keys(corner, h) == {old} for h in VU_THU)
    assert new not in done.stdout + done.stderr


def test_a_failed_stage_stops_the_rotation(corner: Corner) -> None:
    old = corner.secrets.tacacs_key
    corner.lab.set_fault(OTHER, Fault(reject=r"^\s*key\s"))
    try:
        done = corner.run(
            "rotate_tacacs_key.py",
            *HOSTS, "--commit",
            TBWAN_NEW_TACACS_KEY=secrets.token_hex(8),
        )  # fmt: skip
    finally:
        corner.lab.clear_faults(OTHER)
    assert done.returncode == 1, done.stdout + done.stderr
    # the smallest district goes first; its failure leaves Vu Thu untouched
    assert "stage 1/2: kien-xuong" in done.stdout
    assert "stopped at kien-xuong; districts not touched: vu-thu" in done.stdout
    assert "stage 2/2" not in done.stdout
    assert all(keys(corner, h) == {old} for h in (*VU_THU, OTHER))


def test_commit_rotates_and_verifies(corner: Corner) -> None:
    new = secrets.token_hex(8)
    done = corner.run("rotate_tacacs_key.py", *HOSTS[:6], "--commit", TBWAN_NEW_TACACS_KEY=new)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "done: set TBWAN_TACACS_KEY" in done.stdout
    assert all(keys(corner, h) == {new} for h in VU_THU)
    assert new not in done.stdout + done.stderr
    # a second run with the same key has nothing to change and still verifies
    again = corner.run(
        "rotate_tacacs_key.py",
        "--host", FIBER, "--commit",
        TBWAN_NEW_TACACS_KEY=new, TBWAN_TACACS_KEY=new,
    )  # fmt: skip
    assert again.returncode == 0, again.stdout
    assert "deploy: 1 unchanged" in again.stdout
