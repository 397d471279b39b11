"""Drift cases as files: tests/fixtures/diff/<case>/{intended.cfg,running.cfg,expected.json}."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tbwan.diff import (
    MASK,
    apply_commands,
    config_paths,
    diff_configs,
    mask_secrets,
    parse_config,
    path_text,
    plan_changes,
)
from tbwan.platforms import IOS

_TOKEN = re.compile(r"<secret:[0-9a-f]{8}>")

CASES = sorted((Path(__file__).parent.parent / "fixtures" / "diff").glob("*/expected.json"))


def _load(case: Path) -> tuple[str, str, dict[str, Any]]:
    expected: dict[str, Any] = json.loads(case.read_text(encoding="utf-8"))
    folder = case.parent
    intended = (folder / "intended.cfg").read_text(encoding="utf-8")
    running = (folder / "running.cfg").read_text(encoding="utf-8")
    return intended, running, expected


def _same_space(intended: str, running: str) -> tuple[str, str]:
    """Compare the way diff_configs does: masked on both sides if either is masked."""
    if MASK in intended or MASK in running:
        return mask_secrets(intended), mask_secrets(running)
    return intended, running


def test_enough_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_drift_matches_expected(case: Path) -> None:
    intended, running, expected = _load(case)
    drift = diff_configs(case.parent.name, intended, running, platform=IOS)
    got = {
        f.feature.value: {
            # a digest token changes with every run: the file says <secret>
            "missing": [_TOKEN.sub("<secret>", path_text(p)) for p in f.missing],
            "extra": [_TOKEN.sub("<secret>", path_text(p)) for p in f.extra],
        }
        for f in drift.features
    }
    assert got == expected["features"]
    assert drift.compliant is expected["compliant"]
    assert drift.remediation.splitlines() == expected["remediation"]
    assert drift.rollback.splitlines() == expected["rollback"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_round_trip(case: Path) -> None:
    intended, running, _ = _load(case)
    intended, running = _same_space(intended, running)
    plan = plan_changes(intended, running, platform=IOS)
    want = sorted(config_paths(parse_config(intended)))
    have = sorted(config_paths(parse_config(running)))
    assert sorted(config_paths(apply_commands(running, plan.remediation))) == want
    assert sorted(config_paths(apply_commands(intended, plan.rollback))) == have


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_no_secret_in_result(case: Path) -> None:
    intended, running, _ = _load(case)
    dumped = diff_configs("h", intended, running, platform=IOS).model_dump_json()
    for secret in ("Tb!Ro2024", "Tb2024VpnKey!", "0822455D0A16544541", "$9$", "public"):
        assert secret not in dumped
