"""The contract every platform profile passes, over real configs of that platform.

Parametrised over the registry (like NAPALM's shared getter tests): each profile brings
``tests/fixtures/platforms/<slug>/index.yaml`` (its configs, the secrets they hold, a
one-line change and the feature it belongs to, interface names), so a new profile is
tested by adding its fixtures, not new tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tbwan.diff import diff_configs, mask_secrets
from tbwan.platforms import PLATFORMS, Platform
from tbwan.tasks.backup import clean_running

FIXTURES = Path(__file__).parent.parent / "fixtures" / "platforms"


def _index(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / slug / "index.yaml").read_text())
    return data


@dataclass(frozen=True)
class Case:
    platform: Platform
    path: Path
    facts: dict[str, Any]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="surrogateescape")

    def __str__(self) -> str:
        return f"{self.platform.slug}-{self.path.stem}"


def _cases() -> list[Case]:
    return [
        Case(PLATFORMS[slug], (FIXTURES / slug / name).resolve(), facts)
        for slug in sorted(PLATFORMS)
        for name, facts in _index(slug)["configs"].items()
    ]


CASES = _cases()
IDS = [str(c) for c in CASES]


def test_every_platform_has_fixtures() -> None:
    assert {c.platform.slug for c in CASES} == set(PLATFORMS)
    for slug in PLATFORMS:
        assert any(c.facts.get("secrets") for c in CASES if c.platform.slug == slug), slug
        assert any(c.facts.get("change") for c in CASES if c.platform.slug == slug), slug


def _leaked(text: str, secrets: list[str]) -> list[str]:
    """Secrets found in ``text``: each as a whole word (``psk`` is no leak in the host name
    ``tacplus-psk``, nor ``COMM1`` in the list name ``COMM1_CLIENTS``)."""
    return [s for s in secrets if re.search(rf"(?<![\w.$/-]){re.escape(s)}(?![\w-])", text)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fixture_holds_its_secrets(case: Case) -> None:
    """The index is right: every secret it lists is in the config (else the next test is void)."""
    assert _leaked(case.text, case.facts["secrets"]) == case.facts["secrets"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_masking_hides_every_secret(case: Case) -> None:
    masked = mask_secrets(case.text, platform=case.platform)
    assert _leaked(masked, case.facts["secrets"]) == []
    assert mask_secrets(masked, platform=case.platform) == masked  # idempotent
    assert len(masked.splitlines()) == len(case.text.splitlines())


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_backup_holds_no_secret(case: Case) -> None:
    """A backup is the cleaned running config, masked with the host's profile."""
    stored = mask_secrets(clean_running(case.text, case.platform), platform=case.platform)
    assert _leaked(stored, case.facts["secrets"]) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_config_against_itself_is_compliant(case: Case) -> None:
    text = case.text
    assert diff_configs(case.path.name, text, text, platform=case.platform).compliant
    # a masked backup matches the live config it was taken from
    backup = mask_secrets(clean_running(text, case.platform), platform=case.platform)
    assert diff_configs(case.path.name, text, backup, platform=case.platform).compliant


@pytest.mark.parametrize("case", [c for c in CASES if "change" in c.facts], ids=str)
def test_one_line_change_is_found_in_its_feature(case: Case) -> None:
    line, feature = case.facts["change"]["line"], case.facts["change"]["feature"]
    running = case.text
    intended = running.rstrip("\n") + "\n" + line + "\n"
    drift = diff_configs(case.path.name, intended, running, platform=case.platform)
    assert [(f.feature.value, f.missing, f.extra) for f in drift.features] == [
        (feature, ((line,),), ())
    ]
    assert line in drift.remediation
    # and the other way round: the line is extra on the device
    back = diff_configs(case.path.name, running, intended, platform=case.platform)
    assert [(f.feature.value, f.missing, f.extra) for f in back.features] == [
        (feature, (), ((line,),))
    ]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_interface_names_of_the_config_are_accepted(case: Case) -> None:
    pattern = case.platform.interface_name
    names = [*case.facts["interfaces"], *case.platform.enabled_interfaces(case.text)]
    assert [n for n in names if not pattern.fullmatch(n)] == []


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_interface_name_pattern(slug: str) -> None:
    index, pattern = _index(slug), PLATFORMS[slug].interface_name
    assert [n for n in index["extra_interfaces"] if not pattern.fullmatch(n)] == []
    assert [n for n in index["not_interfaces"] if pattern.fullmatch(n)] == []


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_no_pending_commit_in_empty_output(slug: str) -> None:
    """Every profile can read its rollback-timer command (nothing pending in no output)."""
    platform = PLATFORMS[slug]
    assert platform.rollback_timer_command
    assert platform.pending_commit("") is None
